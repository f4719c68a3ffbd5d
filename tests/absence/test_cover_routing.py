"""While a worker is away, what is addressed to them also reaches their cover, marked as
covered, and whoever sent it is told at once (seed 000)."""

from datetime import date

from django.core import mail

from caserecords import notices
from notifications import services as notification_services
from notifications.models import Notification
from notifications.services import Recipient
from notifications.sweep import sweep_overdue
from tests.factories import UserFactory
from tests.notifications.conftest import record_contact

from .conftest import NOW, london, record_absence


def inbox(**filters) -> list[tuple[str, str | None]]:
    """(recipient, covering for) of the notices, sorted."""
    rows = Notification.objects.filter(**filters).values_list(
        "recipient__username", "covering_for__username"
    )
    return sorted(rows, key=lambda row: (row[0], row[1] or ""))


def test_recipients_for_users_adds_the_cover_in_one_query(
    now, worker, colleague, teamleader, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    ids = [worker.pk, colleague.pk, teamleader.pk, *range(10_000, 13_000)]

    with django_assert_num_queries(1):  # the absences running now
        routes = notification_services.recipients_for_users(ids, NOW)

    assert routes[worker.pk] == [Recipient(worker.pk), Recipient(colleague.pk, worker.pk)]
    assert routes[teamleader.pk] == [Recipient(teamleader.pk)]
    assert routes[12_999] == [Recipient(12_999)]


def test_nobody_is_covered_before_the_absence_or_after_it(now, worker, colleague, teamleader):
    record_absence(worker, starts_on=date(2026, 12, 7), ends_on=date(2026, 12, 8), cover=colleague)
    for moment in (london(2026, 12, 6, 23, 59), london(2026, 12, 9, 0, 0)):
        assert notification_services.recipients_for(worker, moment) == [Recipient(worker.pk)]
    assert len(notification_services.recipients_for(worker, london(2026, 12, 7, 0, 0))) == 2


def test_a_sweep_while_the_author_is_on_leave_notifies_author_cover_and_team_leader_once_each(
    time_machine, worker, colleague, teamleader, child
):
    # A visit on Friday 20 November, due Friday 27th; the author is away from 30 November.
    observation = record_contact(worker, child, london(2026, 11, 20, 10))
    time_machine.move_to(london(2026, 11, 29, 12), tick=False)
    record_absence(
        worker,
        starts_on=date(2026, 11, 30),
        ends_on=date(2026, 12, 11),
        planned=True,
        kind="leave",
        cover=colleague,
    )
    time_machine.move_to(NOW, tick=False)

    result = sweep_overdue(NOW)
    sweep_overdue(NOW)  # a second run sends nothing twice

    assert result.notifications_created == 3
    assert inbox(kind="overdue_recording") == [
        ("teamleader", None),
        ("worker", None),
        ("worker2", "worker"),
    ]
    assert (
        Notification.objects.filter(source_id=observation.pk, kind="overdue_recording").count() == 3
    )


def test_when_the_team_leader_covers_they_are_notified_once(
    time_machine, worker, teamleader, child
):
    record_contact(worker, child, london(2026, 11, 20, 10))
    time_machine.move_to(london(2026, 11, 29, 12), tick=False)
    record_absence(worker, starts_on=date(2026, 11, 30), ends_on=date(2026, 12, 11))
    time_machine.move_to(NOW, tick=False)

    sweep_overdue(NOW)

    assert inbox(kind="overdue_recording") == [("teamleader", "worker"), ("worker", None)]


def test_an_escalation_copy_to_an_absent_head_of_service_reaches_their_cover(
    now, headofservice, pgl, worker, django_capture_on_commit_callbacks
):
    absence = record_absence(headofservice, cover=pgl, ends_on=date(2026, 12, 18))
    assert absence.cover == pgl

    with django_capture_on_commit_callbacks(execute=True):
        notification_services.notify(
            recipient=headofservice,
            kind="escalation",
            subject="Escalation: category A briefing for Amelia Hughes",
            link="/children/1/",
            dedupe_key="escalation:1:copy",
        )

    assert inbox(kind="escalation") == [("headofservice", None), ("pgl", "headofservice")]
    covered = Notification.objects.get(recipient=pgl, kind="escalation")
    assert covered.covering_for == headofservice
    body = next(m.body for m in mail.outbox if m.to == [pgl.email] and "escalation" in m.subject)
    assert "whom you are covering for" in body


def test_the_sender_is_told_who_is_away_until_when_and_who_covers(now, worker, colleague):
    record_absence(worker, cover=colleague, ends_on=date(2026, 12, 4))

    away = notices.notify(
        recipient=worker,
        kind="amendment_request",
        subject="Amendment requested",
        link="/observations/1/",
        dedupe_key="amendment:1",
    )

    assert [(a.worker, a.cover, a.until) for a in away] == [(worker, colleague, date(2026, 12, 4))]
    assert str(away[0]) == (
        "Wendy Walker is away until 4 December 2026. Colin Clarke is covering and has been "
        "sent it too."
    )


def test_nobody_is_told_anything_when_the_worker_is_at_work(now, worker, colleague):
    assert (
        notices.notify(
            recipient=worker, kind="other", subject="Hello", link="/", dedupe_key="hello"
        )
        == []
    )
    assert inbox() == [("worker", None)]


def test_a_cover_who_has_left_receives_nothing(now, worker, colleague, teamleader):
    record_absence(worker, cover=colleague)
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])

    assert notification_services.recipients_for(worker, NOW) == [Recipient(worker.pk)]
    assert notification_services.away_notes(worker, NOW) == []


def test_the_api_of_the_cover_says_whom_a_notice_covers_for(now, api_for, worker, colleague):
    record_absence(worker, cover=colleague)
    notification_services.notify(
        recipient=worker, kind="other", subject="For Wendy", link="/", dedupe_key="for-wendy"
    )
    UserFactory()

    mine = api_for(colleague).get("/api/notifications/", {"kind": "other"}).json()["results"]
    theirs = api_for(worker).get("/api/notifications/", {"kind": "other"}).json()["results"]

    assert [n["covering_for"] for n in mine] == [worker.pk]
    assert [n["covering_for"] for n in theirs] == [None]
