"""The benchmark (`make bench`) at a tiny scale: the generator loads a consistent dataset
with COPY, and the run script times the sweep and every page on it, end to end.

PostgreSQL only: the generator loads with COPY. The full-size run is `make bench`.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count

from bench import generate, run
from caserecords import deadlines
from caserecords.models import AccessLog, Child, FileRead, Observation, PlannedContact
from notifications.models import Notification
from staff.models import Role, Team, User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The benchmark loads with PostgreSQL's COPY: set DATABASE_URL to a PostgreSQL database.",
)

TINY = generate.Scale(
    children=50,
    observations=500,
    staff=30,
    teams=3,
    services=2,
    heavy_children=1,
    heavy_observations=100,
    sharing_records=300,
    access_log=2_000,
    notifications=400,
)
# Thursday 12 November 2026, 10:00 in London.
REFERENCE = datetime(2026, 11, 12, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def tiny(db):
    return generate.generate(TINY, reference=REFERENCE, say=lambda line: None)


def test_the_generator_loads_the_scale_asked_for_with_one_per_cent_overdue(tiny):
    assert Child.objects.count() == 50
    assert Observation.objects.count() == 500
    assert User.objects.count() == 30
    assert Team.objects.count() == 3
    assert tiny["counts"]["caserecords_observation"] == 500
    assert deadlines.overdue_observations(REFERENCE).count() == 5
    planned = PlannedContact.objects.count()
    assert deadlines.overdue_planned_contacts(REFERENCE).count() == round(planned / 100)
    per_child = Child.objects.annotate(n=Count("observations")).order_by("-n")
    assert per_child[0].n == 100  # the heavy case
    # Every team has a team leader, and every open child a worker in the child's team.
    assert set(Team.objects.values_list("pk", flat=True)) == set(
        User.objects.filter(role=Role.TEAM_LEADER).values_list("team_id", flat=True)
    )
    for child in Child.objects.filter(closed_on__isnull=True).select_related("worker"):
        assert child.worker.team_id == child.team_id


def test_the_generator_loads_file_reads_access_log_and_notifications_consistently(tiny):
    # Each file read is a completed observation of kind file_read on its child, by its
    # reader (the team leader), at the time of the read; never an overdue draft.
    reads = FileRead.objects.select_related("observation", "read_by", "child")
    assert reads.count() == tiny["counts"]["caserecords_fileread"] > 0
    for read in reads:
        note = read.observation
        assert (note.kind, note.status, note.child_id) == ("file_read", "completed", read.child_id)
        assert (note.author_id, note.occurred_at) == (read.read_by_id, read.read_at)
        assert read.read_by.role == Role.TEAM_LEADER
        assert read.read_by.team_id == read.child.team_id
    assert AccessLog.objects.count() == 2_000
    assert AccessLog.objects.filter(why="break_glass").exclude(reason="").count() == (
        AccessLog.objects.filter(why="break_glass").count()
    )
    assert Notification.objects.count() == 400
    assert 0 < Notification.objects.unread().count() < 400
    assert Notification.objects.filter(kind="overdue_recording").exists()


def test_the_dataset_is_found_again_and_not_for_another_scale(tiny):
    found = generate.dataset(TINY)
    assert found is not None
    assert found["reference"] == REFERENCE
    assert found["counts"]["caserecords_child"] == 50
    assert generate.dataset(generate.Scale(children=51, observations=500)) is None


def test_the_run_script_times_the_sweep_and_every_page(tiny):
    lines: list[str] = []
    report = run.measure(REFERENCE, requests=2, say=lines.append)
    output = "\n".join(lines)
    assert report["counts"]["overdue observations"] == 5
    assert report["sweep"]["observations"] == 5
    assert report["sweep"]["notifications"] > 0
    assert report["sweep"]["notifications_again"] == 0
    assert report["sweep_thin"]["observations"] < 5
    assert "sweep, first run" in output
    labels = [page.label for page in report["pages"]]
    assert labels[0] == "bare view (floor)"
    assert "timeliness: director (all teams)" in labels
    assert "team overdue: team leader" in labels
    assert "API access log: the file" in labels
    assert f"of {len(labels) - 1} within target" in output
    assert all(page.ratio >= 0 for page in report["pages"])
    assert all(page.median_ms > 0 and page.queries > 0 for page in report["pages"][1:])
    # The sweep ran in a transaction rolled back: the dataset is as generated.
    assert deadlines.overdue_observations(REFERENCE).count() == 5
