"""Quarters of the year ("2027Q1": January to March 2027), in Europe/London time."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from caserecords import workingdays
from caserecords.workingdays import start_of_day

PATTERN = re.compile(r"^(?P<year>\d{4})Q(?P<number>[1-4])$")
MONTH_NAMES = ("January", "April", "July", "October")
LAST_MONTH_NAMES = ("March", "June", "September", "December")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read "2027Q1"; a ValueError for anything else."""
        match = PATTERN.match((text or "").strip().upper())
        if match is None:
            raise ValueError(f"“{text}” is not a quarter: write it like 2027Q1.")
        return cls(int(match["year"]), int(match["number"]))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> "Quarter":
        return cls.containing(timezone.localdate())

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        first, last = MONTH_NAMES[self.number - 1], LAST_MONTH_NAMES[self.number - 1]
        return f"{first} to {last} {self.year}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        return self.next.start.fromordinal(self.next.start.toordinal() - 1)

    @property
    def next(self) -> "Quarter":
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    @property
    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def back(self, count: int) -> list["Quarter"]:
        """The `count` quarters before this one, latest first."""
        quarters, quarter = [], self
        for _ in range(count):
            quarter = quarter.previous
            quarters.append(quarter)
        return quarters

    @property
    def starts_at(self) -> datetime:
        """Midnight, London time, at the start of the quarter."""
        return start_of_day(self.start)

    @property
    def first_working_day(self) -> date:
        calendar = workingdays.Calendar.around(self.start, 10)
        return calendar.next_working_day(self.start)
