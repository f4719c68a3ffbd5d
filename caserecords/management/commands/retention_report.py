"""`python manage.py retention_report [--on DATE] [--csv]`: files past their retention date.

Records are never deleted by the system. This lists the closed files whose retention
date has passed, for the council's records manager to review and decide on; it
changes nothing.

A file's retention date is RETENTION_YEARS_AFTER_CLOSURE (default 25) years after
the later of the case closing and the child's 18th birthday; for a child who was
ever looked after, never before RETENTION_YEARS_FROM_BIRTH_LOOKED_AFTER (default 75)
years from birth (Care Planning, Placement and Case Review (England) Regulations
2010, reg. 50). Both are settings: use your council's retention schedule.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from caserecords.models import Child, LegalStatus, LegalStatusKind


@dataclass(frozen=True)
class PastRetention:
    la_child_id: str
    closed_on: date
    born: date | None
    looked_after: bool
    retain_until: date


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_date(*, closed_on: date, born: date | None, looked_after: bool) -> date:
    after_closure = getattr(settings, "RETENTION_YEARS_AFTER_CLOSURE", 25)
    from_birth = getattr(settings, "RETENTION_YEARS_FROM_BIRTH_LOOKED_AFTER", 75)
    start = closed_on if born is None else max(closed_on, add_years(born, 18))
    until = add_years(start, after_closure)
    if looked_after and born is not None:
        until = max(until, add_years(born, from_birth))
    return until


def files_past_retention(on: date) -> Iterator[PastRetention]:
    """Closed files whose retention date is on or before `on`, oldest first (one query)."""
    ever_looked_after = LegalStatus.objects.filter(
        child=OuterRef("pk"), kind=LegalStatusKind.LOOKED_AFTER
    )
    closed = (
        Child.objects.filter(closed_on__isnull=False)
        .annotate(looked_after=Exists(ever_looked_after))
        .values_list(
            "la_child_id", "closed_on", "date_of_birth", "expected_date_of_birth", "looked_after"
        )
        .order_by("closed_on", "la_child_id")
    )
    found = []
    for la_child_id, closed_on, born, expected, looked_after in closed.iterator():
        born = born or expected
        until = retention_date(closed_on=closed_on, born=born, looked_after=looked_after)
        if until <= on:
            found.append(PastRetention(la_child_id, closed_on, born, looked_after, until))
    return iter(sorted(found, key=lambda item: (item.retain_until, item.la_child_id)))


class Command(BaseCommand):
    help = (
        "List closed files past their retention date, for review. Deletes nothing: "
        "records are only ever removed by a person, under the council's retention schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The date to report as at (YYYY-MM-DD). Default: today.")
        parser.add_argument(
            "--csv", action="store_true", dest="as_csv", help="Write CSV instead of a table."
        )

    def handle(self, *args, on: str | None, as_csv: bool, **options):
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--on: {error}. Use YYYY-MM-DD, e.g. 2051-04-01.") from error
        rows = list(files_past_retention(day))
        if as_csv:
            self._write_csv(rows)
            return
        self.stdout.write(
            f"Files past their retention date on {day:%-d %B %Y}: {len(rows)}. "
            "Nothing has been deleted."
        )
        for row in rows:
            self.stdout.write(
                f"  {row.la_child_id:<20} closed {row.closed_on:%d/%m/%Y}  "
                f"retain until {row.retain_until:%d/%m/%Y}"
                f"{'  (looked after)' if row.looked_after else ''}"
            )

    def _write_csv(self, rows: list[PastRetention]) -> None:
        writer = csv.writer(self.stdout)
        writer.writerow(
            ["la_child_id", "closed_on", "date_of_birth", "looked_after", "retain_until"]
        )
        for row in rows:
            born = row.born.isoformat() if row.born else ""
            writer.writerow(
                [
                    row.la_child_id,
                    row.closed_on,
                    born,
                    "yes" if row.looked_after else "no",
                    row.retain_until,
                ]
            )
