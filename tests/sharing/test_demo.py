"""The sharing app's demo data: a few records of each type on worker's caseload."""

from datetime import date

import pytest

from caserecords.models import ChronologyEntry
from sharing import demo
from sharing.models import Organisation, SharingRecord

pytestmark = pytest.mark.django_db


def test_the_demo_adds_records_of_each_type(worker, child, sibling):
    summary = demo.seed(today=date(2026, 11, 20))

    assert summary == "6 information sharing records, 5 agencies"
    types = SharingRecord.objects.values_list("type", flat=True)
    assert sorted(set(types)) == ["disclosure", "request_made", "request_received"]
    assert SharingRecord.objects.filter(status="draft").count() == 1
    assert Organisation.objects.count() == 5
    assert ChronologyEntry.objects.filter(category="sharing").count() == 6


def test_without_the_demo_worker_it_adds_nothing(db):
    assert demo.seed(today=date(2026, 11, 20)) == ""
