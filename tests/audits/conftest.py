"""Audit fixtures: a frozen clock on the first working day of 2027Q1, teams of open files,
supervision records, and a drawn sample.

Friday 1 January 2027 is a bank holiday, so the quarter's first working day is Monday
4 January. The quarter reviewed is 2026Q4 (October to December 2026).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from audits import sampling
from audits.quarters import Quarter
from caserecords.models import Child
from staff.models import Role
from tests.api.conftest import anonymous, api_for  # noqa: F401 - the API's client fixtures
from tests.factories import ChildFactory, ObservationFactory, UserFactory

from .checklist import load_checklist

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)
Q1 = Quarter(2027, 1)


@pytest.fixture(autouse=True)
def checklist(db):
    load_checklist()


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def second_auditor(db):
    return UserFactory(username="auditor2", first_name="Ben", last_name="Ames", role=Role.AUDITOR)


def open_files(team, count: int) -> list[Child]:
    """`count` open case files in `team`, in one insert."""
    made = ChildFactory.build_batch(count, team=team)
    return Child.objects.bulk_create(made)


def supervision_record(child, *, completed: datetime, author=None):
    """A completed supervision record on `child`'s file."""
    return ObservationFactory(
        child=child,
        author=author or child.worker,
        kind="supervision",
        summary="Supervision: case discussed, decisions recorded",
        occurred_at=completed,
        due_by=date(completed.year, completed.month, completed.day),
        status="completed",
        completed_at=completed,
    )


@pytest.fixture
def drawn(now, child, sibling, worker, team_a, auditor, teamleader):
    """The 2027Q1 sample with seed 7: team A has `child` and `sibling` (both sampled)."""
    return sampling.audit_draw(quarter=Q1, seed=7).draw


@pytest.fixture
def sample(drawn, child):
    return drawn.samples.get(child=child, kind="file")
