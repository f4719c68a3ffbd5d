"""POST /api/children/{id}/break-glass/ and GET /api/children/{id}/access-log/."""

import pytest

from caserecords import access
from caserecords.models import AccessGrant


def test_break_glass_needs_a_reason(api_for, otherworker, child):
    response = api_for(otherworker).post(f"/api/children/{child.pk}/break-glass/", {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not AccessGrant.objects.exists()


def test_break_glass_opens_time_limited_access(api_for, otherworker, teamleader, child):
    api = api_for(otherworker)
    assert api.get(f"/api/children/{child.pk}/").status_code == 404
    response = api.post(f"/api/children/{child.pk}/break-glass/", {"reason": "Police request"})
    assert response.status_code == 201, response.content
    assert response.json()["expires_at"]
    assert api.get(f"/api/children/{child.pk}/").status_code == 200


def test_break_glass_on_a_file_already_visible_opens_nothing(api_for, worker, child):
    response = api_for(worker).post(f"/api/children/{child.pk}/break-glass/", {"reason": "x"})
    assert response.status_code == 200
    assert response.json()["expires_at"] is None


def test_break_glass_on_no_such_child_is_not_found(api_for, otherworker, db):
    response = api_for(otherworker).post("/api/children/999999/break-glass/", {"reason": "x"})
    assert response.status_code == 404


def test_break_glass_needs_authentication(anonymous, child):
    assert (
        anonymous.post(f"/api/children/{child.pk}/break-glass/", {"reason": "x"}).status_code == 401
    )


@pytest.fixture
def reads(child, worker):
    access.record_read(worker, child, "child file", channel="api")


def test_the_access_log_lists_reads_for_managers(api_for, reads, child, teamleader):
    response = api_for(teamleader).get(f"/api/children/{child.pk}/access-log/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["user"], row["what"], row["why"], row["channel"]) == (
        "worker",
        "child file",
        "normal",
        "api",
    )
    assert row["at"]


def test_the_access_log_is_forbidden_to_workers_and_hidden_from_other_teams(
    api_for, reads, child, worker, otherworker, anonymous
):
    assert api_for(worker).get(f"/api/children/{child.pk}/access-log/").status_code == 403
    assert api_for(otherworker).get(f"/api/children/{child.pk}/access-log/").status_code == 404
    assert anonymous.get(f"/api/children/{child.pk}/access-log/").status_code == 401


def test_reading_a_file_or_an_observation_through_the_api_is_logged_once(api_for, worker, child):
    from caserecords.models import AccessLog
    from tests.factories import ObservationFactory

    observation = ObservationFactory(child=child, author=worker)
    api = api_for(worker)
    assert api.get(f"/api/children/{child.pk}/").status_code == 200
    assert api.get(f"/api/observations/{observation.pk}/").status_code == 200
    assert list(AccessLog.objects.order_by("pk").values_list("what", "channel")) == [
        ("child file", "api"),
        (f"observation {observation.pk}", "api"),
    ]
