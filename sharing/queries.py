"""Reads of the sharing logs that pages, the API and the export share, with need-to-know access.

A sharing record is seen by whoever may see at least one of its children, and shows them
only the children they may see (caserecords.access decides both).
"""

from datetime import date

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window
from django.shortcuts import get_object_or_404

from caserecords import access
from caserecords.models import Child
from frontend.keyset import NEWEST_FIRST
from staff.models import Role, User

from .models import Consent, SharingAmendment, SharingRecord

# The most recent records the child's file tab lists (the count covers them all).
FILE_TAB_LIMIT = 50


def _about(children: QuerySet[Child]) -> Exists:
    """Whether a record is about at least one of `children` (one correlated subquery)."""
    links = SharingRecord.children.through.objects.filter(
        sharingrecord_id=OuterRef("pk"), child__in=children
    )
    return Exists(links)


def records_visible_to(user: User) -> QuerySet[SharingRecord]:
    """The records about at least one child whose file this person may read."""
    return SharingRecord.objects.filter(_about(access.children_visible_to(user)))


def with_visible_children(records: QuerySet[SharingRecord], user: User):
    """Prefetch, as `visible_children`, only the children this person may see (one query)."""
    children = access.children_visible_to(user).order_by("last_name", "first_name", "pk")
    return records.prefetch_related(
        Prefetch("children", queryset=children, to_attr="visible_children")
    )


def record_for_user(user: User, pk: int) -> SharingRecord:
    """The record, with who made it and the children this person may see; else 404."""
    records = records_visible_to(user).select_related("recorded_by", "organisation")
    return get_object_or_404(with_visible_children(records, user), pk=pk)


def amendment_for_user(user: User, pk: int) -> SharingAmendment:
    amendments = SharingAmendment.objects.filter(
        record__in=records_visible_to(user)
    ).select_related("record__recorded_by", "requested_by", "decided_by")
    return get_object_or_404(amendments, pk=pk)


def children_by_version(history_ids: list[int]) -> dict[int, set[int]]:
    """The children each historical version of a record was about (one query)."""
    about: dict[int, set[int]] = {pk: set() for pk in history_ids}
    through = apps.get_model("sharing", "HistoricalSharingRecord_children")
    rows = through.objects.filter(history_id__in=history_ids).values_list("history_id", "child_id")
    for history_id, child_id in rows:
        about[history_id].add(child_id)
    return about


def child_log(child: Child) -> list[SharingRecord]:
    """The child's sharing log, newest first, each row annotated with `total` (one query)."""
    records = (
        SharingRecord.objects.filter(children=child)
        .select_related("recorded_by")
        .annotate(total=Window(Count("pk")))
        .order_by("-occurred_at", "-pk")
    )
    return list(records[:FILE_TAB_LIMIT])


# The managers' register -------------------------------------------------------------


def can_see_register(user: User) -> bool:
    return access.can_manage_teams(user)


def register_records(user: User) -> QuerySet[SharingRecord]:
    """Records about the children of the teams this manager oversees (the director: all)."""
    children = access.children_visible_to(user)
    if user.role != Role.DIRECTOR:
        children = children.filter(team__in=access.teams_managed_by(user))
    records = SharingRecord.objects.filter(_about(children)).select_related("recorded_by")
    return with_visible_children(records, user).order_by(*NEWEST_FIRST)


def register_filter(
    records: QuerySet[SharingRecord],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    type: str = "",
    consent: str = "",
    agency: str = "",
) -> QuerySet[SharingRecord]:
    """Narrow the register: contact dates (inclusive), type, consent yes or no, agency."""
    if date_from:
        records = records.filter(occurred_at__date__gte=date_from)
    if date_to:
        records = records.filter(occurred_at__date__lte=date_to)
    if type:
        records = records.filter(type=type)
    if consent == "yes":
        records = records.filter(consent=Consent.GIVEN)
    elif consent == "no":
        records = records.exclude(consent=Consent.GIVEN)
    if agency:
        records = records.filter(
            Q(organisation_name__icontains=agency) | Q(organisation__name__icontains=agency)
        )
    return records
