"""Demo data of the notifications app (escalations, missing episodes), added by `seed_demo`.

On worker's caseload, one of each step of "Need to Know": a category A briefing waiting
with the PGL today, a category B concern waiting for the head of service's decision, one
the Director has acknowledged (with an update), one the head of service decided to keep
from the Director, and a staff matter the end-of-day rule sent on; a looked-after child
missing since yesterday evening, and an earlier episode, returned. Written through the
services, at fixed times relative to `today`.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caserecords.demo.builder import acting_as
from caserecords.models import Child, LegalStatusKind
from staff.models import User

from . import escalations, missing
from .models import EscalationReason


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _raise(user, child, code: str, at: datetime, *, short: bool = False, **briefing):
    reason = EscalationReason.objects.get(code=code)
    with acting_as(user):
        return escalations.escalation_raise(
            user=user,
            reason=reason,
            child=child,
            briefing=briefing,
            short_briefing=short,
            raised_at=at,
            now=at,
        ).escalation


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    people = User.objects.in_bulk(
        ["worker", "teamleader", "pgl", "headofservice", "director"], field_name="username"
    )
    if len(people) < 5:
        return ""
    worker, pgl, head, director = (
        people["worker"],
        people["pgl"],
        people["headofservice"],
        people["director"],
    )
    children = list(
        Child.objects.filter(worker=worker, closed_on__isnull=True).order_by("la_child_id")[:6]
    )
    if len(children) < 5:
        return ""
    looked_after = (
        Child.objects.filter(
            worker=worker,
            closed_on__isnull=True,
            legal_statuses__kind=LegalStatusKind.LOOKED_AFTER,
            legal_statuses__ended_on__isnull=True,
        )
        .order_by("la_child_id")
        .first()
    )
    count = _escalations(today, children, worker, people["teamleader"], pgl, head, director)
    episodes = _missing(today, looked_after, worker) if looked_after else 0
    return f"{count} Need to Know escalations, {episodes} missing episodes"


def _escalations(today, children, worker, teamleader, pgl, head, director) -> int:
    contact = "Wendy Walker, social worker, 01482 000 111"
    # 1. Category A, raised this morning: with the PGL until the end of the working day.
    _raise(
        worker,
        children[0],
        "organised_abuse",
        _at(today, 8, 30),
        nature_of_concern="The police told us this morning that the child's older cousin is "
        "being investigated for sharing indecent images in an online network.",
        action_being_taken="Strategy discussion booked for 14:00 today; safety plan with mother.",
        update_expected_on=today + timedelta(days=2),
        who_to_contact=contact,
    )
    # 2. Category B, yesterday afternoon: waiting for the head of service's decision.
    _raise(
        worker,
        children[1],
        "cp_plan_homeless",
        _at(today - timedelta(days=1), 14, 0),
        short=True,
        nature_of_concern="The family were evicted this afternoon and are staying with a "
        "friend for one night.",
    )
    # 3. Category A, sent on by the PGL, acknowledged by the Director, with an update.
    sent = _raise(
        worker,
        children[2],
        "looked_after_death_or_serious_injury",
        _at(today - timedelta(days=6), 11, 0),
        nature_of_concern="Broken arm after a fall at the placement; the carers' account "
        "is consistent with the injury.",
        action_being_taken="Placement visited; medical report requested.",
        update_expected_on=today + timedelta(days=3),
        who_to_contact=contact,
    )
    with acting_as(pgl):
        escalations.escalation_respond(
            escalation=sent, user=pgl, now=_at(today - timedelta(days=6), 13, 0)
        )
    with acting_as(director):
        escalations.escalation_acknowledge(
            escalation=sent, user=director, now=_at(today - timedelta(days=5), 9, 0)
        )
    with acting_as(worker):
        escalations.escalation_add_update(
            escalation=sent,
            user=worker,
            note="Medical report received: accidental injury. Child back at school.",
            next_update_on=today + timedelta(days=3),
            now=_at(today - timedelta(days=2), 16, 0),
        )
    # 4. Category B the head of service kept from the Director.
    kept = _raise(
        worker,
        children[3],
        "media_interest",
        _at(today - timedelta(days=10), 10, 0),
        short=True,
        nature_of_concern="A local paper asked the school about the family's court case.",
    )
    with acting_as(head):
        escalations.escalation_decide(
            escalation=kept,
            user=head,
            inform_director=False,
            reason="A single enquiry, answered by the press office; no name was published.",
            now=_at(today - timedelta(days=10), 15, 0),
        )
    # 5. A staff matter raised after hours: the end-of-day rule sent it on.
    matter = _raise(
        teamleader,
        None,
        "violence_against_staff",
        _at(today - timedelta(days=3), 18, 30),
        nature_of_concern="A parent punched a social worker in the reception area.",
        action_being_taken="Police called; the worker was seen at A&E and is on leave.",
        update_expected_on=today + timedelta(days=7),
        who_to_contact="Tara Lewis, team leader",
    )
    if matter.director_due_at and matter.director_due_at <= timezone.now():
        escalations.escalation_send_unanswered(escalation_id=matter.pk, now=matter.director_due_at)
    return 5


def _missing(today, child, worker) -> int:
    with acting_as(worker):
        missing.missing_episode_record(
            user=worker,
            child=child,
            missing_from=_at(today - timedelta(days=30), 17, 0),
            returned_at=_at(today - timedelta(days=29), 9, 30),
            circumstances="Stayed overnight with a friend; returned to the placement by taxi.",
            now=_at(today - timedelta(days=29), 10, 0),
        )
        missing.missing_episode_record(
            user=worker,
            child=child,
            missing_from=_at(today - timedelta(days=1), 19, 0),
            circumstances="Did not return to the placement after college. Reported to the "
            "police at 23:00.",
            now=_at(today - timedelta(days=1), 23, 15),
        )
    return 2
