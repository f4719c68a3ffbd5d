"""Working days in England: Monday to Friday, less bank holidays and local closure days.

Bank holidays come from the `holidays` package (GB, subdivision ENG), which
includes substitute days; local closure days are `ClosureDay` rows.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

# Enough calendar days to hold N working days however many holidays fall in it.
_SPAN_PER_DAY = 3
_SPAN_MARGIN = 21


def start_of_day(day: date) -> datetime:
    """00:00 Europe/London on `day`, as an aware datetime (the start of a working day too)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays(
        settings.HOLIDAY_COUNTRY, subdiv=settings.HOLIDAY_SUBDIVISION, years=year
    )
    return frozenset(calendar.keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


class Calendar:
    """The working-day calendar, with the local closure days of a date range loaded once."""

    def __init__(self, closure_days: Iterable[date] = ()):
        self.closure_days = frozenset(closure_days)

    @classmethod
    def for_range(cls, start: date, end: date) -> "Calendar":
        from .models import ClosureDay

        days = ClosureDay.objects.filter(date__range=(start, end)).values_list("date", flat=True)
        return cls(days)

    @classmethod
    def around(cls, start: date, working_days: int) -> "Calendar":
        span = timedelta(days=working_days * _SPAN_PER_DAY + _SPAN_MARGIN)
        return cls.for_range(start - timedelta(days=_SPAN_MARGIN), start + span)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not is_bank_holiday(day) and day not in self.closure_days

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (the start day itself is not counted)."""
        day = start
        for _ in range(count):
            day = self.next_working_day(day + timedelta(days=1))
        return day

    def due_date(self, contact_day: date, working_days: int) -> date:
        """A contact's recording deadline (DESIGN.md "Recording timescales").

        A contact on a non-working day counts from the next working day.
        """
        return self.add_working_days(self.next_working_day(contact_day), working_days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def due_date(occurred_at: datetime, working_days: int) -> date:
    """The deadline for recording a contact at `occurred_at` (local date, Europe/London)."""
    contact_day = timezone.localdate(occurred_at)
    return Calendar.around(contact_day, working_days).due_date(contact_day, working_days)


def is_working_day(day: date) -> bool:
    return Calendar.for_range(day, day).is_working_day(day)
