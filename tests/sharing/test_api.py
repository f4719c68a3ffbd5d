"""/api/sharing-records/: the names other systems rely on, the rules as 400s with field
messages, drafts and completion, need-to-know access and a fixed number of queries."""

import pytest
from rest_framework.test import APIClient

from caserecords.models import AccessGrant, AccessLog, ChronologyEntry
from sharing import services
from sharing.models import SharingRecord

from .conftest import answers

pytestmark = pytest.mark.django_db

URL = "/api/sharing-records/"


def body(child_ids, type="request_received", **changes) -> dict:
    data = answers(type, **changes)
    data["occurred_at"] = data["occurred_at"].isoformat()
    data["organisation"] = data.pop("organisation_name")
    return {"type": type, "children": child_ids, **data}


def test_it_records_a_request_received_with_the_agreed_field_names(api_for, worker, child):
    response = api_for(worker).post(URL, body([child.pk]), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    for name in [
        "type",
        "children",
        "occurred_at",
        "consent",
        "no_consent_reason",
        "family_informed",
        "not_informed_reason",
        "decision",
        "decision_reason",
        "identity_confirmed_by",
        "third_party_information",
        "third_party_consent",
        "third_party_override_reason",
        "name",
        "job_title",
        "organisation",
        "telephone",
        "method",
    ]:
        assert name in data
    assert data["type"] == "request_received"
    assert data["children"] == [child.pk]
    assert data["organisation"] == "Hull Primary School"
    assert data["status"] == "draft"
    assert data["recorded_by"]["username"] == "worker"
    assert data["notices"] == []
    assert response["Location"] == f"{URL}{data['id']}/"


@pytest.mark.parametrize(
    ("changes", "field", "mended"),
    [
        ({"consent": "not_given"}, "no_consent_reason", {"no_consent_reason": "Child at risk."}),
        ({"family_informed": False}, "not_informed_reason", {"not_informed_reason": "Risk."}),
        (
            {"decision": "not_share", "information_shared": ""},
            "decision_reason",
            {"decision_reason": "No need to know."},
        ),
        ({"identity_confirmed_by": ""}, "identity_confirmed_by", {"identity_confirmed_by": "Rang"}),
        (
            {"third_party_information": True, "third_party_consent": False},
            "third_party_override_reason",
            {"third_party_override_reason": "A criminal investigation."},
        ),
    ],
)
def test_a_broken_rule_is_a_400_with_the_fields_message_and_nothing_saved(
    api_for, worker, child, changes, field, mended
):
    client = api_for(worker)
    response = client.post(URL, body([child.pk], **changes), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0]
    assert not SharingRecord.objects.exists()

    response = client.post(URL, body([child.pk], **{**changes, **mended}), format="json")
    assert response.status_code == 201, response.json()


def test_a_bad_choice_is_a_400(api_for, worker, child):
    response = api_for(worker).post(URL, body([child.pk], method="pigeon"), format="json")
    assert response.status_code == 400
    assert "method" in response.json()


def test_one_record_about_siblings_is_on_each_file(api_for, worker, child, sibling):
    response = api_for(worker).post(URL, body([child.pk, sibling.pk]), format="json")
    assert response.status_code == 201
    assert sorted(response.json()["children"]) == sorted([child.pk, sibling.pk])
    assert ChronologyEntry.objects.filter(category="sharing").count() == 2


def test_a_child_one_may_not_see_is_a_400(api_for, worker, child, other_child):
    response = api_for(worker).post(URL, body([child.pk, other_child.pk]), format="json")
    assert response.status_code == 400
    assert response.json()["children"] == [
        f"You can only record on files you have access to: {other_child.pk}."
    ]


def test_the_allocated_worker_is_told_and_the_sender_hears_who_covers(
    api_for, colleague, worker, child
):
    response = api_for(colleague).post(URL, body([child.pk]), format="json")
    assert response.status_code == 201
    assert response.json()["notices"] == []  # nobody is away
    assert worker.notifications.filter(kind="sharing_record").count() == 1


def test_the_author_updates_and_completes_a_draft(api_for, worker, record):
    client = api_for(worker)
    response = client.patch(f"{URL}{record.pk}/", {"telephone": "01482 999999"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["telephone"] == "01482 999999"

    response = client.post(f"{URL}{record.pk}/complete/")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"

    response = client.patch(f"{URL}{record.pk}/", {"telephone": "0"}, format="json")
    assert response.status_code == 409


def test_a_patch_that_breaks_a_rule_is_a_400(api_for, worker, record):
    response = api_for(worker).patch(
        f"{URL}{record.pk}/", {"family_informed": False}, format="json"
    )
    assert response.status_code == 400
    assert "not_informed_reason" in response.json()


def test_completing_without_the_outcome_is_a_400(api_for, worker, child):
    record, _away = services.sharing_record_create(
        user=worker, type="disclosure", children=[child], data=answers(outcome="")
    )
    response = api_for(worker).post(f"{URL}{record.pk}/complete/")
    assert response.status_code == 400
    assert "outcome" in response.json()


def test_only_the_author_edits_a_draft(api_for, colleague, record):
    response = api_for(colleague).patch(f"{URL}{record.pk}/", {"name": "X"}, format="json")
    assert response.status_code == 403


# Need to know ----------------------------------------------------------------------------


def test_another_teams_worker_gets_a_404_and_an_empty_list(api_for, otherworker, record, child):
    client = api_for(otherworker)
    assert client.get(f"{URL}{record.pk}/").status_code == 404
    assert client.patch(f"{URL}{record.pk}/", {"name": "X"}, format="json").status_code == 404
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}?child={child.pk}").json()["results"] == []


def test_an_auditor_sees_only_sampled_files_and_cannot_record(api_for, auditor, record, child):
    client = api_for(auditor)
    assert client.get(f"{URL}{record.pk}/").status_code == 404
    AccessGrant.objects.create(child=child, user=auditor, reason="audit")
    assert client.get(f"{URL}{record.pk}/").status_code == 200
    assert client.post(URL, body([child.pk]), format="json").status_code == 403


def test_anonymous_gets_a_401():
    assert APIClient().get(URL).status_code == 401


def test_a_record_shows_only_the_children_the_reader_may_see(
    api_for, worker, child, other_child, otherworker
):
    record, _away = services.sharing_record_create(
        user=worker, type="disclosure", children=[child], data=answers()
    )
    record.children.add(other_child)  # e.g. siblings now in different teams
    assert api_for(otherworker).get(f"{URL}{record.pk}/").json()["children"] == [other_child.pk]
    assert api_for(worker).get(f"{URL}{record.pk}/").json()["children"] == [child.pk]


def test_the_list_filters_by_child_and_logs_one_read(api_for, worker, child, sibling, record):
    services.sharing_record_create(
        user=worker, type="disclosure", children=[sibling], data=answers()
    )
    before = AccessLog.objects.count()
    response = api_for(worker).get(f"{URL}?child={child.pk}")
    assert [row["id"] for row in response.json()["results"]] == [record.pk]
    assert AccessLog.objects.count() == before + 1
    assert AccessLog.objects.first().channel == "api"


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_runs_a_fixed_number_of_queries(
    api_for, worker, child, sibling, headofservice, count, django_assert_num_queries
):
    for _ in range(count):
        services.sharing_record_create(
            user=worker, type="disclosure", children=[child, sibling], data=answers()
        )
    client = api_for(headofservice)
    # 1 token and user, 2 the page with who recorded each (keyset pages: no count), 3 the
    # children the reader may see, 4 the access log's insert
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.json()["results"]) == count


def test_the_answer_says_who_covers_an_absent_allocated_worker(
    api_for, worker, colleague, teamleader, child
):
    from datetime import date

    from absence import services as absence

    absence.absence_create(
        user=worker,
        recorded_by=worker,
        starts_on=date(2026, 11, 16),
        ends_on=None,
        planned=True,
        kind="leave",
        cover=teamleader,
    )
    response = api_for(colleague).post(URL, body([child.pk]), format="json")
    assert response.status_code == 201
    [notice] = response.json()["notices"]
    assert notice.startswith("Wendy Walker is away. Tara Lewis is covering")
