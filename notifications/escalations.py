"""Writes of "Need to Know" escalations (seed 002; DESIGN.md "Escalations").

- Category A: the briefing goes to the practice group lead(s) of the service, copied
  to the head of service; the PGL (or head of service) may amend it and send it to
  the Director. Unanswered by the end of the working day on which the concern arose,
  it goes to the Director anyway, copied to both (`escalation_send_unanswered`).
- Category B: it goes to the head of service, who decides, with a reason: not to
  inform the Director (closed), or to inform, which makes it a full category A
  briefing sent to the Director, copied to the PGL and head of service.
- The Director acknowledges; updates are added until it is closed; an update date that
  passes is itself a notice (`escalation_update_overdue`).

Every step is an `EscalationEvent` on the escalation's timeline, every notice goes
through `services.notify` (so absence cover applies) with a dedupe key, and what the
person who acted must know (who was away, who covers) comes back as `Away` notes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caserecords import access, workingdays
from caserecords.models import Child, ChronologyCategory, LegalStatus
from caserecords.notices import Away
from caserecords.services import chronology_record
from staff.models import Role, User

from . import services
from .models import (
    Escalation,
    EscalationCategory,
    EscalationEvent,
    EscalationEventKind,
    EscalationReason,
    EscalationStatus,
    MissingEpisode,
    NotificationKind,
)

DEFAULT_END_OF_DAY = "17:00"
BRIEFING_FIELDS = (
    "basic_information",
    "nature_of_concern",
    "action_being_taken",
    "update_expected_on",
    "who_to_contact",
)
# What a full briefing must hold besides the basic information (seed 002 §4).
FULL_BRIEFING_REQUIRED = {
    "nature_of_concern": "Enter the nature of the concern and why the Director needs to know",
    "action_being_taken": "Enter the action being taken",
    "update_expected_on": "Enter the date when an update is expected",
    "who_to_contact": "Enter who to contact for further details",
}


@dataclass
class Outcome:
    """What a step did: the escalation, and who of those told was away (and who covers)."""

    escalation: Escalation
    away: list[Away] = field(default_factory=list)
    done: bool = True  # False: a job's item needed nothing (already done, or not due)


# The working day ----------------------------------------------------------------------


def end_of_day() -> time:
    """The end of the working day (setting ESCALATION_END_OF_DAY, "17:00" by default)."""
    text = getattr(settings, "ESCALATION_END_OF_DAY", DEFAULT_END_OF_DAY)
    return time.fromisoformat(text)


def director_due_at(arose_at: datetime) -> datetime:
    """The end of the working day on which a concern arose, in London.

    A concern that arose after the end of the day, or on a day that is not a working
    day, counts from the end of the next working day.
    """
    local = timezone.localtime(arose_at)
    day, close = local.date(), end_of_day()
    calendar = workingdays.Calendar.for_range(day, day + timedelta(days=31))
    if not (calendar.is_working_day(day) and local.time() < close):
        day = calendar.next_working_day(day + timedelta(days=1))
    return timezone.make_aware(datetime.combine(day, close))


# Who receives what -----------------------------------------------------------------------


@dataclass
class Addressees:
    pgls: list[User]
    heads: list[User]
    directors: list[User]


def addressees(service_id: int | None) -> Addressees:
    """The service's practice group leads and heads of service, and the Director(s): one query."""
    roles = Q(role=Role.DIRECTOR)
    if service_id is not None:
        roles |= Q(role__in=[Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE], service_id=service_id)
    people = list(User.objects.filter(roles, is_active=True).order_by("pk"))
    return Addressees(
        pgls=[p for p in people if p.role == Role.PRACTICE_GROUP_LEAD],
        heads=[p for p in people if p.role == Role.HEAD_OF_SERVICE],
        directors=[p for p in people if p.role == Role.DIRECTOR],
    )


def _about(escalation: Escalation) -> str:
    child = escalation.child
    if child is not None and child.restricted:
        # A restricted file's child is never named in a notice: whoever may see the file
        # opens the escalation from the link.
        return "a child whose file is restricted"
    if child is not None:
        return f"{child.full_name} ({child.la_child_id})"
    return "a staff matter"


def _tell(
    escalation: Escalation,
    people: Iterable[User],
    *,
    step: str,
    subject: str,
    body: str,
    at: datetime,
    kind: NotificationKind | None = None,
) -> list[Away]:
    """Notify each person once for this step (dedupe key per escalation and step)."""
    if kind is None:
        kind = (
            NotificationKind.MISSING_CHILD
            if escalation.missing_episode_id
            else NotificationKind.ESCALATION
        )
    away: list[Away] = []
    seen: set[int] = set()
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        services.notify(
            recipient=person,
            kind=kind,
            subject=subject,
            body=body,
            link=escalation.get_absolute_url(),
            source=escalation,
            dedupe_key=f"escalation:{escalation.pk}:{step}",
            at=at,
        )
        away += services.away_notes(person, at)
    return away


def _event(
    escalation: Escalation, kind: str, *, at: datetime, by: User | None, note: str = ""
) -> EscalationEvent:
    return EscalationEvent.objects.create(escalation=escalation, kind=kind, at=at, by=by, note=note)


def _chronology(escalation: Escalation) -> None:
    """Keep the child's chronology entry for this escalation in step with its status."""
    if escalation.child is None:
        return
    headline = (
        f"Need to Know, category {escalation.category}: {escalation.reason.label}"
        f" ({escalation.get_status_display().lower()})"
    )
    chronology_record(
        child=escalation.child,
        occurred_at=escalation.raised_at,
        category=ChronologyCategory.ESCALATION,
        headline=headline,
        detail=escalation.nature_of_concern[:1000],
        source=escalation,
        link=escalation.get_absolute_url(),
        recorded_by=escalation.raised_by,
    )


# The briefing ------------------------------------------------------------------------------


def basic_information(child: Child, *, today: date | None = None) -> str:
    """The briefing's first section, from the child's record: who, age, legal status, team."""
    today = today or timezone.localdate()
    statuses = LegalStatus.objects.filter(child=child, ended_on__isnull=True).order_by("kind")
    legal = (
        "; ".join(f"{status} since {status.started_on:%-d %B %Y}" for status in statuses)
        or "no current legal status recorded"
    )
    if child.date_of_birth:
        born = f"born {child.date_of_birth:%-d %B %Y} (aged {child.age_on(today)})"
    else:
        born = f"unborn, expected {child.expected_date_of_birth:%-d %B %Y}"
    holder = child.worker.display_name if child.worker else "unallocated"
    team = f", {child.team.name}" if child.team else ""
    return (
        f"{child.full_name}, {born}, LA ID {child.la_child_id}. "
        f"Legal status: {legal}. Allocated to {holder}{team}."
    )


def _check_briefing(data: dict[str, Any], *, full: bool) -> None:
    """The concern always; a full briefing (not a short one) needs all five sections."""
    errors: dict[str, str] = {}
    required = (
        FULL_BRIEFING_REQUIRED
        if full
        else {"nature_of_concern": FULL_BRIEFING_REQUIRED["nature_of_concern"]}
    )
    for name, message in required.items():
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def _check_raised_at(raised_at: datetime, now: datetime) -> None:
    if raised_at > now:
        raise ValidationError({"raised_at": "The time the concern arose must be in the past"})
    if timezone.localdate(raised_at) != timezone.localdate(now):
        raise ValidationError(
            {"raised_at": "The concern must have arisen today: raise it as soon as it arises"}
        )


# Raising -----------------------------------------------------------------------------------


def escalation_raise(
    *,
    user: User | None,
    reason: EscalationReason,
    child: Child | None = None,
    briefing: dict[str, Any],
    short_briefing: bool = False,
    raised_at: datetime | None = None,
    missing_episode: MissingEpisode | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Raise a concern and send it where the guidance says (category A: PGL, B: head of service).

    `user` None: a scheduled job raised it. `briefing` holds the five sections; the
    basic information is filled from the child's record when not given.
    """
    now = now or timezone.now()
    raised_at = raised_at or now
    if user is not None:
        if not (user.is_active and user.role in _RAISING_ROLES):
            raise PermissionDenied("Your role cannot raise a Need to Know concern.")
        if child is not None and not access.can_record(user, child):
            raise PermissionDenied("Your role cannot raise a concern on this file.")
        _check_raised_at(raised_at, now)
    if not reason.active and missing_episode is None:
        raise ValidationError({"reason": "This reason is no longer in use: choose another"})
    category = reason.category
    data = {name: briefing.get(name) for name in BRIEFING_FIELDS}
    if child is not None and not (data["basic_information"] or "").strip():
        data["basic_information"] = basic_information(child, today=timezone.localdate(now))
    _check_briefing(data, full=category == EscalationCategory.A and not short_briefing)
    service_id = _service_id(child, user)
    with transaction.atomic():
        escalation = Escalation.objects.create(
            child=child,
            reason=reason,
            category=category,
            service_id=service_id,
            raised_by=user,
            raised_at=raised_at,
            missing_episode=missing_episode,
            short_briefing=short_briefing,
            status=(
                EscalationStatus.WITH_PGL
                if category == EscalationCategory.A
                else EscalationStatus.WITH_HEAD_OF_SERVICE
            ),
            director_due_at=director_due_at(raised_at) if category == "A" else None,
            created_at=now,
            **{name: value if value is not None else _blank(name) for name, value in data.items()},
        )
        _event(escalation, EscalationEventKind.RAISED, at=raised_at, by=user)
        away = _route(escalation, now=now)
        _chronology(escalation)
        if escalation.director_due_at is not None and escalation.director_due_at <= now:
            # The end of the day on which it arose has already passed: no time to wait.
            away += escalation_send_unanswered(escalation_id=escalation.pk, now=now).away
            escalation.refresh_from_db()
    return Outcome(escalation, away)


_RAISING_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_LEADER,
        Role.PRACTICE_GROUP_LEAD,
        Role.HEAD_OF_SERVICE,
        Role.DIRECTOR,
        Role.BUSINESS_SUPPORT,  # books paper files out and in: a file missing or stolen
    }
)


def _blank(name: str) -> Any:
    return None if name == "update_expected_on" else ""


def _service_id(child: Child | None, user: User | None) -> int | None:
    if child is not None and child.team is not None:
        return child.team.service_id
    return user.service_id if user is not None else None


def _route(escalation: Escalation, *, now: datetime) -> list[Away]:
    """Send a new escalation to the PGL (category A) or the head of service (category B)."""
    people = addressees(escalation.service_id)
    about = _about(escalation)
    label = escalation.reason.label
    first = [*people.pgls, *people.heads] if escalation.category == "A" else people.heads
    if escalation.child is not None:  # only those who may see the file (a restricted one)
        first = [person for person in first if access.can_see(person, escalation.child)]
    if not first:
        # Nobody in the service to answer it (a staff matter of someone without a service):
        # it cannot stall in an empty inbox, so it goes to the Director now.
        return _send_to_director(
            escalation,
            by=None,
            note="No practice group lead or head of service to send it to.",
            now=now,
            kind=EscalationEventKind.SENT_TO_DIRECTOR,
        )
    if escalation.category == EscalationCategory.A:
        _event(escalation, EscalationEventKind.SENT_TO_PGL, at=now, by=None)
        due = timezone.localtime(escalation.director_due_at)
        body = (
            f"A category A Need to Know briefing about {about}: {label}. Amend it if needed "
            f"and send it to the Director. If nobody responds by {due:%H:%M on %A %-d %B}, "
            "it goes to the Director anyway, copied to you."
        )
        return _tell(
            escalation,
            [*people.pgls, *people.heads],
            step="raised",
            subject=f"Need to Know (category A) about {about}",
            body=body,
            at=now,
        )
    _event(escalation, EscalationEventKind.SENT_TO_HEAD_OF_SERVICE, at=now, by=None)
    body = (
        f"A category B Need to Know concern about {about}: {label}. Decide whether the "
        "Director is to be informed, and record why."
    )
    return _tell(
        escalation,
        people.heads,
        step="raised",
        subject=f"Need to Know (category B) to decide: {about}",
        body=body,
        at=now,
    )


def _locked(escalation_id: int) -> Escalation:
    return (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("child", "reason")
        .get(pk=escalation_id)
    )


# Responding: the PGL or head of service sends it on ---------------------------------------


def can_respond(user: User, escalation: Escalation) -> bool:
    """The service's PGL or head of service, while a briefing waits with the PGL."""
    return (
        escalation.status == EscalationStatus.WITH_PGL
        and user.is_active
        and user.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE)
        and escalation.service_id is not None
        and user.service_id == escalation.service_id
    )


def escalation_respond(
    *,
    escalation: Escalation,
    user: User,
    briefing: dict[str, Any] | None = None,
    short_briefing: bool | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Outcome:
    """The PGL (or head of service) amends the briefing if needed and sends it to the Director."""
    now = now or timezone.now()
    with transaction.atomic():
        escalation = _locked(escalation.pk)
        if not can_respond(user, escalation):
            raise PermissionDenied(
                "Only the service's practice group lead or head of service can send this "
                "briefing on, while it waits with them."
            )
        changed = _amend(escalation, briefing or {}, short_briefing)
        _check_briefing(_briefing_of(escalation), full=not escalation.short_briefing)
        escalation.responded_at, escalation.responded_by = now, user
        if changed:
            _event(
                escalation,
                EscalationEventKind.AMENDED,
                at=now,
                by=user,
                note=_changed_note(changed),
            )
        away = _send_to_director(escalation, by=user, note=note, now=now)
    return Outcome(escalation, away)


def _briefing_of(escalation: Escalation) -> dict[str, Any]:
    return {name: getattr(escalation, name) for name in BRIEFING_FIELDS}


def _amend(escalation: Escalation, briefing: dict[str, Any], short: bool | None) -> list[str]:
    """Apply the amended sections; return the names of the sections changed."""
    changed = []
    for name in BRIEFING_FIELDS:
        if name in briefing:
            value = briefing[name] if briefing[name] is not None else _blank(name)
            if value != getattr(escalation, name):
                setattr(escalation, name, value)
                changed.append(str(getattr(Escalation._meta.get_field(name), "verbose_name", name)))
    if short is not None and short != escalation.short_briefing:
        escalation.short_briefing = short
        changed.append("short briefing" if short else "full briefing")
    return changed


def _changed_note(changed: list[str]) -> str:
    return "Changed: " + "; ".join(changed) + "."


def _send_to_director(
    escalation: Escalation,
    *,
    by: User | None,
    note: str,
    now: datetime,
    kind: str | None = None,
) -> list[Away]:
    """Send the briefing to the Director, copied to the service's PGL and head of service."""
    escalation.status = EscalationStatus.SENT_TO_DIRECTOR
    escalation.sent_to_director_at = now
    escalation.save()
    if kind is None:
        kind = (
            EscalationEventKind.SENT_TO_DIRECTOR
            if by is not None
            else EscalationEventKind.SENT_END_OF_DAY
        )
    _event(escalation, kind, at=now, by=by, note=note)
    _chronology(escalation)
    people = addressees(escalation.service_id)
    about = _about(escalation)
    if by is not None:
        why = f"sent by {by.display_name}"
    elif note:
        why = f"sent at once. {note}"
    else:
        why = "sent because nobody responded by the end of the working day on which it arose"
    body = (
        f"A category {escalation.category} Need to Know briefing about {about}: "
        f"{escalation.reason.label}. It was {why}. "
        "The Director acknowledges it; updates are added until it is closed."
    )
    return _tell(
        escalation,
        [*people.directors, *people.pgls, *people.heads],
        step="director",
        subject=f"Need to Know briefing for the Director about {about}",
        body=body,
        at=now,
    )


def escalation_send_unanswered(*, escalation_id: int, now: datetime | None = None) -> Outcome:
    """The end-of-day rule for one escalation: still unanswered at its due time, send it.

    Safe to run twice or at once on two workers: the row is locked and its status
    checked, and every notice has its dedupe key.
    """
    now = now or timezone.now()
    with transaction.atomic():
        escalation = _locked(escalation_id)
        due = escalation.director_due_at
        if escalation.status != EscalationStatus.WITH_PGL or due is None or due > now:
            return Outcome(escalation, done=False)
        away = _send_to_director(escalation, by=None, note="", now=now)
    return Outcome(escalation, away)


# Category B: the head of service decides ---------------------------------------------------


def can_decide(user: User, escalation: Escalation) -> bool:
    return (
        escalation.status == EscalationStatus.WITH_HEAD_OF_SERVICE
        and user.is_active
        and user.role == Role.HEAD_OF_SERVICE
        and escalation.service_id is not None
        and user.service_id == escalation.service_id
    )


def escalation_decide(
    *,
    escalation: Escalation,
    user: User,
    inform_director: bool,
    reason: str,
    briefing: dict[str, Any] | None = None,
    short_briefing: bool | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Record the head of service's decision on a category B concern, with the reason.

    Not to inform: it is closed as not for the Director. To inform: it becomes a full
    category A briefing (the sections completed here), sent to the Director with
    copies to the PGL and head of service.
    """
    now = now or timezone.now()
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter the reason for your decision"})
    with transaction.atomic():
        escalation = _locked(escalation.pk)
        if not can_decide(user, escalation):
            raise PermissionDenied(
                "Only the service's head of service can decide on this concern, while it "
                "waits for a decision."
            )
        changed = _amend(escalation, briefing or {}, short_briefing) if inform_director else []
        if inform_director:
            _check_briefing(_briefing_of(escalation), full=not escalation.short_briefing)
        escalation.inform_director = inform_director
        escalation.decision_reason = reason.strip()
        escalation.decided_at, escalation.decided_by = now, user
        escalation.responded_at, escalation.responded_by = now, user
        kind = (
            EscalationEventKind.DECIDED_INFORM
            if inform_director
            else EscalationEventKind.DECIDED_NOT_INFORM
        )
        if changed:
            _event(
                escalation,
                EscalationEventKind.AMENDED,
                at=now,
                by=user,
                note=_changed_note(changed),
            )
        _event(escalation, kind, at=now, by=user, note=escalation.decision_reason)
        if inform_director:
            away = _send_to_director(escalation, by=user, note="", now=now)
        else:
            escalation.status = EscalationStatus.NOT_FOR_DIRECTOR
            escalation.closed_at = now
            escalation.save()
            _chronology(escalation)
            away = _tell_raiser(escalation, step="decided", now=now)
    return Outcome(escalation, away)


def _tell_raiser(escalation: Escalation, *, step: str, now: datetime) -> list[Away]:
    if escalation.raised_by is None:
        return []
    about = _about(escalation)
    return _tell(
        escalation,
        [escalation.raised_by],
        step=step,
        subject=f"Need to Know about {about}: {escalation.get_status_display().lower()}",
        body=f"The concern you raised about {about} is now: "
        f"{escalation.get_status_display().lower()}.",
        at=now,
    )


# The Director, updates, closing -----------------------------------------------------------


def can_acknowledge(user: User, escalation: Escalation) -> bool:
    return (
        escalation.status == EscalationStatus.SENT_TO_DIRECTOR
        and user.is_active
        and user.role == Role.DIRECTOR
    )


def escalation_acknowledge(
    *, escalation: Escalation, user: User, note: str = "", now: datetime | None = None
) -> Outcome:
    """The Director acknowledges the briefing; the raiser is told."""
    now = now or timezone.now()
    with transaction.atomic():
        escalation = _locked(escalation.pk)
        if not can_acknowledge(user, escalation):
            raise PermissionDenied("Only the Director can acknowledge a briefing sent to them.")
        escalation.status = EscalationStatus.ACKNOWLEDGED
        escalation.acknowledged_at, escalation.acknowledged_by = now, user
        escalation.save()
        _event(escalation, EscalationEventKind.ACKNOWLEDGED, at=now, by=user, note=note)
        _chronology(escalation)
        away = _tell_raiser(escalation, step="acknowledged", now=now)
    return Outcome(escalation, away)


def can_add_update(user: User, escalation: Escalation) -> bool:
    """Anyone who may see it, while it is open (seeing is checked before: access)."""
    return escalation.is_open and user.is_active and user.role != Role.AUDITOR


def escalation_add_update(
    *,
    escalation: Escalation,
    user: User,
    note: str,
    next_update_on: date | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Add an update to an open escalation, and the date the next one is expected."""
    now = now or timezone.now()
    if not (note or "").strip():
        raise ValidationError({"note": "Enter the update"})
    if next_update_on is not None and next_update_on < timezone.localdate(now):
        raise ValidationError({"next_update_on": "The next update date must be today or later"})
    with transaction.atomic():
        escalation = _locked(escalation.pk)
        if not can_add_update(user, escalation):
            raise PermissionDenied("Updates can only be added while the escalation is open.")
        if next_update_on is not None:
            escalation.update_expected_on = next_update_on
            escalation.save()
        _event(escalation, EscalationEventKind.UPDATE, at=now, by=user, note=note.strip())
        people = addressees(escalation.service_id)
        sent = escalation.sent_to_director_at is not None
        wanted = [*(people.directors if sent else []), *people.pgls, *people.heads]
        if escalation.raised_by is not None:
            wanted.append(escalation.raised_by)
        count = escalation.events.filter(kind=EscalationEventKind.UPDATE).count()
        away = _tell(
            escalation,
            [person for person in wanted if person.pk != user.pk],
            step=f"update:{count}",
            subject=f"Need to Know update about {_about(escalation)}",
            body=f"{user.display_name} added an update: {note.strip()[:500]}",
            at=now,
        )
    return Outcome(escalation, away)


def can_close(user: User, escalation: Escalation) -> bool:
    """The Director, or the service's head of service, once the Director has it."""
    if not (user.is_active and escalation.status in _CLOSABLE):
        return False
    if user.role == Role.DIRECTOR:
        return True
    return user.role == Role.HEAD_OF_SERVICE and user.service_id == escalation.service_id


_CLOSABLE = (EscalationStatus.SENT_TO_DIRECTOR, EscalationStatus.ACKNOWLEDGED)


def escalation_close(
    *, escalation: Escalation, user: User, note: str, now: datetime | None = None
) -> Outcome:
    now = now or timezone.now()
    if not (note or "").strip():
        raise ValidationError({"note": "Enter why the escalation can be closed"})
    with transaction.atomic():
        escalation = _locked(escalation.pk)
        if not can_close(user, escalation):
            raise PermissionDenied(
                "Only the Director or the head of service can close an escalation the "
                "Director has received."
            )
        escalation.status = EscalationStatus.CLOSED
        escalation.closed_at = now
        escalation.save()
        _event(escalation, EscalationEventKind.CLOSED, at=now, by=user, note=note.strip())
        _chronology(escalation)
        away = _tell_raiser(escalation, step="closed", now=now)
    return Outcome(escalation, away)


def escalation_update_overdue(*, escalation_id: int, now: datetime | None = None) -> Outcome:
    """An open escalation whose update date has passed with no new date: tell them, once.

    The raiser is asked for the update; the Director (once they have it) or else the
    PGL and head of service are told. Each update date is noticed once.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        escalation = _locked(escalation_id)
        due = escalation.update_expected_on
        if (
            not escalation.is_open
            or due is None
            or due >= today
            or escalation.update_due_noticed_on == due
        ):
            return Outcome(escalation, done=False)
        escalation.update_due_noticed_on = due
        escalation.save()
        _event(
            escalation, EscalationEventKind.UPDATE_OVERDUE, at=now, by=None, note=f"{due:%-d %B %Y}"
        )
        people = addressees(escalation.service_id)
        sent = escalation.sent_to_director_at is not None
        wanted = [*(people.directors if sent else [*people.pgls, *people.heads])]
        if escalation.raised_by is not None:
            wanted.insert(0, escalation.raised_by)
        about = _about(escalation)
        away = _tell(
            escalation,
            wanted,
            step=f"update-due:{due.isoformat()}",
            kind=NotificationKind.ESCALATION_UPDATE_DUE,
            subject=f"Need to Know update due about {about}",
            body=f"An update on the escalation about {about} was expected by "
            f"{due:%A %-d %B %Y} and none has been added. Add the update, with the date "
            "the next one is expected.",
            at=now,
        )
    return Outcome(escalation, away)
