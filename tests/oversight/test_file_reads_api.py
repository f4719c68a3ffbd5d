"""/api/file-reads/: managers' reads of the files one may see; a manager records one."""

import pytest

from caserecords import services
from caserecords.models import AccessLog, FileRead

URL = "/api/file-reads/"


def read(child, user, what="The chronology."):
    return services.file_read_record(child=child, user=user, purpose="review", what_was_read=what)


def test_a_team_leader_records_a_read(api_for, child, teamleader):
    response = api_for(teamleader).post(
        URL,
        {
            "child": child.pk,
            "purpose": "supervision",
            "notes": "The last three visits.",
            "decisions": "Visit weekly.",
            "actions": [
                {"description": "Book core group", "owner": "Wendy", "due_date": "2026-11-09"}
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {body[key] for key in ("child", "purpose", "notes")} == {
        child.pk,
        "supervision",
        "The last three visits.",
    }
    assert body["read_at"].startswith("2026-11-02T15:00")
    assert FileRead.objects.get().observation.actions.count() == 1


def test_bad_input_is_400_with_field_messages(api_for, child, teamleader):
    client = api_for(teamleader)
    response = client.post(URL, {"child": child.pk, "purpose": "gossip"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"purpose", "notes"}
    response = client.post(
        URL, {"child": child.pk, "purpose": "review", "notes": "A", "read_at": "2027-01-01T10:00"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "read_at" in response.json()
    assert client.get(URL + "?child=abc").status_code == 400
    assert not FileRead.objects.exists()


def test_a_worker_cannot_record_a_read(api_for, child, worker):
    response = api_for(worker).post(
        URL, {"child": child.pk, "purpose": "review", "notes": "All"}, format="json"
    )
    assert response.status_code == 403


def test_the_list_filters_by_child_and_hides_other_teams(
    api_for, child, sibling, teamleader, otherworker
):
    read(child, teamleader)
    read(sibling, teamleader, "Sibling's file")
    body = api_for(teamleader).get(URL + f"?child={child.pk}").json()
    assert [row["child"] for row in body["results"]] == [child.pk]
    assert len(api_for(teamleader).get(URL).json()["results"]) == 2
    assert api_for(otherworker).get(URL).json()["results"] == []
    assert api_for(otherworker).get(URL + f"?child={child.pk}").status_code == 404
    assert (
        api_for(otherworker)
        .post(URL, {"child": child.pk, "purpose": "review", "notes": "All"}, format="json")
        .status_code
        == 404
    )
    assert AccessLog.objects.filter(what="file reads", channel="api", child=child).exists()


def test_anonymous_is_401(client, child):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code == 401


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_runs_a_fixed_number_of_queries(
    api_for, child, teamleader, rows, django_assert_num_queries
):
    for n in range(rows):
        read(child, teamleader, f"Read {n}")
    client = api_for(teamleader)
    # 1 token with user, 2 child (access), 3 the page with who read (keyset pages: no
    # count), 4 access log.
    with django_assert_num_queries(4):
        response = client.get(URL + f"?child={child.pk}")
    assert len(response.json()["results"]) == rows
