from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import security
from frontend.forms import SignInForm

urlpatterns = [
    *security.urlpatterns(),  # /account/ (two-factor, idle session); /oidc/ when configured
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
    path("", include("caserecords.access_urls")),
    path("", include("caserecords.urls")),
]
