from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """The GOV.UK Design System toolkit: layout, form rendering and widgets for every app."""

    name = "frontend"
