from django.contrib.auth.middleware import LoginRequiredMiddleware


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Send visitors who are not signed in to the sign-in page.

    The API is left to Django REST framework, which answers 401/403 (with
    session or token authentication) instead of redirecting to a page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
