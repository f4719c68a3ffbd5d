from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        # Deliver the notices every app sends through caserecords.notices.
        from caserecords import notices

        from . import escalation_hooks
        from .services import notify_from_port

        notices.register(notify_from_port)
        # Open escalations, a child missing, and the links to raise them, on the child's file.
        escalation_hooks.register()
