from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        # Deliver the notices every app sends through caserecords.notices.
        from caserecords import notices

        from .services import notify_from_port

        notices.register(notify_from_port)
