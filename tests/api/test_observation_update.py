"""PUT and PATCH /api/observations/{id}/: its author edits a draft; a completed one is locked."""

import pytest

from caserecords import services
from caserecords.models import Observation

PUT_BODY = {
    "kind": "office_visit",
    "occurred_at": "2026-11-03T14:00:00Z",
    "location": "At the office",
    "summary": "Mother came in to talk about school",
    "child_seen": "not_seen",
}


def snapshot(observation: Observation) -> dict:
    observation.refresh_from_db()
    return {
        "fields": {f.name: getattr(observation, f.name) for f in observation._meta.concrete_fields},
        "participants": list(observation.participants.values("name", "title", "agency")),
        "actions": list(observation.actions.values("description", "owner", "due_date")),
    }


def test_the_author_changes_some_fields_of_a_draft(api, observation):
    response = api.patch(
        f"/api/observations/{observation.pk}/", {"summary": "Corrected headline"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Corrected headline"
    observation.refresh_from_db()
    assert observation.summary == "Corrected headline"
    assert observation.participants.count() == 1  # left out of a PATCH: kept


def test_marking_a_draft_safeguarding_brings_its_deadline_forward(api, observation):
    response = api.patch(
        f"/api/observations/{observation.pk}/", {"safeguarding": True}, format="json"
    )

    assert response.json()["due_by"] == "2026-11-03"
    assert response.json()["overdue"] is True


def test_a_patch_replaces_participants_and_actions_when_given(api, observation):
    response = api.patch(
        f"/api/observations/{observation.pk}/",
        {"participants": [{"name": "Mr Jones", "title": "Head teacher", "agency": "School"}]},
        format="json",
    )

    assert response.json()["participants"] == [
        {"name": "Mr Jones", "title": "Head teacher", "agency": "School"}
    ]
    assert len(response.json()["actions"]) == 1


def test_put_replaces_the_draft_and_clears_what_it_leaves_out(api, observation):
    response = api.put(f"/api/observations/{observation.pk}/", PUT_BODY, format="json")

    assert response.status_code == 200, response.content
    observation.refresh_from_db()
    assert observation.kind == "office_visit"
    assert observation.child_seen == "not_seen"
    assert observation.participants.count() == 0
    assert observation.actions.count() == 0


def test_put_needs_every_required_field(api, observation):
    before = snapshot(observation)

    response = api.put(
        f"/api/observations/{observation.pk}/", {"summary": "Only this"}, format="json"
    )

    assert response.status_code == 400
    assert {"kind", "occurred_at", "location", "child_seen"} <= response.json().keys()
    assert snapshot(observation) == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "tea_party"}, "kind"),
        ({"occurred_at": "2026-12-25T10:00:00Z"}, "occurred_at"),
        ({"occurred_at": "last Monday"}, "occurred_at"),
        ({"summary": ""}, "summary"),
        ({"detailed": "very"}, "detailed"),
        ({"actions": [{"description": "Call"}]}, "actions"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_changes_nothing(
    api, observation, change, field
):
    before = snapshot(observation)

    response = api.patch(f"/api/observations/{observation.pk}/", change, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert snapshot(observation) == before


@pytest.fixture
def completed(observation, worker):
    return services.observation_complete(observation=observation, user=worker)


@pytest.mark.parametrize(
    "method, data", [("patch", {"summary": "Quietly changed"}), ("put", PUT_BODY)]
)
def test_a_completed_observation_answers_409_and_changes_nothing(api, completed, method, data):
    before = snapshot(completed)

    response = getattr(api, method)(f"/api/observations/{completed.pk}/", data, format="json")

    assert response.status_code == 409
    assert "amendment" in response.json()["detail"]
    assert snapshot(completed) == before


def test_someone_other_than_the_author_gets_403_and_changes_nothing(
    api_for, colleague, observation
):
    before = snapshot(observation)

    response = api_for(colleague).patch(
        f"/api/observations/{observation.pk}/", {"summary": "Not mine"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Only the author can edit a draft observation."
    assert snapshot(observation) == before


def test_the_team_leader_cannot_edit_the_workers_draft_either(api_for, teamleader, observation):
    response = api_for(teamleader).patch(
        f"/api/observations/{observation.pk}/", {"summary": "Edited"}, format="json"
    )

    assert response.status_code == 403


def test_another_team_gets_404_and_changes_nothing(api_for, otherworker, observation):
    before = snapshot(observation)

    response = api_for(otherworker).patch(
        f"/api/observations/{observation.pk}/", {"summary": "Edited"}, format="json"
    )

    assert response.status_code == 404
    assert snapshot(observation) == before
