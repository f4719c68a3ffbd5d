"""Planned contacts (the diary) through the services, and when they are overdue.

A planned contact's recording is due by the same working-day rule as an
observation: 5 working days after the planned local date, 1 if safeguarding.
It is overdue from 00:00 Europe/London on the day after its due date, and never
once cancelled or recorded (a recorded one whose observation is still a draft
leaves the deadline to the draft).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from caserecords import deadlines, services
from caserecords.models import (
    ChildSeen,
    Observation,
    ObservationKind,
    ObservationStatus,
    PlannedContact,
    PlannedContactStatus,
)
from caserecords.services import RecordLocked
from staff.models import Role

from .factories import ChildFactory, ObservationFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# Wednesday 1 April 2026, before Easter (Good Friday 3 April, Easter Monday 6 April).
NOW = london(2026, 4, 1, 9, 0)
# Thursday 2 April 2026, the day before Good Friday.
BEFORE_EASTER = london(2026, 4, 2, 10, 0)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def plan(user, child, planned_for=BEFORE_EASTER, **fields) -> PlannedContact:
    return services.planned_contact_create(
        user=user,
        child=child,
        kind=fields.pop("kind", "home_visit"),
        planned_for=planned_for,
        **fields,
    )


def record(author, child, *, complete=False, now=None, **data) -> Observation:
    fields = {
        "kind": "home_visit",
        "occurred_at": BEFORE_EASTER,
        "location": "At the family home",
        "summary": "Home visit: Amelia seen in her bedroom",
        "child_seen": "seen_alone",
        **data,
    }
    return services.observation_create(
        author=author, child=child, data=fields, complete=complete, now=now
    )[0]


def overdue_at(moment: datetime) -> list[PlannedContact]:
    return list(deadlines.overdue_planned_contacts(moment))


# Planning and the due date ---------------------------------------------------------


def test_a_contact_before_easter_is_due_5_working_days_later_skipping_both_bank_holidays(
    worker, child
):
    planned = plan(worker, child)

    # Thu 2 April; Good Friday and Easter Monday are not working days:
    # Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April.
    assert planned.due_by == date(2026, 4, 13)
    assert planned.status == PlannedContactStatus.PLANNED
    assert planned.created_by == worker
    assert planned.observation is None


def test_a_safeguarding_contact_before_easter_is_due_the_next_working_day_after_the_holidays(
    worker, child
):
    planned = plan(worker, child, safeguarding=True)

    assert planned.due_by == date(2026, 4, 7)


def test_a_contact_planned_on_a_bank_holiday_counts_from_the_next_working_day(worker, child):
    planned = plan(worker, child, planned_for=london(2026, 4, 6, 11, 0), safeguarding=True)

    # Easter Monday counts from Tuesday 7 April; 1 working day later is Wednesday 8.
    assert planned.due_by == date(2026, 4, 8)


def test_a_planned_strategy_discussion_is_always_safeguarding(worker, child):
    planned = plan(worker, child, kind="strategy_discussion", safeguarding=False)

    assert planned.safeguarding is True
    assert planned.due_by == date(2026, 4, 7)


def test_a_contact_may_be_planned_in_the_past_and_is_at_once_overdue_if_its_due_date_passed(
    worker, child
):
    planned = plan(worker, child, planned_for=london(2026, 3, 2, 10, 0))

    assert planned.due_by == date(2026, 3, 9)
    assert overdue_at(NOW) == [planned]


def test_the_planned_contact_keeps_its_history_with_who_changed_it(worker, colleague, child):
    planned = plan(worker, child, note="Statutory visit")
    services.planned_contact_cancel(planned_contact=planned, user=colleague, reason="Ill")

    versions = list(planned.history.order_by("history_date", "history_id"))

    assert [v.status for v in versions] == ["planned", "cancelled"]
    assert [v.history_user for v in versions] == [worker, colleague]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "disclosure"}, "kind", "is not a valid choice"),
        ({"kind": ""}, "kind", "cannot be blank"),
        ({"planned_for": london(2028, 6, 1, 10, 0)}, "planned_for", "up to 2 years ahead"),
        ({"planned_for": datetime(1899, 12, 31, 10, 0, tzinfo=UTC)}, "planned_for", "1900"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    worker, child, fields, field, message
):
    with pytest.raises(ValidationError) as error:
        plan(worker, child, **fields)

    assert message in " ".join(error.value.message_dict[field])
    assert not PlannedContact.objects.exists()


def test_a_contact_cannot_be_planned_on_a_closed_case(worker, team_a):
    closed = ChildFactory(worker=worker, closed_on=date(2026, 3, 1), closure_reason="RC7")

    with pytest.raises(ValidationError, match="case is closed"):
        plan(worker, closed)

    assert not PlannedContact.objects.exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.BUSINESS_SUPPORT, Role.ADMINISTRATOR])
def test_only_recording_roles_plan_contacts(team_a, child, role):
    user = UserFactory(username=f"user-{role}", role=role, team=team_a)

    with pytest.raises(PermissionDenied):
        plan(user, child)

    assert not PlannedContact.objects.exists()


def test_a_member_of_staff_who_has_left_cannot_plan(worker, colleague, child):
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])

    with pytest.raises(PermissionDenied):
        plan(colleague, child)


# When a planned contact is overdue -------------------------------------------------


@pytest.mark.parametrize(
    ("planned_for", "safeguarding", "due_by", "last_moment_on_time"),
    [
        # Across Easter (British Summer Time): 00:00 London is 23:00 UTC the day before.
        (BEFORE_EASTER, False, date(2026, 4, 13), london(2026, 4, 13, 23, 59, 59)),
        (BEFORE_EASTER, True, date(2026, 4, 7), london(2026, 4, 7, 23, 59, 59)),
        # Planned in GMT on Friday 27 March; due on Monday 30 March, after the clocks
        # went forward on Sunday 29 March.
        (london(2026, 3, 27, 10, 0), True, date(2026, 3, 30), london(2026, 3, 30, 23, 59, 59)),
        # Planned in BST on Monday 19 October; due on Monday 26 October, after the clocks
        # went back on Sunday 25 October.
        (london(2026, 10, 19, 10, 0), False, date(2026, 10, 26), london(2026, 10, 26, 23, 59, 59)),
        # Christmas 2026: Friday 25 and Monday 28 (Boxing Day's substitute) are holidays.
        (london(2026, 12, 24, 16, 0), True, date(2026, 12, 29), london(2026, 12, 29, 23, 59, 59)),
    ],
    ids=["easter", "easter-safeguarding", "clocks-forward", "clocks-back", "christmas"],
)
def test_a_planned_contact_is_overdue_from_midnight_in_london_after_its_due_date_not_before(
    clock, worker, child, planned_for, safeguarding, due_by, last_moment_on_time
):
    clock.move_to(planned_for - timedelta(days=7), tick=False)
    planned = plan(worker, child, planned_for=planned_for, safeguarding=safeguarding)
    first_moment_overdue = last_moment_on_time + timedelta(seconds=1)
    assert planned.due_by == due_by
    assert first_moment_overdue.astimezone(LONDON).time().isoformat() == "00:00:00"

    assert overdue_at(last_moment_on_time) == []
    assert overdue_at(last_moment_on_time.astimezone(UTC)) == []
    assert overdue_at(first_moment_overdue) == [planned]
    assert overdue_at(first_moment_overdue.astimezone(UTC)) == [planned]
    # The clock itself, when no time is given.
    clock.move_to(last_moment_on_time, tick=False)
    assert list(deadlines.overdue_planned_contacts()) == []
    assert planned.is_overdue() is False
    clock.move_to(first_moment_overdue, tick=False)
    assert list(deadlines.overdue_planned_contacts()) == [planned]
    assert planned.is_overdue() is True


def test_the_day_the_clocks_go_forward_ends_at_midnight_in_summer_time(worker, child, clock):
    """The UTC midnight an hour later would be a minute too late to mark it overdue."""
    clock.move_to(london(2026, 3, 20, 9, 0), tick=False)
    planned = plan(worker, child, planned_for=london(2026, 3, 27, 10, 0), safeguarding=True)

    assert overdue_at(datetime(2026, 3, 30, 22, 59, tzinfo=UTC)) == []
    assert overdue_at(datetime(2026, 3, 30, 23, 0, tzinfo=UTC)) == [planned]


def test_a_cancelled_contact_is_never_overdue(worker, child):
    planned = plan(worker, child)

    services.planned_contact_cancel(
        planned_contact=planned, user=worker, reason="The family moved the visit to next week."
    )

    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.CANCELLED
    assert planned.cancel_reason == "The family moved the visit to next week."
    assert planned.cancelled_at == NOW
    assert overdue_at(london(2027, 1, 1, 12, 0)) == []
    assert planned.is_overdue(date(2027, 1, 1)) is False


def test_a_contact_recorded_by_a_completed_observation_is_never_overdue(worker, child, clock):
    planned = plan(worker, child)
    clock.move_to(london(2026, 4, 2, 16, 0), tick=False)
    observation = record(worker, child, complete=True)

    services.planned_contact_record(planned_contact=planned, observation=observation, user=worker)

    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.RECORDED
    assert planned.observation == observation
    assert overdue_at(london(2027, 1, 1, 12, 0)) == []
    assert list(deadlines.overdue_observations(london(2027, 1, 1, 12, 0))) == []


def test_a_contact_recorded_by_a_draft_is_not_overdue_itself_the_draft_is(worker, child, clock):
    planned = plan(worker, child)
    clock.move_to(london(2026, 4, 2, 16, 0), tick=False)
    draft = record(worker, child)
    services.planned_contact_record(planned_contact=planned, observation=draft, user=worker)
    after_the_due_date = london(2026, 4, 14, 9, 0)

    assert overdue_at(after_the_due_date) == []
    assert list(deadlines.overdue_observations(after_the_due_date)) == [draft]


def test_the_overdue_query_is_one_query_whatever_the_number_of_items(
    worker, child, sibling, django_assert_num_queries
):
    for n in range(5):
        plan(worker, child if n % 2 else sibling, planned_for=london(2026, 3, 2 + n, 10, 0))
    cancelled = plan(worker, child, planned_for=london(2026, 3, 2, 12, 0))
    services.planned_contact_cancel(planned_contact=cancelled, user=worker, reason="Moved")
    plan(worker, child)  # not due yet

    with django_assert_num_queries(1):
        overdue = overdue_at(NOW)

    assert len(overdue) == 5


# Cancelling --------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_changes_nothing_without_one(worker, child):
    planned = plan(worker, child)

    with pytest.raises(ValidationError) as error:
        services.planned_contact_cancel(planned_contact=planned, user=worker, reason="  ")

    assert error.value.message_dict == {"reason": ["Enter why the contact is cancelled"]}
    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.PLANNED


def test_a_recorded_contact_cannot_be_cancelled(worker, child):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    observation = record(worker, child, occurred_at=london(2026, 3, 31, 10, 0))
    services.planned_contact_record(planned_contact=planned, observation=observation, user=worker)

    with pytest.raises(RecordLocked, match="already been recorded"):
        services.planned_contact_cancel(planned_contact=planned, user=worker, reason="Oops")

    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.RECORDED


def test_a_cancelled_contact_cannot_be_cancelled_again_or_recorded(worker, child):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    services.planned_contact_cancel(planned_contact=planned, user=worker, reason="Moved")
    observation = record(worker, child, occurred_at=london(2026, 3, 31, 10, 0))

    with pytest.raises(RecordLocked, match="was cancelled"):
        services.planned_contact_cancel(planned_contact=planned, user=worker, reason="Again")
    with pytest.raises(RecordLocked, match="was cancelled"):
        services.planned_contact_record(
            planned_contact=planned, observation=observation, user=worker
        )


def test_an_auditor_cannot_cancel(worker, auditor, child):
    planned = plan(worker, child)

    with pytest.raises(PermissionDenied):
        services.planned_contact_cancel(planned_contact=planned, user=auditor, reason="No")

    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.PLANNED


# Recording -----------------------------------------------------------------------------


def test_recording_a_visit_from_the_diary_links_it_in_the_same_transaction(worker, child, clock):
    planned = plan(worker, child)
    clock.move_to(london(2026, 4, 2, 16, 0), tick=False)

    (observation,) = services.observation_create(
        author=worker,
        child=child,
        data={
            "kind": "home_visit",
            "occurred_at": BEFORE_EASTER,
            "location": "At the family home",
            "summary": "Home visit as planned",
            "child_seen": "seen_alone",
        },
        complete=True,
        planned_contact=planned,
    )

    planned.refresh_from_db()
    assert planned.observation == observation
    assert planned.status == PlannedContactStatus.RECORDED
    assert planned.history.first().history_user == worker


def test_a_failed_recording_leaves_the_contact_planned_and_saves_no_observation(
    worker, child, clock
):
    planned = plan(worker, child)
    clock.move_to(london(2026, 4, 20, 9, 0), tick=False)  # after the due date

    with pytest.raises(ValidationError) as error:
        services.observation_create(
            author=worker,
            child=child,
            data={
                "kind": "home_visit",
                "occurred_at": BEFORE_EASTER,
                "location": "At the family home",
                "summary": "Home visit as planned",
                "child_seen": "seen_alone",
            },
            complete=True,  # late, with no reason
            planned_contact=planned,
        )

    assert "late_reason" in error.value.message_dict
    assert not Observation.objects.exists()
    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.PLANNED
    assert planned.observation is None


def test_an_observation_on_another_childs_file_cannot_record_the_contact(worker, child, sibling):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    on_sibling = record(worker, sibling, occurred_at=london(2026, 3, 31, 10, 0))

    with pytest.raises(ValidationError) as error:
        services.planned_contact_record(
            planned_contact=planned, observation=on_sibling, user=worker
        )

    assert "observation" in error.value.message_dict
    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.PLANNED


def test_one_observation_records_one_planned_contact(worker, child):
    first = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    second = plan(worker, child, planned_for=london(2026, 3, 31, 11, 0))
    observation = record(worker, child, occurred_at=london(2026, 3, 31, 10, 0))
    services.planned_contact_record(planned_contact=first, observation=observation, user=worker)

    with pytest.raises(ValidationError, match="already records another planned contact"):
        services.planned_contact_record(
            planned_contact=second, observation=observation, user=worker
        )


def test_an_observation_entered_in_error_cannot_record_a_contact(worker, child):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    wrong = ObservationFactory(child=child, author=worker, entered_in_error=True)

    with pytest.raises(ValidationError, match="entered in error"):
        services.planned_contact_record(planned_contact=planned, observation=wrong, user=worker)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"status": "cancelled", "cancel_reason": "", "cancelled_at": NOW}, "has_reason"),
        ({"status": "recorded"}, "has_observation"),
    ],
)
def test_the_database_refuses_a_cancellation_without_reason_and_a_record_without_observation(
    worker, child, fields, constraint
):
    planned = plan(worker, child)
    for name, value in fields.items():
        setattr(planned, name, value)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        planned.save()


# No access ---------------------------------------------------------------------------


def test_no_access_records_a_completed_observation_of_the_failed_visit_and_links_it(
    worker, child, clock
):
    planned = plan(worker, child, safeguarding=True, note="Check the home after the referral")
    clock.move_to(london(2026, 4, 2, 15, 0), tick=False)

    observation = services.planned_contact_no_access(
        planned_contact=planned,
        user=worker,
        occurred_at=london(2026, 4, 2, 10, 5),
        location="At the family home, announced visit",
        what_happened="No answer at the door. Card left; mother's phone went to voicemail.",
    )

    assert observation.kind == ObservationKind.NO_ACCESS
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.child_seen == ChildSeen.NOT_SEEN
    assert observation.author == worker
    assert observation.safeguarding is True
    assert observation.due_by == date(2026, 4, 7)
    assert observation.facts.startswith("No answer at the door.")
    assert observation.summary == "No access: home visit planned for 2 April 2026"
    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.RECORDED
    assert planned.observation == observation
    assert overdue_at(london(2026, 5, 1, 9, 0)) == []


def test_no_access_recorded_late_needs_the_reason_and_saves_nothing_without_it(
    worker, child, clock
):
    planned = plan(worker, child)
    clock.move_to(london(2026, 4, 20, 9, 0), tick=False)
    attempt = {
        "planned_contact": planned,
        "user": worker,
        "occurred_at": BEFORE_EASTER,
        "location": "At the family home",
        "what_happened": "Nobody in.",
    }

    with pytest.raises(ValidationError) as error:
        services.planned_contact_no_access(**attempt)

    assert "late_reason" in error.value.message_dict
    assert not Observation.objects.exists()
    observation = services.planned_contact_no_access(**attempt, late_reason="Off sick.")
    assert observation.late_reason == "Off sick."
    assert observation.completed_late


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"occurred_at": london(2026, 4, 1, 9, 1)}, "occurred_at"),  # a minute from now
        ({"location": " "}, "location"),
        ({"what_happened": ""}, "what_happened"),
    ],
)
def test_no_access_with_bad_input_says_why_and_saves_nothing(worker, child, fields, field):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    attempt = {
        "occurred_at": london(2026, 3, 31, 10, 0),
        "location": "At the family home",
        "what_happened": "Nobody in.",
        **fields,
    }

    with pytest.raises(ValidationError) as error:
        services.planned_contact_no_access(planned_contact=planned, user=worker, **attempt)

    assert field in error.value.message_dict
    assert not Observation.objects.exists()
    planned.refresh_from_db()
    assert planned.status == PlannedContactStatus.PLANNED


def test_a_cancelled_contact_cannot_be_recorded_as_no_access(worker, child):
    planned = plan(worker, child, planned_for=london(2026, 3, 31, 10, 0))
    services.planned_contact_cancel(planned_contact=planned, user=worker, reason="Moved")

    with pytest.raises(RecordLocked):
        services.planned_contact_no_access(
            planned_contact=planned,
            user=worker,
            occurred_at=london(2026, 3, 31, 10, 0),
            location="Home",
            what_happened="Nobody in.",
        )

    assert not Observation.objects.exists()
