from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CaserecordsConfig(AppConfig):
    name = "caserecords"
    verbose_name = "Children's case records"

    def ready(self) -> None:
        # On PostgreSQL, the history, the access log and completed records are append-only.
        from .append_only import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="caserecords_append_only")
