from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from caserecords import hooks

        from .views import file_tab_context

        # The child's sharing log, as a tab on the file: one query (queries.child_log).
        hooks.register(
            hooks.FILE_TABS,
            hooks.Contribution(
                key="sharing",
                title="Information sharing",
                template="sharing/_file_tab.html",
                context=file_tab_context,
                queries=1,
                order=50,
            ),
        )
