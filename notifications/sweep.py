"""The overdue sweep: notify the author (or their cover) and the team leaders of every
recording past its due date, once per item, due date and recipient.

Per kind of overdue item: one set-based query for the items (caserecords.deadlines,
with what the notice says) and one for the notices they already have; then one query
for the team leaders of all the teams involved, and the new notices inserted in
batches against the unique key (recipient, dedupe_key). Its cost grows with the
overdue items, not with the size of the record. The notices, keyed by item and due
date, are the mark that an item was found overdue: an item is noticed again only if
its due date changes, and someone newly concerned (a new cover) is noticed once too.

Beat runs `sweep_if_due` (notifications/tasks.py, config/beat.py); `sweep_overdue`
runs on demand (`python manage.py sweep_overdue [--now ISO-8601]`).
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from caserecords import deadlines
from caserecords.models import Observation, ObservationKind, PlannedContact
from staff.models import Role, User

from . import bulk, schedule, services
from .bulk import NewNotice
from .models import Notification, NotificationKind

SWEEP_JOB = "overdue_sweep"

KIND_NAMES = {kind.value: kind.label.lower() for kind in ObservationKind}


@dataclass(frozen=True)
class SweepResult:
    overdue_recordings: int = 0
    overdue_planned_contacts: int = 0
    notifications_created: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"{self.overdue_recordings} overdue recording(s), "
            f"{self.overdue_planned_contacts} overdue planned contact(s): "
            f"{self.notifications_created} new notification(s)"
        )


def parse_now(text: str) -> datetime:
    """An ISO 8601 date and time for the sweep's clock; without an offset, London time."""
    value = datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def url_pattern(model: type[models.Model], *fields: str) -> str:
    """The model's own get_absolute_url() as a str.format pattern over `fields`.

    Worked out once per sweep: reverse() costs tens of microseconds, too much to
    spend on each of tens of thousands of items.
    """
    marks = {name: 9_000_000_000_000 + number for number, name in enumerate(fields)}
    url = model(**marks).get_absolute_url()  # type: ignore[attr-defined]
    for name, mark in marks.items():
        url = url.replace(str(mark), "{" + name + "}")
    return url


def _person(row: dict, prefix: str) -> str:
    full = f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()
    return full or row[prefix + "username"]


class OverdueRule:
    """One kind of overdue item: how to find it, whose it is, and what its notice says."""

    kind: NotificationKind
    model: type[models.Model]
    key: str  # the start of the dedupe key: "overdue:observation"
    owner: str  # the field naming who is told first: the author, the planner
    details: tuple[str, ...]  # what else the notice says

    def overdue(self, now: datetime) -> models.QuerySet:
        raise NotImplementedError

    def describe(self, row: dict, local: tzinfo) -> tuple[str, str]:
        """The notice's subject and body."""
        raise NotImplementedError

    def link(self, row: dict) -> str:
        raise NotImplementedError

    def fields(self) -> tuple[str, ...]:
        people = ("first_name", "last_name", "username", "is_active", "team_id")
        child = ("child_id", "child__first_name", "child__last_name", "child__la_child_id")
        owner = tuple(f"{self.owner}__{field}" for field in people)
        return ("pk", "due_by", f"{self.owner}_id", "child__team_id", *child, *owner, *self.details)

    def rows(self, now: datetime) -> list[dict]:
        """The overdue items, with what their notices say: one query."""
        return list(self.overdue(now).order_by().values(*self.fields()))

    def noticed(self, now: datetime) -> set[tuple[int, str]]:
        """(recipient, dedupe key) of the notices the overdue items already have: one query."""
        source_type = ContentType.objects.get_for_model(self.model)
        notices = Notification.objects.filter(
            source_type=source_type, source_id__in=self.overdue(now).order_by().values("pk")
        )
        return set(notices.order_by().values_list("recipient_id", "dedupe_key"))

    def dedupe_key(self, row: dict) -> str:
        return f"{self.key}:{row['pk']}:{row['due_by'].isoformat()}"

    def owner_id(self, row: dict) -> int | None:
        """Who is told first; nobody once they have left (their team leader still is)."""
        return row[f"{self.owner}_id"] if row[f"{self.owner}__is_active"] else None

    def team_id(self, row: dict) -> int | None:
        """Whose team leaders are told: the child's team (else the owner's)."""
        return row["child__team_id"] or row[f"{self.owner}__team_id"]


class OverdueRecordings(OverdueRule):
    kind = NotificationKind.OVERDUE_RECORDING
    model = Observation
    key = "overdue:observation"
    owner = "author"
    details = ("kind", "occurred_at")

    def __init__(self):
        self.url = url_pattern(Observation, "pk")

    def overdue(self, now: datetime) -> models.QuerySet:
        return deadlines.overdue_observations(now)

    def describe(self, row: dict, local: tzinfo) -> tuple[str, str]:
        child = f"{row['child__first_name']} {row['child__last_name']}"
        what = KIND_NAMES.get(row["kind"], row["kind"])
        subject = f"Overdue recording: {what} for {child}"
        body = (
            f"The recording of the {what} on {row['occurred_at'].astimezone(local):%-d %B %Y} "
            f"for {child} ({row['child__la_child_id']}), a draft by {_person(row, 'author__')}, "
            f"was due by {row['due_by']:%A %-d %B %Y} and is not completed. "
            "Complete it, saying why it is late."
        )
        return subject, body

    def link(self, row: dict) -> str:
        return self.url.format(pk=row["pk"])


class OverduePlannedContacts(OverdueRule):
    kind = NotificationKind.OVERDUE_PLANNED_CONTACT
    model = PlannedContact
    key = "overdue:planned_contact"
    owner = "created_by"
    details = ("kind", "planned_for")

    def __init__(self):
        self.url = url_pattern(PlannedContact, "pk", "child_id")

    def overdue(self, now: datetime) -> models.QuerySet:
        return deadlines.overdue_planned_contacts(now)

    def describe(self, row: dict, local: tzinfo) -> tuple[str, str]:
        child = f"{row['child__first_name']} {row['child__last_name']}"
        what = KIND_NAMES.get(row["kind"], row["kind"])
        planned = row["planned_for"].astimezone(local)
        subject = f"Overdue planned contact: {what} for {child}"
        body = (
            f"The {what} planned by {_person(row, 'created_by__')} for {child} "
            f"({row['child__la_child_id']}) on {planned:%-d %B %Y at %H:%M} has not been "
            f"recorded; the recording was due by {row['due_by']:%A %-d %B %Y}. Record it, "
            "record it as a no-access visit or failed appointment, or cancel it with a reason."
        )
        return subject, body

    def link(self, row: dict) -> str:
        return self.url.format(pk=row["pk"], child_id=row["child_id"])


def team_leaders(team_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active team leaders of each team, in one query."""
    leaders: dict[int, list[int]] = {}
    rows = User.objects.filter(
        role=Role.TEAM_LEADER, team_id__in=set(team_ids), is_active=True
    ).values_list("team_id", "pk")
    for team_id, pk in rows.order_by("team_id", "pk"):
        leaders.setdefault(team_id, []).append(pk)
    return leaders


@dataclass
class Found:
    """What a sweep found of one kind: the items, and the notices they already have."""

    rule: OverdueRule
    rows: list[dict]
    noticed: set[tuple[int, str]]


def new_notices(found: list[Found], at: datetime) -> list[NewNotice]:
    """The notices still to send: one per item and recipient (owner or cover, leaders)."""
    leaders = team_leaders(
        team for kind in found for row in kind.rows if (team := kind.rule.team_id(row))
    )
    people = {owner for kind in found for row in kind.rows if (owner := kind.rule.owner_id(row))}
    people.update(pk for team in leaders.values() for pk in team)
    routes = services.recipients_for_users(people, at)
    local = timezone.get_current_timezone()
    notices: list[NewNotice] = []
    for kind in found:
        rule = kind.rule
        source_type = ContentType.objects.get_for_model(rule.model)
        for row in kind.rows:
            key = rule.dedupe_key(row)
            owner, team = rule.owner_id(row), rule.team_id(row)
            addressees = ([owner] if owner else []) + (leaders.get(team, []) if team else [])
            recipients: dict[int, int | None] = {}  # recipient -> whom they cover for
            for person in addressees:
                for recipient in routes.get(person, ()):
                    if (recipient.user_id, key) not in kind.noticed:
                        recipients.setdefault(recipient.user_id, recipient.covering_for_id)
            if not recipients:
                continue
            subject, body = rule.describe(row, local)
            link = rule.link(row)
            notices.extend(
                NewNotice(
                    recipient_id=user_id,
                    covering_for_id=covering_for_id,
                    kind=rule.kind.value,
                    subject=subject,
                    body=body,
                    link=link,
                    source_type_id=source_type.pk,
                    source_id=row["pk"],
                    dedupe_key=key,
                    created_at=at,
                )
                for user_id, covering_for_id in recipients.items()
            )
    return notices


def sweep_overdue(now: datetime | None = None) -> SweepResult:
    """Notify everyone concerned of every item overdue at `now`, once; email them after.

    Running it again, or on two workers at once, inserts and sends nothing new.
    """
    now = now or timezone.now()
    recordings, planned = OverdueRecordings(), OverduePlannedContacts()
    found = [Found(rule, rule.rows(now), rule.noticed(now)) for rule in (recordings, planned)]
    with transaction.atomic():
        inserted = bulk.notifications_insert(new_notices(found, now))
        if inserted:
            services.emails_queue()
    return SweepResult(
        overdue_recordings=len(found[0].rows),
        overdue_planned_contacts=len(found[1].rows),
        notifications_created=len(inserted),
    )


def sweep_if_due(now: datetime | None = None) -> SweepResult | None:
    """Run the sweep for a beat tick at `now`, if a run is due and its period has none yet.

    None when nothing ran: not a time to run, or this period's run already happened.
    """
    now = now or timezone.now()
    period = schedule.overdue_sweep_period(now)
    if period is None:
        return None
    with transaction.atomic():
        run = schedule.job_run_claim(job=SWEEP_JOB, period=period)
        if run is None:
            return None
        result = sweep_overdue(now)
        schedule.job_run_finish(run, result=result.as_dict())
    return result
