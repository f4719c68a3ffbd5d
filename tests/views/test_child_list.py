"""Children (`/children/`): every child the user may see, filtered by a GET form, 25 a page."""

from datetime import date

import pytest
from django.urls import reverse

from caserecords import services
from tests.factories import ChildFactory

URL = reverse("caserecords:child-list")


def names(response) -> list[str]:
    return [child.full_name for child in response.context["page"]]


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_worker_sees_their_teams_children_and_not_another_teams(
    client, worker, child, other_child
):
    client.force_login(worker)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Amelia Hughes"]
    html = response.content.decode()
    assert child.get_absolute_url() in html
    assert other_child.get_absolute_url() not in html


def test_another_teams_worker_does_not_see_the_child(client, otherworker, child, other_child):
    client.force_login(otherworker)
    assert names(client.get(URL)) == ["Oscar Reed"]


def test_an_auditor_sees_no_files_yet(client, auditor, child):
    client.force_login(auditor)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == []
    assert "No children match these filters." in response.content.decode()


def test_the_director_sees_every_child(client, director, child, other_child):
    client.force_login(director)
    assert sorted(names(client.get(URL))) == ["Amelia Hughes", "Oscar Reed"]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("amelia", ["Amelia Hughes"]),
        ("HUGHES", ["Amelia Hughes", "Noah Hughes"]),
        ("Amelia Hughes", ["Amelia Hughes"]),
        ("a0001", ["Amelia Hughes"]),
        ("A000", []),
    ],
)
def test_it_finds_a_child_by_name_or_la_id(client, worker, child, sibling, search, found):
    ChildFactory(first_name="Zara", last_name="Patel", worker=worker)
    client.force_login(worker)
    assert names(client.get(URL, {"search": search})) == found


def test_it_offers_only_the_teams_one_can_see(client, worker, director, child, other_child):
    client.force_login(worker)
    html = client.get(URL).content.decode()
    assert "Assessment Team North" in html
    assert "Looked After Team" not in html
    client.force_login(director)
    html = client.get(URL).content.decode()
    assert "Assessment Team North" in html
    assert "Looked After Team" in html


def test_it_filters_by_team(client, director, child, other_child, team_b):
    client.force_login(director)
    assert names(client.get(URL, {"team": team_b.pk})) == ["Oscar Reed"]


def test_a_team_one_cannot_see_is_refused_and_shows_nothing_of_it(
    client, worker, child, other_child, team_b
):
    client.force_login(worker)
    response = client.get(URL, {"team": team_b.pk})
    assert response.context["form"].errors["team"]
    assert names(response) == ["Amelia Hughes"]


def test_it_filters_by_current_legal_status(client, worker, child, sibling):
    services.legal_status_start(
        child=child, kind="cp", cp_category="EMO", started_on=date(2026, 2, 1), user=worker
    )
    services.legal_status_start(child=sibling, kind="cin", started_on=date(2026, 2, 1), user=worker)
    ended = services.legal_status_start(
        child=sibling, kind="cp", cp_category="NEG", started_on=date(2026, 1, 1), user=worker
    )
    services.legal_status_end(status=ended, ended_on=date(2026, 1, 31), user=worker)
    client.force_login(worker)
    assert names(client.get(URL, {"legal_status": "cp"})) == ["Amelia Hughes"]
    assert names(client.get(URL, {"legal_status": "cin"})) == ["Noah Hughes"]
    assert names(client.get(URL, {"legal_status": "lac"})) == []
    html = client.get(URL).content.decode()
    assert "Child protection plan" in html
    assert "Child in need" in html


def test_it_shows_open_cases_unless_asked_for_closed_ones(client, worker, child):
    ChildFactory(
        first_name="Clara",
        last_name="Closed",
        worker=worker,
        closed_on=date(2026, 6, 1),
        closure_reason="RC7",
    )
    client.force_login(worker)
    assert names(client.get(URL)) == ["Amelia Hughes"]
    assert names(client.get(URL, {"state": "closed"})) == ["Clara Closed"]
    assert sorted(names(client.get(URL, {"state": "all"}))) == ["Amelia Hughes", "Clara Closed"]


def _many_children(worker, count: int) -> None:
    for n in range(count):
        ChildFactory(first_name="Child", last_name=f"Number{n:02d}", worker=worker)


def test_it_shows_25_a_page_with_govuk_pagination_keeping_the_filters(client, worker):
    _many_children(worker, 30)
    client.force_login(worker)
    first = client.get(URL, {"search": "child"})
    assert len(names(first)) == 25
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html
    assert "?search=child&amp;page=2" in html
    second = client.get(URL, {"search": "child", "page": 2})
    assert names(second) == [f"Child Number{n:02d}" for n in range(25, 30)]
    assert 'aria-current="page"' in second.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, worker):
    _many_children(worker, 30)
    client.force_login(worker)
    assert len(names(client.get(URL, {"page": 99}))) == 5


@pytest.mark.parametrize("count", [1, 25])
def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_children(
    client, worker, count, django_assert_num_queries
):
    _many_children(worker, count)
    for child in list(worker.caseload.all())[:count]:
        services.legal_status_start(
            child=child, kind="cin", started_on=date(2026, 2, 1), user=worker
        )
    client.force_login(worker)
    # 1 session, 2 user, 3 teams for the filter, 4 count of children, 5 the page of
    # children (with team and worker), 6 their legal statuses, 7 unread notifications
    # count (header).
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(names(response)) == count
