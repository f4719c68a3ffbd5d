"""seed_demo: the demo authority, written through the record's services, once.

Building the demo takes a few seconds, so the read-only tests share one build
(the `seeded` fixture, rolled back at the end of the module), made on a
frozen Wednesday so that "overdue" and "due soon" are fixed dates.
"""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from caserecords import demo
from caserecords.access import children_visible_to
from caserecords.models import (
    AmendmentRequest,
    AmendmentStatus,
    Child,
    ChronologyCategory,
    ChronologyEntry,
    Family,
    LegalStatus,
    LegalStatusKind,
    Observation,
    ObservationStatus,
)
from caserecords.validators import nhs_number_is_valid
from staff.models import Role, Team, User

from .factories import UserFactory

WEDNESDAY = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = WEDNESDAY.date()
PASSWORD = "a-long-demo-password"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo built once on a frozen Wednesday; yields what the command printed."""
    with (
        django_db_blocker.unblock(),
        time_machine.travel(WEDNESDAY, tick=False),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("seed_demo", password=PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    """Rows in every table, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_creates_the_named_staff_with_their_roles_teams_and_services(seeded, db):
    users = User.objects.select_related("team", "service").in_bulk(field_name="username")
    worker = users["worker"]
    assert (worker.role, users["worker2"].role) == (Role.SOCIAL_WORKER, Role.SOCIAL_WORKER)
    assert users["worker2"].team == worker.team
    assert users["teamleader"].role == Role.TEAM_LEADER
    assert users["teamleader"].team == worker.team
    assert users["otherworker"].role == Role.SOCIAL_WORKER
    assert users["otherworker"].service != worker.service
    assert (users["pgl"].role, users["pgl"].service) == (Role.PRACTICE_GROUP_LEAD, worker.service)
    assert users["headofservice"].role == Role.HEAD_OF_SERVICE
    assert users["headofservice"].service == worker.service
    assert users["director"].role == Role.DIRECTOR
    assert users["auditor"].role == Role.AUDITOR
    admin = users["admin"]
    assert (admin.role, admin.is_staff, admin.is_superuser) == (Role.ADMINISTRATOR, True, True)
    assert not (worker.is_staff or worker.is_superuser)


def test_every_team_has_a_team_leader_and_social_workers(seeded, db):
    assert Team.objects.count() == 4
    assert len({team.service_id for team in Team.objects.all()}) == 2
    for team in Team.objects.all():
        members = team.members.filter(is_active=True)
        assert members.filter(role=Role.TEAM_LEADER).exists(), team
        assert members.filter(role=Role.SOCIAL_WORKER).count() >= 2, team


def test_the_outsider_sees_none_of_the_workers_children(seeded, db):
    worker, otherworker = (
        User.objects.get(username="worker"),
        User.objects.get(username="otherworker"),
    )
    mine = set(children_visible_to(worker))
    assert mine
    assert not mine & set(children_visible_to(otherworker))


def test_it_prints_the_logins_and_the_password_note(seeded):
    assert "worker " in seeded
    assert "teamleader" in seeded and "Team leader" in seeded
    assert "Password for every demo user: the one given with --password" in seeded
    assert PASSWORD not in seeded


def test_every_team_has_children_in_need_on_protection_plans_and_looked_after(seeded, db):
    assert 55 <= Child.objects.count() <= 70
    for team in Team.objects.all():
        open_statuses = LegalStatus.objects.filter(
            child__team=team, child__closed_on__isnull=True, ended_on__isnull=True
        )
        assert set(open_statuses.values_list("kind", flat=True)) == set(LegalStatusKind), team
    plans = LegalStatus.objects.filter(kind=LegalStatusKind.CHILD_PROTECTION)
    assert not plans.filter(cp_category="").exists()
    looked_after = LegalStatus.objects.filter(kind=LegalStatusKind.LOOKED_AFTER)
    assert not looked_after.filter(lac_legal_status="").exists()


def test_the_children_carry_census_codes_and_valid_identifiers(seeded, db):
    children = list(Child.objects.all())
    assert all(
        child.ethnicity and child.referral_source and child.disabilities for child in children
    )
    assert all(nhs_number_is_valid(child.nhs_number) for child in children if child.nhs_number)
    unborn = [child for child in children if child.is_unborn]
    assert unborn
    assert all(child.sex == "U" and child.expected_date_of_birth > TODAY for child in unborn)
    assert {child.primary_need for child in children} >= {"N1", "N2", "N3"}


def test_siblings_share_a_family_and_contacts_recorded_once(seeded, db):
    family = Family.objects.filter(children__isnull=False).distinct().first()
    siblings = list(family.children.all())
    assert len(siblings) >= 2
    groups = [
        set(Observation.objects.filter(child=c).values_list("contact_group", flat=True))
        for c in siblings
    ]
    assert set.intersection(*groups)


def test_worker_has_an_overdue_draft_and_one_due_in_the_next_few_days(seeded, db):
    drafts = Observation.objects.filter(author__username="worker", status=ObservationStatus.DRAFT)
    assert drafts.filter(due_by__lt=TODAY).exists()
    assert drafts.filter(due_by__gte=TODAY, due_by__lte=TODAY + timedelta(days=7)).exists()


def test_every_team_has_drafts_overdue_and_due_soon(seeded, db):
    for team in Team.objects.all():
        drafts = Observation.objects.filter(child__team=team, status=ObservationStatus.DRAFT)
        assert drafts.filter(due_by__lt=TODAY).exists(), team
        assert drafts.filter(due_by__gte=TODAY).exists(), team


def test_contacts_happened_in_the_past_and_late_ones_say_why(seeded, db):
    observations = Observation.objects.all()
    assert observations.count() > 300
    assert not observations.filter(occurred_at__gt=WEDNESDAY).exists()
    assert not observations.filter(completed_at__gt=WEDNESDAY).exists()
    completed = list(observations.filter(status=ObservationStatus.COMPLETED))
    late = [o for o in completed if o.completed_late]
    assert late and all(o.late_reason for o in late)
    assert len(late) < len(completed) / 5  # most are on time
    kinds = set(observations.values_list("kind", flat=True))
    assert {
        "home_visit",
        "strategy_discussion",
        "phone_call",
        "school_visit",
        "core_group",
    } <= kinds
    assert observations.filter(kind="strategy_discussion", safeguarding=True).exists()
    assert observations.filter(child_seen="seen_alone").exists()


def test_the_history_is_what_the_services_write(seeded, db):
    for child in Child.objects.prefetch_related("allocations", "chronology"):
        categories = {entry.category for entry in child.chronology.all()}
        assert {ChronologyCategory.REFERRAL, ChronologyCategory.ALLOCATION} <= categories
        assert child.allocations.exists()
    significant = ChronologyEntry.objects.filter(category=ChronologyCategory.OBSERVATION)
    assert significant.exists()
    assert Child.history.count() >= Child.objects.count()
    assert Observation.history.count() > Observation.objects.count()  # completion is a version
    assert not Observation.history.filter(history_user__isnull=True).exists()
    visit = Observation.objects.filter(kind="home_visit").first()
    assert {row.history_user for row in visit.history.all()} == {visit.author}


def test_closed_cases_and_amendments_are_there(seeded, db):
    closed = Child.objects.filter(closed_on__isnull=False)
    assert closed.exists()
    assert all(
        c.closure_summary and c.closure_child_views and c.closure_carer_views for c in closed
    )
    approved = AmendmentRequest.objects.get(status=AmendmentStatus.APPROVED, kind="amend")
    observation = approved.observation
    assert observation.status == ObservationStatus.COMPLETED
    assert observation.analysis == approved.changes["analysis"]
    assert approved.decided_by == observation.author
    assert observation.history.count() >= 3  # created, completed, amended
    assert AmendmentRequest.objects.filter(status=AmendmentStatus.PENDING).exists()


def test_the_password_option_sets_every_demo_password(seeded, db):
    request = RequestFactory().post("/accounts/login/")
    for username in ["worker", "teamleader", "director", "admin"]:
        assert authenticate(request, username=username, password=PASSWORD) is not None, username
    assert authenticate(request, username="worker", password=demo.DEFAULT_PASSWORD) is None


def test_running_it_again_changes_nothing(seeded, db):
    before = row_counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert row_counts() == before
    assert "Demo data already present; nothing changed." in out.getvalue()


@override_settings(SEED_DEMO_ALLOWED=False)
def test_it_refuses_to_run_on_a_production_configuration(db):
    before = row_counts()
    with pytest.raises(CommandError, match="SEED_DEMO_ALLOWED is off"):
        call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before


def test_it_refuses_a_database_holding_rows_it_would_collide_with(db, monkeypatch):
    UserFactory(username="admin")
    monkeypatch.setattr(demo, "present", lambda: False)
    before = row_counts()
    with pytest.raises(CommandError, match=r"users .*admin"):
        call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before
