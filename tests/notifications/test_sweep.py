"""The overdue sweep: who is told, exactly when, and only once (DESIGN.md "Recording
timescales": an item is overdue from the first moment after its due day in London)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from caserecords import services
from notifications.models import Notification, NotificationKind
from notifications.sweep import SweepResult, sweep_overdue
from staff.models import Role
from tests.factories import ChildFactory, UserFactory

from .conftest import london, plan_contact, record_contact

UTC = ZoneInfo("UTC")


def notices(**filters) -> list[tuple[str, str]]:
    """(recipient username, dedupe key) of the notices, sorted."""
    rows = Notification.objects.filter(**filters).values_list("recipient__username", "dedupe_key")
    return sorted(rows)


def second_before(moment: datetime) -> datetime:
    return moment - timedelta(seconds=1)


# Exactly when ----------------------------------------------------------------------------


def test_a_recording_due_on_friday_is_not_overdue_until_saturday_begins(worker, teamleader, child):
    # Friday 20 Nov 2026 + 5 working days: due Friday 27 Nov.
    observation = record_contact(worker, child, london(2026, 11, 20, 10, 0))
    assert observation.due_by == date(2026, 11, 27)
    saturday = london(2026, 11, 28, 0, 0)

    assert sweep_overdue(second_before(saturday)) == SweepResult(0, 0, 0)
    assert sweep_overdue(saturday) == SweepResult(1, 0, 2)

    key = f"overdue:observation:{observation.pk}:2026-11-27"
    assert notices() == [("teamleader", key), ("worker", key)]


@pytest.mark.parametrize(
    ("contact", "due", "overdue_from_utc"),
    [
        # Due Friday 23 Oct 2026 (BST): overdue at midnight BST, 23:00 UTC, before the change.
        (london(2026, 10, 16, 10), date(2026, 10, 23), datetime(2026, 10, 23, 23, 0, tzinfo=UTC)),
        # Due Monday 26 Oct, after the clocks went back on Sunday 25th: midnight GMT.
        (london(2026, 10, 19, 10), date(2026, 10, 26), datetime(2026, 10, 27, 0, 0, tzinfo=UTC)),
        # Due Friday 27 March 2026 (GMT), before the clocks go forward on Sunday 29th.
        (london(2026, 3, 20, 10), date(2026, 3, 27), datetime(2026, 3, 28, 0, 0, tzinfo=UTC)),
        # Due Monday 30 March, in BST: midnight BST is 23:00 UTC on the due day.
        (london(2026, 3, 23, 10), date(2026, 3, 30), datetime(2026, 3, 30, 23, 0, tzinfo=UTC)),
    ],
    ids=["fri-23-oct-bst", "mon-26-oct-gmt", "fri-27-mar-gmt", "mon-30-mar-bst"],
)
def test_a_recording_becomes_overdue_at_midnight_in_london_across_the_clocks_changing(
    worker, teamleader, child, contact, due, overdue_from_utc
):
    observation = record_contact(worker, child, contact)
    assert observation.due_by == due

    assert sweep_overdue(second_before(overdue_from_utc)).overdue_recordings == 0
    assert sweep_overdue(overdue_from_utc).overdue_recordings == 1


def test_a_contact_recorded_late_across_christmas_is_overdue_exactly_after_its_due_day(
    worker, teamleader, child
):
    # Wednesday 23 Dec 2026, 5 working days, counted by hand: Thu 24 Dec (1); Fri 25 Dec
    # Christmas Day; Sat 26, Sun 27; Mon 28 Dec the Boxing Day substitute; Tue 29 (2),
    # Wed 30 (3), Thu 31 (4); Fri 1 Jan 2027 New Year's Day; Sat 2, Sun 3; Mon 4 Jan (5).
    observation = record_contact(worker, child, london(2026, 12, 23, 15, 30))
    assert observation.due_by == date(2027, 1, 4)

    assert sweep_overdue(london(2027, 1, 4, 23, 59, 59)).overdue_recordings == 0
    result = sweep_overdue(london(2027, 1, 5, 0, 0))
    assert result == SweepResult(1, 0, 2)

    # Completed late, with its reason, it is not noticed again.
    services.observation_complete(
        observation=observation,
        user=worker,
        late_reason="Annual leave over Christmas",
        now=london(2027, 1, 5, 9, 0),
    )
    assert sweep_overdue(london(2027, 1, 6, 0, 0)) == SweepResult(0, 0, 0)


def test_a_safeguarding_recording_on_christmas_eve_is_overdue_on_christmas_day(
    worker, teamleader, child
):
    observation = record_contact(worker, child, london(2026, 12, 24, 9, 0), safeguarding=True)
    assert observation.due_by == date(2026, 12, 29)  # 1 working day: after the bank holidays
    assert sweep_overdue(london(2026, 12, 29, 23, 59)).overdue_recordings == 0
    assert sweep_overdue(london(2026, 12, 30, 0, 0)).overdue_recordings == 1


def test_a_completed_observation_is_never_notified(worker, teamleader, child):
    observation = record_contact(worker, child, london(2026, 11, 20, 10, 0))
    services.observation_complete(
        observation=observation, user=worker, now=london(2026, 11, 20, 16)
    )

    assert sweep_overdue(london(2027, 6, 1, 12, 0)) == SweepResult(0, 0, 0)
    assert not Notification.objects.exists()


def test_an_observation_entered_in_error_is_never_notified(worker, teamleader, child):
    observation = record_contact(worker, child, london(2026, 11, 20, 10, 0))
    observation.entered_in_error = True
    observation.save(update_fields=["entered_in_error"])

    assert sweep_overdue(london(2027, 6, 1, 12, 0)).overdue_recordings == 0


# Planned contacts -------------------------------------------------------------------------


def test_a_planned_contact_not_recorded_is_notified_after_its_due_day(worker, teamleader, child):
    planned = plan_contact(worker, child, london(2026, 11, 20, 14, 0))
    assert planned.due_by == date(2026, 11, 27)

    assert sweep_overdue(london(2026, 11, 27, 23, 59, 59)) == SweepResult(0, 0, 0)
    assert sweep_overdue(london(2026, 11, 28, 0, 0)) == SweepResult(0, 1, 2)

    notice = Notification.objects.get(recipient=worker)
    assert notice.kind == NotificationKind.OVERDUE_PLANNED_CONTACT
    assert notice.subject == "Overdue planned contact: home visit for Amelia Hughes"
    assert "20 November 2026 at 14:00" in notice.body
    assert "due by Friday 27 November 2026" in notice.body
    assert notice.link == planned.get_absolute_url()
    assert notice.source == planned


def test_a_cancelled_planned_contact_is_never_notified(worker, teamleader, child):
    planned = plan_contact(worker, child, london(2026, 11, 20, 14, 0))
    services.planned_contact_cancel(
        planned_contact=planned, user=worker, reason="The family moved the visit"
    )

    assert sweep_overdue(london(2027, 6, 1, 12, 0)) == SweepResult(0, 0, 0)


def test_a_planned_contact_recorded_by_a_draft_leaves_the_draft_to_be_notified(
    worker, teamleader, child
):
    planned = plan_contact(worker, child, london(2026, 11, 20, 14, 0))
    observation = record_contact(worker, child, london(2026, 11, 20, 15, 0))
    services.planned_contact_record(planned_contact=planned, observation=observation, user=worker)

    assert sweep_overdue(london(2026, 11, 28, 0, 0)) == SweepResult(1, 0, 2)


# Who is told ------------------------------------------------------------------------------


def test_the_author_and_their_team_leader_each_get_exactly_one_notification(
    everyone, child, sibling, worker, colleague
):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    record_contact(worker, sibling, london(2026, 11, 19, 10, 0))
    record_contact(colleague, child, london(2026, 11, 18, 10, 0))

    result = sweep_overdue(london(2026, 11, 28, 0, 0))

    assert result == SweepResult(3, 0, 6)
    per_person = {
        user.username: Notification.objects.filter(recipient=user).count()
        for user in everyone.values()
    }
    assert per_person == {
        "worker": 2,
        "worker2": 1,
        "teamleader": 3,
        "pgl": 0,
        "headofservice": 0,
        "director": 0,
        "auditor": 0,
        "otherworker": 0,
    }


def test_the_notice_says_what_is_overdue_and_links_to_it(worker, teamleader, child, time_machine):
    observation = record_contact(worker, child, london(2026, 11, 20, 10, 0))
    time_machine.move_to(london(2026, 11, 28, 7, 0), tick=False)
    sweep_overdue()

    notice = Notification.objects.get(recipient=teamleader)
    assert notice.kind == NotificationKind.OVERDUE_RECORDING
    assert notice.subject == "Overdue recording: home visit for Amelia Hughes"
    assert notice.body == (
        "The recording of the home visit on 20 November 2026 for Amelia Hughes (A0001), "
        "a draft by Wendy Walker, was due by Friday 27 November 2026 and is not completed. "
        "Complete it, saying why it is late."
    )
    assert notice.link == f"/observations/{observation.pk}/"
    assert notice.source_type == ContentType.objects.get_for_model(observation)
    assert notice.source_id == observation.pk
    assert notice.created_at == london(2026, 11, 28, 7, 0)
    assert notice.read_at is None
    assert notice.covering_for is None


def test_a_team_leader_who_wrote_the_recording_is_told_once(teamleader, child):
    record_contact(teamleader, child, london(2026, 11, 20, 10, 0))

    assert sweep_overdue(london(2026, 11, 28, 0, 0)).notifications_created == 1
    assert Notification.objects.get().recipient == teamleader


def test_every_team_leader_of_the_childs_team_is_told(worker, teamleader, team_a, child):
    second = UserFactory(username="teamleader2", role=Role.TEAM_LEADER, team=team_a)
    gone = UserFactory(username="teamleader3", role=Role.TEAM_LEADER, team=team_a)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    sweep_overdue(london(2026, 11, 28, 0, 0))

    assert {n.recipient for n in Notification.objects.all()} == {worker, teamleader, second}


def test_an_author_who_has_left_is_not_told_but_their_team_leader_is(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    worker.is_active = False
    worker.save(update_fields=["is_active"])

    sweep_overdue(london(2026, 11, 28, 0, 0))

    assert [n.recipient for n in Notification.objects.all()] == [teamleader]


def test_the_team_leader_told_is_the_childs_teams(worker, teamleader, otherworker, child):
    # A child of team B recorded on by team A's worker (e.g. after a transfer).
    other_leader = UserFactory(username="leader_b", role=Role.TEAM_LEADER, team=otherworker.team)
    moved = ChildFactory(worker=otherworker)
    record_contact(teamleader, moved, london(2026, 11, 20, 10, 0))

    sweep_overdue(london(2026, 11, 28, 0, 0))

    assert {n.recipient for n in Notification.objects.all()} == {teamleader, other_leader}


def test_the_cover_hook_routes_notices_to_the_cover_too(
    monkeypatch, worker, colleague, teamleader, child
):
    from notifications import services as notification_services

    def worker_away(user_ids, at):
        routes = {pk: [notification_services.Recipient(pk)] for pk in user_ids}
        routes[worker.pk].append(notification_services.Recipient(colleague.pk, worker.pk))
        return routes

    monkeypatch.setattr(notification_services, "recipients_for_users", worker_away)
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert sweep_overdue(london(2026, 11, 28, 0, 0)).notifications_created == 3
    cover = Notification.objects.get(recipient=colleague)
    assert cover.covering_for == worker


def test_a_cover_named_after_an_item_was_noticed_is_noticed_too(
    monkeypatch, worker, colleague, teamleader, child
):
    from notifications import services as notification_services

    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    assert sweep_overdue(london(2026, 11, 28, 0, 0)).notifications_created == 2

    def worker_away(user_ids, at):
        routes = {pk: [notification_services.Recipient(pk)] for pk in user_ids}
        routes[worker.pk].append(notification_services.Recipient(colleague.pk, worker.pk))
        return routes

    monkeypatch.setattr(notification_services, "recipients_for_users", worker_away)
    assert sweep_overdue(london(2026, 11, 30, 9, 0)).notifications_created == 1
    assert Notification.objects.get(recipient=colleague).covering_for == worker


# Only once --------------------------------------------------------------------------------


def test_running_the_sweep_twice_creates_nothing_and_sends_no_second_email(
    worker, teamleader, child, django_capture_on_commit_callbacks
):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    plan_contact(worker, child, london(2026, 11, 19, 11, 0))

    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_overdue(london(2026, 11, 28, 0, 0))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = sweep_overdue(london(2026, 11, 28, 0, 15))

    assert first == SweepResult(1, 1, 4)
    assert second == SweepResult(1, 1, 0)
    assert callbacks == [], "nothing new, so no email task queued"
    assert Notification.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == [
        "teamleader@example.org",
        "teamleader@example.org",
        "worker@example.org",
        "worker@example.org",
    ]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_new_due_date_is_a_new_notice(worker, teamleader, child):
    observation = record_contact(worker, child, london(2026, 11, 20, 10, 0))
    sweep_overdue(london(2026, 11, 28, 0, 0))
    services.observation_update(
        observation=observation, user=worker, data={"occurred_at": london(2026, 11, 19, 10, 0)}
    )

    assert sweep_overdue(london(2026, 11, 28, 0, 15)).notifications_created == 2
    assert Notification.objects.filter(recipient=worker).count() == 2


# Cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_the_sweep_runs_a_fixed_number_of_queries_however_many_items(
    worker, colleague, teamleader, otherworker, count, django_assert_num_queries
):
    for n in range(count):
        child = ChildFactory(worker=worker if n % 3 else otherworker)
        record_contact(child.worker, child, london(2026, 11, 20 - n % 5, 10, 0))
        plan_contact(child.worker, child, london(2026, 11, 19, 11, 0))
    UserFactory(username="leader_b", role=Role.TEAM_LEADER, team=otherworker.team)
    ContentType.objects.clear_cache()
    # For observations, then planned contacts: 1 the overdue items (with child and author),
    # 2 their content type, 3 the notices they already have; then 7 the team leaders of all
    # the teams involved, 8 the absences running now (cover), 9 savepoint, 10 the insert
    # (one batch), 11 release.
    with django_assert_num_queries(11):
        result = sweep_overdue(london(2026, 11, 30, 0, 0))
    assert result.overdue_recordings == result.overdue_planned_contacts == count
    assert result.notifications_created == 4 * count

    # Again: the same, with nothing left to insert.
    with django_assert_num_queries(8):
        again = sweep_overdue(london(2026, 11, 30, 0, 15))
    assert again.notifications_created == 0
