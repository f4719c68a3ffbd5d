"""Category B (seed 002 §3): the head of service decides, with a reason, whether the
Director is informed; informing makes it a full category A briefing for the Director."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caserecords.models import ChronologyCategory, ChronologyEntry
from notifications import escalations
from notifications.escalation_jobs import escalate_unanswered
from notifications.models import EscalationEventKind, EscalationStatus, Notification

from .conftest import CAT_B, london, raise_concern

MONDAY = (2027, 5, 24)


@pytest.fixture
def concern(worker, child, pgl, headofservice, director):
    """A short category B concern: only the nature of the concern is given."""
    return raise_concern(
        worker,
        child=child,
        code=CAT_B,
        at=london(*MONDAY, 9, 30),
        action_being_taken="",
        update_expected_on=None,
        who_to_contact="",
    )


def recipients(key: str) -> list[str]:
    rows = Notification.objects.filter(dedupe_key=key).values_list("recipient__username", flat=True)
    return sorted(rows)


def test_it_goes_to_the_head_of_service_only(concern):
    assert concern.category == "B"
    assert concern.status == EscalationStatus.WITH_HEAD_OF_SERVICE
    assert concern.director_due_at is None
    assert recipients(f"escalation:{concern.pk}:raised") == ["headofservice"]


def test_the_end_of_day_rule_does_not_send_a_category_b_concern(concern):
    assert escalate_unanswered(london(*MONDAY, 17, 0)).sent_to_director == 0


def test_not_to_inform_closes_it_with_the_reason(concern, headofservice, worker):
    outcome = escalations.escalation_decide(
        escalation=concern,
        user=headofservice,
        inform_director=False,
        reason="Housing found the family a place tonight; the plan continues.",
        now=london(*MONDAY, 11, 0),
    )
    escalation = outcome.escalation
    assert escalation.status == EscalationStatus.NOT_FOR_DIRECTOR
    assert escalation.inform_director is False
    assert escalation.decided_by == headofservice
    assert not escalation.is_open
    assert escalation.sent_to_director_at is None
    assert recipients(f"escalation:{concern.pk}:director") == []
    assert recipients(f"escalation:{concern.pk}:decided") == ["worker"]
    event = escalation.events.get(kind=EscalationEventKind.DECIDED_NOT_INFORM)
    assert event.note.startswith("Housing found")
    assert event.by == headofservice


def test_to_inform_needs_a_full_briefing(concern, headofservice):
    with pytest.raises(ValidationError) as error:
        escalations.escalation_decide(
            escalation=concern,
            user=headofservice,
            inform_director=True,
            reason="Media interest likely.",
            now=london(*MONDAY, 11, 0),
        )
    assert set(error.value.message_dict) == {
        "action_being_taken",
        "update_expected_on",
        "who_to_contact",
    }
    concern.refresh_from_db()
    assert concern.status == EscalationStatus.WITH_HEAD_OF_SERVICE
    assert not concern.events.filter(kind=EscalationEventKind.DECIDED_INFORM).exists()


def test_to_inform_makes_it_a_full_briefing_sent_to_the_director(
    concern, headofservice, director, pgl
):
    outcome = escalations.escalation_decide(
        escalation=concern,
        user=headofservice,
        inform_director=True,
        reason="Media interest likely.",
        briefing={
            "action_being_taken": "Emergency accommodation arranged.",
            "update_expected_on": london(2027, 5, 26).date(),
            "who_to_contact": "Hana Head, head of service",
        },
        now=london(*MONDAY, 11, 0),
    )
    escalation = outcome.escalation
    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR
    assert escalation.sent_to_director_at == london(*MONDAY, 11, 0)
    assert escalation.inform_director is True
    assert escalation.short_briefing is False
    assert recipients(f"escalation:{concern.pk}:director") == ["director", "headofservice", "pgl"]
    kinds = list(escalation.events.values_list("kind", flat=True))
    assert kinds[-3:] == [
        EscalationEventKind.AMENDED,
        EscalationEventKind.DECIDED_INFORM,
        EscalationEventKind.SENT_TO_DIRECTOR,
    ]


def test_a_decision_needs_a_reason(concern, headofservice):
    with pytest.raises(ValidationError, match="reason"):
        escalations.escalation_decide(
            escalation=concern, user=headofservice, inform_director=False, reason="  "
        )


@pytest.mark.parametrize("persona", ["worker", "pgl", "director", "teamleader"])
def test_only_the_head_of_service_decides(concern, everyone, persona):
    with pytest.raises(PermissionDenied):
        escalations.escalation_decide(
            escalation=concern, user=everyone[persona], inform_director=False, reason="No."
        )


def test_a_decision_is_taken_once(concern, headofservice):
    escalations.escalation_decide(
        escalation=concern, user=headofservice, inform_director=False, reason="No."
    )
    with pytest.raises(PermissionDenied):
        escalations.escalation_decide(
            escalation=concern, user=headofservice, inform_director=False, reason="Again."
        )


def test_the_chronology_follows_the_escalation(concern, headofservice, child):
    entry = ChronologyEntry.objects.get(child=child, category=ChronologyCategory.ESCALATION)
    assert "category B" in entry.headline
    assert "with the head of service" in entry.headline
    escalations.escalation_decide(
        escalation=concern, user=headofservice, inform_director=False, reason="No."
    )
    entry.refresh_from_db()
    assert "not for the director" in entry.headline
    assert entry.link == concern.get_absolute_url()
