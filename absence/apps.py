from django.apps import AppConfig


class AbsenceConfig(AppConfig):
    name = "absence"
    verbose_name = "Absence and cover"

    def ready(self) -> None:
        from caserecords import hooks

        from .views import caseload_note_context, file_note_context, file_tab_context

        # A tab on the child's file: the emails filed on the record, and filing another.
        hooks.register(
            hooks.FILE_TABS,
            hooks.Contribution(
                key="emails",
                title="Emails",
                template="absence/_file_tab.html",
                context=file_tab_context,
                queries=1,  # queries.filed_emails
                order=60,
            ),
        )

        # Under the child's banner: the allocated worker is away, who covers, until when.
        hooks.register(
            hooks.FILE_NOTES,
            hooks.Contribution(
                key="absence",
                template="absence/_file_note.html",
                context=file_note_context,
                queries=1,  # queries.current_absence
                order=20,
            ),
        )
        # On a caseload: its owner is away, or is covering for someone who is.
        hooks.register(
            hooks.CASELOAD_NOTES,
            hooks.Contribution(
                key="absence",
                template="absence/_caseload_note.html",
                context=caseload_note_context,
                queries=1,  # the absences the owner is away on or covering
                order=20,
            ),
        )
