"""Raising a concern: the category from the reason, the briefing's sections, the routing,
staff matters without a child, and who may raise."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caserecords import services
from notifications import escalations
from notifications.models import EscalationReason, EscalationStatus

from .conftest import CAT_A, full_briefing, london, raise_concern

AT = london(2027, 5, 26, 10, 0)


def test_the_reasons_are_the_seed_lists_and_a_file_missing_or_stolen(db):
    reasons = EscalationReason.objects.all()
    assert reasons.filter(category="A").count() == 11
    assert reasons.filter(category="B").count() == 10
    assert reasons.get(code="case_file_missing_or_stolen").category == "A"
    assert reasons.get(code="looked_after_missing_48_hours").label == (
        "When a Child Looked After is missing for 48 hours or more"
    )


def test_the_category_comes_from_the_reason(worker, child, headofservice):
    escalation = raise_concern(worker, child=child, code="media_interest", at=AT)
    assert escalation.category == "B"
    assert escalation.status == EscalationStatus.WITH_HEAD_OF_SERVICE


def test_the_basic_information_is_filled_from_the_childs_record(worker, child):
    services.legal_status_start(
        child=child, kind="cp", cp_category="NEG", started_on=london(2027, 1, 4).date(), user=worker
    )
    escalation = raise_concern(worker, child=child, at=AT)
    text = escalation.basic_information
    assert "Amelia Hughes, born 17 May 2016 (aged 11), LA ID A0001" in text
    assert "Child protection plan (Neglect) since 4 January 2027" in text
    assert "Allocated to Wendy Walker, Assessment Team North" in text


def test_a_full_category_a_briefing_needs_all_five_sections(worker, child):
    with pytest.raises(ValidationError) as error:
        raise_concern(worker, child=child, at=AT, action_being_taken="", who_to_contact="")
    assert set(error.value.message_dict) == {"action_being_taken", "who_to_contact"}


def test_a_short_briefing_needs_only_the_concern(worker, child):
    escalation = raise_concern(
        worker,
        child=child,
        at=AT,
        short=True,
        action_being_taken="",
        update_expected_on=None,
        who_to_contact="",
    )
    assert escalation.short_briefing
    with pytest.raises(ValidationError, match="nature of the concern"):
        raise_concern(worker, child=child, at=AT, short=True, nature_of_concern="")


def test_a_staff_matter_has_no_child_and_goes_to_the_raisers_service(
    worker, pgl, headofservice, service_a
):
    escalation = raise_concern(worker, code="violence_against_staff", at=AT)
    assert escalation.child is None
    assert escalation.service == service_a
    assert escalation.basic_information == ""
    assert escalation.status == EscalationStatus.WITH_PGL


def test_the_concern_may_have_arisen_earlier_today_but_not_on_another_day(worker, child):
    reason = EscalationReason.objects.get(code=CAT_A)
    escalation = escalations.escalation_raise(
        user=worker,
        reason=reason,
        child=child,
        briefing=full_briefing(),
        raised_at=london(2027, 5, 26, 8, 15),
        now=AT,
    ).escalation
    assert escalation.raised_at == london(2027, 5, 26, 8, 15)
    for when in (london(2027, 5, 25, 16, 0), london(2027, 5, 26, 11, 0)):
        with pytest.raises(ValidationError) as error:
            escalations.escalation_raise(
                user=worker,
                reason=reason,
                child=child,
                briefing=full_briefing(),
                raised_at=when,
                now=AT,
            )
        assert "raised_at" in error.value.message_dict


def test_a_retired_reason_cannot_be_used(worker, child):
    EscalationReason.objects.filter(code=CAT_A).update(active=False)
    with pytest.raises(ValidationError, match="no longer in use"):
        raise_concern(worker, child=child, at=AT)


def test_an_auditor_cannot_raise_a_concern(auditor, child):
    with pytest.raises(PermissionDenied):
        raise_concern(auditor, child=child, at=AT)


def test_every_step_is_on_the_timeline_with_times_and_people(worker, child, pgl):
    escalation = raise_concern(worker, child=child, at=AT)
    events = list(escalation.events.values_list("kind", "by__username", "at"))
    assert events == [("raised", "worker", AT), ("sent_to_pgl", None, AT)]


def test_an_absent_pgl_is_covered_and_the_raiser_is_told(worker, child, pgl, monkeypatch):
    from caserecords.notices import Away
    from notifications import services as notices

    cover = worker  # whoever covers: what matters is that the raiser hears of it
    monkeypatch.setattr(
        notices,
        "away_notes",
        lambda person, at: [Away(worker=person, cover=cover)] if person == pgl else [],
    )
    reason = EscalationReason.objects.get(code=CAT_A)
    outcome = escalations.escalation_raise(
        user=worker, reason=reason, child=child, briefing=full_briefing(), now=AT
    )
    assert [away.worker for away in outcome.away] == [pgl]
    assert "is away" in str(outcome.away[0])


def test_with_nobody_in_the_service_to_answer_it_goes_to_the_director_at_once(director, db):
    from staff.models import Role
    from tests.factories import UserFactory

    business_support = UserFactory(role=Role.BUSINESS_SUPPORT)  # no team, no service
    escalation = raise_concern(business_support, code="case_file_missing_or_stolen", at=AT)
    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR
    assert escalation.sent_to_director_at == AT
    assert list(escalation.events.values_list("kind", flat=True)) == ["raised", "sent_to_director"]
