"""Shared fixtures: the personas every access test uses.

- `worker` holds `child`'s case in team A (service A); `colleague` is in the same team.
- `teamleader` leads team A; `pgl` and `headofservice` are service A's.
- `director` sees everything; `auditor` sees only files sampled for them (none yet).
- `otherworker` is in team B of service B and must get a 404 for `child`;
  `other_child` is theirs.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

from caserecords import services
from staff.models import Role

from .factories import ChildFactory, ServiceFactory, TeamFactory, UserFactory

PASSWORD = "password"

# Reference data written by data migrations (escalation reasons, the audit checklist).
# A transactional test (the browser tests) empties every table when it ends, and the flush
# then sends post_migrate: put the reference rows back, so the tests after it find them.
REFERENCE_DATA = {
    "notifications": ("notifications.migrations.0005_escalation_reasons", "load"),
    "audits": ("audits.migrations.0002_checklist_questions", "add_questions"),
}


def _restore_reference_data(sender, **kwargs) -> None:
    if sender.name in REFERENCE_DATA:
        module, function = REFERENCE_DATA[sender.name]
        getattr(importlib.import_module(module), function)(apps, None)


post_migrate.connect(_restore_reference_data, dispatch_uid="tests_reference_data")


@pytest.fixture
def service_a(db):
    return ServiceFactory(name="Safeguarding and Support")


@pytest.fixture
def service_b(db):
    return ServiceFactory(name="Children in Care")


@pytest.fixture
def team_a(service_a):
    return TeamFactory(name="Assessment Team North", service=service_a)


@pytest.fixture
def team_b(service_b):
    return TeamFactory(name="Looked After Team", service=service_b)


@pytest.fixture
def worker(team_a):
    return UserFactory(username="worker", first_name="Wendy", last_name="Walker", team=team_a)


@pytest.fixture
def colleague(team_a):
    return UserFactory(username="worker2", first_name="Colin", last_name="Clarke", team=team_a)


@pytest.fixture
def teamleader(team_a):
    return UserFactory(
        username="teamleader",
        first_name="Tara",
        last_name="Lewis",
        role=Role.TEAM_LEADER,
        team=team_a,
    )


@pytest.fixture
def pgl(service_a):
    return UserFactory(username="pgl", role=Role.PRACTICE_GROUP_LEAD, service=service_a)


@pytest.fixture
def headofservice(service_a):
    return UserFactory(username="headofservice", role=Role.HEAD_OF_SERVICE, service=service_a)


@pytest.fixture
def director(db):
    return UserFactory(username="director", role=Role.DIRECTOR)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.AUDITOR)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def otherworker(team_b):
    return UserFactory(username="otherworker", first_name="Omar", last_name="Okafor", team=team_b)


@pytest.fixture
def child(worker, team_a):
    """A child referred into team A and allocated to `worker`, through the services."""
    return services.child_create(
        user=worker,
        data={
            "la_child_id": "A0001",
            "first_name": "Amelia",
            "last_name": "Hughes",
            "date_of_birth": date(2016, 5, 17),
            "sex": "F",
            "ethnicity": "WBRI",
            "disabilities": ["NONE"],
            "referral_date": date(2026, 1, 12),
            "referral_source": "2A",
            "primary_need": "N1",
        },
        team=team_a,
        worker=worker,
    )


@pytest.fixture
def sibling(worker, team_a, child):
    return ChildFactory(first_name="Noah", last_name="Hughes", worker=worker, team=team_a)


@pytest.fixture
def other_child(otherworker, team_b):
    return ChildFactory(first_name="Oscar", last_name="Reed", worker=otherworker, team=team_b)


@pytest.fixture
def everyone(worker, colleague, teamleader, pgl, headofservice, director, auditor, otherworker):
    """Each persona by name, for tests that walk every role."""
    return {
        "worker": worker,
        "colleague": colleague,
        "teamleader": teamleader,
        "pgl": pgl,
        "headofservice": headofservice,
        "director": director,
        "auditor": auditor,
        "otherworker": otherworker,
    }
