from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Quarterly file audits"

    def ready(self) -> None:
        from caserecords import hooks

        from .views import file_tab_context

        # The file's audits, as a tab on the child's file: one query (views.file_tab_context).
        hooks.register(
            hooks.FILE_TABS,
            hooks.Contribution(
                key="audits",
                title="Audits",
                template="audits/_file_tab.html",
                context=file_tab_context,
                queries=1,
                order=80,
            ),
        )
