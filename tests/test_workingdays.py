"""The working-day calendar behind every recording deadline (DESIGN.md "Recording timescales").

Every expected date below was worked out by hand from a printed calendar, not
with the code under test. Bank holidays in England and Wales:

- 2026: Fri 1 Jan; Good Friday 3 Apr, Easter Monday 6 Apr; early May Mon 4 May;
  spring Mon 25 May; summer Mon 31 Aug; Christmas Fri 25 Dec; Boxing Day is a
  Saturday, so the substitute is Mon 28 Dec.
- 2027: Fri 1 Jan; Good Friday 26 Mar, Easter Monday 29 Mar; Mon 3 May;
  Mon 31 May; Mon 30 Aug; Christmas (Sat) and Boxing Day (Sun) move to Mon 27
  and Tue 28 Dec.
- 2028: New Year's Day is a Saturday, so the substitute is Mon 3 Jan.

Clocks change on the last Sundays of March and October: 29 Mar and 25 Oct 2026,
28 Mar and 31 Oct 2027.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from caserecords.models import ClosureDay
from caserecords.workingdays import Calendar, due_date, is_bank_holiday, is_working_day

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


BANK_HOLIDAYS = [
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),
    date(2027, 1, 1),
    date(2027, 3, 26),
    date(2027, 3, 29),
    date(2027, 5, 3),
    date(2027, 5, 31),
    date(2027, 8, 30),
    date(2027, 12, 27),
    date(2027, 12, 28),
    date(2028, 1, 3),
]


@pytest.mark.parametrize("day", BANK_HOLIDAYS, ids=str)
def test_bank_holidays_in_england_are_not_working_days(day):
    assert is_bank_holiday(day)
    assert not Calendar().is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 24),  # Christmas Eve is a normal working day
        date(2026, 12, 29),
        date(2026, 12, 31),
        date(2027, 1, 4),
        date(2027, 3, 25),  # Maundy Thursday
        date(2027, 3, 30),
        date(2027, 12, 29),
        date(2028, 1, 4),
        date(2026, 3, 17),  # St Patrick's Day: a holiday in Northern Ireland only
        date(2026, 11, 30),  # St Andrew's Day: Scotland only
    ],
    ids=str,
)
def test_ordinary_weekdays_are_working_days(day):
    assert not is_bank_holiday(day)
    assert Calendar().is_working_day(day)


def test_weekends_are_not_working_days():
    calendar = Calendar()
    assert not calendar.is_working_day(date(2026, 11, 7))  # Saturday
    assert not calendar.is_working_day(date(2026, 11, 8))  # Sunday
    assert calendar.is_working_day(date(2026, 11, 9))  # Monday


@pytest.mark.parametrize(
    ("contact_day", "working_days", "expected"),
    [
        # An ordinary week: Mon 2 Nov 2026.
        (date(2026, 11, 2), 1, date(2026, 11, 3)),
        (date(2026, 11, 2), 5, date(2026, 11, 9)),
        (date(2026, 11, 2), 10, date(2026, 11, 16)),
        # Across a weekend: Fri 6 Nov 2026.
        (date(2026, 11, 6), 1, date(2026, 11, 9)),
        (date(2026, 11, 6), 5, date(2026, 11, 13)),
        (date(2026, 11, 6), 10, date(2026, 11, 20)),
        # A contact on Saturday or Sunday counts from Monday 9 Nov.
        (date(2026, 11, 7), 1, date(2026, 11, 10)),
        (date(2026, 11, 8), 1, date(2026, 11, 10)),
        (date(2026, 11, 7), 5, date(2026, 11, 16)),
        (date(2026, 11, 8), 10, date(2026, 11, 23)),
    ],
)
def test_due_dates_count_working_days_across_weekends(contact_day, working_days, expected):
    assert Calendar().due_date(contact_day, working_days) == expected


@pytest.mark.parametrize(
    ("contact_day", "working_days", "expected"),
    [
        # Christmas 2026: 25 Dec Fri, 26 Dec Sat with Mon 28 Dec as the substitute day.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 5, date(2027, 1, 5)),  # 29, 30, 31 Dec; 1 Jan off; 4, 5 Jan
        (date(2026, 12, 23), 10, date(2027, 1, 11)),
        (date(2026, 12, 25), 1, date(2026, 12, 30)),  # on the holiday: counts from Tue 29
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day 2027 is a Friday
        # Christmas 2027: Sat and Sun, substitute days Mon 27 and Tue 28 Dec.
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        (date(2027, 12, 27), 1, date(2027, 12, 30)),
        # ...and New Year's Day 2028 is a Saturday: Mon 3 Jan is the substitute.
        (date(2027, 12, 24), 5, date(2028, 1, 5)),  # 29, 30, 31 Dec; 4, 5 Jan
        (date(2027, 12, 31), 1, date(2028, 1, 4)),
        # Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr).
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        # Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar).
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2027, 3, 25), 5, date(2027, 4, 5)),
        (date(2027, 3, 26), 1, date(2027, 3, 31)),  # on Good Friday: counts from Tue 30
        # Early May, spring and summer bank holidays (all Mondays).
        (date(2026, 5, 1), 1, date(2026, 5, 5)),
        (date(2027, 4, 30), 1, date(2027, 5, 4)),
        (date(2026, 5, 22), 1, date(2026, 5, 26)),
        (date(2027, 5, 28), 1, date(2027, 6, 1)),
        (date(2026, 8, 28), 1, date(2026, 9, 1)),
        (date(2027, 8, 27), 5, date(2027, 9, 6)),  # 31 Aug, 1, 2, 3, 6 Sep
    ],
)
def test_due_dates_skip_bank_holidays_and_their_substitute_days(
    contact_day, working_days, expected
):
    assert Calendar().due_date(contact_day, working_days) == expected


def test_a_local_closure_day_is_not_a_working_day():
    calendar = Calendar([date(2026, 11, 11)])
    assert not calendar.is_working_day(date(2026, 11, 11))
    assert calendar.due_date(date(2026, 11, 10), 1) == date(2026, 11, 12)
    # A contact on the closure day counts from the next working day, Thu 12 Nov.
    assert calendar.due_date(date(2026, 11, 11), 1) == date(2026, 11, 13)
    assert Calendar().due_date(date(2026, 11, 10), 1) == date(2026, 11, 11)


def test_working_days_between_counts_days_after_the_start_up_to_the_end():
    calendar = Calendar()
    assert calendar.working_days_between(date(2026, 11, 6), date(2026, 11, 9)) == 1
    assert calendar.working_days_between(date(2026, 11, 2), date(2026, 11, 9)) == 5
    assert calendar.working_days_between(date(2026, 11, 7), date(2026, 11, 8)) == 0
    # 29, 30, 31 Dec 2026 and 4, 5 Jan 2027.
    assert calendar.working_days_between(date(2026, 12, 24), date(2027, 1, 5)) == 5
    assert calendar.working_days_between(date(2026, 11, 9), date(2026, 11, 9)) == 0
    assert calendar.working_days_between(date(2026, 11, 9), date(2026, 11, 2)) == 0


def test_working_days_between_skips_local_closure_days():
    calendar = Calendar([date(2026, 11, 4)])
    assert calendar.working_days_between(date(2026, 11, 2), date(2026, 11, 9)) == 4


# due_date(): an aware datetime, read in Europe/London, with the closure days from the database.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("occurred_at", "working_days", "expected"),
    [
        (london(2026, 11, 2, 10, 0), 5, date(2026, 11, 9)),
        (london(2026, 11, 2, 10, 0), 1, date(2026, 11, 3)),
        (london(2026, 11, 2, 10, 0), 10, date(2026, 11, 16)),
        # Late on Friday evening is still Friday; Saturday's contact counts from Monday.
        (london(2026, 11, 6, 23, 59), 1, date(2026, 11, 9)),
        (london(2026, 11, 7, 0, 1), 1, date(2026, 11, 10)),
    ],
)
def test_due_date_reads_the_local_date_of_the_contact(occurred_at, working_days, expected):
    assert due_date(occurred_at, working_days) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("occurred_at", "expected"),
    [
        # Fri 27 Mar 2026, 23:30 GMT: the last evening before the clocks go forward.
        (london(2026, 3, 27, 23, 30), date(2026, 3, 30)),
        # Tue 31 Mar 2026, 00:30 BST is 23:30 UTC on Mon 30 Mar: Tuesday decides.
        (london(2026, 3, 31, 0, 30), date(2026, 4, 1)),
        (datetime(2026, 3, 30, 23, 30, tzinfo=UTC), date(2026, 4, 1)),
        # Mon 30 Mar 2026, 23:30 BST is still Monday.
        (london(2026, 3, 30, 23, 30), date(2026, 3, 31)),
        # Sat 24 Oct 2026, 00:30 BST is 23:30 UTC on Friday: Saturday decides, from Mon 26.
        (london(2026, 10, 24, 0, 30), date(2026, 10, 27)),
        (datetime(2026, 10, 23, 23, 30, tzinfo=UTC), date(2026, 10, 27)),
        # Fri 23 Oct 2026, 23:30 BST (22:30 UTC): Friday.
        (london(2026, 10, 23, 23, 30), date(2026, 10, 26)),
        # Sun 25 Oct 2026, 01:30 happens twice; either way it is Sunday.
        (london(2026, 10, 25, 1, 30, 0), date(2026, 10, 27)),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 10, 27)),
        # After the clocks go back, 23:30 GMT on Mon 26 Oct is Monday in both.
        (london(2026, 10, 26, 23, 30), date(2026, 10, 27)),
        # Fri 29 Oct 2027, 00:30 BST is 23:30 UTC on Thursday: Friday decides.
        (london(2027, 10, 29, 0, 30), date(2027, 11, 1)),
    ],
)
def test_due_date_uses_the_london_date_around_the_clock_changes(occurred_at, expected):
    assert due_date(occurred_at, 1) == expected


def test_the_clock_change_cases_really_cross_midnight_in_utc():
    """Guards the premise of the test above: these local times are the previous day in UTC."""
    assert london(2026, 3, 31, 0, 30).astimezone(UTC).date() == date(2026, 3, 30)
    assert london(2026, 10, 24, 0, 30).astimezone(UTC).date() == date(2026, 10, 23)
    assert london(2027, 10, 29, 0, 30).astimezone(UTC).date() == date(2027, 10, 28)


@pytest.mark.django_db
def test_due_date_honours_local_closure_days_from_the_database(django_assert_num_queries):
    ClosureDay.objects.create(date=date(2026, 11, 13), reason="Staff training day")
    # 10 working days from Mon 2 Nov: the closure on Fri 13 Nov pushes it to Tue 17 Nov.
    with django_assert_num_queries(1):  # the closure days around the contact, loaded once
        assert due_date(london(2026, 11, 2, 10, 0), 10) == date(2026, 11, 17)
    assert due_date(london(2026, 11, 12, 10, 0), 1) == date(2026, 11, 16)


@pytest.mark.django_db
def test_a_council_closed_between_christmas_and_new_year():
    for day in (29, 30, 31):
        ClosureDay.objects.create(date=date(2026, 12, day), reason="Council closed")
    assert due_date(london(2026, 12, 24, 15, 0), 1) == date(2027, 1, 4)
    assert due_date(london(2026, 12, 24, 15, 0), 5) == date(2027, 1, 8)
    assert not is_working_day(date(2026, 12, 30))
    assert is_working_day(date(2027, 1, 4))
