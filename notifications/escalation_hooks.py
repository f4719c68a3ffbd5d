"""What escalations add to the child's file (caserecords.hooks), registered in apps.py."""

from django.http import HttpRequest

from caserecords import access, hooks
from caserecords.models import Child

from .escalation_queries import open_on_file
from .models import MissingEpisode


def file_note(request: HttpRequest, child: Child) -> dict | None:
    """Open escalations and a current missing episode under the banner: two queries."""
    opened = open_on_file(child)
    missing = (
        MissingEpisode.objects.filter(child=child, returned_at__isnull=True)
        .order_by("-missing_from")
        .first()
    )
    can_raise = access.can_record(request.user, child)
    if not (opened or missing or can_raise):
        return None
    return {"child": child, "open": opened, "missing": missing, "can_raise": can_raise}


FILE_NOTE = hooks.Contribution(
    key="escalations",
    template="escalations/_file_note.html",
    context=file_note,
    queries=2,
    order=10,
)


def register() -> None:
    hooks.register(hooks.FILE_NOTES, FILE_NOTE)
