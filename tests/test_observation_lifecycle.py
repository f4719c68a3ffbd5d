"""Observations through the services: deadlines, drafts, completion, siblings, chronology.

The clock is frozen on Monday 2 November 2026, 15:00 in London. A home visit
that morning is due within 5 working days, by Monday 9 November.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from caserecords import services
from caserecords.models import (
    ChronologyCategory,
    ChronologyEntry,
    Observation,
    ObservationStatus,
)
from caserecords.services import RecordLocked

from .factories import ObservationFactory

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


NOW = london(2026, 11, 2, 15, 0)
VISIT = london(2026, 11, 2, 10, 0)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def record(author, child, *, siblings=(), participants=(), actions=(), **data) -> Observation:
    fields = {
        "kind": "home_visit",
        "occurred_at": VISIT,
        "location": "At the family home",
        "summary": "Home visit: Amelia seen in her bedroom",
        "child_seen": "seen_alone",
        **data,
    }
    return services.observation_create(
        author=author,
        child=child,
        data=fields,
        siblings=siblings,
        participants=participants,
        actions=actions,
    )[0]


# Deadlines on creation ----------------------------------------------------------


def test_a_home_visit_is_due_within_five_working_days(worker, child):
    observation = record(worker, child)
    assert observation.status == ObservationStatus.DRAFT
    assert observation.due_by == date(2026, 11, 9)
    assert observation.author == worker


def test_a_safeguarding_recording_is_due_the_next_working_day(worker, child):
    assert record(worker, child, safeguarding=True).due_by == date(2026, 11, 3)


def test_a_detailed_write_up_is_due_within_ten_working_days(worker, child):
    assert record(worker, child, detailed=True).due_by == date(2026, 11, 16)


def test_safeguarding_wins_over_detailed(worker, child):
    assert record(worker, child, safeguarding=True, detailed=True).due_by == date(2026, 11, 3)


def test_a_contact_on_friday_evening_is_due_after_the_weekend(worker, child, clock):
    clock.move_to(london(2026, 11, 7, 9, 0), tick=False)
    observation = record(worker, child, occurred_at=london(2026, 11, 6, 21, 30))
    assert observation.due_by == date(2026, 11, 13)


@pytest.mark.parametrize("kind", ["strategy_discussion", "disclosure", "safety_plan"])
def test_strategy_discussions_disclosures_and_safety_plans_are_safeguarding_by_default(
    worker, child, kind
):
    observation = record(worker, child, kind=kind)
    assert observation.safeguarding is True
    assert observation.due_by == date(2026, 11, 3)


@pytest.mark.parametrize("kind", ["strategy_discussion", "disclosure", "safety_plan"])
def test_the_safeguarding_flag_cannot_be_left_off_those_kinds(worker, child, kind):
    observation = record(worker, child, kind=kind, safeguarding=False)
    observation.refresh_from_db()
    assert observation.safeguarding is True
    assert observation.due_by == date(2026, 11, 3)


def test_other_kinds_are_not_safeguarding_unless_flagged(worker, child):
    observation = record(worker, child, kind="phone_call")
    assert observation.safeguarding is False
    assert observation.due_by == date(2026, 11, 9)


def test_it_refuses_a_contact_in_the_future(worker, child):
    with pytest.raises(ValidationError) as error:
        record(worker, child, occurred_at=london(2026, 11, 2, 15, 1))
    assert "occurred_at" in error.value.message_dict
    assert not Observation.objects.exists()


def test_it_refuses_an_observation_without_a_time_of_contact(worker, child):
    with pytest.raises(ValidationError) as error:
        record(worker, child, occurred_at=None)
    assert "occurred_at" in error.value.message_dict
    assert not Observation.objects.exists()


def test_it_refuses_a_role_that_does_not_record(auditor, child):
    with pytest.raises(PermissionDenied):
        record(auditor, child)
    assert not Observation.objects.exists()


# Drafts ------------------------------------------------------------------------


def test_the_author_can_edit_their_draft(worker, child):
    observation = record(worker, child)
    services.observation_update(
        observation=observation, user=worker, data={"facts": "Kitchen clean, food in the fridge."}
    )
    observation.refresh_from_db()
    assert observation.facts == "Kitchen clean, food in the fridge."
    assert observation.due_by == date(2026, 11, 9)


@pytest.mark.parametrize("who", ["colleague", "teamleader", "otherworker"])
def test_only_the_author_can_edit_a_draft(request, worker, child, who):
    observation = record(worker, child)
    with pytest.raises(PermissionDenied):
        services.observation_update(
            observation=observation, user=request.getfixturevalue(who), data={"summary": "Changed"}
        )
    observation.refresh_from_db()
    assert observation.summary == "Home visit: Amelia seen in her bedroom"


@pytest.mark.parametrize(
    ("data", "due_by"),
    [
        ({"occurred_at": london(2026, 10, 30, 16, 0)}, date(2026, 11, 6)),
        ({"safeguarding": True}, date(2026, 11, 3)),
        ({"detailed": True}, date(2026, 11, 16)),
        ({"kind": "strategy_discussion"}, date(2026, 11, 3)),
    ],
)
def test_editing_the_time_or_the_flags_recomputes_the_deadline(worker, child, data, due_by):
    observation = record(worker, child)
    services.observation_update(observation=observation, user=worker, data=data)
    observation.refresh_from_db()
    assert observation.due_by == due_by


def test_unflagging_safeguarding_moves_the_deadline_back(worker, child):
    observation = record(worker, child, safeguarding=True)
    services.observation_update(observation=observation, user=worker, data={"safeguarding": False})
    observation.refresh_from_db()
    assert observation.due_by == date(2026, 11, 9)


def test_a_draft_strategy_discussion_stays_safeguarding(worker, child):
    observation = record(worker, child, kind="strategy_discussion")
    services.observation_update(observation=observation, user=worker, data={"safeguarding": False})
    observation.refresh_from_db()
    assert observation.safeguarding is True
    assert observation.due_by == date(2026, 11, 3)


def test_an_edit_cannot_move_the_contact_into_the_future(worker, child):
    observation = record(worker, child)
    with pytest.raises(ValidationError) as error:
        services.observation_update(
            observation=observation, user=worker, data={"occurred_at": london(2026, 11, 3, 9, 0)}
        )
    assert "occurred_at" in error.value.message_dict
    observation.refresh_from_db()
    assert observation.occurred_at == VISIT


def test_an_edit_replaces_participants_and_actions_only_when_given(worker, child):
    observation = record(
        worker, child, participants=[{"name": "Sarah Hughes", "title": "Mother", "agency": ""}]
    )
    services.observation_update(observation=observation, user=worker, data={"facts": "More"})
    assert [p.name for p in observation.participants.all()] == ["Sarah Hughes"]
    services.observation_update(
        observation=observation,
        user=worker,
        data={},
        actions=[
            {"description": "Refer to CAMHS", "owner": "Wendy", "due_date": date(2026, 11, 9)}
        ],
    )
    assert [p.name for p in observation.participants.all()] == ["Sarah Hughes"]
    assert [a.description for a in observation.actions.all()] == ["Refer to CAMHS"]


# Completion --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "teamleader"])
def test_only_the_author_can_complete(request, worker, child, who):
    observation = record(worker, child)
    with pytest.raises(PermissionDenied):
        services.observation_complete(observation=observation, user=request.getfixturevalue(who))
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.DRAFT


def test_completing_at_any_time_on_the_due_date_is_on_time(worker, child, clock):
    observation = record(worker, child)
    clock.move_to(london(2026, 11, 9, 23, 59, 59), tick=False)
    services.observation_complete(observation=observation, user=worker)
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.completed_at == london(2026, 11, 9, 23, 59, 59)
    assert observation.late_reason == ""
    assert not observation.completed_late


def test_an_on_time_completion_keeps_no_late_reason(worker, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker, late_reason="Busy week")
    observation.refresh_from_db()
    assert observation.late_reason == ""


@pytest.mark.parametrize("late_reason", ["", "   "])
def test_completing_the_day_after_the_due_date_needs_a_reason(worker, child, clock, late_reason):
    observation = record(worker, child)
    clock.move_to(london(2026, 11, 10, 0, 0, 30), tick=False)
    with pytest.raises(ValidationError) as error:
        services.observation_complete(observation=observation, user=worker, late_reason=late_reason)
    assert "late_reason" in error.value.message_dict
    assert "9 November 2026" in error.value.message_dict["late_reason"][0]
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.DRAFT


def test_a_late_completion_keeps_its_reason(worker, child, clock):
    observation = record(worker, child)
    clock.move_to(london(2026, 11, 10, 9, 0), tick=False)
    services.observation_complete(
        observation=observation, user=worker, late_reason="  Off sick from 3 to 9 November.  "
    )
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.late_reason == "Off sick from 3 to 9 November."
    assert observation.completed_late


def test_lateness_is_judged_on_the_london_date_in_summer_time(worker, child, clock):
    clock.move_to(london(2026, 8, 3, 15, 0), tick=False)
    on_time = record(worker, child, occurred_at=london(2026, 8, 3, 10, 0), safeguarding=True)
    late = record(worker, child, occurred_at=london(2026, 8, 3, 11, 0), safeguarding=True)
    assert on_time.due_by == date(2026, 8, 4)
    clock.move_to(london(2026, 8, 4, 23, 59), tick=False)
    services.observation_complete(observation=on_time, user=worker)
    # 00:30 BST on Wednesday is still Tuesday in UTC; in London it is a day late.
    clock.move_to(london(2026, 8, 5, 0, 30), tick=False)
    with pytest.raises(ValidationError) as error:
        services.observation_complete(observation=late, user=worker)
    assert "late_reason" in error.value.message_dict


def test_a_completed_observation_is_locked(worker, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker)
    with pytest.raises(RecordLocked):
        services.observation_update(observation=observation, user=worker, data={"summary": "New"})
    with pytest.raises(RecordLocked):
        services.observation_complete(observation=observation, user=worker)
    observation.refresh_from_db()
    assert observation.summary == "Home visit: Amelia seen in her bedroom"
    assert observation.completed_at == NOW


def test_it_can_record_and_complete_in_one_call(worker, child):
    [observation] = services.observation_create(
        author=worker,
        child=child,
        data={
            "kind": "phone_call",
            "occurred_at": VISIT,
            "location": "Phone call to mother",
            "summary": "Mother confirmed the GP appointment",
            "child_seen": "not_applicable",
        },
        complete=True,
    )
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.completed_at == NOW


# Overdue ----------------------------------------------------------------------


def test_a_draft_is_overdue_only_after_its_due_date(worker, child):
    observation = record(worker, child)
    assert not observation.is_overdue(today=date(2026, 11, 9))
    assert observation.is_overdue(today=date(2026, 11, 10))
    assert list(Observation.objects.overdue(today=date(2026, 11, 9))) == []
    assert list(Observation.objects.overdue(today=date(2026, 11, 10))) == [observation]
    services.observation_complete(observation=observation, user=worker)
    observation.refresh_from_db()
    assert not observation.is_overdue(today=date(2026, 11, 10))
    assert list(Observation.objects.overdue(today=date(2026, 11, 10))) == []


# Siblings: record once, file per child -----------------------------------------


def test_one_contact_with_siblings_lands_on_each_childs_file(worker, child, sibling):
    observation = record(
        worker,
        child,
        siblings=[sibling],
        participants=[{"name": "Sarah Hughes", "title": "Mother", "agency": ""}],
        actions=[
            {"description": "Book a GP check", "owner": "Mother", "due_date": date(2026, 11, 20)}
        ],
    )
    observations = list(Observation.objects.filter(contact_group=observation.contact_group))
    assert {o.child for o in observations} == {child, sibling}
    assert len(observations) == 2
    for each in observations:
        assert each.due_by == date(2026, 11, 9)
        assert each.summary == "Home visit: Amelia seen in her bedroom"
        assert [(p.name, p.title) for p in each.participants.all()] == [("Sarah Hughes", "Mother")]
        assert [a.description for a in each.actions.all()] == ["Book a GP check"]


def test_each_siblings_observation_is_completed_on_its_own(worker, child, sibling):
    observation = record(worker, child, siblings=[sibling])
    services.observation_complete(observation=observation, user=worker)
    statuses = dict(
        Observation.objects.filter(contact_group=observation.contact_group).values_list(
            "child", "status"
        )
    )
    assert statuses == {child.pk: "completed", sibling.pk: "draft"}


def test_it_refuses_siblings_the_author_cannot_see(worker, child, other_child):
    with pytest.raises(ValidationError) as error:
        record(worker, child, siblings=[other_child])
    assert "siblings" in error.value.message_dict
    assert not Observation.objects.exists()


def test_the_child_named_as_its_own_sibling_gets_one_observation(worker, child):
    record(worker, child, siblings=[child])
    assert Observation.objects.filter(child=child).count() == 1


# Chronology -------------------------------------------------------------------


def _significant_entries(child):
    return ChronologyEntry.objects.filter(child=child, category=ChronologyCategory.OBSERVATION)


def test_completing_a_significant_observation_writes_one_chronology_entry(worker, child):
    observation = record(worker, child, significant=True, kind="disclosure")
    assert not _significant_entries(child).exists()  # drafts are not in the chronology
    services.observation_complete(observation=observation, user=worker)
    [entry] = _significant_entries(child)
    assert entry.source == observation
    assert entry.occurred_at == VISIT
    assert entry.headline == "Disclosure: Home visit: Amelia seen in her bedroom"
    assert entry.link == observation.get_absolute_url()


def test_saving_the_observation_again_refreshes_its_entry_rather_than_adding_one(worker, child):
    observation = record(worker, child, significant=True)
    services.observation_complete(observation=observation, user=worker)
    services.amendment_request(
        observation=observation,
        user=worker,
        kind="amend",
        reason="Typo in the headline",
        changes={"summary": "Home visit: Amelia seen in the garden"},
    )
    [entry] = _significant_entries(child)
    assert entry.headline == "Home visit: Home visit: Amelia seen in the garden"


def test_an_observation_that_is_not_significant_stays_out_of_the_chronology(worker, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker)
    assert not _significant_entries(child).exists()


# Database constraints ------------------------------------------------------------


def test_the_database_refuses_a_completed_observation_without_a_completion_time(worker, child):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(child=child, status="completed", completed_at=None)


def test_the_database_refuses_a_draft_with_a_completion_time(worker, child):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(child=child, status="draft", completed_at=NOW)


def test_the_database_refuses_an_unknown_answer_to_child_seen(worker, child):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(child=child, child_seen="maybe")


def test_the_database_refuses_two_observations_of_one_contact_on_one_file(worker, child):
    first = ObservationFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(child=child, contact_group=first.contact_group)
