"""The apply_absences job: cover starts and ends on time, "worker unavailable" on the files
of the worker's children, the cover told, the return summary sent; each once."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from absence import services
from absence.models import Absence
from caserecords import services as records
from caserecords.models import ChronologyCategory, ChronologyEntry
from notifications import services as notification_services
from notifications.models import Notification
from notifications.return_summary import AbsenceRun, apply_absences, apply_absences_task
from tests.factories import ChildFactory
from tests.notifications.conftest import record_contact

from .conftest import london, record_absence


def entries(absence) -> list[tuple[str, str]]:
    rows = ChronologyEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Absence), source_id=absence.pk
    ).order_by("child__first_name")
    return [(entry.child.first_name, entry.headline) for entry in rows]


def planned_leave(worker, colleague):
    """Leave from Monday 7 to Friday 11 December, recorded on 1 December."""
    return record_absence(
        worker,
        starts_on=date(2026, 12, 7),
        ends_on=date(2026, 12, 11),
        planned=True,
        kind="leave",
        cover=colleague,
    )


def test_cover_starts_at_midnight_on_the_first_day(now, worker, colleague, child, sibling):
    absence = planned_leave(worker, colleague)
    ChildFactory(
        first_name="Closed", worker=worker, closed_on=date(2026, 11, 1), closure_reason="RC3"
    )

    assert apply_absences(london(2026, 12, 6, 23, 45)) == AbsenceRun(0, 0, 0)
    assert entries(absence) == []

    assert apply_absences(london(2026, 12, 7, 0, 0)) == AbsenceRun(1, 0, 0)
    headline = (
        "Worker unavailable: Wendy Walker away from 7 December 2026, expected back after "
        "11 December 2026; Colin Clarke is covering"
    )
    assert entries(absence) == [("Amelia", headline), ("Noah", headline)]
    entry = ChronologyEntry.objects.filter(category=ChronologyCategory.WORKER_UNAVAILABLE).first()
    assert "sick" not in entry.detail.lower()  # no medical detail on the child's file
    cover_notice = Notification.objects.get(kind="cover")
    assert cover_notice.recipient == colleague
    assert cover_notice.subject == "You are covering for Wendy Walker until 11 December 2026"
    assert cover_notice.link == f"/absence/staff/{worker.pk}/caseload/"


def test_running_it_again_changes_nothing(now, worker, colleague, child):
    planned_leave(worker, colleague)
    apply_absences(london(2026, 12, 7, 0, 0))

    assert apply_absences(london(2026, 12, 7, 0, 15)) == AbsenceRun(0, 0, 0)
    assert ChronologyEntry.objects.filter(category="worker_unavailable").count() == 1
    assert Notification.objects.filter(kind="cover").count() == 1


def test_on_return_the_entries_say_how_long_and_the_worker_gets_one_summary(
    now, worker, colleague, child
):
    absence = planned_leave(worker, colleague)
    observation = record_contact(worker, child, london(2026, 11, 30, 10))
    apply_absences(london(2026, 12, 7, 0, 0))
    # While away: a notice about the draft (read by the cover) and another (not opened).
    for kind, subject, key in [
        ("overdue_recording", "Overdue recording: home visit for Amelia Hughes", "a"),
        ("other", "Message from the school", "b"),
    ]:
        notification_services.notify(
            recipient=worker,
            kind=kind,
            subject=subject,
            link="/",
            source=observation,
            dedupe_key=key,
            at=london(2026, 12, 8, 9),
        )
    covered = Notification.objects.get(recipient=colleague, dedupe_key="a")
    notification_services.notification_mark_read(notification=covered, at=london(2026, 12, 8, 11))
    records.observation_complete(
        observation=observation, user=worker, late_reason="Worker on leave", now=london(2026, 12, 9)
    )

    assert apply_absences(london(2026, 12, 11, 23, 59)) == AbsenceRun(0, 0, 0)
    assert apply_absences(london(2026, 12, 12, 0, 0)) == AbsenceRun(0, 1, 1)
    assert apply_absences(london(2026, 12, 12, 0, 15)) == AbsenceRun(0, 0, 0)

    assert entries(absence) == [
        (
            "Amelia",
            "Worker unavailable: Wendy Walker was away from 7 December 2026 to "
            "11 December 2026; Colin Clarke covered",
        )
    ]
    summary = Notification.objects.get(kind="absence_summary")
    assert summary.recipient == worker
    assert summary.covering_for is None
    assert summary.dedupe_key == f"absence_summary:{absence.pk}"
    assert summary.subject == "While you were away: 2 notices went to your cover"
    assert (
        "- 8 December 2026: Overdue recording: home visit for Amelia Hughes. Colin Clarke read "
        "it on 8 December 2026; the recording was completed on 9 December 2026."
    ) in summary.body
    assert "Message from the school. Colin Clarke has not opened it" in summary.body


def test_an_absence_ended_early_is_summed_up_at_the_next_run(now, worker, colleague, child):
    absence = record_absence(worker, cover=colleague, ends_on=None)  # starts today: cover at once
    assert Notification.objects.filter(kind="cover", recipient=colleague).exists()
    assert len(entries(absence)) == 1

    services.absence_end(absence=absence, user=worker, at=london(2026, 12, 3, 8, 30))
    assert "was away from 1 December 2026 to 2 December 2026" in entries(absence)[0][1]

    assert apply_absences(london(2026, 12, 3, 8, 45)) == AbsenceRun(0, 0, 1)
    summary = Notification.objects.get(kind="absence_summary")
    # Only the cover notice of the start reached the cover, and it was not for the worker.
    assert summary.subject == "While you were away: nothing arrived"


def test_the_command_takes_a_frozen_clock(now, worker, colleague, child, capsys):
    planned_leave(worker, colleague)

    call_command("apply_absences", "--now", "2026-12-07T00:00")

    out = capsys.readouterr().out
    assert out.startswith("Absences as at 7 Dec 2026 00:00 GMT: cover started for 1, ended for 0")
    assert Notification.objects.filter(kind="cover").count() == 1


def test_the_task_runs_the_job(now, worker, colleague, child):
    planned_leave(worker, colleague)
    assert apply_absences_task.delay("2026-12-07T00:00").get() == {
        "covers_started": 1,
        "covers_ended": 0,
        "summaries_sent": 0,
    }
