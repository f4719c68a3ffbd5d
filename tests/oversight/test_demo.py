"""The demo's management oversight: file reads as FileRead rows, every closure approved, and
an approval waiting for the team leader."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from caserecords.models import Approval, Child, FileRead, Observation

WEDNESDAY = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        time_machine.travel(WEDNESDAY, tick=False),
        transaction.atomic(),
    ):
        call_command("seed_demo", password="a-long-demo-password", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_the_demo_records_oversight_through_the_services(seeded, db):
    reads = Observation.objects.filter(kind="file_read")
    assert reads.exists()
    assert FileRead.objects.count() == reads.count()  # each read has its FileRead
    closed = Child.objects.filter(closed_on__isnull=False)
    assert closed.exists()
    approved = Approval.objects.filter(kind="closure", status="approved")
    assert set(approved.values_list("child_id", flat=True)) == set(
        closed.values_list("pk", flat=True)
    )
    [waiting] = Approval.objects.filter(status="submitted")
    assert (waiting.kind, waiting.submitted_by.username) == ("assessment", "worker")
