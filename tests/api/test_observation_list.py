"""GET /api/observations/ and /api/observations/{id}/: what the record shows, filtered."""

from datetime import datetime

import pytest

from caserecords import services
from caserecords.models import AmendmentKind

from .conftest import NOW, record_visit


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def completed(now, worker, child):
    """A phone call last week, completed on time."""
    observation = record_visit(
        worker, child, kind="phone_call", occurred_at=datetime(2026, 11, 3, 9, 0, tzinfo=NOW.tzinfo)
    )[0]
    return services.observation_complete(observation=observation, user=worker)


@pytest.fixture
def overdue(now, worker, child):
    """A visit in October still in draft, due long ago."""
    return record_visit(worker, child, occurred_at=datetime(2026, 10, 1, 10, 0, tzinfo=NOW.tzinfo))[
        0
    ]


def test_an_observation_has_the_fields_the_issue_names(api, observation, child, worker):
    body = api.get(f"/api/observations/{observation.pk}/").json()

    assert body["id"] == observation.pk
    assert body["child"] == child.pk
    assert body["kind"] == "home_visit"
    assert datetime.fromisoformat(body["occurred_at"]) == observation.occurred_at
    assert body["occurred_at"] == "2026-11-02T10:00:00Z"
    assert body["safeguarding"] is False
    assert body["detailed"] is False
    assert body["significant"] is False
    assert body["status"] == "draft"
    assert body["due_by"] == "2026-11-09"
    assert body["completed_at"] is None
    assert body["late_reason"] == ""
    assert body["overdue"] is False
    assert body["author"] == {"id": worker.pk, "username": "worker", "name": "Wendy Walker"}
    assert body["participants"] == [{"name": "Sarah Hughes", "title": "Mother", "agency": ""}]
    assert body["actions"] == [
        {
            "description": "Ask the school for attendance records",
            "owner": "Wendy Walker",
            "due_date": "2026-11-13",
        }
    ]
    assert body["entered_in_error"] is False
    assert body["contact_group"] == str(observation.contact_group)
    assert body["facts"].startswith("Amelia showed me")


def test_the_list_is_newest_first(api, observation, completed, overdue):
    assert ids(api.get("/api/observations/")) == [completed.pk, observation.pk, overdue.pk]


def test_keyset_pages_walk_every_observation_once_even_when_times_tie(api, worker, child):
    """Siblings seen together share a time: the cursor must neither skip nor repeat one."""
    times = [datetime(2026, 11, day, 10, 0, tzinfo=NOW.tzinfo) for day in (2, 2, 2, 3, 3, 4, 5)]
    made = [record_visit(worker, child, occurred_at=at)[0] for at in times]
    expected = [o.pk for o in sorted(made, key=lambda o: (o.occurred_at, o.pk), reverse=True)]

    seen, url, pages = [], "/api/observations/?page_size=2", []
    while url:
        body = api.get(url).json()
        assert "count" not in body  # keyset pages: no COUNT over every row
        pages.append(body)
        seen += [row["id"] for row in body["results"]]
        url = body["next"]

    assert seen == expected
    assert len(pages) == 4 and pages[0]["previous"] is None
    back = api.get(pages[2]["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[2:4]


@pytest.mark.parametrize(
    "cursor", ["not-a-cursor", "WyJuZXh0IiwgWzFdXQ", "WyJuZXh0IiwgWyJ4IiwgMV1d"]
)
def test_a_page_link_that_was_edited_is_a_400_naming_the_cursor(api, observation, cursor):
    response = api.get("/api/observations/", {"cursor": cursor})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_it_filters_by_child(api, observation, sibling, worker):
    on_sibling = record_visit(worker, sibling)[0]

    assert ids(api.get(f"/api/observations/?child={sibling.pk}")) == [on_sibling.pk]


def test_it_filters_by_status_and_kind(api, observation, completed):
    assert ids(api.get("/api/observations/?status=completed")) == [completed.pk]
    assert ids(api.get("/api/observations/?status=draft")) == [observation.pk]
    assert ids(api.get("/api/observations/?kind=phone_call")) == [completed.pk]


def test_it_filters_overdue_drafts(api, observation, completed, overdue):
    assert ids(api.get("/api/observations/?overdue=true")) == [overdue.pk]
    assert ids(api.get("/api/observations/?overdue=false")) == [completed.pk, observation.pk]
    assert api.get(f"/api/observations/{overdue.pk}/").json()["overdue"] is True


def test_a_draft_becomes_overdue_the_day_after_its_due_date(api, observation, time_machine):
    time_machine.move_to(datetime(2026, 11, 9, 23, 59, tzinfo=NOW.tzinfo), tick=False)
    on_due_day = api.get("/api/observations/?overdue=true")
    time_machine.move_to(datetime(2026, 11, 10, 0, 1, tzinfo=NOW.tzinfo), tick=False)
    next_day = api.get("/api/observations/?overdue=true")

    assert ids(on_due_day) == []
    assert ids(next_day) == [observation.pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=finished", "status"),
        ("kind=tea_party", "kind"),
        ("overdue=maybe", "overdue"),
        ("child=amelia", "child"),
        ("child=99999999999999999999999", "child"),
        ("contact_group=not-a-uuid", "contact_group"),
    ],
)
def test_a_bad_filter_answers_400_naming_it(api, observation, query, field):
    response = api.get(f"/api/observations/?{query}")

    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_observation_is_404(api, observation):
    assert api.get("/api/observations/987654/").status_code == 404
    assert api.get("/api/observations/99999999999999999999999/").status_code == 404


@pytest.fixture
def in_error(observation, teamleader):
    services.amendment_request(
        observation=observation,
        user=teamleader,
        kind=AmendmentKind.ENTERED_IN_ERROR,
        reason="Recorded on the wrong child's file.",
    )
    observation.refresh_from_db()
    return observation


@pytest.mark.parametrize("persona", ["worker", "colleague"])
def test_an_entry_in_error_keeps_its_row_but_hides_its_content_from_non_managers(
    persona, everyone, api_for, in_error
):
    client = api_for(everyone[persona])

    detail = client.get(f"/api/observations/{in_error.pk}/").json()
    listed = client.get("/api/observations/").json()["results"]

    assert [row["id"] for row in listed] == [in_error.pk]
    for body in (detail, listed[0]):
        assert body["entered_in_error"] is True
        assert body["content_hidden"] is True
        for field in ("summary", "facts", "analysis", "child_views", "location"):
            assert body[field] is None
        assert body["participants"] == []
        assert body["actions"] == []
    assert "Amelia showed me" not in str(listed)


@pytest.mark.parametrize("persona", ["teamleader", "pgl", "headofservice", "director"])
def test_managers_of_the_child_still_read_an_entry_in_error(persona, everyone, api_for, in_error):
    body = api_for(everyone[persona]).get(f"/api/observations/{in_error.pk}/").json()

    assert body["entered_in_error"] is True
    assert body["content_hidden"] is False
    assert body["facts"].startswith("Amelia showed me")
    assert body["entered_in_error_reason"] == "Recorded on the wrong child's file."


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    now, api_for, headofservice, worker, child, teamleader, count, django_assert_max_num_queries
):
    for number in range(count):
        observation = record_visit(worker, child)[0]
        if number % 3 == 0:
            services.amendment_request(
                observation=observation,
                user=teamleader,
                kind=AmendmentKind.ENTERED_IN_ERROR,
                reason="Wrong file.",
            )
    client = api_for(headofservice)

    # token and user, the page with child, team and author, participants, actions (keyset
    # pages: no count)
    with django_assert_max_num_queries(4):
        response = client.get("/api/observations/")

    assert len(response.json()["results"]) == count
    assert all(row["participants"] for row in response.json()["results"])  # a manager reads all


def test_the_detail_runs_a_fixed_number_of_queries(api, in_error, django_assert_max_num_queries):
    # token and user, the observation with child, team and author, participants, actions,
    # the access log's insert
    with django_assert_max_num_queries(5):
        response = api.get(f"/api/observations/{in_error.pk}/")

    assert response.status_code == 200
