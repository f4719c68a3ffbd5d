"""The end-of-day rule (seed 002 §4): a category A briefing nobody answered by the end of
the working day on which the concern arose goes to the Director anyway, copied to the
PGL and head of service; once."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from notifications import escalations
from notifications.escalation_jobs import escalate_unanswered
from notifications.models import EscalationEventKind, EscalationStatus, Notification

from .conftest import london, raise_concern

# Wednesday 26 May 2027 is a working day; Friday 28 May is followed by the spring bank
# holiday, Monday 31 May 2027 (holidays, GB/ENG), so the next working day is Tuesday 1 June.
WEDNESDAY = (2027, 5, 26)


def director_notices(director) -> list[str]:
    return list(
        Notification.objects.filter(recipient=director).values_list("dedupe_key", flat=True)
    )


def test_raised_at_ten_and_unanswered_it_goes_to_the_director_at_the_end_of_that_day(
    worker, child, pgl, headofservice, director
):
    escalation = raise_concern(worker, child=child, at=london(*WEDNESDAY, 10, 0))
    assert escalation.status == EscalationStatus.WITH_PGL
    assert escalation.director_due_at == london(*WEDNESDAY, 17, 0)
    # The PGL has it, copied to the head of service; the Director not yet.
    raised = f"escalation:{escalation.pk}:raised"
    assert set(
        Notification.objects.filter(dedupe_key=raised).values_list("recipient__username", flat=True)
    ) == {
        "pgl",
        "headofservice",
    }
    assert director_notices(director) == []

    assert escalate_unanswered(london(*WEDNESDAY, 16, 59, 59)).sent_to_director == 0
    result = escalate_unanswered(london(*WEDNESDAY, 17, 0))

    assert result.sent_to_director == 1
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR
    assert escalation.sent_to_director_at == london(*WEDNESDAY, 17, 0)
    sent = f"escalation:{escalation.pk}:director"
    recipients = Notification.objects.filter(dedupe_key=sent).values_list(
        "recipient__username", flat=True
    )
    assert sorted(recipients) == ["director", "headofservice", "pgl"]
    last = escalation.events.order_by("at", "pk").last()
    assert (last.kind, last.by, last.at) == (
        EscalationEventKind.SENT_END_OF_DAY,
        None,
        london(*WEDNESDAY, 17, 0),
    )


def test_the_job_run_again_sends_nothing_twice(worker, child, pgl, headofservice, director):
    raise_concern(worker, child=child, at=london(*WEDNESDAY, 10, 0))
    escalate_unanswered(london(*WEDNESDAY, 17, 0))
    before = Notification.objects.count()

    again = escalate_unanswered(london(*WEDNESDAY, 17, 15))

    assert again.sent_to_director == 0
    assert Notification.objects.count() == before


def test_answered_at_1659_it_is_not_sent_by_the_rule(worker, child, pgl, headofservice, director):
    escalation = raise_concern(worker, child=child, at=london(*WEDNESDAY, 10, 0))
    escalations.escalation_respond(
        escalation=escalation,
        user=pgl,
        briefing={"action_being_taken": "Strategy discussion held; police informed."},
        note="Amended the actions.",
        now=london(*WEDNESDAY, 16, 59),
    )

    result = escalate_unanswered(london(*WEDNESDAY, 17, 0))

    assert result.sent_to_director == 0
    escalation.refresh_from_db()
    assert escalation.sent_to_director_at == london(*WEDNESDAY, 16, 59)
    assert escalation.responded_by == pgl
    assert escalation.action_being_taken == "Strategy discussion held; police informed."
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert EscalationEventKind.SENT_END_OF_DAY not in kinds
    assert kinds[-2:] == [EscalationEventKind.AMENDED, EscalationEventKind.SENT_TO_DIRECTOR]


def test_raised_at_six_on_a_friday_before_a_bank_holiday_it_goes_at_the_end_of_tuesday(
    worker, child, pgl, headofservice, director
):
    escalation = raise_concern(worker, child=child, at=london(2027, 5, 28, 18, 0))
    assert escalation.director_due_at == london(2027, 6, 1, 17, 0)

    assert escalate_unanswered(london(2027, 5, 31, 17, 0)).sent_to_director == 0  # bank holiday
    assert escalate_unanswered(london(2027, 6, 1, 16, 59)).sent_to_director == 0
    assert escalate_unanswered(london(2027, 6, 1, 17, 0)).sent_to_director == 1


@pytest.mark.parametrize(
    ("arose", "due"),
    [
        # Saturday: the next working day's end (Monday).
        (london(2027, 5, 22, 11, 0), london(2027, 5, 24, 17, 0)),
        # Exactly at the end of the day: counts from the next working day.
        (london(2027, 5, 26, 17, 0), london(2027, 5, 27, 17, 0)),
        # A second before it: that day.
        (london(2027, 5, 26, 16, 59, 59), london(2027, 5, 26, 17, 0)),
        # In British Summer Time or not, 17:00 is London's 17:00.
        (london(2027, 1, 6, 9, 0), london(2027, 1, 6, 17, 0)),
    ],
    ids=["saturday", "at-the-end", "just-before", "winter"],
)
def test_the_end_of_the_working_day_on_which_the_concern_arose(arose, due, db):
    assert escalations.director_due_at(arose) == due


def test_the_end_of_the_day_is_a_setting(settings, db):
    settings.ESCALATION_END_OF_DAY = "16:30"
    assert escalations.director_due_at(london(*WEDNESDAY, 16, 45)) == london(2027, 5, 27, 16, 30)


def test_a_local_closure_day_is_not_a_working_day(db):
    from caserecords.models import ClosureDay

    ClosureDay.objects.create(date=london(2027, 5, 27).date(), reason="Council closure")
    assert escalations.director_due_at(london(*WEDNESDAY, 18, 0)) == london(2027, 5, 28, 17, 0)


def test_a_concern_that_arose_earlier_today_after_the_end_of_its_day_goes_at_once(
    worker, child, pgl, headofservice, director
):
    arose, now = london(*WEDNESDAY, 9, 0), london(*WEDNESDAY, 17, 30)
    reason = escalations.EscalationReason.objects.get(code="organised_abuse")
    from .conftest import full_briefing

    escalation = escalations.escalation_raise(
        user=worker, reason=reason, child=child, briefing=full_briefing(), raised_at=arose, now=now
    ).escalation

    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR
    assert escalation.sent_to_director_at == now
    assert director_notices(director) == [f"escalation:{escalation.pk}:director"]


def test_the_command_takes_a_frozen_clock(worker, child, pgl, headofservice, director, capsys):
    escalation = raise_concern(worker, child=child, at=london(*WEDNESDAY, 10, 0))
    with time_machine.travel(london(*WEDNESDAY, 12, 0), tick=False):
        call_command("escalate_unanswered", now="2027-05-26T17:00")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR
    assert "1 briefing(s) sent to the Director" in capsys.readouterr().out


def test_the_task_runs_the_job(worker, child, pgl, headofservice, director):
    from notifications.tasks import escalate_unanswered_task

    escalation = raise_concern(worker, child=child, at=london(*WEDNESDAY, 10, 0))
    result = escalate_unanswered_task.delay("2027-05-26T17:00").get()
    assert result == {"sent_to_director": 1, "updates_overdue": 0}
    escalation.refresh_from_db()
    assert escalation.sent_to_director_at == london(*WEDNESDAY, 17, 0)
    assert timedelta(0) == escalation.sent_to_director_at - escalation.director_due_at
