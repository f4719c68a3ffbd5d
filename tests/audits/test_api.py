"""`/api/audit-samples/?quarter=2027Q1`: the drawn items with child, team, auditor, status
and seed; auditors see theirs, managers their teams', the director all."""

import pytest

from audits import sampling
from tests.factories import TeamFactory

from .conftest import Q1, open_files

pytestmark = pytest.mark.usefixtures("now")
URL = "/api/audit-samples/"


def test_it_needs_a_signed_in_user(anonymous, drawn):
    assert anonymous.get(URL).status_code == 401


def test_the_auditor_lists_their_sample_with_the_fields_kept_stable(api_for, drawn, auditor, child):
    response = api_for(auditor).get(URL, {"quarter": "2027Q1"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 2
    row = next(r for r in rows if r["child"] == child.pk)
    assert {"child", "team", "auditor", "status", "seed"} <= set(row)
    assert (row["team"], row["auditor"], row["status"], row["seed"]) == (
        child.team_id,
        auditor.pk,
        "assigned",
        7,
    )


@pytest.mark.parametrize(
    ("persona", "count"),
    [("teamleader", 2), ("headofservice", 2), ("director", 2), ("otherworker", 0), ("worker", 0)],
)
def test_who_sees_what(api_for, request, drawn, persona, count):
    response = api_for(request.getfixturevalue(persona)).get(URL, {"quarter": "2027Q1"})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_another_auditor_sees_nothing_and_gets_404(api_for, sample, second_auditor):
    client = api_for(second_auditor)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{sample.pk}/").status_code == 404


def test_a_quarter_it_cannot_read_is_a_400(api_for, drawn, auditor):
    response = api_for(auditor).get(URL, {"quarter": "next"})
    assert response.status_code == 400
    assert "quarter" in response.json()


def test_another_quarter_lists_nothing(api_for, drawn, auditor):
    assert api_for(auditor).get(URL, {"quarter": "2026Q4"}).json()["count"] == 0


@pytest.mark.parametrize("teams", [1, 6])
def test_the_list_runs_a_fixed_number_of_queries(
    api_for,
    director,
    service_a,
    auditor,
    teams,
    django_assert_num_queries,
):
    for number in range(teams):
        open_files(TeamFactory(name=f"Team {number}", service=service_a), 4)
    sampling.audit_draw(quarter=Q1, seed=1)
    client = api_for(director)
    # 1 the token and its user, 2 count, 3 the page with the draw's seed.
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.json()["count"] == 2 * teams
