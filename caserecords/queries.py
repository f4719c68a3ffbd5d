"""Reads that pages and the API share. Each returns a queryset or plain data in a fixed
number of queries."""

from .models import Child, LegalStatus


def open_legal_statuses(child: Child) -> list[LegalStatus]:
    """The child's current legal statuses, for the banner on every page of the file."""
    return list(child.legal_statuses.filter(ended_on__isnull=True).order_by("kind"))
