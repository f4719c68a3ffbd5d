"""The Director acknowledges; updates are added until it is closed; a passed update date
is itself a notice, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications import escalations
from notifications.escalation_jobs import escalate_unanswered
from notifications.models import (
    EscalationEventKind,
    EscalationStatus,
    Notification,
    NotificationKind,
)

from .conftest import london, raise_concern

DAY = (2027, 6, 2)  # Wednesday


@pytest.fixture
def sent(worker, child, pgl, headofservice, director):
    escalation = raise_concern(
        worker, child=child, at=london(*DAY, 9, 0), update_expected_on=london(2027, 6, 4).date()
    )
    return escalations.escalation_respond(
        escalation=escalation, user=pgl, now=london(*DAY, 10, 0)
    ).escalation


def test_the_director_acknowledges_and_the_raiser_is_told(sent, director):
    escalation = escalations.escalation_acknowledge(
        escalation=sent, user=director, note="Thank you.", now=london(*DAY, 11, 0)
    ).escalation
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    assert escalation.acknowledged_by == director
    assert Notification.objects.filter(
        recipient__username="worker", dedupe_key=f"escalation:{sent.pk}:acknowledged"
    ).exists()


@pytest.mark.parametrize("persona", ["worker", "pgl", "headofservice"])
def test_only_the_director_acknowledges(sent, everyone, persona):
    with pytest.raises(PermissionDenied):
        escalations.escalation_acknowledge(escalation=sent, user=everyone[persona])


def test_a_briefing_still_with_the_pgl_cannot_be_acknowledged(worker, child, pgl, director):
    escalation = raise_concern(worker, child=child, at=london(*DAY, 9, 0))
    with pytest.raises(PermissionDenied):
        escalations.escalation_acknowledge(escalation=escalation, user=director)


def test_updates_are_added_until_it_is_closed(sent, director, worker, headofservice):
    escalations.escalation_acknowledge(escalation=sent, user=director, now=london(*DAY, 11, 0))
    escalations.escalation_add_update(
        escalation=sent,
        user=worker,
        note="Amelia discharged from hospital.",
        next_update_on=london(2027, 6, 9).date(),
        now=london(2027, 6, 3, 9, 0),
    )
    sent.refresh_from_db()
    assert sent.update_expected_on == london(2027, 6, 9).date()
    update_notices = Notification.objects.filter(dedupe_key=f"escalation:{sent.pk}:update:1")
    assert "director" in set(update_notices.values_list("recipient__username", flat=True))

    escalations.escalation_close(
        escalation=sent, user=director, note="Resolved.", now=london(2027, 6, 10, 9, 0)
    )
    sent.refresh_from_db()
    assert sent.status == EscalationStatus.CLOSED
    with pytest.raises(PermissionDenied):
        escalations.escalation_add_update(escalation=sent, user=worker, note="More news.")


def test_an_update_needs_words(sent, worker):
    with pytest.raises(ValidationError, match="Enter the update"):
        escalations.escalation_add_update(escalation=sent, user=worker, note=" ")


def test_a_passed_update_date_is_a_notice_once(sent, worker, director):
    # Expected by Friday 4 June: not overdue that day, overdue from Saturday.
    assert escalate_unanswered(london(2027, 6, 4, 23, 59)).updates_overdue == 0
    assert escalate_unanswered(london(2027, 6, 5, 0, 15)).updates_overdue == 1
    assert escalate_unanswered(london(2027, 6, 5, 0, 30)).updates_overdue == 0

    notices = Notification.objects.filter(kind=NotificationKind.ESCALATION_UPDATE_DUE)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["director", "worker"]
    assert sent.events.filter(kind=EscalationEventKind.UPDATE_OVERDUE).count() == 1


def test_a_new_update_date_is_noticed_again_when_it_passes(sent, worker):
    escalate_unanswered(london(2027, 6, 5, 0, 15))
    escalations.escalation_add_update(
        escalation=sent,
        user=worker,
        note="Waiting for the police.",
        next_update_on=london(2027, 6, 8).date(),
        now=london(2027, 6, 7, 9, 0),
    )
    assert escalate_unanswered(london(2027, 6, 9, 9, 0)).updates_overdue == 1
    keys = set(
        Notification.objects.filter(kind=NotificationKind.ESCALATION_UPDATE_DUE).values_list(
            "dedupe_key", flat=True
        )
    )
    assert keys == {
        f"escalation:{sent.pk}:update-due:2027-06-04",
        f"escalation:{sent.pk}:update-due:2027-06-08",
    }
