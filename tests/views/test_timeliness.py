"""The managers' timeliness pages: recording timeliness per team (`/timeliness/`, its CSV
download `/timeliness.csv`) and a team's overdue recordings by worker (`/teams/<id>/overdue/`).

Team leaders see their team, the PGL and head of service their service's teams, the
director every team; other roles get 403 and a team one does not manage is a 404.
Today is Wednesday 30 December 2026: 25 and 28 December were bank holidays.
"""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from caserecords.models import PlannedContact
from staff.models import Role
from tests.factories import ChildFactory, ObservationFactory, TeamFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 30, 10, 0, tzinfo=LONDON)
FIGURES = reverse("caserecords:timeliness")
CSV = reverse("caserecords:timeliness-csv")

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def overdue_url(team) -> str:
    return reverse("caserecords:team-overdue", args=[team.pk])


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def other_teamleader(team_b):
    return UserFactory(username="teamleader_b", role=Role.TEAM_LEADER, team=team_b)


# Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [FIGURES, CSV, "team"])
def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, team_a, url):
    response = client.get(overdue_url(team_a) if url == "team" else url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["worker", "otherworker", "auditor"])
@pytest.mark.parametrize("url", [FIGURES, CSV, "team"])
def test_staff_who_manage_no_team_are_refused(client, request, team_a, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(overdue_url(team_a) if url == "team" else url)
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["teamleader", "pgl", "headofservice", "director"])
def test_managers_of_team_a_see_its_overdue_recordings(client, request, child, persona):
    overdue = ObservationFactory(child=child, occurred_at=at(12, 17), due_by=date(2026, 12, 24))
    client.force_login(request.getfixturevalue(persona))
    response = client.get(overdue_url(child.team))
    assert response.status_code == 200
    html = response.content.decode()
    assert overdue.get_absolute_url() in html
    assert "Amelia Hughes" in html


@pytest.mark.parametrize("persona", ["teamleader", "pgl", "headofservice"])
def test_a_manager_gets_404_for_a_team_they_do_not_manage(client, request, team_b, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(overdue_url(team_b)).status_code == 404


def test_another_teams_leader_gets_404_for_team_a(client, other_teamleader, team_a, child):
    client.force_login(other_teamleader)
    assert client.get(overdue_url(team_a)).status_code == 404


def test_the_director_sees_every_teams_overdue_recordings(client, director, team_b, other_child):
    ObservationFactory(child=other_child, due_by=date(2026, 12, 1))
    client.force_login(director)
    response = client.get(overdue_url(team_b))
    assert response.status_code == 200
    assert "Oscar Reed" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "teams"),
    [
        ("teamleader", ["Assessment Team North"]),
        ("pgl", ["Assessment Team North"]),
        ("headofservice", ["Assessment Team North"]),
        ("director", ["Assessment Team North", "Looked After Team"]),
        ("other_teamleader", ["Looked After Team"]),
    ],
)
def test_the_figures_list_the_teams_each_manager_manages(
    client, request, team_a, team_b, persona, teams
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(FIGURES)
    assert response.status_code == 200
    assert [row.team.name for row in response.context["teams"]] == teams


def test_a_team_leader_without_a_team_sees_no_figures(client, team_a):
    client.force_login(UserFactory(role=Role.TEAM_LEADER, team=None))
    response = client.get(FIGURES)
    assert response.status_code == 200
    assert "You do not manage any teams yet." in response.content.decode()


def test_the_navigation_offers_timeliness_to_managers_only(client, worker, teamleader):
    client.force_login(worker)
    assert f'href="{FIGURES}"' not in client.get(reverse("caserecords:caseload")).content.decode()
    client.force_login(teamleader)
    assert f'href="{FIGURES}"' in client.get(reverse("caserecords:caseload")).content.decode()


# The team's overdue recordings -------------------------------------------------------------


def test_it_lists_overdue_recordings_by_worker_oldest_first(
    client, teamleader, worker, colleague, child, sibling
):
    newest = ObservationFactory(child=child, occurred_at=at(12, 22), due_by=date(2026, 12, 29))
    oldest = ObservationFactory(child=sibling, occurred_at=at(12, 1), due_by=date(2026, 12, 2))
    colleagues = ObservationFactory(
        child=child, author=colleague, occurred_at=at(12, 10), due_by=date(2026, 12, 17)
    )
    planned = PlannedContact.objects.create(
        child=child,
        kind="home_visit",
        planned_for=at(12, 21),
        due_by=date(2026, 12, 24),
        created_by=worker,
    )
    client.force_login(teamleader)
    response = client.get(overdue_url(child.team))
    workers = response.context["workers"]
    assert [group.worker_id for group in workers] == [worker.pk, colleague.pk]
    assert [group.worker_name for group in workers] == ["Wendy Walker", "Colin Clarke"]
    [first, second, third] = workers[0].items
    assert (first.url, second.url, third.url) == (
        oldest.get_absolute_url(),
        planned.get_absolute_url(),
        newest.get_absolute_url(),
    )
    assert (first.contact_date, first.due_by) == (date(2026, 12, 1), date(2026, 12, 2))
    # After Wed 2 Dec: 16 working days to Thu 24 Dec, then Tue 29 and Wed 30 (25 and 28 Dec
    # are bank holidays); after Thu 24 Dec: 2; after Tue 29 Dec: 1.
    assert [item.working_days_overdue for item in workers[0].items] == [18, 2, 1]
    assert workers[1].items[0].url == colleagues.get_absolute_url()
    assert response.context["total"] == 4
    html = response.content.decode()
    assert "4 overdue recordings" in html
    assert "Planned contact, not recorded" in html
    assert html.index("Wendy Walker") < html.index("Colin Clarke")


def test_it_leaves_out_what_is_not_overdue_and_other_teams_recordings(
    client, teamleader, worker, child, other_child
):
    ObservationFactory(child=child, due_by=date(2026, 12, 30))  # due today
    ObservationFactory(child=child, due_by=date(2026, 12, 1), entered_in_error=True)
    ObservationFactory(
        child=child, due_by=date(2026, 12, 1), status="completed", completed_at=at(12, 3)
    )
    ObservationFactory(child=other_child, due_by=date(2026, 12, 1))
    PlannedContact.objects.create(
        child=child,
        kind="phone_call",
        planned_for=at(12, 1),
        due_by=date(2026, 12, 8),
        created_by=worker,
        status="cancelled",
        cancel_reason="Family moved the meeting",
        cancelled_at=at(11, 30),
    )
    client.force_login(teamleader)
    response = client.get(overdue_url(child.team))
    assert response.context["workers"] == []
    html = response.content.decode()
    assert "The team has no overdue recordings." in html
    assert "Oscar Reed" not in html


def test_it_shows_each_workers_oldest_ten_and_links_to_all_of_theirs(
    client, teamleader, worker, colleague, child
):
    for day in range(1, 13):
        ObservationFactory(child=child, occurred_at=at(11, day), due_by=date(2026, 12, day))
    ObservationFactory(child=child, author=colleague, due_by=date(2026, 12, 20))
    client.force_login(teamleader)
    response = client.get(overdue_url(child.team))
    mine, theirs = response.context["workers"]
    assert (theirs.count, theirs.hidden) == (1, 0)
    assert (mine.count, len(mine.shown), mine.hidden) == (12, 10, 2)
    assert [item.due_by.day for item in mine.shown] == list(range(1, 11))
    html = response.content.decode()
    assert f'href="?worker={worker.pk}"' in html
    assert "See all 12 overdue recordings for Wendy Walker" in html
    assert f'href="?worker={colleague.pk}"' not in html

    response = client.get(overdue_url(child.team), {"worker": worker.pk})
    [only] = response.context["workers"]
    assert (only.worker_id, len(only.shown), only.hidden) == (worker.pk, 12, 0)
    assert "Colin Clarke" not in response.content.decode()


def test_a_worker_from_elsewhere_shows_nothing_of_the_team(client, teamleader, child, otherworker):
    ObservationFactory(child=child, due_by=date(2026, 12, 1))
    client.force_login(teamleader)
    response = client.get(overdue_url(child.team), {"worker": otherworker.pk})
    assert response.status_code == 200
    assert response.context["workers"] == []
    assert "This worker has no overdue recordings in the team." in response.content.decode()


def _overdue_in_team(count: int, team) -> None:
    for n in range(count):
        child = ChildFactory(worker=UserFactory(team=team))
        ObservationFactory(child=child, due_by=date(2026, 12, 1 + n % 20))
        PlannedContact.objects.create(
            child=child,
            kind="home_visit",
            planned_for=at(12, 1),
            due_by=date(2026, 12, 8),
            created_by=child.worker,
        )


@pytest.mark.parametrize("count", [1, 20])
def test_the_team_view_runs_a_fixed_number_of_queries(
    client, teamleader, team_a, count, django_assert_max_num_queries
):
    _overdue_in_team(count, team_a)
    client.force_login(teamleader)
    # 1 session, 2 user, 3 the team (if managed), 4 overdue observations with child and
    # author, 5 overdue planned contacts with child and worker, 6 closure days. At most 2
    # more for what every page may show in its header (the unread notifications count).
    with django_assert_max_num_queries(8):
        response = client.get(overdue_url(team_a))
    assert response.context["total"] == 2 * count


# The figures, the chart and the CSV ------------------------------------------------------


@pytest.fixture
def sixty_per_cent(child):
    """Team A in the last 4 weeks: 3 on time, 1 late, 1 still overdue."""
    for due, done in [((12, 21), (12, 21, 16)), ((12, 22), (12, 18, 9)), ((12, 29), (12, 29, 23))]:
        ObservationFactory(
            child=child, due_by=date(2026, *due), status="completed", completed_at=at(*done)
        )
    ObservationFactory(
        child=child,
        due_by=date(2026, 12, 14),
        status="completed",
        completed_at=at(12, 16),
        late_reason="Off sick",
    )
    ObservationFactory(child=child, due_by=date(2026, 12, 24))
    return child


def test_the_figures_show_the_share_within_timescale_with_its_counts(
    client, teamleader, sixty_per_cent
):
    client.force_login(teamleader)
    response = client.get(FIGURES)
    [row] = response.context["teams"]
    figures = row["recent"]
    assert (figures.due, figures.on_time, figures.late, figures.overdue) == (5, 3, 1, 1)
    html = response.content.decode()
    assert "60%" in html
    assert "by due date" in html
    assert "Recordings due from 2 December 2026 to 29 December 2026" in html
    assert overdue_url(row.team) in html
    assert 'href="/timeliness.csv"' in html


def test_the_chart_is_hidden_from_screen_readers_and_drawn_to_scale(
    client, teamleader, sixty_per_cent
):
    client.force_login(teamleader)
    response = client.get(FIGURES)
    [row] = response.context["chart"]["rows"]
    assert [bar["width"] for bar in row["bars"]] == [204, 204]  # 60% of 340
    html = response.content.decode()
    assert 'class="app-timeliness-chart"' in html
    assert 'aria-hidden="true"' in html.split('class="app-timeliness-chart"')[1][:300]


def test_the_csv_holds_the_same_figures(client, pgl, sixty_per_cent, team_a):
    TeamFactory(name="=HYPERLINK(1)", service=team_a.service)
    client.force_login(pgl)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="timeliness-2026-12-30.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0] == {
        "team": "'=HYPERLINK(1)",
        "period": "Last 4 weeks",
        "due_from": "2026-12-02",
        "due_to": "2026-12-29",
        "due": "0",
        "on_time": "0",
        "late": "0",
        "overdue": "0",
        "percent_on_time": "",
    }
    assert rows[2] == {
        "team": "Assessment Team North",
        "period": "Last 4 weeks",
        "due_from": "2026-12-02",
        "due_to": "2026-12-29",
        "due": "5",
        "on_time": "3",
        "late": "1",
        "overdue": "1",
        "percent_on_time": "60.0",
    }
    assert rows[3]["period"] == "Last quarter (13 weeks)"
    assert rows[3]["due_from"] == "2026-09-30"
    assert len(rows) == 4


@pytest.mark.parametrize("teams", [1, 12])
def test_the_figures_and_csv_run_a_fixed_number_of_queries(
    client, director, teams, django_assert_max_num_queries
):
    for _ in range(teams):
        _overdue_in_team(2, TeamFactory())
    client.force_login(director)
    # 1 session, 2 user, 3 the teams, 4 every team's counts in one aggregation. At most 2
    # more for what every page may show in its header (the unread notifications count).
    with django_assert_max_num_queries(6):
        response = client.get(FIGURES)
    assert len(response.context["teams"]) == teams
    with django_assert_max_num_queries(4):
        client.get(CSV)
