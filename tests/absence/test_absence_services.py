"""Recording and ending absences: who may, overlapping refused, the default cover, and
exactly when an absence is running (00:00 London on the first day to the end of the last)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from absence import queries, services
from absence.models import Absence
from staff.models import Role
from tests.factories import UserFactory

from .conftest import NOW, TODAY, london, record_absence


def test_a_worker_records_their_own_absence_covered_by_their_team_leader(now, worker, teamleader):
    absence = record_absence(worker, planned=True, kind="leave")

    assert absence.cover == teamleader
    assert absence.recorded_by == worker
    assert absence.history.earliest().history_user == worker


def test_a_team_leader_records_a_team_members_sickness_naming_the_cover(
    now, worker, colleague, teamleader
):
    absence = record_absence(worker, by=teamleader, cover=colleague)

    assert absence.cover == colleague
    assert absence.recorded_by == teamleader
    assert absence.history.earliest().history_user == teamleader


def test_business_support_of_the_team_may_record_one(now, worker, teamleader, team_a):
    support = UserFactory(role=Role.BUSINESS_SUPPORT, team=team_a)
    assert record_absence(worker, by=support).recorded_by == support


@pytest.mark.parametrize("persona", ["colleague", "otherworker", "headofservice", "auditor"])
def test_nobody_else_may_record_a_workers_absence(now, worker, teamleader, everyone, persona):
    with pytest.raises(PermissionDenied):
        record_absence(worker, by=everyone[persona])
    assert not Absence.objects.exists()


def test_another_teams_leader_may_not_record_one(now, worker, teamleader, team_b):
    leader_b = UserFactory(role=Role.TEAM_LEADER, team=team_b)
    with pytest.raises(PermissionDenied):
        record_absence(worker, by=leader_b)


def test_an_overlapping_absence_is_refused_with_a_clear_message(now, worker, teamleader):
    record_absence(worker, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 4))

    with pytest.raises(ValidationError) as refused:
        record_absence(worker, starts_on=date(2026, 12, 4), ends_on=date(2026, 12, 10))

    assert refused.value.message_dict["starts_on"] == [
        "Wendy Walker already has an absence from 1 December 2026 to 4 December 2026. "
        "Change or end that one first."
    ]
    assert Absence.objects.count() == 1


def test_an_open_ended_absence_overlaps_everything_after_it(now, worker, teamleader):
    record_absence(worker, ends_on=None)
    with pytest.raises(ValidationError, match="with no end date"):
        record_absence(worker, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 2))


def test_absences_that_only_touch_are_allowed(now, worker, teamleader):
    record_absence(worker, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 4))
    record_absence(worker, starts_on=date(2026, 12, 5), ends_on=date(2026, 12, 6))
    assert Absence.objects.count() == 2


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "message"),
    [
        (date(2026, 12, 4), date(2026, 12, 3), "ends_on", "must be the same as or after"),
        (date(2026, 11, 20), date(2026, 11, 30), "ends_on", "already over"),
    ],
)
def test_dates_are_checked(now, worker, teamleader, starts_on, ends_on, field, message):
    with pytest.raises(ValidationError) as refused:
        record_absence(worker, starts_on=starts_on, ends_on=ends_on)
    assert message in refused.value.message_dict[field][0]


def test_a_worker_cannot_cover_for_themselves(now, worker, teamleader):
    with pytest.raises(ValidationError) as refused:
        record_absence(worker, cover=worker)
    assert "cannot cover for themselves" in refused.value.message_dict["cover"][0]


def test_without_a_team_leader_a_cover_must_be_named(now, worker):
    with pytest.raises(ValidationError) as refused:
        record_absence(worker)
    assert "Select who will cover" in refused.value.message_dict["cover"][0]


# Boundaries -------------------------------------------------------------------------------


def test_it_runs_from_midnight_london_time_on_the_first_day(time_machine, worker, teamleader):
    # 1 June 2027 is in British Summer Time: 00:00 London is 23:00 UTC the day before.
    time_machine.move_to(london(2027, 5, 20, 9), tick=False)
    absence = record_absence(worker, starts_on=date(2027, 6, 1), ends_on=date(2027, 6, 4))
    start = london(2027, 6, 1, 0, 0)

    assert not absence.is_active(start - timedelta(seconds=1))
    assert absence.is_active(start)
    assert not queries.running(start - timedelta(seconds=1)).exists()
    assert list(queries.running(start)) == [absence]


def test_it_runs_to_the_end_of_the_last_day(time_machine, worker, teamleader):
    time_machine.move_to(NOW, tick=False)
    absence = record_absence(worker, starts_on=TODAY, ends_on=date(2026, 12, 4))
    back = london(2026, 12, 5, 0, 0)

    assert absence.is_active(back - timedelta(seconds=1))
    assert list(queries.running(back - timedelta(seconds=1))) == [absence]
    assert not absence.is_active(back)
    assert not queries.running(back).exists()


def test_an_open_ended_absence_runs_until_it_is_ended(time_machine, worker, teamleader):
    time_machine.move_to(NOW, tick=False)
    absence = record_absence(worker, ends_on=None)
    assert absence.is_active(london(2027, 12, 1))

    time_machine.move_to(london(2026, 12, 8, 9, 30), tick=False)
    services.absence_end(absence=absence, user=worker)

    absence.refresh_from_db()
    assert absence.ends_on == date(2026, 12, 7)  # the last day away
    assert not absence.is_active()
    assert not queries.running(london(2026, 12, 8, 9, 31)).exists()


def test_ending_on_the_first_day_keeps_that_day(now, worker, teamleader):
    absence = record_absence(worker)
    services.absence_end(absence=absence, user=worker)

    absence.refresh_from_db()
    assert (absence.starts_on, absence.ends_on) == (TODAY, TODAY)
    assert not queries.running(NOW).exists()


def test_withdrawing_an_absence_not_begun_frees_its_days(now, worker, teamleader):
    absence = record_absence(worker, starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 24))
    services.absence_end(absence=absence, user=teamleader)

    absence.refresh_from_db()
    assert not absence.is_active(london(2026, 12, 21))
    record_absence(worker, starts_on=date(2026, 12, 21), ends_on=date(2026, 12, 22))


def test_an_ended_absence_cannot_be_ended_again(now, worker, teamleader):
    absence = record_absence(worker)
    services.absence_end(absence=absence, user=worker)
    with pytest.raises(ValidationError, match="already ended"):
        services.absence_end(absence=absence, user=worker)


def test_a_colleague_cannot_end_someone_elses_absence(now, worker, colleague, teamleader):
    absence = record_absence(worker)
    with pytest.raises(PermissionDenied):
        services.absence_end(absence=absence, user=colleague)
