"""POST /api/observations/: record a contact as a draft, on each child's file."""

from datetime import datetime

import pytest

from caserecords.models import Action, Observation, Participant
from staff.models import Role
from tests.factories import UserFactory

from .conftest import VISIT_AT


def body(child, /, **overrides) -> dict:
    return {
        "child": child.pk,
        "kind": "home_visit",
        "occurred_at": "2026-11-02T10:00:00+00:00",
        "location": "At the family home, announced",
        "summary": "Visit after the school's concern",
        "child_seen": "seen_alone",
        "child_views": "I miss my dad.",
        "facts": "The house was warm and clean.",
        "analysis": "No immediate concern.",
        "participants": [{"name": "Sarah Hughes", "title": "Mother", "agency": ""}],
        "actions": [
            {"description": "Ask the school", "owner": "Wendy Walker", "due_date": "2026-11-13"}
        ],
        **overrides,
    }


def test_it_records_a_draft_with_its_deadline(now, api, worker, child):
    response = api.post("/api/observations/", body(child), format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    observation = Observation.objects.get(pk=created["id"])
    assert response["Location"] == f"/api/observations/{observation.pk}/"
    assert observation.child == child
    assert observation.author == worker
    assert observation.occurred_at == VISIT_AT
    assert created["status"] == "draft"
    assert created["due_by"] == "2026-11-09"
    assert created["overdue"] is False
    assert created["completed_at"] is None
    assert created["author"]["username"] == "worker"
    assert created["participants"] == [{"name": "Sarah Hughes", "title": "Mother", "agency": ""}]
    assert created["actions"][0]["due_date"] == "2026-11-13"


def test_occurred_at_comes_back_in_iso_8601_with_its_offset(now, api, child):
    summer = "2026-07-01T09:30:00+01:00"

    created = api.post("/api/observations/", body(child, occurred_at=summer), format="json").json()

    assert datetime.fromisoformat(created["occurred_at"]) == datetime.fromisoformat(summer)
    assert created["occurred_at"].endswith("+01:00")


def test_a_safeguarding_contact_is_due_the_next_working_day(now, api, child):
    created = api.post("/api/observations/", body(child, safeguarding=True), format="json").json()

    assert created["due_by"] == "2026-11-03"


@pytest.mark.parametrize("kind", ["strategy_discussion", "disclosure", "safety_plan"])
def test_some_kinds_are_always_safeguarding_and_due_the_next_working_day(now, api, child, kind):
    created = api.post(
        "/api/observations/", body(child, kind=kind, safeguarding=False), format="json"
    ).json()

    assert created["safeguarding"] is True
    assert created["due_by"] == "2026-11-03"


def test_siblings_get_one_observation_each_sharing_a_contact_group(now, api, child, sibling):
    response = api.post(
        "/api/observations/", body(child, siblings=[sibling.pk, child.pk]), format="json"
    )

    assert response.status_code == 201, response.content
    created = response.json()
    group = Observation.objects.filter(contact_group=created["contact_group"])
    assert {observation.child for observation in group} == {child, sibling}
    assert created["child"] == child.pk
    assert Participant.objects.filter(observation__in=group).count() == 2
    assert Action.objects.filter(observation__in=group).count() == 2
    listed = api.get(f"/api/observations/?contact_group={created['contact_group']}").json()
    assert len(listed["results"]) == 2


@pytest.mark.parametrize("child_id", ["other", 987654])
def test_a_child_one_may_not_see_or_that_does_not_exist_is_404(
    now, api, child, other_child, child_id
):
    pk = other_child.pk if child_id == "other" else child_id

    response = api.post("/api/observations/", body(child, child=pk), format="json")

    assert response.status_code == 404
    assert not Observation.objects.exists()


@pytest.mark.parametrize("sibling_id", ["other", 987654])
def test_a_sibling_one_may_not_see_or_that_does_not_exist_is_400(
    now, api, child, other_child, sibling_id
):
    pk = other_child.pk if sibling_id == "other" else sibling_id

    response = api.post("/api/observations/", body(child, siblings=[pk]), format="json")

    assert response.status_code == 400
    assert "siblings" in response.json()
    assert "Oscar" not in response.content.decode()
    assert not Observation.objects.exists()


def test_an_auditor_cannot_record_on_a_file_they_cannot_see(now, api_for, auditor, child):
    response = api_for(auditor).post("/api/observations/", body(child), format="json")

    assert response.status_code == 404
    assert not Observation.objects.exists()


def test_business_support_sees_the_file_but_cannot_record(now, api_for, team_a, child):
    clerk = UserFactory(username="clerk", role=Role.BUSINESS_SUPPORT, team=team_a)

    response = api_for(clerk).post("/api/observations/", body(child), format="json")

    assert response.status_code == 403
    assert "detail" in response.json()
    assert not Observation.objects.exists()


BAD_INPUT = [
    ({"kind": "tea_party"}, "kind"),
    ({"child_seen": "maybe"}, "child_seen"),
    ({"occurred_at": "2026-11-05T10:00:00+00:00"}, "occurred_at"),  # the future
    ({"occurred_at": "yesterday"}, "occurred_at"),
    ({"occurred_at": 20261102}, "occurred_at"),
    ({"occurred_at": "0001-01-01T00:00:00+00:00"}, "occurred_at"),
    ({"occurred_at": "9999-12-31T23:59:59-12:00"}, "occurred_at"),
    ({"summary": ""}, "summary"),
    ({"summary": "x" * 301}, "summary"),
    ({"location": None}, "location"),
    ({"safeguarding": "perhaps"}, "safeguarding"),
    ({"child": "Amelia"}, "child"),
    ({"child": 99999999999999999999999}, "child"),
    ({"child": None}, "child"),
    ({"siblings": "Noah"}, "siblings"),
    ({"siblings": ["Noah"]}, "siblings"),
    ({"participants": "Sarah"}, "participants"),
    ({"participants": [{"title": "Mother"}]}, "participants"),
    ({"actions": [{"description": "Call", "owner": "Wendy"}]}, "actions"),
    ({"actions": [{"description": "Call", "owner": "Wendy", "due_date": "soon"}]}, "actions"),
    ({"facts": "null\x00byte"}, "facts"),
]


@pytest.mark.parametrize("change, field", BAD_INPUT)
def test_bad_input_answers_400_naming_the_field(now, api, child, change, field):
    response = api.post("/api/observations/", body(child, **change), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Observation.objects.exists()


@pytest.mark.parametrize("missing", ["child", "kind", "occurred_at", "location", "child_seen"])
def test_a_missing_required_field_is_named(now, api, child, missing):
    data = body(child)
    del data[missing]

    response = api.post("/api/observations/", data, format="json")

    assert response.status_code == 400
    assert missing in response.json()


def test_malformed_json_answers_400(now, api, child):
    response = api.post(
        "/api/observations/", '{"child": 1, "kind": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_list_instead_of_an_object_answers_400(now, api, child):
    response = api.post("/api/observations/", [body(child)], format="json")

    assert response.status_code == 400
    assert not Observation.objects.exists()
