from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff, teams and services"

    def ready(self) -> None:
        # Start the idle-session clock at sign-in (the receiver lives with the middleware).
        import config.middleware  # noqa: F401
