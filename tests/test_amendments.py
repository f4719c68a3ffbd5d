"""Amendments and "entered in error" (seed 003 §4: never amended without the author's approval).

`visit` is a significant home visit that `worker` recorded and completed on
Monday 2 November 2026; the clock stays frozen that afternoon.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from caserecords import services
from caserecords.models import (
    AmendmentRequest,
    AmendmentStatus,
    ChronologyCategory,
    ChronologyEntry,
    Observation,
)
from caserecords.services import RecordLocked
from staff.models import Role

from .factories import UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 2, 15, 0, tzinfo=LONDON)
VISIT = datetime(2026, 11, 2, 10, 0, tzinfo=LONDON)
SUMMARY = "Home visit: Amelia seen in her bedroom"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def record(author, child, **data) -> Observation:
    fields = {
        "kind": "home_visit",
        "occurred_at": VISIT,
        "location": "At the family home",
        "summary": SUMMARY,
        "child_seen": "seen_alone",
        **data,
    }
    return services.observation_create(author=author, child=child, data=fields, complete=True)[0]


@pytest.fixture
def visit(worker, child):
    return record(worker, child, significant=True)


@pytest.fixture
def other_teamleader(team_b):
    return UserFactory(username="teamleader_b", role=Role.TEAM_LEADER, team=team_b)


def request_change(observation, user, changes, reason="Wrong room recorded"):
    return services.amendment_request(
        observation=observation, user=user, kind="amend", reason=reason, changes=changes
    )


def request_in_error(observation, user, reason="Recorded on the wrong child's file"):
    return services.amendment_request(
        observation=observation, user=user, kind="entered_in_error", reason=reason
    )


def chronology_entry(observation) -> ChronologyEntry:
    return ChronologyEntry.objects.get(
        child=observation.child, category=ChronologyCategory.OBSERVATION
    )


# Amendments ---------------------------------------------------------------------


def test_a_colleagues_amendment_waits_for_the_author(visit, colleague):
    request = request_change(visit, colleague, {"summary": "Home visit: Amelia seen in the garden"})
    assert request.status == AmendmentStatus.PENDING
    assert request.changes == {"summary": "Home visit: Amelia seen in the garden"}
    visit.refresh_from_db()
    assert visit.summary == SUMMARY


def test_the_author_approves_and_the_change_is_applied(visit, worker, colleague):
    request = request_change(visit, colleague, {"summary": "Home visit: Amelia seen in the garden"})
    services.amendment_decide(request=request, user=worker, approve=True)
    request.refresh_from_db()
    visit.refresh_from_db()
    assert request.status == AmendmentStatus.APPROVED
    assert request.decided_by == worker
    assert request.decided_at == NOW
    assert visit.summary == "Home visit: Amelia seen in the garden"
    summaries = list(
        visit.history.order_by("history_date", "history_id").values_list("summary", flat=True)
    )
    assert summaries[0] == SUMMARY
    assert summaries[-1] == "Home visit: Amelia seen in the garden"
    assert chronology_entry(visit).headline == "Home visit: Home visit: Amelia seen in the garden"


def test_an_amendment_that_unmarks_significance_withdraws_the_chronology_entry(
    visit, worker, colleague
):
    request = request_change(visit, colleague, {"significant": False})
    services.amendment_decide(request=request, user=worker, approve=True)
    entry = chronology_entry(visit)  # kept, not deleted
    assert entry.withdrawn
    assert entry.withdrawn_reason == "No longer marked significant."


def test_an_amendment_that_marks_significance_adds_the_chronology_entry(worker, child, colleague):
    observation = record(worker, child)
    request = request_change(observation, colleague, {"significant": True})
    assert not ChronologyEntry.objects.filter(category=ChronologyCategory.OBSERVATION).exists()
    services.amendment_decide(request=request, user=worker, approve=True)
    assert chronology_entry(observation).headline == f"Home visit: {SUMMARY}"


def test_an_amendment_of_the_time_recomputes_the_deadline(visit, worker):
    request_change(visit, worker, {"occurred_at": datetime(2026, 10, 30, 16, 0, tzinfo=LONDON)})
    visit.refresh_from_db()
    assert visit.occurred_at == datetime(2026, 10, 30, 16, 0, tzinfo=LONDON)
    assert visit.due_by == date(2026, 11, 6)


def test_an_amendment_cannot_move_the_contact_into_the_future(visit, worker):
    with pytest.raises(ValidationError) as error:
        request_change(visit, worker, {"occurred_at": datetime(2026, 11, 3, 9, 0, tzinfo=LONDON)})
    assert "occurred_at" in error.value.message_dict
    assert not AmendmentRequest.objects.exists()


def test_a_rejection_needs_a_note(visit, worker, colleague):
    request = request_change(visit, colleague, {"summary": "Something else"})
    with pytest.raises(ValidationError) as error:
        services.amendment_decide(request=request, user=worker, approve=False, note="  ")
    assert "decision_note" in error.value.message_dict
    services.amendment_decide(
        request=request, user=worker, approve=False, note="The bedroom is right: I was there."
    )
    request.refresh_from_db()
    visit.refresh_from_db()
    assert request.status == AmendmentStatus.REJECTED
    assert request.decision_note == "The bedroom is right: I was there."
    assert visit.summary == SUMMARY


@pytest.mark.parametrize("who", ["otherworker", "colleague", "teamleader", "director"])
def test_only_the_author_decides_while_they_are_still_here(request, visit, colleague, who):
    amendment = request_change(visit, colleague, {"summary": "Something else"})
    with pytest.raises(PermissionDenied):
        services.amendment_decide(
            request=amendment, user=request.getfixturevalue(who), approve=True
        )
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.PENDING


def test_the_team_leader_decides_when_the_author_has_left(visit, worker, colleague, teamleader):
    amendment = request_change(
        visit, colleague, {"summary": "Home visit: Amelia seen in the garden"}
    )
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.amendment_decide(request=amendment, user=colleague, approve=True)
    with pytest.raises(PermissionDenied):
        services.amendment_decide(request=amendment, user=worker, approve=True)
    services.amendment_decide(request=amendment, user=teamleader, approve=True)
    visit.refresh_from_db()
    assert visit.summary == "Home visit: Amelia seen in the garden"


def test_the_authors_own_amendment_is_applied_at_once(visit, worker):
    request = request_change(visit, worker, {"facts": "Bedroom tidy; bed made."})
    assert request.status == AmendmentStatus.APPROVED
    assert request.decided_by == worker
    visit.refresh_from_db()
    assert visit.facts == "Bedroom tidy; bed made."


def test_a_second_pending_request_is_refused(visit, colleague, teamleader):
    request_change(visit, colleague, {"summary": "One"})
    with pytest.raises(ValidationError):
        request_change(visit, teamleader, {"summary": "Two"})
    with pytest.raises(ValidationError):
        request_in_error(visit, colleague)
    assert AmendmentRequest.objects.count() == 1


def test_a_decided_request_cannot_be_decided_again(visit, worker, colleague):
    amendment = request_change(visit, colleague, {"summary": "One"})
    services.amendment_decide(request=amendment, user=worker, approve=True)
    with pytest.raises(ValidationError):
        services.amendment_decide(request=amendment, user=worker, approve=False, note="No")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft"},
        {"author": 1},
        {"due_by": "2026-12-01"},
        {"late_reason": "Because"},
        {"entered_in_error": True},
        {"summary": "Fine", "child": 2},
    ],
)
def test_it_refuses_fields_that_cannot_be_amended(visit, worker, changes):
    with pytest.raises(ValidationError) as error:
        request_change(visit, worker, changes)
    assert "changes" in error.value.message_dict
    assert not AmendmentRequest.objects.exists()


@pytest.mark.parametrize("changes", [{}, {"summary": SUMMARY}, {"significant": True}])
def test_it_refuses_an_amendment_that_changes_nothing(visit, worker, changes):
    with pytest.raises(ValidationError) as error:
        request_change(visit, worker, changes)
    assert "changes" in error.value.message_dict


def test_a_strategy_discussion_cannot_be_amended_out_of_safeguarding(worker, child):
    observation = record(worker, child, kind="strategy_discussion")
    with pytest.raises(ValidationError) as error:
        request_change(observation, worker, {"safeguarding": False})
    assert "changes" in error.value.message_dict
    observation.refresh_from_db()
    assert observation.safeguarding


def test_an_amendment_to_a_strategy_discussion_makes_it_safeguarding(visit, worker):
    request_change(visit, worker, {"kind": "strategy_discussion"})
    visit.refresh_from_db()
    assert visit.safeguarding
    assert visit.due_by == date(2026, 11, 3)


def test_an_amendment_is_validated_like_the_record(visit, worker):
    with pytest.raises(ValidationError) as error:
        request_change(visit, worker, {"child_seen": "maybe"})
    assert "child_seen" in error.value.message_dict


def test_a_draft_is_edited_not_amended(worker, child):
    draft = services.observation_create(
        author=worker,
        child=child,
        data={
            "kind": "home_visit",
            "occurred_at": VISIT,
            "location": "Home",
            "summary": SUMMARY,
            "child_seen": "seen",
        },
    )[0]
    with pytest.raises(ValidationError):
        request_change(draft, worker, {"summary": "Other"})
    assert not AmendmentRequest.objects.exists()


def test_an_amendment_needs_a_reason(visit, colleague):
    with pytest.raises(ValidationError) as error:
        request_change(visit, colleague, {"summary": "Other"}, reason="   ")
    assert "reason" in error.value.message_dict


def test_an_unknown_kind_of_request_is_refused(visit, worker):
    with pytest.raises(ValidationError) as error:
        services.amendment_request(observation=visit, user=worker, kind="delete", reason="Gone")
    assert "kind" in error.value.message_dict


def test_an_auditor_cannot_request_an_amendment(visit, auditor):
    with pytest.raises(PermissionDenied):
        request_change(visit, auditor, {"summary": "Other"})


# Entered in error ---------------------------------------------------------------


def test_entered_in_error_waits_for_a_manager_of_the_childs_team(visit, worker):
    request = request_in_error(visit, worker)
    assert request.status == AmendmentStatus.PENDING
    visit.refresh_from_db()
    assert not visit.entered_in_error


@pytest.mark.parametrize("who", ["worker", "colleague", "other_teamleader", "otherworker"])
def test_entered_in_error_cannot_be_approved_by_others(request, visit, worker, who):
    amendment = request_in_error(visit, worker)
    with pytest.raises(PermissionDenied):
        services.amendment_decide(
            request=amendment, user=request.getfixturevalue(who), approve=True
        )
    visit.refresh_from_db()
    assert not visit.entered_in_error


def test_a_team_leader_marks_an_observation_entered_in_error(visit, worker, teamleader):
    amendment = request_in_error(visit, worker)
    services.amendment_decide(request=amendment, user=teamleader, approve=True)
    visit.refresh_from_db()  # still there: nothing is deleted
    assert visit.entered_in_error
    assert visit.entered_in_error_reason == "Recorded on the wrong child's file"
    assert visit.summary == SUMMARY
    entry = chronology_entry(visit)
    assert entry.withdrawn
    assert entry.withdrawn_reason == "Entered in error: Recorded on the wrong child's file"


def test_a_managers_own_entered_in_error_request_is_applied_at_once(visit, teamleader):
    request = request_in_error(visit, teamleader)
    assert request.status == AmendmentStatus.APPROVED
    visit.refresh_from_db()
    assert visit.entered_in_error


def test_an_observation_entered_in_error_cannot_be_amended(visit, worker, teamleader):
    request_in_error(visit, teamleader)
    with pytest.raises(RecordLocked):
        request_change(visit, worker, {"summary": "Other"})
    with pytest.raises(RecordLocked):
        request_in_error(visit, teamleader)


def test_the_database_allows_one_pending_request_per_observation(visit, worker, colleague):
    request_change(visit, colleague, {"summary": "One"})
    with pytest.raises(IntegrityError), transaction.atomic():
        AmendmentRequest.objects.create(
            observation=visit, kind="amend", reason="Again", requested_by=worker
        )
