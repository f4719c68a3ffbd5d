"""My caseload (`/`): the worker's children with last contact, next deadline and overdue
recordings; their own drafts due; for a team leader, the team's children too."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from caserecords import hooks, services
from caserecords.models import ClosureDay
from tests.factories import ChildFactory, ObservationFactory

URL = reverse("caserecords:caseload")
LONDON = ZoneInfo("Europe/London")
# Thursday 12 November 2026, mid-morning.
NOW = datetime(2026, 11, 12, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=LONDON)


def completed(child, day: int, **kwargs):
    return ObservationFactory(
        child=child,
        occurred_at=at(day),
        status="completed",
        completed_at=at(day, 16),
        due_by=date(2026, 11, day + 1),
        **kwargs,
    )


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@time_machine.travel(NOW, tick=False)
def test_it_shows_last_contact_next_deadline_and_overdue_count(client, worker, child):
    completed(child, 3)
    completed(child, 5)
    ObservationFactory(child=child, occurred_at=at(2), due_by=date(2026, 11, 9))  # overdue
    ObservationFactory(child=child, occurred_at=at(11), due_by=date(2026, 11, 18))
    client.force_login(worker)
    response = client.get(URL)
    assert response.status_code == 200
    [row] = response.context["children"]
    assert row == child
    assert row.last_contact == at(5)
    assert row.next_deadline == date(2026, 11, 9)
    assert row.overdue_count == 1
    html = response.content.decode()
    assert "Amelia Hughes" in html
    assert "A0001" in html
    assert "5 Nov 2026" in html  # last contact
    assert "1 overdue" in html


@time_machine.travel(NOW, tick=False)
def test_a_draft_due_today_is_not_overdue(client, worker, child):
    ObservationFactory(child=child, occurred_at=at(11), due_by=date(2026, 11, 12))
    client.force_login(worker)
    response = client.get(URL)
    assert response.context["children"][0].overdue_count == 0
    html = response.content.decode()
    assert "Due today" in html
    assert 'govuk-tag--red">Overdue' not in html


@time_machine.travel(NOW, tick=False)
def test_drafts_due_within_the_next_two_working_days_are_due_soon(client, worker, child):
    # Thursday 12 November: the next two working days are Friday 13 and Monday 16, but
    # Friday 13 is a closure day this year, so Tuesday 17 is due soon too.
    ClosureDay.objects.create(date=date(2026, 11, 13), reason="Council closure")
    ObservationFactory(child=child, occurred_at=at(10), due_by=date(2026, 11, 16))
    ObservationFactory(child=child, occurred_at=at(11), due_by=date(2026, 11, 17))
    ObservationFactory(child=child, occurred_at=at(12), due_by=date(2026, 11, 18))
    client.force_login(worker)
    html = client.get(URL).content.decode()
    assert html.count('govuk-tag--yellow">Due soon') == 2
    assert html.count('govuk-tag--grey">Draft') == 1


@time_machine.travel(NOW, tick=False)
def test_drafts_entered_in_error_carry_no_deadline_and_count_as_no_contact(client, worker, child):
    ObservationFactory(
        child=child, occurred_at=at(2), due_by=date(2026, 11, 9), entered_in_error=True
    )
    completed(child, 4, entered_in_error=True)
    client.force_login(worker)
    [row] = client.get(URL).context["children"]
    assert (row.overdue_count, row.next_deadline, row.last_contact) == (0, None, None)


@time_machine.travel(NOW, tick=False)
def test_it_sorts_children_with_overdue_recordings_first_then_by_next_deadline(
    client, worker, child
):
    later = ChildFactory(last_name="Adams", worker=worker)
    sooner = ChildFactory(last_name="Baker", worker=worker)
    nothing_due = ChildFactory(last_name="Aaron", worker=worker)
    ObservationFactory(child=later, occurred_at=at(11), due_by=date(2026, 11, 18))
    ObservationFactory(child=sooner, occurred_at=at(11), due_by=date(2026, 11, 13))
    ObservationFactory(child=child, occurred_at=at(2), due_by=date(2026, 11, 9))
    client.force_login(worker)
    response = client.get(URL)
    assert list(response.context["children"]) == [child, sooner, later, nothing_due]


@time_machine.travel(NOW, tick=False)
def test_it_lists_the_workers_own_drafts_soonest_first_with_links(client, worker, colleague, child):
    overdue = ObservationFactory(child=child, occurred_at=at(2), due_by=date(2026, 11, 9))
    due = ObservationFactory(child=child, occurred_at=at(11), due_by=date(2026, 11, 18))
    ObservationFactory(child=child, author=colleague, due_by=date(2026, 11, 10))
    completed(child, 5)
    client.force_login(worker)
    response = client.get(URL)
    assert list(response.context["drafts"]) == [overdue, due]
    html = response.content.decode()
    assert reverse("caserecords:observation", args=[overdue.pk]) in html
    assert reverse("caserecords:observation", args=[due.pk]) in html
    assert 'govuk-tag--red">Overdue' in html


def test_it_leaves_out_closed_cases_and_other_workers_children(client, worker, colleague, child):
    ChildFactory(
        worker=worker, closed_on=date(2026, 10, 1), closure_reason="RC7", last_name="Closed"
    )
    ChildFactory(worker=colleague, last_name="Colleagues")
    client.force_login(worker)
    assert list(client.get(URL).context["children"]) == [child]


def test_another_teams_worker_sees_none_of_team_as_children(
    client, otherworker, other_child, child
):
    client.force_login(otherworker)
    response = client.get(URL)
    assert list(response.context["children"]) == [other_child]
    assert "Amelia Hughes" not in response.content.decode()


def test_a_team_leader_also_sees_the_teams_children_with_their_workers(
    client, teamleader, colleague, child, team_a
):
    colleagues_child = ChildFactory(worker=colleague, last_name="Zephyr")
    unallocated = ChildFactory(team=team_a, last_name="Young")
    client.force_login(teamleader)
    response = client.get(URL)
    assert list(response.context["children"]) == []
    assert set(response.context["team_children"]) == {child, colleagues_child, unallocated}
    html = response.content.decode()
    assert "Your team’s open cases" in html
    assert "Colin Clarke" in html
    assert "Unallocated" in html


def test_a_worker_has_no_team_section(client, worker, child):
    client.force_login(worker)
    response = client.get(URL)
    assert response.context["team_children"] is None
    assert "Your team’s open cases" not in response.content.decode()


@pytest.mark.parametrize("persona", ["auditor", "director"])
def test_staff_with_no_caseload_see_an_empty_page(client, request, persona, child):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["children"]) == []
    assert "No children are allocated to you." in response.content.decode()


def _caseload_with(count: int, worker, teamleader) -> None:
    for n in range(count):
        child = ChildFactory(worker=worker if n else teamleader)
        services.legal_status_start(
            child=child, kind="cp", cp_category="NEG", started_on=date(2026, 2, 1), user=worker
        )
        ObservationFactory(child=child, occurred_at=at(2), due_by=date(2026, 11, 9 + n % 5))
        completed(child, 3)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("count", [1, 25])
def test_it_runs_a_fixed_number_of_queries_whatever_the_caseload(
    client, teamleader, worker, count, django_assert_num_queries
):
    _caseload_with(count, worker, teamleader)
    client.force_login(teamleader)
    # 1 session, 2 user, 3 my children counted, 4 my drafts counted, 5 closure days (when
    # drafts are "due soon"), 6 the team's children counted, 7 unread notifications count
    # (header), 8 a page of my drafts (with their children), 9 my planned contacts (with
    # their children), 10 a page of my children (annotated with last contact, next
    # deadline, overdue count; with team and worker), 11 their legal statuses, 12 a page of
    # the team's children (annotated likewise), 13 their legal statuses.
    # ... and what other apps add at the top of a caseload (caserecords.hooks).
    with django_assert_num_queries(13 + hooks.query_cost(hooks.CASELOAD_NOTES)):
        response = client.get(URL)
    assert len(response.context["children"]) == 1
    assert len(response.context["team_children"]) == count
    assert response.content.decode().count("Child protection plan") == count + 1


# Paging: each list on the page has its own GET parameter, and keeps the others. --------


def _drafts_for(author, count: int) -> list:
    """`count` drafts by this author, due one a day from 1 November (the first ones overdue)."""
    child = ChildFactory(worker=author)
    return [
        ObservationFactory(
            child=child,
            author=author,
            occurred_at=at(1),
            due_by=date(2026, 11, 1) + timedelta(days=n),
        )
        for n in range(count)
    ]


@time_machine.travel(NOW, tick=False)
def test_it_pages_the_drafts_soonest_due_first_and_says_how_many_wait(client, worker):
    drafts = _drafts_for(worker, 23)
    client.force_login(worker)
    response = client.get(URL)
    assert list(response.context["drafts"]) == drafts[:20]
    html = response.content.decode()
    assert "You have 23 draft observations waiting to be completed: 1 to 20 shown" in html
    assert 'href="?drafts_page=2#due" rel="next"' in html

    response = client.get(URL, {"drafts_page": 2})
    assert list(response.context["drafts"]) == drafts[20:]
    assert 'href="?drafts_page=1#due" rel="prev"' in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_few_drafts_need_no_pagination(client, worker, child):
    ObservationFactory(child=child, occurred_at=at(11), due_by=date(2026, 11, 18))
    client.force_login(worker)
    html = client.get(URL).content.decode()
    assert "You have 1 draft observation waiting to be completed." in html
    assert "govuk-pagination" not in html


@time_machine.travel(NOW, tick=False)
def test_a_page_past_the_end_shows_the_last(client, worker):
    drafts = _drafts_for(worker, 21)
    client.force_login(worker)
    response = client.get(URL, {"drafts_page": 9})
    assert list(response.context["drafts"]) == drafts[20:]


@time_machine.travel(NOW, tick=False)
def test_it_pages_the_teams_open_cases_overdue_first_and_returns_to_the_table(
    client, teamleader, colleague, team_a
):
    overdue = ChildFactory(worker=colleague, last_name="Zimmer")
    ObservationFactory(child=overdue, occurred_at=at(2), due_by=date(2026, 11, 9))
    others = [ChildFactory(team=team_a, last_name=f"Case{n:02}") for n in range(29)]
    client.force_login(teamleader)
    response = client.get(URL)
    first = list(response.context["team_children"])
    assert first == [overdue, *others[:24]]
    html = response.content.decode()
    assert 'id="team"' in html
    assert "30 open cases, those with overdue recordings first" in html
    assert 'href="?team_page=2#team" rel="next"' in html
    assert 'aria-label="Your team’s open cases: pagination"' in html
    assert "Colin Clarke" in html  # the worker column stays

    response = client.get(URL, {"team_page": 2})
    assert list(response.context["team_children"]) == others[24:]
    assert list(response.context["children"]) == []


@time_machine.travel(NOW, tick=False)
def test_paging_one_list_keeps_the_page_of_the_other(client, teamleader, team_a):
    drafts = _drafts_for(teamleader, 25)
    for n in range(29):
        ChildFactory(team=team_a, last_name=f"Case{n:02}")
    client.force_login(teamleader)
    response = client.get(URL, {"drafts_page": 2, "team_page": 2})
    assert list(response.context["drafts"]) == drafts[20:]
    assert len(response.context["team_children"]) == 30 - 25  # 29 and the drafts' child
    html = response.content.decode()
    assert 'href="?drafts_page=1&amp;team_page=2#due" rel="prev"' in html
    assert 'href="?drafts_page=2&amp;team_page=1#team" rel="prev"' in html


@time_machine.travel(NOW, tick=False)
def test_a_second_page_runs_the_same_fixed_number_of_queries(
    client, teamleader, worker, django_assert_num_queries
):
    _caseload_with(60, worker, teamleader)
    _drafts_for(teamleader, 60)
    client.force_login(teamleader)
    # As on the first page (test_it_runs_a_fixed_number_of_queries_whatever_the_caseload):
    # a count and a page for each list, whichever page.
    with django_assert_num_queries(13 + hooks.query_cost(hooks.CASELOAD_NOTES)):
        response = client.get(URL, {"drafts_page": 2, "team_page": 3, "children_page": 1})
    assert len(response.context["drafts"]) == 20
    assert len(response.context["team_children"]) == 61 - 50
