from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("session/", views.session_status, name="session"),
]
