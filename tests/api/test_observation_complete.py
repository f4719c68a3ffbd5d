"""POST /api/observations/{id}/complete/: lock a draft; after its due date, say why it is late.

The draft is a home visit on Monday 2 November 2026, due on Monday 9 November.
"""

from datetime import datetime

import pytest

from caserecords.models import ObservationStatus

from .conftest import LONDON


def complete(client, observation, **body):
    return client.post(f"/api/observations/{observation.pk}/complete/", body, format="json")


def test_the_author_completes_a_draft_on_time(api, observation):
    response = complete(api, observation)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"
    assert datetime.fromisoformat(response.json()["completed_at"]) == datetime(
        2026, 11, 4, 12, 0, tzinfo=LONDON
    )
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.late_reason == ""


def test_completing_late_on_the_due_day_itself_needs_no_reason(api, observation, time_machine):
    time_machine.move_to(datetime(2026, 11, 9, 23, 30, tzinfo=LONDON), tick=False)

    response = complete(api, observation)

    assert response.status_code == 200
    assert response.json()["late_reason"] == ""


def test_completing_after_the_due_date_without_a_reason_is_400(api, observation, time_machine):
    time_machine.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=LONDON), tick=False)

    response = complete(api, observation, late_reason="   ")

    assert response.status_code == 400
    assert response.json()["late_reason"] == [
        "This recording was due by 9 November 2026. Say why it was not recorded on time."
    ]
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.DRAFT
    assert observation.completed_at is None


def test_completing_after_the_due_date_with_a_reason_keeps_the_reason(
    api, observation, time_machine
):
    time_machine.move_to(datetime(2026, 11, 10, 9, 0, tzinfo=LONDON), tick=False)

    response = complete(api, observation, late_reason="I was on leave; my cover was off sick.")

    assert response.status_code == 200
    assert response.json()["late_reason"] == "I was on leave; my cover was off sick."
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.late_reason == "I was on leave; my cover was off sick."


def test_completing_twice_answers_409_and_changes_nothing(api, observation, time_machine):
    complete(api, observation)
    observation.refresh_from_db()
    first = (observation.completed_at, observation.late_reason, observation.updated_at)
    time_machine.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), tick=False)

    response = complete(api, observation, late_reason="Trying again")

    assert response.status_code == 409
    assert response.json()["detail"] == "This observation is already completed."
    observation.refresh_from_db()
    assert (observation.completed_at, observation.late_reason, observation.updated_at) == first


@pytest.mark.parametrize("persona", ["colleague", "teamleader"])
def test_only_the_author_completes(persona, everyone, api_for, observation):
    response = complete(api_for(everyone[persona]), observation)

    assert response.status_code == 403
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.DRAFT


def test_another_team_gets_404(api_for, otherworker, observation):
    response = complete(api_for(otherworker), observation)

    assert response.status_code == 404
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.DRAFT


def test_a_late_reason_of_the_wrong_type_is_400(api, observation):
    response = complete(api, observation, late_reason={"why": "busy"})

    assert response.status_code == 400
    assert "late_reason" in response.json()
