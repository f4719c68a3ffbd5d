"""`manage.py retention_report`: closed files past their retention date; deletes nothing."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from caserecords.management.commands.retention_report import retention_date
from caserecords.models import Child, LegalStatus
from tests.factories import ChildFactory


def closed(la_child_id: str, *, born: date | None, closed_on: date) -> Child:
    return ChildFactory(
        la_child_id=la_child_id, date_of_birth=born, closed_on=closed_on, closure_reason="RC1"
    )


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("retention_report", *args, stdout=out)
    return out.getvalue()


def test_the_date_runs_from_the_later_of_closure_and_the_18th_birthday():
    # Closed at 10: from the 18th birthday. Closed at 19: from the closure.
    assert retention_date(
        closed_on=date(2026, 3, 1), born=date(2016, 5, 17), looked_after=False
    ) == date(2059, 5, 17)
    assert retention_date(
        closed_on=date(2035, 3, 1), born=date(2016, 5, 17), looked_after=False
    ) == date(2060, 3, 1)


def test_a_child_ever_looked_after_is_kept_75_years_from_birth():
    assert retention_date(
        closed_on=date(2026, 3, 1), born=date(2016, 5, 17), looked_after=True
    ) == date(2091, 5, 17)


def test_the_number_of_years_is_a_setting(settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6

    assert retention_date(closed_on=date(2040, 1, 1), born=None, looked_after=False) == date(
        2046, 1, 1
    )


def test_a_29_february_birthday_falls_on_28_february():
    assert retention_date(
        closed_on=date(2020, 1, 1), born=date(2008, 2, 29), looked_after=False
    ) == date(2051, 2, 28)


@pytest.fixture
def files(db, worker):
    old = closed("OLD1", born=date(1990, 1, 10), closed_on=date(2005, 6, 1))  # until 2033-01-10
    recent = closed("NEW1", born=date(2016, 5, 17), closed_on=date(2026, 3, 1))  # 2059-05-17
    looked_after = closed("LAC1", born=date(1990, 2, 1), closed_on=date(2005, 6, 1))
    LegalStatus.objects.create(
        child=looked_after, kind="lac", lac_legal_status="C2", started_on=date(2000, 1, 1)
    )
    ChildFactory(la_child_id="OPEN1", date_of_birth=date(1990, 1, 1))  # open: never listed
    return old, recent, looked_after


def test_it_lists_only_closed_files_past_their_date(files):
    text = report("--on", "2040-01-01")

    assert "Files past their retention date on 1 January 2040: 1. Nothing has been deleted." in text
    assert "OLD1" in text
    assert "retain until 10/01/2033" in text
    assert "NEW1" not in text
    assert "LAC1" not in text
    assert "OPEN1" not in text


def test_it_deletes_nothing(files):
    before = Child.objects.count()

    report("--on", "2100-01-01")

    assert Child.objects.count() == before


def test_it_writes_csv_for_the_records_manager(files):
    rows = list(csv.reader(io.StringIO(report("--on", "2070-01-01", "--csv"))))

    assert rows == [
        ["la_child_id", "closed_on", "date_of_birth", "looked_after", "retain_until"],
        ["OLD1", "2005-06-01", "1990-01-10", "no", "2033-01-10"],
        ["NEW1", "2026-03-01", "2016-05-17", "no", "2059-05-17"],
        ["LAC1", "2005-06-01", "1990-02-01", "yes", "2065-02-01"],
    ]


def test_a_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"--on: .*Use YYYY-MM-DD"):
        report("--on", "1st April")


def test_it_reads_the_files_in_one_query(files, django_assert_num_queries):
    with django_assert_num_queries(1):
        report("--on", "2100-01-01")
