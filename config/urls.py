from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from frontend.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("notifications/", include("notifications.urls")),
    path("escalations/", include("notifications.escalation_urls")),
    path("sharing/", include("sharing.urls")),
    path("absence/", include("absence.urls")),
    path("audits/", include("audits.urls")),
    path("", include("caserecords.urls")),
]
