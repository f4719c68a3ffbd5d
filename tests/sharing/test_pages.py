"""The sharing pages: the guided form per type, the record and its history, the tab on the
child's file, amendments; need-to-know access and query budgets."""

import pytest

from caserecords.models import AccessGrant, AccessLog
from sharing import services
from sharing.models import SharingRecord

from .conftest import answers

pytestmark = pytest.mark.django_db


def form_data(child_ids, **changes) -> dict:
    """What the request-received form posts: a complete, valid record."""
    data = {
        "children": child_ids,
        "occurred_at_day": "20",
        "occurred_at_month": "11",
        "occurred_at_year": "2026",
        "occurred_at_time": "10:30",
        "name": "PC Dan Jones",
        "job_title": "Police constable",
        "organisation": "",
        "organisation_name": "Humberside Police",
        "telephone": "101",
        "identity_confirmed_by": "Rang back on the police switchboard",
        "reason": "An investigation into an assault on the mother.",
        "information_requested": "Whether the children are known to us.",
        "case_reference": "HP/123",
        "consent": "given",
        "consent_given_by": "Sarah Hughes (mother)",
        "family_informed": "yes",
        "third_party_information": "no",
        "decision": "share",
        "information_shared": "The children are on child protection plans.",
        "method": "phone",
        "outcome": "Police to attend the strategy meeting.",
        "save": "draft",
    }
    return {**data, **changes}


def new_url(child, type="request_received") -> str:
    return f"/sharing/children/{child.pk}/new/{type}/"


def test_the_form_asks_the_seeds_questions_for_each_type(client, worker, child):
    client.force_login(worker)
    received = client.get(new_url(child)).content.decode()
    assert "How was the identity of the requester confirmed?" in received
    assert "Your decision" in received
    assert 'data-aria-controls="conditional-id_consent_1"' in received
    disclosure = client.get(new_url(child, "disclosure")).content.decode()
    assert "Your reason for sharing the information" in disclosure
    assert "How was the receipt of the information confirmed?" in disclosure
    made = client.get(new_url(child, "request_made")).content.decode()
    assert "How was your identity confirmed?" in made
    assert "Were the person or family" not in made
    assert client.get(new_url(child, "gossip")).status_code == 404


def test_a_request_received_without_consent_needs_the_justification(client, worker, child):
    client.force_login(worker)
    posted = form_data([child.pk], consent="no", consent_no="not_sought")
    response = client.post(new_url(child), posted)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give the reason for sharing without consent" in page
    assert not SharingRecord.objects.exists()

    posted["no_consent_reason"] = "Asking the father would put the children at risk."
    response = client.post(new_url(child), posted)
    record = SharingRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.consent == "not_sought"
    assert record.no_consent_reason.startswith("Asking the father")
    assert record.consent_given_by == ""  # typed before the answer changed: dropped


def test_without_consent_the_form_asks_refused_or_not_sought(client, worker, child):
    client.force_login(worker)
    response = client.post(new_url(child), form_data([child.pk], consent="no"))
    assert "Say whether consent was refused or not sought" in response.content.decode()
    assert not SharingRecord.objects.exists()


def test_save_and_complete_locks_the_record(client, worker, child):
    client.force_login(worker)
    client.post(new_url(child), form_data([child.pk], save="complete"))
    record = SharingRecord.objects.get()
    assert record.status == "completed"
    response = client.get(f"/sharing/{record.pk}/edit/")
    assert response.status_code == 302


def test_siblings_are_offered_and_recorded_once(client, worker, child, sibling):
    from caserecords.models import Family

    family = Family.objects.create(name="Hughes")
    for kid in (child, sibling):
        kid.family = family
        kid.save(update_fields=["family"])
    client.force_login(worker)
    assert "Noah Hughes" in client.get(new_url(child)).content.decode()
    client.post(new_url(child), form_data([child.pk, sibling.pk]))
    assert set(SharingRecord.objects.get().children.all()) == {child, sibling}


def test_the_allocated_worker_is_told_and_the_colleague_hears_who_covers(
    client, colleague, worker, child
):
    client.force_login(colleague)
    client.post(new_url(child), form_data([child.pk]))
    assert worker.notifications.filter(kind="sharing_record").exists()


def test_the_draft_is_edited_by_its_author(client, worker, child, record):
    client.force_login(worker)
    response = client.get(f"/sharing/{record.pk}/edit/")
    assert response.status_code == 200
    posted = form_data([child.pk], name="Dr Grey", job_title="GP")
    for name in ("identity_confirmed_by", "information_requested", "decision"):
        posted.pop(name)
    response = client.post(f"/sharing/{record.pk}/edit/", posted)
    assert response.status_code == 302, response.content.decode()
    record.refresh_from_db()
    assert record.name == "Dr Grey"


def test_the_record_page_shows_the_answers_and_logs_one_read(client, teamleader, record):
    client.force_login(teamleader)
    before = AccessLog.objects.count()
    response = client.get(f"/sharing/{record.pk}/")
    page = response.content.decode()
    assert "Recipient&#x27;s name" in page
    assert "Priya Shah" in page
    assert "Person making the entry" in page
    assert AccessLog.objects.count() == before + 1


def test_the_history_page_shows_each_version(client, worker, child, sibling, record):
    services.sharing_record_update(
        record=record, user=worker, data={"name": "Dr Grey"}, children=[child, sibling]
    )
    client.force_login(worker)
    page = client.get(f"/sharing/{record.pk}/history/").content.decode()
    assert "Version 3: changed" in page
    assert "Dr Grey" in page
    assert "Amelia Hughes, Noah Hughes" in page


def test_an_amendment_is_requested_and_approved_by_the_author(client, worker, colleague, completed):
    client.force_login(colleague)
    posted = {
        "amendment_reason": "The telephone number was wrong.",
        "occurred_at_day": "20",
        "occurred_at_month": "11",
        "occurred_at_year": "2026",
        "occurred_at_time": "10:30",
        **{
            name: value
            for name, value in answers("request_received").items()
            if isinstance(value, str)
        },
        "telephone": "01482 222222",
        "family_informed": "yes",
        "third_party_information": "no",
    }
    response = client.post(f"/sharing/{completed.pk}/amend/", posted)
    assert response.status_code == 302, response.content.decode()
    amendment = completed.amendments.get()
    assert amendment.is_pending
    assert amendment.changes == {"telephone": "01482 222222"}

    client.force_login(worker)
    response = client.post(f"/sharing/amendments/{amendment.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.telephone == "01482 222222"


# Need to know ----------------------------------------------------------------------------


def test_another_teams_worker_gets_404s(client, otherworker, record, child):
    client.force_login(otherworker)
    for url in [
        f"/sharing/{record.pk}/",
        f"/sharing/{record.pk}/edit/",
        f"/sharing/{record.pk}/history/",
        f"/sharing/{record.pk}/amend/",
        new_url(child),
    ]:
        assert client.get(url).status_code == 404, url


def test_an_auditor_reads_a_sampled_file_but_cannot_record(client, auditor, record, child):
    client.force_login(auditor)
    assert client.get(f"/sharing/{record.pk}/").status_code == 404
    AccessGrant.objects.create(child=child, user=auditor, reason="audit")
    assert client.get(f"/sharing/{record.pk}/").status_code == 200
    assert client.get(new_url(child)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, record, child):
    for url in [f"/sharing/{record.pk}/", new_url(child), "/sharing/register/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


def test_a_colleague_cannot_edit_the_draft(client, colleague, record):
    client.force_login(colleague)
    assert client.get(f"/sharing/{record.pk}/edit/").status_code == 403


# The tab on the child's file ----------------------------------------------------------------


def test_the_file_has_an_information_sharing_tab_with_its_count(client, worker, child, record):
    client.force_login(worker)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Information sharing (1)" in page
    assert "Record a request received" in page
    assert record.get_absolute_url() in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_tab_runs_one_query_whatever_the_log_size(
    rf, worker, child, count, django_assert_num_queries
):
    from sharing.views import file_tab_context

    for _ in range(count):
        services.sharing_record_create(
            user=worker, type="disclosure", children=[child], data=answers()
        )
    request = rf.get("/")
    request.user = worker
    # 1 the child's records with who made each and the total count (a window)
    with django_assert_num_queries(1):
        context = file_tab_context(request, child)
    assert context["count"] == count
    assert len(context["records"]) == count


@pytest.mark.parametrize("amendments", [0, 3])
def test_the_record_page_runs_a_fixed_number_of_queries(
    client, worker, colleague, child, sibling, completed, amendments, django_assert_num_queries
):
    completed.children.add(sibling)
    for number in range(amendments):
        services.sharing_amendment_request(
            record=completed, user=worker, reason="Fix.", changes={"telephone": f"0{number}"}
        )
    client.force_login(worker)
    # 1 session, 2 user, 3 the record with who made it and its organisation, 4 the children
    # the reader may see, 5 its amendments with who asked and decided, 6 the access log's
    # insert, 7 unread notifications (header)
    with django_assert_num_queries(7):
        response = client.get(f"/sharing/{completed.pk}/")
    assert len(response.context["amendments"]) == amendments


@pytest.mark.parametrize("edits", [1, 10])
def test_the_history_page_runs_a_fixed_number_of_queries(
    client, worker, child, sibling, record, edits, django_assert_num_queries
):
    for number in range(edits):
        services.sharing_record_update(
            record=record, user=worker, data={"name": f"Name {number}"}, children=[child, sibling]
        )
    client.force_login(worker)
    # 1 session, 2 user, 3 the record, 4 its children the reader may see, 5 its versions with
    # who made each, 6 the children of every version, 7 the names of those the reader may
    # see, 8 the access log's insert, 9 unread notifications (header)
    with django_assert_num_queries(9):
        response = client.get(f"/sharing/{record.pk}/history/")
    assert len(response.context["versions"]) == edits + 3


def test_the_recorder_hears_at_once_that_the_allocated_worker_is_away(
    client, worker, colleague, teamleader, child
):
    from datetime import date

    from absence import services as absence

    absence.absence_create(
        user=worker,
        recorded_by=worker,
        starts_on=date(2026, 11, 16),
        ends_on=date(2026, 11, 27),
        planned=True,
        kind="leave",
        cover=teamleader,
    )
    client.force_login(colleague)
    response = client.post(new_url(child), form_data([child.pk]), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert any("Wendy Walker is away" in text and "Tara Lewis" in text for text in shown)
    assert teamleader.notifications.filter(kind="sharing_record").exists()
