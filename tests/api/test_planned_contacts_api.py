"""/api/planned-contacts/: list (filter by child, status, overdue), plan, cancel.

The clock stands at Wednesday 4 November 2026, noon in London (see conftest).
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caserecords import services
from caserecords.models import PlannedContact
from staff.models import Role
from tests.factories import ChildFactory, UserFactory

from .conftest import LONDON, NOW, record_visit

LIST = "/api/planned-contacts/"
NEXT_WEEK = datetime(2026, 11, 11, 10, 0, tzinfo=LONDON)  # Wednesday: due Wednesday 18th
LAST_MONTH = datetime(2026, 10, 12, 10, 0, tzinfo=LONDON)  # due Monday 19 October: overdue


def detail(planned) -> str:
    return f"{LIST}{planned.pk}/"


def cancel(planned) -> str:
    return f"{LIST}{planned.pk}/cancel/"


def plan(user, child, planned_for=NEXT_WEEK, **fields) -> PlannedContact:
    return services.planned_contact_create(
        user=user, child=child, kind=fields.pop("kind", "home_visit"), planned_for=planned_for
    )


def body(child, /, **fields) -> dict:
    return {
        "child": child.pk,
        "kind": "home_visit",
        "planned_for": NEXT_WEEK.isoformat(),
        "note": "Statutory visit",
        **fields,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def planned(now, worker, child):
    return plan(worker, child)


@pytest.fixture
def overdue(now, worker, child):
    return plan(worker, child, planned_for=LAST_MONTH)


# Who may use it ---------------------------------------------------------------------------


def test_an_anonymous_caller_is_refused_and_changes_nothing(anonymous, child, planned):
    calls = [
        anonymous.get(LIST),
        anonymous.get(detail(planned)),
        anonymous.post(LIST, body(child), format="json"),
        anonymous.post(cancel(planned), {"reason": "x"}, format="json"),
    ]
    assert [response.status_code for response in calls] == [401] * 4
    assert PlannedContact.objects.get().status == "planned"
    assert PlannedContact.objects.count() == 1


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_child_get_404_and_an_empty_list(
    api_for, everyone, child, planned, persona
):
    client = api_for(everyone[persona])

    assert client.get(LIST).json()["results"] == []
    assert client.get(f"{LIST}?child={child.pk}").json()["results"] == []
    assert client.get(detail(planned)).status_code == 404
    assert client.post(LIST, body(child), format="json").status_code == 404
    response = client.post(cancel(planned), {"reason": "Not mine"}, format="json")
    assert response.status_code == 404
    assert "Amelia" not in response.content.decode()
    assert PlannedContact.objects.count() == 1
    assert PlannedContact.objects.get().status == "planned"


def test_business_support_can_read_but_not_plan_or_cancel(api_for, team_a, child, planned):
    client = api_for(UserFactory(role=Role.BUSINESS_SUPPORT, team=team_a))

    assert ids(client.get(LIST)) == [planned.pk]
    assert client.post(LIST, body(child), format="json").status_code == 403
    assert client.post(cancel(planned), {"reason": "x"}, format="json").status_code == 403
    assert PlannedContact.objects.count() == 1


def test_delete_and_edit_are_not_allowed(api, planned):
    assert api.delete(detail(planned)).status_code == 405
    assert api.patch(detail(planned), {"note": "x"}, format="json").status_code == 405
    assert PlannedContact.objects.get().note == ""


# Reading --------------------------------------------------------------------------------


def test_a_planned_contact_has_its_deadline_status_and_who_planned_it(api, worker, child, planned):
    row = api.get(detail(planned)).json()

    assert row["id"] == planned.pk
    assert row["child"] == child.pk
    assert row["kind"] == "home_visit"
    assert row["planned_for"] == "2026-11-11T10:00:00Z"
    assert row["due_by"] == "2026-11-18"
    assert row["status"] == "planned"
    assert row["overdue"] is False
    assert row["observation"] is None
    assert row["safeguarding"] is False
    assert row["created_by"] == {"id": worker.pk, "username": "worker", "name": "Wendy Walker"}


def test_it_filters_by_child_status_and_overdue(api, worker, child, sibling, planned, overdue):
    on_sibling = plan(worker, sibling)
    cancelled = plan(worker, child)
    services.planned_contact_cancel(planned_contact=cancelled, user=worker, reason="Moved")

    assert ids(api.get(LIST)) == [overdue.pk, planned.pk, on_sibling.pk, cancelled.pk]
    assert ids(api.get(f"{LIST}?child={sibling.pk}")) == [on_sibling.pk]
    assert ids(api.get(f"{LIST}?status=cancelled")) == [cancelled.pk]
    assert ids(api.get(f"{LIST}?overdue=true")) == [overdue.pk]
    assert ids(api.get(f"{LIST}?overdue=false&child={child.pk}")) == [planned.pk, cancelled.pk]
    assert api.get(f"{LIST}?overdue=true").json()["results"][0]["overdue"] is True


@pytest.mark.parametrize("query", ["status=done", "child=abc", "child=0", "overdue=maybe"])
def test_a_bad_filter_is_400(api, planned, query):
    response = api.get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_list_runs_a_fixed_number_of_queries(api, worker, child, django_assert_num_queries):
    def list_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(LIST).status_code == 200
        return len(captured)

    plan(worker, child)
    one = list_queries()
    for n in range(15):
        plan(worker, ChildFactory(worker=worker), planned_for=NEXT_WEEK.replace(hour=n + 1))

    # 1 token with its user, 2 the page of planned contacts with who planned them (keyset
    # pages: no count).
    with django_assert_num_queries(2):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 16
    assert list_queries() == one


def test_keyset_pages_walk_soonest_first_without_skipping_a_tie(api, worker, child):
    made = [plan(worker, child, planned_for=NEXT_WEEK.replace(hour=9 + n // 3)) for n in range(5)]
    expected = [p.pk for p in sorted(made, key=lambda p: (p.planned_for, p.pk))]

    seen, url = [], f"{LIST}?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]

    assert seen == expected


# Planning --------------------------------------------------------------------------------


def test_the_worker_plans_a_contact_and_gets_its_deadline(api, now, worker, child):
    response = api.post(LIST, body(child, safeguarding=True), format="json")

    assert response.status_code == 201, response.content
    planned = PlannedContact.objects.get()
    assert response["Location"] == detail(planned)
    row = response.json()
    assert row["id"] == planned.pk
    assert row["due_by"] == "2026-11-12"  # safeguarding: 1 working day
    assert row["note"] == "Statutory visit"
    assert planned.created_by == worker
    assert planned.history.first().history_user == worker


def test_a_planned_strategy_discussion_is_safeguarding_whatever_is_sent(api, now, child):
    response = api.post(LIST, body(child, kind="strategy_discussion"), format="json")

    assert response.status_code == 201
    assert response.json()["safeguarding"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "disclosure"}, "kind"),
        ({"kind": None}, "kind"),
        ({"planned_for": "next tuesday"}, "planned_for"),
        ({"planned_for": "1850-01-01T10:00:00Z"}, "planned_for"),
        ({"planned_for": "2030-01-01T10:00:00Z"}, "planned_for"),  # more than 2 years ahead
        ({"note": "x" * 301}, "note"),
        ({"child": "abc"}, "child"),
        ({"child": 0}, "child"),
        ({"safeguarding": "perhaps"}, "safeguarding"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(api, now, child, change, field):
    data = body(child, **change)
    data = {name: value for name, value in data.items() if value is not None}

    response = api.post(LIST, data, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not PlannedContact.objects.exists()


def test_a_closed_case_cannot_have_contacts_planned(api, now, worker):
    closed = ChildFactory(worker=worker, closed_on=date(2026, 10, 1), closure_reason="RC7")

    response = api.post(LIST, body(closed), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This case is closed: contacts cannot be planned on it."]
    }
    assert not PlannedContact.objects.exists()


# Cancelling -------------------------------------------------------------------------------


def test_the_worker_cancels_with_a_reason(api, planned):
    response = api.post(cancel(planned), {"reason": "Mum asked to rearrange."}, format="json")

    assert response.status_code == 200
    row = response.json()
    assert row["status"] == "cancelled"
    assert row["cancel_reason"] == "Mum asked to rearrange."
    assert row["cancelled_at"] == NOW.isoformat().replace("+00:00", "Z")
    assert row["overdue"] is False


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "   "}])
def test_cancelling_without_a_reason_is_400_and_changes_nothing(api, planned, data):
    response = api.post(cancel(planned), data, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_a_recorded_or_cancelled_contact_cannot_be_cancelled_409(api, worker, child, planned):
    observation = record_visit(worker, child)[0]
    services.planned_contact_record(planned_contact=planned, observation=observation, user=worker)
    cancelled = plan(worker, child)
    services.planned_contact_cancel(planned_contact=cancelled, user=worker, reason="Moved")

    recorded = api.post(cancel(planned), {"reason": "Oops"}, format="json")
    again = api.post(cancel(cancelled), {"reason": "Again"}, format="json")

    assert recorded.status_code == 409
    assert recorded.json() == {"detail": "This planned contact has already been recorded."}
    assert again.status_code == 409
    planned.refresh_from_db()
    assert planned.status == "recorded"
