"""The oversight dashboard (`/oversight/`): figures per team, each matching the list behind it,
in a fixed number of queries however many teams; and who may see which team."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from caserecords import oversight_queries, services
from caserecords.models import AmendmentKind, Child, PlannedContact
from staff.models import Role
from tests.factories import ChildFactory, ObservationFactory, TeamFactory, UserFactory

from .conftest import LONDON

DASHBOARD = reverse("caserecords:oversight")


def team_list(team, which):
    return reverse("caserecords:oversight-team-list", args=[team.pk, which])


def figures(client, team) -> dict:
    [row] = [row for row in client.get(DASHBOARD).context["teams"] if row.team == team]
    return {
        "unread": row.unread,
        "approvals": row.waiting,
        "unallocated": row.unallocated,
        "overdue": row.overdue,
    }


def busy_team(team, leader):
    """A team with: two files never read, one read lately, one read too long ago; one
    unallocated case; one approval waiting; two overdue drafts by one worker."""
    worker = UserFactory(username=f"busy{team.pk}", team=team)
    never = [ChildFactory(worker=worker, referral_date=date(2026, 1, 5)) for _ in range(2)]
    lately, long_ago = (ChildFactory(worker=worker) for _ in range(2))
    services.file_read_record(
        child=lately, user=leader, purpose="review", what_was_read="All of it."
    )
    services.file_read_record(
        child=long_ago, user=leader, purpose="review", what_was_read="All of it.",
        read_at=datetime(2026, 9, 1, 10, 0, tzinfo=LONDON), late_reason="Back-filled.",
    )  # fmt: skip
    ChildFactory(team=team, worker=None, referral_date=date(2026, 10, 28))  # new, unallocated
    services.approval_submit(
        child=never[0], user=worker, kind="assessment", data={"note": "Assessment"}
    )
    for days in (10, 12):
        ObservationFactory(
            child=never[1], author=worker, due_by=date(2026, 11, 2) - timedelta(days=days)
        )
    # A closed case is in none of the figures.
    ChildFactory(worker=worker, closed_on=date(2026, 6, 1), closure_reason="RC7")
    return worker


def test_the_figures_match_the_lists_behind_them(client, team_a, teamleader, child):
    busy_team(team_a, teamleader)
    client.force_login(teamleader)
    shown = figures(client, team_a)
    # `child` (referred in January, never read) is unread too.
    assert shown == {"unread": 4, "approvals": 1, "unallocated": 1, "overdue": 2}
    for which in ("unread", "approvals", "unallocated"):
        page = client.get(team_list(team_a, which)).context["page"]
        assert page.paginator.count == shown[which], which
    overdue = client.get(reverse("caserecords:team-overdue", args=[team_a.pk])).context["total"]
    assert overdue == shown["overdue"]


def test_a_file_read_within_the_interval_takes_it_off_the_list(client, team_a, teamleader, child):
    client.force_login(teamleader)
    assert figures(client, team_a)["unread"] == 1
    services.file_read_record(child=child, user=teamleader, purpose="audit", what_was_read="All")
    assert figures(client, team_a)["unread"] == 0
    assert client.get(team_list(team_a, "unread")).context["page"].paginator.count == 0


def test_a_file_read_entered_in_error_leaves_the_file_unread(client, team_a, teamleader, child):
    read = services.file_read_record(
        child=child, user=teamleader, purpose="audit", what_was_read="All"
    )
    services.amendment_request(
        observation=read.observation,
        user=teamleader,
        kind=AmendmentKind.ENTERED_IN_ERROR,
        reason="Read the wrong child's file.",
    )
    client.force_login(teamleader)

    assert figures(client, team_a)["unread"] == 1
    assert [c.pk for c in client.get(team_list(team_a, "unread")).context["page"]] == [child.pk]


def test_the_interval_is_a_setting(client, settings, team_a, teamleader, child):
    services.file_read_record(
        child=child, user=teamleader, purpose="review", what_was_read="All",
        read_at=datetime(2026, 10, 26, 10, 0, tzinfo=LONDON), late_reason="Back-filled.",
    )  # fmt: skip
    client.force_login(teamleader)
    assert figures(client, team_a)["unread"] == 0
    settings.OVERSIGHT_READ_INTERVAL_DAYS = 5  # working days: since Monday 26 October
    assert figures(client, team_a)["unread"] == 0
    settings.OVERSIGHT_READ_INTERVAL_DAYS = 4
    assert figures(client, team_a)["unread"] == 1


def test_the_lists_are_paged(client, team_a, teamleader):
    for _ in range(30):
        ChildFactory(team=team_a, worker=None)
    client.force_login(teamleader)
    page = client.get(team_list(team_a, "unallocated")).context["page"]
    assert (page.paginator.count, len(page.object_list)) == (30, 25)
    assert len(client.get(team_list(team_a, "unallocated") + "?page=2").context["page"]) == 5


@pytest.mark.parametrize("teams", [1, 10])
def test_the_dashboard_runs_a_fixed_number_of_queries_however_many_teams(
    client, director, service_a, teams, django_assert_num_queries
):
    for n in range(teams):
        team = TeamFactory(name=f"Team {n}", service=service_a)
        leader = UserFactory(username=f"leader{n}", role=Role.TEAM_LEADER, team=team)
        busy_team(team, leader)
    client.force_login(director)
    # 1 session, 2 user, 3 the teams, 4 closure days (the read interval), 5 the children's
    # figures per team, 6 approvals waiting per team, 7 overdue observations and planned
    # contacts per team and worker, with the workers' names, 8 unread notifications count
    # (header).
    with django_assert_num_queries(8):
        response = client.get(DASHBOARD)
    assert len(response.context["teams"]) == teams
    assert all(row.unread == 3 and row.overdue == 2 for row in response.context["teams"])


# Overdue recordings ---------------------------------------------------------------------


def overdue_link(team, worker=None) -> str:
    url = reverse("caserecords:team-overdue", args=[team.pk])
    return f"{url}?worker={worker.pk}" if worker else url


def test_a_team_leader_sees_the_overdue_recordings_by_worker(client, team_a, teamleader):
    busy = busy_team(team_a, teamleader)
    client.force_login(teamleader)
    response = client.get(DASHBOARD)
    [row] = response.context["teams"]
    assert [(w.worker_id, w.count) for w in row.overdue_by_worker] == [(busy.pk, 2)]
    html = response.content.decode()
    assert "Overdue recordings by worker" in html
    assert f'href="{overdue_link(team_a, busy)}"' in html
    assert f'href="{overdue_link(team_a)}" data-figure="overdue"' in html


def test_a_manager_of_many_teams_sees_a_figure_per_team_linking_to_its_workers(
    client, director, service_a
):
    teams = []
    for n in range(oversight_queries.WORKERS_SHOWN_UP_TO_TEAMS + 1):
        team = TeamFactory(name=f"Team {n}", service=service_a)
        busy_team(team, UserFactory(username=f"leader{n}", role=Role.TEAM_LEADER, team=team))
        teams.append(team)
    client.force_login(director)
    response = client.get(DASHBOARD)
    assert all(row.overdue == 2 for row in response.context["teams"])
    assert all(row.overdue_by_worker is None for row in response.context["teams"])
    html = response.content.decode()
    assert "Overdue recordings by worker" not in html
    for team in teams:
        assert f'href="{overdue_link(team)}" data-figure="overdue"' in html
        assert f'href="{team_list(team, "unread")}" data-figure="unread"' in html


def test_the_overdue_figure_counts_what_the_teams_overdue_list_holds(
    client, team_a, teamleader, worker, child
):
    due = date(2026, 10, 26)
    ObservationFactory(child=child, due_by=due)  # overdue
    ObservationFactory(child=child, due_by=date(2026, 11, 2))  # due today: not yet
    ObservationFactory(child=child, due_by=due, entered_in_error=True)
    ObservationFactory(
        child=child, due_by=due, status="completed",
        completed_at=datetime(2026, 10, 30, 10, 0, tzinfo=LONDON), late_reason="Late",
    )  # fmt: skip
    planned = {
        "child": child, "kind": "phone_call", "created_by": worker,
        "planned_for": datetime(2026, 10, 19, 10, 0, tzinfo=LONDON), "due_by": due,
    }  # fmt: skip
    PlannedContact.objects.create(**planned)  # overdue: never recorded
    PlannedContact.objects.create(
        **planned, status="cancelled", cancel_reason="Moved", cancelled_at=planned["planned_for"]
    )
    ChildFactory(team=team_a, worker=worker, restricted=True)  # not seen: not counted
    ObservationFactory(child=Child.objects.get(restricted=True), due_by=due)
    client.force_login(teamleader)
    [row] = client.get(DASHBOARD).context["teams"]
    overdue = client.get(overdue_link(team_a)).context["total"]
    assert row.overdue == overdue == 2
    assert [(w.name, w.count) for w in row.overdue_by_worker] == [("Wendy Walker", 2)]


@pytest.mark.parametrize("which", ["unread", "approvals", "unallocated"])
@pytest.mark.parametrize("rows", [1, 30])
def test_each_list_runs_a_fixed_number_of_queries(
    client, team_a, teamleader, which, rows, django_assert_num_queries
):
    worker = UserFactory(username="listworker", team=team_a)
    for _ in range(rows):
        kid = ChildFactory(team=team_a, worker=None if which == "unallocated" else worker)
        if which == "approvals":
            services.approval_submit(child=kid, user=worker, kind="care_plan", data={"note": "P"})
    client.force_login(teamleader)
    # 1 session, 2 user, 3 the team, 4 the count, 5 the page of rows (with child, team and
    # worker, or who submitted), 6 the open legal statuses of the children on the page
    # (not for approvals), 7 closure days (the read interval, for unread), 8 the access
    # log's insert, 9 unread notifications count (header).
    expected = {"unread": 9, "approvals": 7, "unallocated": 8}[which]
    with django_assert_num_queries(expected):
        response = client.get(team_list(team_a, which))
    assert response.context["page"].paginator.count == rows


# Access ---------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["worker", "auditor", "otherworker"])
def test_only_managers_see_the_dashboard(client, everyone, persona):
    client.force_login(everyone[persona])
    assert client.get(DASHBOARD).status_code == 403


@pytest.mark.parametrize(
    ("persona", "team_names"),
    [
        ("teamleader", ["Assessment Team North"]),
        ("headofservice", ["Assessment Team North", "Assessment Team South"]),
        ("pgl", ["Assessment Team North", "Assessment Team South"]),
        ("director", ["Assessment Team North", "Assessment Team South", "Looked After Team"]),
    ],
)
def test_each_manager_sees_the_teams_they_oversee(
    client, everyone, service_a, team_b, persona, team_names
):
    TeamFactory(name="Assessment Team South", service=service_a)
    client.force_login(everyone[persona])
    assert [row.team.name for row in client.get(DASHBOARD).context["teams"]] == team_names


def test_a_team_one_does_not_manage_is_404(client, teamleader, team_b):
    client.force_login(teamleader)
    assert client.get(team_list(team_b, "unread")).status_code == 404
    assert (
        client.get(reverse("caserecords:oversight-team-list", args=[1, "nonsense"])).status_code
        == 404
    )
