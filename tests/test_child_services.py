"""The child's record through the services: referral, allocation, legal status, closure.

`child` was referred by a school on 12 January 2026 into team A and allocated
to `worker`. The clock is frozen on Monday 2 November 2026.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from caserecords import access, services
from caserecords.models import Allocation, Child, ChronologyCategory, ChronologyEntry, LegalStatus
from staff.models import Role

from .factories import ChildFactory, UserFactory
from .oversight.closing import close_case

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 2, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def other_teamleader(team_b):
    return UserFactory(username="teamleader_b", role=Role.TEAM_LEADER, team=team_b)


def headlines(child, category) -> list[str]:
    entries = ChronologyEntry.objects.filter(child=child, category=category)
    return list(entries.order_by("occurred_at", "pk").values_list("headline", flat=True))


def close(child, user, closed_on=date(2026, 11, 2), **overrides):
    """The child's worker submits the closure for approval; `user` approves it, which closes
    the case (seed 003 App. 7, 3.4: a case closes only on an approved closure)."""
    return close_case(
        child, submitted_by=child.worker, approved_by=user, closed_on=closed_on, **overrides
    )


# Referral -------------------------------------------------------------------------


def test_a_referral_opens_the_file_with_a_chronology_entry_and_an_allocation(child, worker, team_a):
    [referral] = ChronologyEntry.objects.filter(child=child, category=ChronologyCategory.REFERRAL)
    assert referral.headline == "Referral received from Schools"
    assert referral.occurred_at == datetime(2026, 1, 12, 0, 0, tzinfo=LONDON)
    assert referral.recorded_by == worker
    [allocation] = child.allocations.all()
    assert (allocation.team, allocation.worker) == (team_a, worker)
    assert (allocation.started_on, allocation.ended_on) == (date(2026, 1, 12), None)
    assert headlines(child, ChronologyCategory.ALLOCATION) == [
        "Allocated to Assessment Team North (Wendy Walker)"
    ]
    assert (child.team, child.worker) == (team_a, worker)


def test_a_referral_with_an_invalid_nhs_number_is_refused(worker, team_a):
    with pytest.raises(ValidationError) as error:
        services.child_create(
            user=worker,
            team=team_a,
            data={
                "la_child_id": "A0002",
                "first_name": "Leo",
                "last_name": "Hughes",
                "date_of_birth": date(2019, 3, 2),
                "sex": "M",
                "ethnicity": "WBRI",
                "nhs_number": "9434765918",
                "referral_date": date(2026, 11, 2),
                "referral_source": "1A",
            },
        )
    assert "nhs_number" in error.value.message_dict
    assert not Child.objects.exists()
    assert not ChronologyEntry.objects.exists()


def test_an_unborn_child_is_referred_with_an_expected_date_and_sex_u(worker, team_a):
    child = services.child_create(
        user=worker,
        team=team_a,
        data={
            "la_child_id": "U0001",
            "first_name": "Baby",
            "last_name": "Hughes",
            "expected_date_of_birth": date(2027, 2, 14),
            "sex": "U",
            "ethnicity": "WBRI",
            "referral_date": date(2026, 11, 2),
            "referral_source": "3A",
        },
    )
    assert child.is_unborn
    assert child.team == team_a
    assert child.worker is None


# Allocation ---------------------------------------------------------------------


def test_a_new_allocation_ends_the_previous_one(child, worker, colleague, team_a):
    first = child.allocations.get()
    new = services.allocation_change(
        child=child,
        team=team_a,
        worker=colleague,
        on=date(2026, 11, 2),
        reason="Caseload",
        user=worker,
    )
    first.refresh_from_db()
    child.refresh_from_db()
    assert first.ended_on == date(2026, 11, 2)
    assert (new.started_on, new.ended_on, new.worker) == (date(2026, 11, 2), None, colleague)
    assert child.worker == colleague
    assert Allocation.objects.filter(child=child, ended_on__isnull=True).get() == new
    assert headlines(child, ChronologyCategory.ALLOCATION)[-1] == (
        "Allocated to Assessment Team North (Colin Clarke)"
    )


def test_a_transfer_to_another_team_moves_who_can_see_the_file(child, worker, otherworker, team_b):
    services.allocation_change(
        child=child,
        team=team_b,
        worker=otherworker,
        on=date(2026, 11, 2),
        reason="Transfer",
        user=worker,
    )
    child.refresh_from_db()
    assert child.team == team_b
    assert child in access.children_visible_to(otherworker)
    assert child not in access.children_visible_to(worker)


def test_a_case_can_be_unallocated_within_its_team(child, teamleader, team_a):
    services.allocation_change(
        child=child,
        team=team_a,
        worker=None,
        on=date(2026, 11, 2),
        reason="Worker left",
        user=teamleader,
    )
    child.refresh_from_db()
    assert (child.team, child.worker) == (team_a, None)
    assert headlines(child, ChronologyCategory.ALLOCATION)[-1] == (
        "Allocated to Assessment Team North (unallocated)"
    )


def test_it_refuses_a_worker_from_another_team(child, worker, otherworker, team_a):
    with pytest.raises(ValidationError) as error:
        services.allocation_change(
            child=child,
            team=team_a,
            worker=otherworker,
            on=date(2026, 11, 2),
            reason="",
            user=worker,
        )
    assert "worker" in error.value.message_dict
    child.refresh_from_db()
    assert child.worker == worker
    assert child.allocations.count() == 1


def test_it_refuses_an_allocation_starting_before_the_current_one(child, worker, colleague, team_a):
    with pytest.raises(ValidationError) as error:
        services.allocation_change(
            child=child, team=team_a, worker=colleague, on=date(2026, 1, 11), reason="", user=worker
        )
    assert "on" in error.value.message_dict
    assert child.allocations.get().ended_on is None


# Legal status ---------------------------------------------------------------------


def test_a_child_protection_plan_starts_and_ends_in_the_chronology(child, teamleader):
    plan = services.legal_status_start(
        child=child, kind="cp", cp_category="NEG", started_on=date(2026, 3, 4), user=teamleader
    )
    services.legal_status_end(status=plan, ended_on=date(2026, 10, 1), user=teamleader)
    plan.refresh_from_db()
    assert plan.ended_on == date(2026, 10, 1)
    assert headlines(child, ChronologyCategory.LEGAL_STATUS) == [
        "Started: Child protection plan (Neglect)",
        "Ended: Child protection plan (Neglect)",
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "cp"},  # no category of abuse
        {"kind": "lac"},  # no looked-after legal status
        {"kind": "cin", "cp_category": "NEG"},
        {"kind": "cp", "cp_category": "NEG", "lac_legal_status": "C2"},
        {"kind": "lac", "lac_legal_status": "XX"},
    ],
)
def test_it_refuses_an_incomplete_or_mixed_up_legal_status(child, teamleader, arguments):
    with pytest.raises(ValidationError):
        services.legal_status_start(
            child=child, started_on=date(2026, 3, 4), user=teamleader, **arguments
        )
    assert not LegalStatus.objects.exists()
    assert not headlines(child, ChronologyCategory.LEGAL_STATUS)


def test_a_child_has_one_open_episode_of_each_kind(child, teamleader):
    first = services.legal_status_start(
        child=child, kind="lac", lac_legal_status="V2", started_on=date(2026, 3, 4), user=teamleader
    )
    with pytest.raises(ValidationError) as error:
        services.legal_status_start(
            child=child,
            kind="lac",
            lac_legal_status="C1",
            started_on=date(2026, 4, 1),
            user=teamleader,
        )
    assert "kind" in error.value.message_dict
    # A plan of another kind may run alongside; a new episode may follow an ended one.
    services.legal_status_start(
        child=child, kind="cp", cp_category="EMO", started_on=date(2026, 4, 1), user=teamleader
    )
    services.legal_status_end(status=first, ended_on=date(2026, 5, 1), user=teamleader)
    services.legal_status_start(
        child=child, kind="lac", lac_legal_status="C1", started_on=date(2026, 5, 1), user=teamleader
    )
    assert child.legal_statuses.filter(ended_on__isnull=True).count() == 2


def test_an_episode_cannot_end_before_it_started_or_twice(child, teamleader):
    plan = services.legal_status_start(
        child=child, kind="cin", started_on=date(2026, 3, 4), user=teamleader
    )
    with pytest.raises(ValidationError) as error:
        services.legal_status_end(status=plan, ended_on=date(2026, 3, 3), user=teamleader)
    assert "ended_on" in error.value.message_dict
    services.legal_status_end(status=plan, ended_on=date(2026, 3, 4), user=teamleader)
    with pytest.raises(ValidationError):
        services.legal_status_end(status=plan, ended_on=date(2026, 6, 1), user=teamleader)
    plan.refresh_from_db()
    assert plan.ended_on == date(2026, 3, 4)


# Closure ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker", "colleague", "other_teamleader", "auditor"])
def test_only_a_manager_of_the_childs_team_closes_a_case(request, child, who):
    with pytest.raises(PermissionDenied):
        close(child, request.getfixturevalue(who))
    child.refresh_from_db()
    assert child.is_open


@pytest.mark.parametrize(
    "field", ["closure_summary", "child_views", "carer_views", "closure_reason"]
)
def test_a_closure_needs_its_summary_views_and_reason(child, teamleader, field):
    with pytest.raises(ValidationError) as error:
        close(child, teamleader, **{field: "  " if field != "closure_reason" else ""})
    assert field in error.value.message_dict
    child.refresh_from_db()
    assert child.is_open


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
@pytest.mark.parametrize("kind", ["cp", "cin"])
def test_it_refuses_closure_after_assessment_once_there_was_a_plan(child, teamleader, reason, kind):
    plan = services.legal_status_start(
        child=child,
        kind=kind,
        cp_category="PHY" if kind == "cp" else "",
        started_on=date(2026, 3, 4),
        user=teamleader,
    )
    services.legal_status_end(status=plan, ended_on=date(2026, 9, 1), user=teamleader)
    with pytest.raises(ValidationError) as error:
        close(child, teamleader, closure_reason=reason)
    assert "closure_reason" in error.value.message_dict


def test_closure_after_assessment_without_a_plan_is_allowed(child, teamleader):
    close(child, teamleader, closure_reason="RC8")
    child.refresh_from_db()
    assert child.closure_reason == "RC8"


def test_closing_a_case_ends_its_legal_statuses_and_allocation(child, teamleader):
    services.legal_status_start(
        child=child, kind="lac", lac_legal_status="V2", started_on=date(2026, 6, 1), user=teamleader
    )
    close(child, teamleader, closed_on=date(2026, 10, 30))
    child.refresh_from_db()
    assert child.closed_on == date(2026, 10, 30)
    assert child.closure_reason == "RC7"
    assert child.closure_child_views == "Amelia said: 'I'm happy at home now.'"
    assert child.legal_statuses.get().ended_on == date(2026, 10, 30)
    allocation = child.allocations.get()
    assert allocation.ended_on == date(2026, 10, 30)
    assert allocation.history.first().ended_on == date(2026, 10, 30)  # the end is in history
    assert headlines(child, ChronologyCategory.CLOSURE) == [
        "Case closed: Ceased for any other reason"
    ]


@pytest.mark.parametrize(
    "closed_on",
    [date(2026, 11, 3), date(2026, 1, 11)],  # tomorrow; before the allocation began
    ids=["future", "before-allocation"],
)
def test_it_refuses_an_impossible_closure_date(child, teamleader, closed_on):
    with pytest.raises(ValidationError) as error:
        close(child, teamleader, closed_on=closed_on)
    assert "effective_on" in error.value.message_dict
    assert child.allocations.get().ended_on is None


def test_a_closed_case_cannot_be_closed_again(child, teamleader):
    close(child, teamleader)
    with pytest.raises(ValidationError) as error:
        close(child, teamleader, closed_on=date(2026, 11, 2))
    assert error.value.messages == ["This case is closed."]
    assert len(headlines(child, ChronologyCategory.CLOSURE)) == 1


# Database constraints --------------------------------------------------------------


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(**fields)


def test_the_database_refuses_a_child_without_a_date_of_birth_unless_unborn(db):
    _refused(date_of_birth=None)
    _refused(date_of_birth=None, expected_date_of_birth=date(2027, 2, 1), sex="F")
    ChildFactory(date_of_birth=None, expected_date_of_birth=date(2027, 2, 1), sex="U")


def test_the_database_refuses_a_closure_without_a_reason(db):
    _refused(closed_on=date(2026, 11, 2))
    _refused(closure_reason="RC1")


def test_the_database_refuses_two_children_with_one_nhs_number(db):
    ChildFactory(nhs_number="9434765919")
    ChildFactory(nhs_number="")
    ChildFactory(nhs_number="")  # an empty NHS number is not a duplicate
    _refused(nhs_number="9434765919")


def test_the_database_allows_one_open_allocation_per_child(child, team_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(child=child, team=team_a, started_on=date(2026, 11, 2))


def test_the_database_refuses_an_allocation_ending_before_it_starts(child, team_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            child=child, team=team_a, started_on=date(2026, 11, 2), ended_on=date(2026, 11, 1)
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "cp"},
        {"kind": "cin", "cp_category": "NEG"},
        {"kind": "lac"},
        {"kind": "cp", "cp_category": "NEG", "lac_legal_status": "V2"},
        {"kind": "cin", "ended_on": date(2026, 3, 1)},
    ],
)
def test_the_database_refuses_an_inconsistent_legal_status(child, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalStatus.objects.create(child=child, started_on=date(2026, 3, 4), **fields)


def test_the_database_allows_one_open_episode_per_kind(child):
    LegalStatus.objects.create(child=child, kind="cin", started_on=date(2026, 3, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalStatus.objects.create(child=child, kind="cin", started_on=date(2026, 4, 4))


def test_the_database_keeps_chronology_sources_complete(child):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChronologyEntry.objects.create(
            child=child, occurred_at=NOW, category="manual", headline="Half a link", source_id=1
        )


def test_only_recording_roles_open_a_childs_record(auditor, team_a):
    with pytest.raises(PermissionDenied):
        services.child_create(
            user=auditor,
            data={
                "la_child_id": "Z9",
                "first_name": "Zed",
                "last_name": "Young",
                "date_of_birth": date(2015, 1, 1),
                "sex": "M",
                "ethnicity": "WBRI",
                "referral_date": date(2026, 1, 5),
                "referral_source": "2A",
            },
            team=team_a,
        )


def test_an_auditor_cannot_start_a_child_protection_plan(auditor, child):
    with pytest.raises(PermissionDenied):
        services.legal_status_start(
            child=child, kind="cp", cp_category="NEG", started_on=date(2026, 2, 1), user=auditor
        )


def test_closing_a_case_cancels_its_planned_contacts(child, worker, teamleader):
    planned = services.planned_contact_create(
        child=child,
        user=worker,
        kind="home_visit",
        planned_for=NOW + timedelta(days=7),
    )
    close(child, teamleader, closed_on=NOW.date())
    planned.refresh_from_db()
    assert planned.status == "cancelled"
    assert planned.cancel_reason == "The case was closed."
