"""Who may use the API, and what each persona sees through it."""

import pytest

from caserecords.models import Observation

from .conftest import VISIT_AT


def replacement_body() -> dict:
    return {
        "kind": "home_visit",
        "occurred_at": VISIT_AT.isoformat(),
        "location": "At the family home",
        "summary": "Home visit",
        "child_seen": "seen_alone",
    }


def visit_body(child) -> dict:
    return {"child": child.pk, **replacement_body()}


# (method, path, body, status when allowed) for every endpoint but the token one.
ENDPOINTS = {
    "child list": lambda c, o: ("get", "/api/children/", None, 200),
    "child detail": lambda c, o: ("get", f"/api/children/{c.pk}/", None, 200),
    "observation list": lambda c, o: ("get", "/api/observations/", None, 200),
    "observation create": lambda c, o: ("post", "/api/observations/", visit_body(c), 201),
    "observation detail": lambda c, o: ("get", f"/api/observations/{o.pk}/", None, 200),
    "observation put": lambda c, o: ("put", f"/api/observations/{o.pk}/", replacement_body(), 200),
    "observation patch": lambda c, o: (
        "patch",
        f"/api/observations/{o.pk}/",
        {"summary": "Changed"},
        200,
    ),
    "observation complete": lambda c, o: ("post", f"/api/observations/{o.pk}/complete/", {}, 200),
    "schema": lambda c, o: ("get", "/api/schema/", None, 200),
    "swagger ui": lambda c, o: ("get", "/api/docs/", None, 200),
    "redoc": lambda c, o: ("get", "/api/redoc/", None, 200),
}
# Endpoints about one child's record, which another team must not learn exists.
RECORD_ENDPOINTS = [name for name in ENDPOINTS if name not in {"child list", "observation list"}]
RECORD_ENDPOINTS = [n for n in RECORD_ENDPOINTS if n not in {"schema", "swagger ui", "redoc"}]


def call(client, method, path, body):
    return (
        getattr(client, method)(path, body, format="json")
        if body is not None
        else getattr(client, method)(path)
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_anonymous_caller_is_refused_and_changes_nothing(
    endpoint, anonymous, child, observation
):
    method, path, body, _ = ENDPOINTS[endpoint](child, observation)
    before = list(Observation.objects.values())

    response = call(anonymous, method, path, body)

    assert response.status_code in (401, 403)
    assert "results" not in response.content.decode()
    assert list(Observation.objects.values()) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_token_signs_the_worker_in_on_every_endpoint(endpoint, api, child, observation):
    method, path, body, expected = ENDPOINTS[endpoint](child, observation)

    response = call(api, method, path, body)

    assert response.status_code == expected, response.content[:500]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_wrong_token_is_refused(endpoint, anonymous, child, observation):
    method, path, body, _ = ENDPOINTS[endpoint](child, observation)
    anonymous.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = call(anonymous, method, path, body)

    # 403 rather than 401: session authentication comes first and sends no challenge.
    assert response.status_code in (401, 403)
    assert b"Amelia" not in response.content


@pytest.mark.parametrize("endpoint", RECORD_ENDPOINTS)
def test_another_teams_worker_gets_404_for_the_childs_record(
    endpoint, api_for, otherworker, child, observation
):
    method, path, body, _ = ENDPOINTS[endpoint](child, observation)
    before = list(Observation.objects.values())

    response = call(api_for(otherworker), method, path, body)

    assert response.status_code == 404
    assert "Amelia" not in response.content.decode()
    assert list(Observation.objects.values()) == before


def test_another_teams_worker_lists_only_their_own_children_and_observations(
    api_for, otherworker, child, observation, other_child
):
    client = api_for(otherworker)

    children = client.get("/api/children/").json()
    observations = client.get(f"/api/observations/?child={child.pk}").json()

    assert [row["id"] for row in children["results"]] == [other_child.pk]
    assert observations["results"] == []


SEE_THE_CHILD = ["worker", "colleague", "teamleader", "pgl", "headofservice", "director"]
DO_NOT_SEE = ["auditor", "otherworker"]


@pytest.mark.parametrize("persona", SEE_THE_CHILD + DO_NOT_SEE)
def test_each_role_sees_the_child_and_the_observation_only_if_need_to_know_allows(
    persona, everyone, api_for, child, observation, other_child
):
    client = api_for(everyone[persona])
    sees = persona in SEE_THE_CHILD

    listed = {row["id"] for row in client.get("/api/children/").json()["results"]}
    notes = {row["id"] for row in client.get("/api/observations/").json()["results"]}
    detail = client.get(f"/api/children/{child.pk}/")
    note = client.get(f"/api/observations/{observation.pk}/")

    assert (child.pk in listed) is sees
    assert (observation.pk in notes) is sees
    assert detail.status_code == (200 if sees else 404)
    assert note.status_code == (200 if sees else 404)


def test_the_director_sees_every_team_and_the_auditor_no_file_yet(
    api_for, director, auditor, child, other_child
):
    seen_by_director = api_for(director).get("/api/children/").json()["results"]
    seen_by_auditor = api_for(auditor).get("/api/children/").json()

    assert {row["id"] for row in seen_by_director} == {child.pk, other_child.pk}
    assert seen_by_auditor["count"] == 0


def test_a_session_user_uses_the_api_too(client, worker, child):
    client.force_login(worker)

    response = client.get(f"/api/children/{child.pk}/")

    assert response.status_code == 200
    assert response.json()["la_child_id"] == "A0001"


def test_delete_is_not_allowed_and_deletes_nothing(api, observation):
    response = api.delete(f"/api/observations/{observation.pk}/")

    assert response.status_code == 405
    assert Observation.objects.filter(pk=observation.pk).exists()
