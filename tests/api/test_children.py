"""GET /api/children/ and /api/children/{id}/: the files one may see, and the front of a file."""

from datetime import date

import pytest

from caserecords import services
from tests.factories import ChildFactory
from tests.oversight.closing import close_case


@pytest.fixture
def on_cp_plan(child, teamleader):
    return services.legal_status_start(
        child=child, kind="cp", cp_category="NEG", started_on=date(2026, 3, 2), user=teamleader
    )


@pytest.fixture
def closed_sibling(sibling, worker, teamleader):
    # A case closes only on an approved closure (seed 003 App. 7, 3.4).
    return close_case(
        sibling,
        submitted_by=worker,
        approved_by=teamleader,
        closed_on=date(2026, 6, 1),
        closure_reason="RC7",
        closure_summary="Family moved on with support from early help.",
        child_views="Noah said he was happy to stop seeing social workers.",
        carer_views="Mother agreed with the closure.",
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


def test_the_list_is_paginated_and_in_name_order(api, child, sibling):
    body = api.get("/api/children/").json()

    assert body["count"] == 2
    assert [row["full_name"] for row in body["results"]] == ["Amelia Hughes", "Noah Hughes"]
    assert {"next", "previous"} <= body.keys()


def test_the_list_shows_allocation_and_open_legal_statuses(api, child, worker, on_cp_plan):
    row = api.get("/api/children/").json()["results"][0]

    assert row["team"] == {"id": child.team_id, "name": "Assessment Team North"}
    assert row["worker"] == {"id": worker.pk, "username": "worker", "name": "Wendy Walker"}
    assert row["open"] is True
    assert row["legal_statuses"] == [
        {
            "kind": {"code": "cp", "label": "Child protection plan"},
            "cp_category": {"code": "NEG", "label": "Neglect"},
            "lac_legal_status": None,
            "started_on": "2026-03-02",
            "ended_on": None,
        }
    ]


def test_it_filters_by_current_legal_status(api, child, sibling, on_cp_plan, teamleader):
    services.legal_status_start(
        child=sibling, kind="cin", started_on=date(2026, 1, 5), user=teamleader
    )
    ended = services.legal_status_start(
        child=sibling, kind="cp", cp_category="PHY", started_on=date(2026, 1, 5), user=teamleader
    )
    services.legal_status_end(status=ended, ended_on=date(2026, 2, 1), user=teamleader)

    assert ids(api.get("/api/children/?legal_status=cp")) == [child.pk]
    assert ids(api.get("/api/children/?legal_status=cin")) == [sibling.pk]
    assert ids(api.get("/api/children/?legal_status=lac")) == []


def test_it_filters_open_and_closed_cases(api, child, closed_sibling):
    assert ids(api.get("/api/children/?open=true")) == [child.pk]
    assert ids(api.get("/api/children/?open=false")) == [closed_sibling.pk]


def test_it_filters_by_team_and_worker(api_for, director, child, worker, colleague, other_child):
    moved = ChildFactory(first_name="Ruby", last_name="Ahmed", worker=colleague)
    client = api_for(director)

    assert ids(client.get(f"/api/children/?team={child.team_id}")) == [moved.pk, child.pk]
    assert ids(client.get(f"/api/children/?worker={worker.pk}")) == [child.pk]
    assert ids(client.get(f"/api/children/?team={other_child.team_id}")) == [other_child.pk]


def test_it_searches_names_and_the_local_authority_id(api, child, sibling):
    assert ids(api.get("/api/children/?search=amelia")) == [child.pk]
    assert ids(api.get("/api/children/?search=Noah Hughes")) == [sibling.pk]
    assert ids(api.get("/api/children/?search=a0001")) == [child.pk]
    assert ids(api.get("/api/children/?search=Hughes")) == [child.pk, sibling.pk]
    assert ids(api.get("/api/children/?search=nobody")) == []


def test_a_filter_on_another_teams_ids_finds_nothing(api, child, other_child):
    assert ids(api.get(f"/api/children/?team={other_child.team_id}")) == []
    assert ids(api.get(f"/api/children/?search={other_child.la_child_id}")) == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("legal_status=adopted", "legal_status"),
        ("open=perhaps", "open"),
        ("team=north", "team"),
        ("worker=99999999999999999999999", "worker"),
        ("team=-1", "team"),
    ],
)
def test_a_bad_filter_answers_400_naming_it(api, child, query, field):
    response = api.get(f"/api/children/?{query}")

    assert response.status_code == 400
    assert field in response.json()


def test_the_detail_has_identity_and_equality_data_with_codes_and_labels(api, child, worker):
    body = api.get(f"/api/children/{child.pk}/").json()

    assert body["la_child_id"] == "A0001"
    assert body["date_of_birth"] == "2016-05-17"
    assert body["sex"] == {"code": "F", "label": "Female"}
    assert body["ethnicity"] == {"code": "WBRI", "label": "White British"}
    assert body["disabilities"] == [{"code": "NONE", "label": "None"}]
    assert body["referral_date"] == "2026-01-12"
    assert body["referral_source"] == {"code": "2A", "label": "Schools"}
    assert body["primary_need"] == {"code": "N1", "label": "Abuse or neglect"}
    assert body["interpreter_needed"] is False
    assert body["closure"] is None


def test_the_detail_has_the_current_allocation(api, child, worker):
    allocation = api.get(f"/api/children/{child.pk}/").json()["allocation"]

    assert allocation == {
        "team": {"id": child.team_id, "name": "Assessment Team North"},
        "worker": {"id": worker.pk, "username": "worker", "name": "Wendy Walker"},
        "started_on": "2026-01-12",
        "reason": "Referral",
    }


def test_the_detail_of_a_closed_case_has_its_closure(api, closed_sibling):
    body = api.get(f"/api/children/{closed_sibling.pk}/").json()

    assert body["open"] is False
    assert body["closure"] == {
        "closed_on": "2026-06-01",
        "reason": {"code": "RC7", "label": "Ceased for any other reason"},
        "summary": "Family moved on with support from early help.",
        "child_views": "Noah said he was happy to stop seeing social workers.",
        "carer_views": "Mother agreed with the closure.",
    }


@pytest.mark.parametrize("path", ["/api/children/999999/", "/api/children/abc/"])
def test_an_unknown_child_is_404(api, child, path):
    assert api.get(path).status_code == 404


def test_an_id_too_big_for_the_database_is_404(api, child):
    assert api.get("/api/children/99999999999999999999999/").status_code == 404


def test_children_are_read_only(api, child):
    assert api.post("/api/children/", {}, format="json").status_code == 405
    assert api.patch(f"/api/children/{child.pk}/", {}, format="json").status_code == 405
    assert api.delete(f"/api/children/{child.pk}/").status_code == 405


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    api, director, api_for, teamleader, worker, count, django_assert_max_num_queries
):
    for _ in range(count):
        child = ChildFactory(worker=worker)
        services.legal_status_start(
            child=child, kind="cin", started_on=date(2026, 1, 5), user=teamleader
        )
    client = api_for(director)

    # token and user, count, the page of children with team and worker, their open legal statuses
    with django_assert_max_num_queries(4):
        response = client.get("/api/children/")

    assert response.json()["count"] == count


def test_the_detail_runs_a_fixed_number_of_queries(
    api, child, on_cp_plan, django_assert_max_num_queries
):
    # token and user, the child with team and worker, open legal statuses, current
    # allocation, the access log's insert
    with django_assert_max_num_queries(5):
        response = api.get(f"/api/children/{child.pk}/")

    assert response.status_code == 200
