"""The figures behind the managers' timeliness pages (caserecords/timeliness.py): the share of
recordings each team made within timescale, and working days overdue.

Today is Thursday 12 November 2026. The last 4 weeks are the recordings due from Thursday
15 October to Wednesday 11 November; the last quarter (13 weeks) those due from Thursday
13 August. Clocks went back on Sunday 25 October, so October dates before it are in BST.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from caserecords import timeliness
from caserecords.models import ClosureDay
from staff.models import Team
from tests.factories import ChildFactory, ObservationFactory, TeamFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 12)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def completed(child, due_by: date, at: datetime, **kwargs):
    return ObservationFactory(
        child=child, due_by=due_by, status="completed", completed_at=at, **kwargs
    )


def draft(child, due_by: date, **kwargs):
    return ObservationFactory(child=child, due_by=due_by, **kwargs)


def figures_for(team: Team, period: str = "recent") -> timeliness.Figures:
    [row] = timeliness.team_figures(Team.objects.filter(pk=team.pk), today=TODAY)
    return row[period]


def test_three_on_time_one_late_and_one_overdue_draft_make_sixty_per_cent(child, team_a):
    completed(child, date(2026, 11, 9), london(2026, 11, 9, 16))
    completed(child, date(2026, 11, 2), london(2026, 10, 30, 11))  # early
    completed(child, date(2026, 11, 11), london(2026, 11, 11, 23, 59))  # last minute
    completed(child, date(2026, 11, 3), london(2026, 11, 5, 9), late_reason="Off sick")
    draft(child, date(2026, 11, 10))
    figures = figures_for(team_a)
    assert (figures.due, figures.on_time, figures.late, figures.overdue) == (5, 3, 1, 1)
    assert figures.share == 60
    assert figures.percent == 60


def test_a_recording_completed_after_midnight_in_london_is_late_though_utc_is_still_the_due_day(
    child, team_a
):
    # 00:30 on 21 October in BST is 23:30 on 20 October in UTC.
    completed(child, date(2026, 10, 20), london(2026, 10, 21, 0, 30), late_reason="Late visit")
    completed(child, date(2026, 10, 20), london(2026, 10, 20, 23, 30))
    figures = figures_for(team_a)
    assert (figures.due, figures.on_time, figures.late) == (2, 1, 1)


def test_the_periods_count_by_due_date_up_to_yesterday(child, team_a):
    on_time = {"at": london(2026, 8, 1, 12)}
    completed(child, date(2026, 11, 12), **on_time)  # due today: not yet counted
    draft(child, date(2026, 11, 12))  # due today: not overdue yet
    completed(child, date(2026, 11, 11), **on_time)  # yesterday: both periods
    completed(child, date(2026, 10, 15), **on_time)  # 28 days ago: both periods
    completed(child, date(2026, 10, 14), **on_time)  # 29 days ago: the quarter only
    completed(child, date(2026, 8, 13), **on_time)  # 91 days ago: the quarter only
    completed(child, date(2026, 8, 12), **on_time)  # 92 days ago: neither
    assert figures_for(team_a, "recent").due == 2
    assert figures_for(team_a, "quarter").due == 4
    [recent, quarter] = timeliness.periods(TODAY)
    assert (recent.start, recent.end) == (date(2026, 10, 15), date(2026, 11, 11))
    assert (quarter.start, quarter.end) == (date(2026, 8, 13), date(2026, 11, 11))


def test_recordings_entered_in_error_are_left_out(child, team_a):
    draft(child, date(2026, 11, 10), entered_in_error=True)
    completed(child, date(2026, 11, 3), london(2026, 11, 6, 9), entered_in_error=True)
    completed(child, date(2026, 11, 3), london(2026, 11, 3, 9))
    figures = figures_for(team_a)
    assert (figures.due, figures.on_time, figures.share) == (1, 1, 100)


def test_a_recording_counts_for_the_team_that_holds_the_child_now(
    child, other_child, team_a, team_b
):
    completed(child, date(2026, 11, 3), london(2026, 11, 3, 9))
    draft(other_child, date(2026, 11, 3))
    draft(other_child, date(2026, 11, 4), author=child.worker)  # authored in team A, child in B
    empty = TeamFactory(name="Empty Team", service=team_a.service)
    rows = timeliness.team_figures(Team.objects.order_by("name"), today=TODAY)
    by_name = {row.team.name: row["recent"] for row in rows}
    assert (by_name[team_a.name].due, by_name[team_a.name].share) == (1, 100)
    assert (by_name[team_b.name].due, by_name[team_b.name].overdue) == (2, 2)
    assert by_name[team_b.name].share == 0
    assert (by_name[empty.name].due, by_name[empty.name].share) == (0, None)


def test_it_counts_every_team_in_two_queries_however_many_teams_and_recordings(
    team_a, django_assert_num_queries
):
    for n in range(6):
        child = ChildFactory(worker=UserFactory(team=TeamFactory(service=team_a.service)))
        for day in range(n):
            draft(child, date(2026, 11, 2 + day))
    # 1 the teams, 2 every team's counts for both periods in one conditional aggregation.
    with django_assert_num_queries(2):
        rows = timeliness.team_figures(Team.objects.all(), today=TODAY)
    assert sorted(row["quarter"].overdue for row in rows) == [0, 0, 1, 2, 3, 4, 5]


def test_working_days_past_skip_weekends_bank_holidays_and_closure_days(db):
    ClosureDay.objects.create(date=date(2026, 12, 31), reason="Council closure")
    today = date(2027, 1, 4)  # Monday
    days = timeliness.working_days_past(
        [date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 1), date(2027, 1, 4)], today
    )
    # After Thu 24 Dec: Tue 29, Wed 30 Dec and Mon 4 Jan (25, 28 Dec and 1 Jan are bank
    # holidays, 31 Dec a closure day, the rest weekends).
    assert days == {
        date(2026, 12, 24): 3,
        date(2026, 12, 29): 2,
        date(2027, 1, 1): 1,
        date(2027, 1, 4): 0,
    }


@pytest.mark.parametrize(
    ("due", "late", "overdue", "on_time", "percent"),
    [(0, 0, 0, 0, None), (3, 1, 0, 2, 67), (3, 0, 3, 0, 0), (8, 4, 3, 1, 12)],
)
def test_the_share_is_rounded_and_none_when_nothing_was_due(due, late, overdue, on_time, percent):
    figures = timeliness.Figures(due=due, late=late, overdue=overdue)
    assert figures.on_time == on_time
    assert figures.percent == percent
