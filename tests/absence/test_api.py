"""The absence API: /api/me/, /api/staff/, /api/absences/ (create, list, end), with the
names the issue fixes, and who is away and who covers in lists without a query per row."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from absence.models import Absence
from tests.factories import UserFactory

from .conftest import record_absence


def test_me_says_who_i_am_and_whether_i_am_away(
    now, api_for, worker, colleague, teamleader, team_a
):
    record_absence(worker, cover=colleague)

    body = api_for(worker).get("/api/me/").json()

    assert body == {
        "id": worker.pk,
        "username": "worker",
        "name": "Wendy Walker",
        "role": "social_worker",
        "team": team_a.pk,
        "absent": True,
        "cover": colleague.pk,
        "away_until": "2026-12-04",
    }
    assert api_for(colleague).get("/api/me/").json()["absent"] is False


@pytest.mark.parametrize("url", ["/api/me/", "/api/staff/", "/api/absences/"])
def test_anonymous_callers_get_401(url):
    assert APIClient().get(url).status_code == 401


def test_staff_lists_the_team_with_absent_and_cover(
    now, api_for, worker, colleague, teamleader, otherworker, pgl
):
    record_absence(worker, cover=colleague)

    people = {p["username"]: p for p in api_for(colleague).get("/api/staff/").json()["results"]}

    assert set(people) == {"worker", "worker2", "teamleader", "pgl"}
    assert (people["worker"]["absent"], people["worker"]["cover"]) == (True, colleague.pk)
    assert (people["worker2"]["absent"], people["worker2"]["cover"]) == (False, None)


def test_a_head_of_service_sees_the_service(now, api_for, worker, headofservice, otherworker):
    names = {p["username"] for p in api_for(headofservice).get("/api/staff/").json()["results"]}
    assert "worker" in names
    assert "otherworker" not in names


def test_staff_runs_a_fixed_number_of_queries(
    now, api_for, team_a, worker, colleague, teamleader, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    for _ in range(6):
        record_absence(UserFactory(team=team_a), cover=colleague)
    client = api_for(teamleader)
    # token and user, count, the page (absent and cover as subqueries)
    with django_assert_num_queries(3):
        assert client.get("/api/staff/").status_code == 200


def test_a_team_leader_records_a_sickness_by_api(now, api_for, worker, colleague, teamleader):
    response = api_for(teamleader).post(
        "/api/absences/",
        {
            "user": worker.pk,
            "starts_on": "2026-12-01",
            "ends_on": None,
            "planned": False,
            "kind": "sickness",
            "message": "Off sick.",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("user", "starts_on", "ends_on", "planned", "kind", "cover")} == {
        "user": worker.pk,
        "starts_on": "2026-12-01",
        "ends_on": None,
        "planned": False,
        "kind": "sickness",
        "cover": teamleader.pk,
    }
    assert body["notices"] == []
    assert body["active"] is True


def test_the_answer_tells_of_a_cover_who_is_away_too(now, api_for, worker, colleague, teamleader):
    record_absence(colleague, ends_on=date(2026, 12, 2))
    body = (
        api_for(worker)
        .post(
            "/api/absences/",
            {
                "starts_on": "2026-12-01",
                "planned": False,
                "kind": "sickness",
                "cover": colleague.pk,
            },
            format="json",
        )
        .json()
    )
    assert body["notices"] == [
        "Colin Clarke is away until 2 December 2026. "
        "Tara Lewis is covering and has been sent it too."
    ]


def test_an_overlap_is_a_400_with_the_field_message(now, api_for, worker, teamleader):
    record_absence(worker)
    response = api_for(worker).post(
        "/api/absences/",
        {"starts_on": "2026-12-03", "ends_on": "2026-12-05", "planned": True, "kind": "leave"},
        format="json",
    )
    assert response.status_code == 400
    assert "already has an absence" in response.json()["starts_on"][0]


def test_bad_input_is_a_400(now, api_for, worker, teamleader):
    response = api_for(worker).post("/api/absences/", {"kind": "illness"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "starts_on", "planned"}


def test_a_colleague_may_not_record_for_another_403(now, api_for, worker, colleague, teamleader):
    response = api_for(colleague).post(
        "/api/absences/",
        {"user": worker.pk, "starts_on": "2026-12-01", "planned": False, "kind": "sickness"},
        format="json",
    )
    assert response.status_code == 403
    assert not Absence.objects.exists()


def test_ending_one_early(now, api_for, worker, teamleader):
    absence = record_absence(worker, ends_on=None)
    response = api_for(teamleader).post(f"/api/absences/{absence.pk}/end/")
    assert response.status_code == 200
    assert response.json()["ends_on"] == "2026-12-01"
    assert response.json()["active"] is False
    assert api_for(teamleader).post(f"/api/absences/{absence.pk}/end/").status_code == 400


def test_another_team_gets_404_and_a_colleague_403_on_end(
    now, api_for, worker, colleague, teamleader, otherworker
):
    absence = record_absence(worker)
    assert api_for(otherworker).get(f"/api/absences/{absence.pk}/").status_code == 404
    assert api_for(otherworker).post(f"/api/absences/{absence.pk}/end/").status_code == 404
    assert api_for(colleague).post(f"/api/absences/{absence.pk}/end/").status_code == 403


def test_the_list_filters_and_runs_a_fixed_number_of_queries(
    now, api_for, team_a, worker, teamleader, colleague, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    record_absence(colleague, starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 24))
    for _ in range(5):
        record_absence(
            UserFactory(team=team_a), starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8)
        )
    client = api_for(teamleader)

    current = client.get("/api/absences/", {"state": "current"}).json()["results"]
    assert [a["user"] for a in current] == [worker.pk]
    # token and user, count, the page
    with django_assert_num_queries(3):
        assert client.get("/api/absences/").json()["count"] == 7


def test_me_runs_a_fixed_number_of_queries(now, api_for, worker, django_assert_num_queries):
    client = api_for(worker)
    # token and user, me with absent and cover
    with django_assert_num_queries(2):
        assert client.get("/api/me/").status_code == 200
