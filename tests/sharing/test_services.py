"""The rules of seed 001 §3 and seed 003 App. 2, in the service layer: each one refuses the
record with a clear message and saves nothing, and accepts it once the reason is given."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from caserecords.models import ChronologyCategory, ChronologyEntry
from caserecords.services import RecordLocked
from notifications.models import Notification
from sharing import services
from sharing.models import SharingRecord, SharingType

from .conftest import CONTACT, NOW, answers

pytestmark = pytest.mark.django_db

RECEIVED = SharingType.REQUEST_RECEIVED
# (type, the answers that break the rule, the field and message, the answer that mends it)
RULES = [
    pytest.param(
        SharingType.DISCLOSURE,
        {"consent": "not_given"},
        "no_consent_reason",
        "Give the reason for sharing without consent (the public interest justification)",
        {"no_consent_reason": "To protect the child from significant harm."},
        id="sharing without consent needs the reason",
    ),
    pytest.param(
        RECEIVED,
        {"consent": "not_sought"},
        "no_consent_reason",
        "Give the reason for sharing without consent (the public interest justification)",
        {"no_consent_reason": "Seeking consent would put the child at risk."},
        id="consent not sought needs the reason",
    ),
    pytest.param(
        SharingType.REQUEST_MADE,
        {"consent": "not_sought"},
        "no_consent_reason",
        "Give the reason for requesting the information without consent",
        {"no_consent_reason": "A section 47 enquiry."},
        id="requesting without consent needs the reason",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"consent_given_by": ""},
        "consent_given_by",
        "Say who consented",
        {"consent_given_by": "Sarah Hughes (mother)"},
        id="consent given by whom",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"family_informed": False},
        "not_informed_reason",
        "Give the reason the person or family were not informed",
        {"not_informed_reason": "Telling the father would put the child at risk."},
        id="not informing the family needs the reason why not",
    ),
    pytest.param(
        RECEIVED,
        {"family_informed": None},
        "family_informed",
        "Say whether the person or family were informed of the sharing",
        {"family_informed": True},
        id="whether the family were informed is answered",
    ),
    pytest.param(
        RECEIVED,
        {"decision": "not_share", "information_shared": ""},
        "decision_reason",
        "Give the reasons for the decision not to share",
        {"decision_reason": "The requester has no need to know."},
        id="a decision not to share needs its reasons",
    ),
    pytest.param(
        RECEIVED,
        {"identity_confirmed_by": "  "},
        "identity_confirmed_by",
        "Say how the requester's identity was confirmed before anything is shared "
        "(for example, ring back)",
        {"identity_confirmed_by": "Rang back on the police switchboard"},
        id="a request received needs how the identity was confirmed",
    ),
    pytest.param(
        RECEIVED,
        {"decision": ""},
        "decision",
        "Select your decision: share or not share",
        {"decision": "share"},
        id="a request received needs the decision",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"third_party_information": True, "third_party_consent": False},
        "third_party_override_reason",
        "Third-party information needs that party's consent: if they have not consented, "
        "give the justification for overriding it",
        {"third_party_override_reason": "Part of a criminal investigation."},
        id="third-party information needs a justification without their consent",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"third_party_information": True},
        "third_party_override_reason",
        "Third-party information needs that party's consent: if they have not consented, "
        "give the justification for overriding it",
        {"third_party_consent": True},
        id="third-party information with that party's consent",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"occurred_at": None},
        "occurred_at",
        "Enter the date and time of the contact",
        {"occurred_at": CONTACT},
        id="the date and time of the contact",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"occurred_at": NOW + timedelta(hours=1)},
        "occurred_at",
        "The date and time of the contact must be in the past",
        {"occurred_at": CONTACT},
        id="the contact is in the past",
    ),
    pytest.param(
        SharingType.DISCLOSURE,
        {"telephone": ""},
        "telephone",
        "Enter their telephone number",
        {"telephone": "01482 000000"},
        id="the recipient's telephone number",
    ),
]


@pytest.mark.parametrize(("type", "broken", "field", "message", "mended"), RULES)
def test_each_rule_refuses_the_record_until_the_reason_is_given(
    worker, child, type, broken, field, message, mended
):
    with pytest.raises(ValidationError) as refused:
        services.sharing_record_create(
            user=worker, type=type, children=[child], data=answers(type, **broken)
        )
    assert refused.value.message_dict[field] == [message]
    assert not SharingRecord.objects.exists()
    assert not ChronologyEntry.objects.filter(category=ChronologyCategory.SHARING).exists()

    record, _away = services.sharing_record_create(
        user=worker, type=type, children=[child], data=answers(type, **{**broken, **mended})
    )
    assert record.recorded_by == worker
    assert record.occurred_at is not None


def test_the_database_refuses_what_the_service_refuses(worker):
    base = {"type": "disclosure", "recorded_by": worker, **answers()}
    broken = [
        {"consent": "not_sought", "no_consent_reason": ""},
        {"consent": "given", "consent_given_by": ""},
        {"family_informed": False, "not_informed_reason": ""},
        {"family_informed": None},
        {"type": "request_received", "decision": "not_share", "identity_confirmed_by": "x"},
        {"type": "request_received", "decision": "share", "identity_confirmed_by": ""},
        {"third_party_information": True, "third_party_consent": False},
        {"status": "completed", "completed_at": None},
    ]
    for changes in broken:
        with pytest.raises(IntegrityError), transaction.atomic():
            SharingRecord.objects.create(**{**base, **changes})
    assert not SharingRecord.objects.exists()


def test_a_record_about_siblings_is_entered_once_with_a_chronology_entry_each(
    worker, child, sibling
):
    record, _away = services.sharing_record_create(
        user=worker,
        type=SharingType.DISCLOSURE,
        children=[child, sibling],
        data=answers(consent="not_given", no_consent_reason="To protect the children."),
    )
    assert SharingRecord.objects.count() == 1
    assert set(record.children.all()) == {child, sibling}
    entries = ChronologyEntry.objects.filter(category=ChronologyCategory.SHARING)
    assert {entry.child for entry in entries} == {child, sibling}
    entry = entries.get(child=child)
    assert entry.headline == (
        "Information shared with Priya Shah, Designated safeguarding lead, "
        "Hull Primary School (without consent)"
    )
    assert entry.link == record.get_absolute_url()
    assert entry.occurred_at == CONTACT


def test_answers_that_no_longer_apply_are_dropped(worker, child):
    record, _away = services.sharing_record_create(
        user=worker,
        type=SharingType.DISCLOSURE,
        children=[child],
        data=answers(no_consent_reason="typed before choosing yes", not_informed_reason="x"),
    )
    assert record.no_consent_reason == ""
    assert record.not_informed_reason == ""


def test_an_organisation_from_the_list_fills_in_its_name_and_telephone(worker, child, organisation):
    record, _away = services.sharing_record_create(
        user=worker,
        type=SharingType.DISCLOSURE,
        children=[child],
        data=answers(organisation=organisation, organisation_name="", telephone=""),
    )
    assert record.organisation_name == "Humberside Police"
    assert record.telephone == "101"


def test_it_refuses_a_child_the_recorder_may_not_see(worker, child, other_child):
    with pytest.raises(ValidationError) as refused:
        services.sharing_record_create(
            user=worker, type="disclosure", children=[child, other_child], data=answers()
        )
    assert refused.value.message_dict["children"] == [
        "You can only record on files you have access to"
    ]
    assert not SharingRecord.objects.exists()


def test_it_refuses_a_record_about_no_child(worker):
    with pytest.raises(ValidationError) as refused:
        services.sharing_record_create(user=worker, type="disclosure", children=[], data=answers())
    assert "children" in refused.value.message_dict


def test_an_auditor_cannot_record(auditor, child):
    from caserecords.models import AccessGrant

    AccessGrant.objects.create(child=child, user=auditor, reason="audit")
    with pytest.raises(PermissionDenied):
        services.sharing_record_create(
            user=auditor, type="disclosure", children=[child], data=answers()
        )


def test_the_allocated_worker_is_told_when_someone_else_records(colleague, worker, child):
    _record, away = services.sharing_record_create(
        user=colleague, type="disclosure", children=[child], data=answers()
    )
    notice = Notification.objects.get(recipient=worker)
    assert notice.kind == "sharing_record"
    assert "Amelia Hughes" in notice.subject
    assert away == []


def test_the_allocated_worker_is_not_told_of_their_own_record(worker, child):
    services.sharing_record_create(user=worker, type="disclosure", children=[child], data=answers())
    assert not Notification.objects.exists()


# Drafts and completion -----------------------------------------------------------------


def test_the_author_edits_a_draft_and_the_chronology_follows(worker, child, sibling, record):
    services.sharing_record_update(
        record=record,
        user=worker,
        data={"name": "Tom Baker"},
        children=[sibling],
    )
    record.refresh_from_db()
    assert record.name == "Tom Baker"
    assert list(record.children.all()) == [sibling]
    sharing = ChronologyEntry.objects.filter(category=ChronologyCategory.SHARING)
    assert sharing.get(child=child).withdrawn
    current = sharing.get(child=sibling)
    assert not current.withdrawn
    assert "Tom Baker" in current.headline


def test_only_the_author_edits_a_draft(colleague, record):
    with pytest.raises(PermissionDenied):
        services.sharing_record_update(record=record, user=colleague, data={"name": "X"})


def test_an_edit_that_breaks_a_rule_saves_nothing(worker, record):
    with pytest.raises(ValidationError) as refused:
        services.sharing_record_update(
            record=record, user=worker, data={"consent": "not_given", "name": "Changed"}
        )
    assert "no_consent_reason" in refused.value.message_dict
    record.refresh_from_db()
    assert record.name == "Priya Shah"


def test_completing_needs_the_outcome(worker, child):
    record, _away = services.sharing_record_create(
        user=worker, type="disclosure", children=[child], data=answers(outcome="")
    )
    with pytest.raises(ValidationError) as refused:
        services.sharing_record_complete(record=record, user=worker)
    assert refused.value.message_dict["outcome"] == [
        "Record the outcome and the next course of action before completing"
    ]
    services.sharing_record_update(
        record=record, user=worker, data={"outcome": "Agreed to meet."}, complete=True
    )
    record.refresh_from_db()
    assert record.status == "completed"
    assert record.completed_at == NOW


def test_a_completed_record_is_locked(worker, completed):
    with pytest.raises(RecordLocked):
        services.sharing_record_update(record=completed, user=worker, data={"name": "X"})
    with pytest.raises(RecordLocked):
        services.sharing_record_complete(record=completed, user=worker)


# Amendments -----------------------------------------------------------------------------


def test_the_author_amends_a_completed_record_at_once_with_the_reason_in_history(worker, completed):
    amendment = services.sharing_amendment_request(
        record=completed, user=worker, reason="Wrong job title.", changes={"job_title": "Head"}
    )
    assert amendment.status == "approved"
    completed.refresh_from_db()
    assert completed.job_title == "Head"
    latest = completed.history.first()
    assert latest.history_change_reason == "Amendment: Wrong job title."
    entry = ChronologyEntry.objects.get(category=ChronologyCategory.SHARING)
    assert entry.headline.startswith("Request for information from Priya Shah, Head")


def test_a_colleagues_amendment_waits_for_the_author(worker, colleague, completed):
    amendment = services.sharing_amendment_request(
        record=completed, user=colleague, reason="Typo.", changes={"telephone": "01482 111111"}
    )
    assert amendment.is_pending
    completed.refresh_from_db()
    assert completed.telephone == "01482 000000"
    assert Notification.objects.get(recipient=worker).kind == "amendment_request"
    with pytest.raises(PermissionDenied):
        services.sharing_amendment_decide(amendment=amendment, user=colleague, approve=True)
    services.sharing_amendment_decide(amendment=amendment, user=worker, approve=True)
    completed.refresh_from_db()
    assert completed.telephone == "01482 111111"


def test_the_team_leader_approves_when_the_author_has_left(
    worker, colleague, teamleader, completed
):
    amendment = services.sharing_amendment_request(
        record=completed, user=colleague, reason="Typo.", changes={"telephone": "01482 111111"}
    )
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    services.sharing_amendment_decide(amendment=amendment, user=teamleader, approve=True)
    completed.refresh_from_db()
    assert completed.telephone == "01482 111111"


def test_an_amendment_that_breaks_a_rule_is_refused(worker, completed):
    with pytest.raises(ValidationError) as refused:
        services.sharing_amendment_request(
            record=completed, user=worker, reason="Fix.", changes={"decision": "not_share"}
        )
    assert "decision_reason" in refused.value.message_dict
    assert not completed.amendments.exists()


def test_an_amendment_needs_a_reason_and_a_change(worker, completed):
    with pytest.raises(ValidationError) as no_reason:
        services.sharing_amendment_request(
            record=completed, user=worker, reason=" ", changes={"name": "X"}
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_change:
        services.sharing_amendment_request(
            record=completed, user=worker, reason="Fix.", changes={"name": "Priya Shah"}
        )
    assert no_change.value.message_dict["changes"] == ["The amendment changes nothing."]


def test_a_rejection_says_why_and_changes_nothing(worker, colleague, completed):
    amendment = services.sharing_amendment_request(
        record=completed, user=colleague, reason="Typo.", changes={"name": "Someone else"}
    )
    with pytest.raises(ValidationError):
        services.sharing_amendment_decide(amendment=amendment, user=worker, approve=False)
    services.sharing_amendment_decide(
        amendment=amendment, user=worker, approve=False, note="The name was right."
    )
    completed.refresh_from_db()
    assert completed.name == "Priya Shah"
