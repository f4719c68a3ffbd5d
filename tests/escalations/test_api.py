"""The API: /api/escalation-reasons/, /api/escalations/ (with respond, decide, acknowledge,
updates, close) and /api/missing-episodes/, with the names integrations rely on."""

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from caserecords.models import AccessLog
from notifications.models import Escalation, EscalationStatus

from .conftest import CAT_A, CAT_B, london, raise_concern

NOW = london(2027, 5, 26, 10, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api_for():
    def client_for(user) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


def body(child, code=CAT_A, **fields) -> dict:
    return {
        "child": child.pk if child is not None else None,
        "reason": code,
        "nature_of_concern": "Amelia was injured at her placement.",
        "action_being_taken": "Strategy discussion today.",
        "update_expected_on": "2027-05-28",
        "who_to_contact": "Wendy Walker",
        **fields,
    }


def test_the_reasons_list_has_code_category_and_label(api_for, worker):
    response = api_for(worker).get("/api/escalation-reasons/")
    assert response.status_code == 200
    reasons = response.json()
    assert len(reasons) == 21
    assert reasons[0].keys() == {"code", "category", "label"}
    assert {
        "code": "case_file_missing_or_stolen",
        "category": "A",
        "label": "A case file goes missing or is stolen",
    } in reasons


def test_anonymous_callers_get_401(child):
    client = APIClient()
    for path in ("/api/escalation-reasons/", "/api/escalations/", "/api/missing-episodes/"):
        assert client.get(path).status_code == 401
    assert client.post("/api/escalations/", body(child), format="json").status_code == 401
    assert not Escalation.objects.exists()


def test_raising_a_concern_derives_the_category_and_answers_with_the_stable_names(
    api_for, worker, child, pgl, headofservice
):
    response = api_for(worker).post("/api/escalations/", body(child), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    escalation = Escalation.objects.get()
    assert response["Location"] == f"/api/escalations/{escalation.pk}/"
    assert {
        "child",
        "reason",
        "category",
        "raised_at",
        "basic_information",
        "nature_of_concern",
        "action_being_taken",
        "update_expected_on",
        "who_to_contact",
        "status",
        "sent_to_director_at",
        "timeline",
        "notices",
    } <= data.keys()
    assert (data["child"], data["reason"], data["category"]) == (child.pk, CAT_A, "A")
    assert data["status"] == "with_pgl"
    assert data["sent_to_director_at"] is None
    assert data["raised_at"] == "2027-05-26T10:00:00+01:00"
    assert "LA ID A0001" in data["basic_information"]
    assert [step["kind"] for step in data["timeline"]] == ["raised", "sent_to_pgl"]
    assert data["timeline"][0]["by"]["username"] == "worker"
    assert data["notices"] == []


def test_a_staff_matter_has_a_null_child(api_for, worker, pgl):
    response = api_for(worker).post(
        "/api/escalations/", body(None, "gross_misconduct_allegation"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["child"] is None


def test_raised_at_may_be_earlier_the_same_day_only(api_for, worker, child):
    api = api_for(worker)
    ok = api.post(
        "/api/escalations/", body(child, raised_at="2027-05-26T08:00:00+01:00"), format="json"
    )
    assert ok.status_code == 201
    bad = api.post(
        "/api/escalations/", body(child, raised_at="2027-05-25T08:00:00+01:00"), format="json"
    )
    assert bad.status_code == 400
    assert "raised_at" in bad.json()


def test_bad_input_is_a_400_with_field_messages(api_for, worker, child):
    api = api_for(worker)
    unknown = api.post("/api/escalations/", body(child, code="nonsense"), format="json")
    assert unknown.status_code == 400 and "reason" in unknown.json()
    incomplete = api.post("/api/escalations/", body(child, who_to_contact=""), format="json")
    assert incomplete.status_code == 400
    assert incomplete.json() == {"who_to_contact": ["Enter who to contact for further details"]}
    assert not Escalation.objects.exists()


def test_another_teams_child_is_a_404(api_for, otherworker, child):
    response = api_for(otherworker).post("/api/escalations/", body(child), format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker", 200),
        ("pgl", 200),
        ("headofservice", 200),
        ("director", 200),
        ("colleague", 404),
        ("otherworker", 404),
        ("auditor", 404),
    ],
)
def test_who_may_read_an_escalation(api_for, everyone, child, persona, status):
    escalation = raise_concern(everyone["worker"], child=child, at=NOW)
    assert (
        api_for(everyone[persona]).get(f"/api/escalations/{escalation.pk}/").status_code == status
    )


def test_reading_one_is_logged_once(api_for, pgl, worker, child):
    escalation = raise_concern(worker, child=child, at=NOW)
    api_for(pgl).get(f"/api/escalations/{escalation.pk}/")
    assert AccessLog.objects.filter(user=pgl, child=child, channel="api").count() == 1


def test_respond_sends_it_to_the_director(api_for, pgl, worker, child, director):
    escalation = raise_concern(worker, child=child, at=NOW)
    response = api_for(pgl).post(
        f"/api/escalations/{escalation.pk}/respond/", {"note": "Sent on."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "sent_to_director"
    assert response.json()["sent_to_director_at"] == "2027-05-26T10:00:00+01:00"


def test_respond_by_the_wrong_role_is_403(api_for, worker, child, pgl):
    escalation = raise_concern(worker, child=child, at=NOW)
    response = api_for(worker).post(f"/api/escalations/{escalation.pk}/respond/", {}, format="json")
    assert response.status_code == 403


def test_decide_both_ways(api_for, worker, child, headofservice, director):
    api = api_for(headofservice)
    no = raise_concern(worker, child=child, code=CAT_B, at=NOW)
    response = api.post(
        f"/api/escalations/{no.pk}/decide/",
        {"inform_director": False, "reason": "Managed locally."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "not_for_director"

    yes = raise_concern(worker, child=child, code=CAT_B, at=NOW)
    response = api.post(
        f"/api/escalations/{yes.pk}/decide/",
        {"inform_director": True, "reason": "Press interest."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "sent_to_director"
    assert response.json()["inform_director"] is True


def test_decide_needs_the_boolean_and_the_reason(api_for, worker, child, headofservice):
    concern = raise_concern(worker, child=child, code=CAT_B, at=NOW)
    response = api_for(headofservice).post(
        f"/api/escalations/{concern.pk}/decide/", {}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"inform_director", "reason"}


def test_acknowledge_is_the_directors(api_for, worker, child, pgl, director):
    escalation = raise_concern(worker, child=child, at=NOW)
    api_for(pgl).post(f"/api/escalations/{escalation.pk}/respond/", {}, format="json")
    assert (
        api_for(pgl)
        .post(f"/api/escalations/{escalation.pk}/acknowledge/", {}, format="json")
        .status_code
        == 403
    )
    response = api_for(director).post(
        f"/api/escalations/{escalation.pk}/acknowledge/", {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == EscalationStatus.ACKNOWLEDGED


def test_updates_and_close(api_for, worker, child, pgl, director):
    escalation = raise_concern(worker, child=child, at=NOW)
    api_for(pgl).post(f"/api/escalations/{escalation.pk}/respond/", {}, format="json")
    update = api_for(worker).post(
        f"/api/escalations/{escalation.pk}/updates/",
        {"note": "Home again.", "next_update_on": "2027-06-01"},
        format="json",
    )
    assert update.status_code == 200
    assert update.json()["update_expected_on"] == "2027-06-01"
    closed = api_for(director).post(
        f"/api/escalations/{escalation.pk}/close/", {"note": "Done."}, format="json"
    )
    assert closed.json()["status"] == "closed"


def test_the_list_filters_and_runs_a_fixed_number_of_queries(
    api_for, worker, child, pgl, django_assert_num_queries
):
    api = api_for(pgl)
    for _ in range(2):
        raise_concern(worker, child=child, at=NOW)
    raise_concern(worker, child=child, code=CAT_B, at=NOW)
    assert len(api.get("/api/escalations/", {"category": "B"}).json()["results"]) == 1
    # token and user, the access log insert, count, the page (child, reason, raiser
    # joined), the timelines of the page with who did each step.
    with django_assert_num_queries(5):
        response = api.get("/api/escalations/")
    assert response.json()["count"] == 3
    for _ in range(3):
        raise_concern(worker, child=child, at=NOW)
    with django_assert_num_queries(5):
        api.get("/api/escalations/")


def test_missing_episodes_are_recorded_and_returned(api_for, worker, child, headofservice):
    api = api_for(worker)
    response = api.post(
        "/api/missing-episodes/",
        {"child": child.pk, "missing_from": "2027-05-25T21:00:00+01:00", "serious_risk": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert {"child", "missing_from", "returned_at", "serious_risk"} <= data.keys()
    assert data["serious_risk"] is True
    assert len(data["escalations"]) == 1  # category B, to the head of service
    back = api.patch(
        f"/api/missing-episodes/{data['id']}/",
        {"returned_at": "2027-05-26T08:00:00+01:00"},
        format="json",
    )
    assert back.status_code == 200
    assert back.json()["returned_at"] == "2027-05-26T08:00:00+01:00"


def test_missing_episodes_of_another_teams_child_are_404(api_for, worker, otherworker, child):
    response = api_for(worker).post(
        "/api/missing-episodes/",
        {"child": child.pk, "missing_from": "2027-05-25T21:00:00+01:00"},
        format="json",
    )
    episode = response.json()["id"]
    other = api_for(otherworker)
    assert other.get(f"/api/missing-episodes/{episode}/").status_code == 404
    assert other.get("/api/missing-episodes/").json()["count"] == 0
    bad = other.post(
        "/api/missing-episodes/",
        {"child": child.pk, "missing_from": "2027-05-25T21:00:00+01:00"},
        format="json",
    )
    assert bad.status_code == 404


def test_a_missing_episode_in_the_future_is_400(api_for, worker, child):
    response = api_for(worker).post(
        "/api/missing-episodes/",
        {"child": child.pk, "missing_from": "2027-05-27T21:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "missing_from" in response.json()


def test_the_missing_episodes_list_runs_a_fixed_number_of_queries(
    api_for, worker, child, sibling, django_assert_num_queries
):
    from notifications.missing import missing_episode_record

    api = api_for(worker)

    def record(who, day):
        missing_episode_record(
            user=worker,
            child=who,
            missing_from=london(2027, 5, day, 9, 0),
            returned_at=london(2027, 5, day, 12, 0),
            now=NOW,
        )

    record(child, 20)
    # token and user, the access log insert, count, the page with who recorded each, the
    # escalations of the page's episodes.
    with django_assert_num_queries(5):
        api.get("/api/missing-episodes/")
    record(child, 21)
    record(sibling, 22)
    with django_assert_num_queries(5):
        assert api.get("/api/missing-episodes/").json()["count"] == 3


def test_an_escalation_on_a_restricted_file_is_hidden_from_those_not_named(
    api_for, worker, child, pgl, headofservice
):
    escalation = raise_concern(worker, child=child, at=NOW)
    child.restricted = True
    child.save(update_fields=["restricted"])
    assert api_for(pgl).get(f"/api/escalations/{escalation.pk}/").status_code == 404
    # The head of service sees restricted files of the service (seed 003 App. 3).
    assert api_for(headofservice).get(f"/api/escalations/{escalation.pk}/").status_code == 200
