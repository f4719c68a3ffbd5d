"""The project's URLs plus the account and OpenID Connect paths (config.security), as
config/urls.py mounts them in production with OIDC configured."""

from django.urls import include, path

from config import security
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *security.urlpatterns(),
    path("oidc/", include("staff.oidc_urls")),
    *project_urlpatterns,
]
