"""Plans: what happens in each kind of case, and when, as a list of dated events.

A plan follows the timescales practice works to (a strategy discussion, the
initial conference within 15 working days, visits every 10 working days on a
child protection plan, six-weekly visits and reviews for a looked-after child)
and keeps every date in the past. `Builder` carries the events out through the
services.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from staff.models import Team, User

from ..models import Child, LegalStatusKind
from ..workingdays import Calendar
from .authority import LEAVER, SEED, SLOTS, WINDOW_DAYS, UnitSpec
from .notes import CaseContext

# Same-day events run in this order (a plan ends before the next one starts).
ORDER = {"refer": 0, "end": 1, "start": 2, "allocate": 3, "contact": 4, "manual": 5, "close": 6}


@dataclass(order=True)
class Event:
    day: date
    order: int
    action: str = field(compare=False)
    args: dict = field(compare=False, default_factory=dict)


@dataclass
class Case:
    spec: UnitSpec
    team_key: str
    context: CaseContext
    theme_key: str
    surname: str
    ethnicity: str
    background: str
    source: str
    events: list[Event] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    team: Team | None = None
    worker: User | None = None


class Planner:
    """Dates and plans; the generator is seeded, so a given day always gives the same plans."""

    def __init__(self, today: date):
        self.rng = random.Random(SEED)  # noqa: S311 - invented demo data, not security
        self.today = today
        self.window = today - timedelta(days=WINDOW_DAYS)
        self.calendar = Calendar.for_range(
            today - timedelta(days=1500), today + timedelta(days=400)
        )
        self.leave_day = self.back(today, 22)
        self.users: dict[str, User] = {}
        self.cases: list[Case] = []

    # Working days -------------------------------------------------------------

    def back(self, day: date, working_days: int) -> date:
        for _ in range(working_days):
            day -= timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def ahead(self, day: date, working_days: int) -> date:
        return self.calendar.add_working_days(day, working_days)

    def ago(self, low: int, high: int) -> date:
        """A working day between about `low` and `high` calendar days ago."""
        day = self.today - timedelta(days=self.rng.randint(low, high))
        return min(self.calendar.next_working_day(day), self.back(self.today, 1))

    def working_days(self, start: date, end: date) -> list[date]:
        """The working days from `start` to `end`, both included."""
        days, day = [], start
        while day <= end:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def slot_worker(self, team_key: str, slot: int) -> User:
        return self.users[SLOTS[team_key][slot]]

    # Plans: the events of each kind of case ------------------------------------------

    def add(self, case: Case, day: date, action: str, **args) -> None:
        case.events.append(Event(day, ORDER[action], action, args))

    def contact(self, case: Case, key: str, day: date, policy: str = "auto") -> None:
        self.add(case, day, "contact", key=key, policy=policy)

    def series(self, case: Case, key: str, start: date, end: date, step: int, jitter=2) -> None:
        day = start
        while day < end:
            self.contact(case, key, day)
            day = self.ahead(day, max(1, step + self.rng.randint(-jitter, jitter)))

    def refer(self, case: Case, day: date, worker: User | None, team_key: str | None = None):
        self.add(case, day, "refer", team_key=team_key or case.team_key, worker=worker)

    def holder(self, case: Case, referral: date) -> User | None:
        """The first worker; team B's leaver hands her cases on when she leaves."""
        worker = self.slot_worker(case.team_key, case.spec.slot)
        if worker.username != LEAVER:
            return worker
        successor = self.slot_worker("B", len(self.cases) % 2)
        if referral >= self.leave_day:
            return successor
        self.add(
            case,
            self.leave_day,
            "allocate",
            team_key="B",
            worker=successor,
            reason="Emma Stone left the authority; case reallocated within the team.",
        )
        return worker

    def routine(self, case: Case, start: date, end: date, *, event: float = 0.5) -> None:
        """Calls, supervision, a file read, perhaps a significant event and a manual entry."""
        rng = self.rng
        self.series(case, "phone", self.ahead(start, 4), end, 30, 5)
        self.series(case, "supervision", self.ahead(start, 8), end, 60, 5)
        span = self.working_days(max(start, self.window), self.back(min(end, self.today), 10))
        if span:
            self.contact(case, "file_read", rng.choice(span))
            if rng.random() < event:
                self.contact(case, "event", rng.choice(span))
            if rng.random() < 0.2:
                self.contact(case, "no_access", rng.choice(span))
            if rng.random() < 0.6:
                self.add(case, rng.choice(span), "manual")

    def plan_cp(self, case: Case) -> None:
        referral = self.ago(60, 200)
        self.refer(case, referral, self.holder(case, referral))
        self.contact(case, "strategy", referral)
        self.contact(case, "visit", self.ahead(referral, 1))
        conference = self.ahead(referral, 15)
        self.add(case, conference, "start", kind=LegalStatusKind.CHILD_PROTECTION)
        self.contact(case, "icpc", conference)
        self.series(case, "cp_visit", self.ahead(conference, 3), self.today, 10)
        self.series(case, "core_group", self.ahead(conference, 8), self.today, 30, 3)
        self.series(case, "school", self.ahead(conference, 12), self.today, 45, 5)
        review = self.ahead(conference, 63)
        while review < self.today:
            self.contact(case, "rcpc", review)
            review = self.ahead(review, 126)
        self.routine(case, referral, self.today, event=0.6)
        if case.spec.children > 1:  # pinned: one overdue draft and one due soon
            self.contact(case, "cp_visit", self.back(self.today, 8), "draft")
            self.contact(case, "phone", self.back(self.today, 1), "draft")

    def plan_stepdown(self, case: Case) -> None:
        referral = self.ago(300, 420)
        self.refer(case, referral, self.holder(case, referral))
        plan_start = self.ahead(referral, 15)
        self.add(case, plan_start, "start", kind=LegalStatusKind.CHILD_PROTECTION)
        step_down = self.ago(45, 70)
        self.series(case, "cp_visit", self.ahead(plan_start, 3), step_down, 10)
        self.series(case, "core_group", self.ahead(plan_start, 8), step_down, 30, 3)
        self.contact(case, "rcpc_end", step_down)
        self.add(case, step_down, "end", kind=LegalStatusKind.CHILD_PROTECTION)
        self.add(case, step_down, "start", kind=LegalStatusKind.CHILD_IN_NEED)
        if case.team_key == "A":  # worker2 hands the case to worker
            self.add(
                case,
                self.ahead(step_down, 5),
                "allocate",
                team_key="A",
                worker=self.slot_worker("A", 0),
                reason="Stepped down to child in need; reallocated to balance caseloads.",
            )
        self.series(case, "visit", self.ahead(step_down, 6), self.today, 20, 3)
        self.series(case, "school", self.ahead(plan_start, 20), self.today, 40, 5)
        self.routine(case, referral, self.today, event=0.3)

    def plan_cin(self, case: Case, end: date | None = None) -> None:
        end = end or self.today
        referral = self.ago(120, 380) if end == self.today else self.ago(400, 480)
        self.refer(case, referral, self.holder(case, referral))
        self.contact(case, "visit", self.ahead(referral, 3))
        plan_start = self.ahead(referral, 30)
        self.add(case, plan_start, "start", kind=LegalStatusKind.CHILD_IN_NEED)
        self.series(case, "visit", self.ahead(plan_start, 5), end, 20, 3)
        self.series(case, "review", self.ahead(plan_start, 60), end, 60, 3)
        self.series(case, "school", self.ahead(plan_start, 10), end, 50, 5)
        event = {"exploitation": 0.9, "disability": 0.4}.get(case.spec.theme, 0.2)
        self.routine(case, referral, end, event=event)
        if case.spec.children > 1 and end == self.today:  # pinned: a draft due soon
            self.contact(case, "visit", self.back(self.today, 2), "draft")

    def plan_unborn(self, case: Case) -> None:
        referral = self.ago(50, 90)
        self.refer(case, referral, self.holder(case, referral))
        if case.team_key in ("A", "C"):  # a pre-birth conference makes a plan
            self.contact(case, "strategy", self.ahead(referral, 3))
            conference = self.ahead(referral, 18)
            self.add(case, conference, "start", kind=LegalStatusKind.CHILD_PROTECTION)
            self.contact(case, "icpc", conference)
            self.series(case, "visit", self.ahead(conference, 3), self.today, 10)
        else:
            self.add(case, self.ahead(referral, 25), "start", kind=LegalStatusKind.CHILD_IN_NEED)
            self.series(case, "visit", self.ahead(referral, 3), self.today, 15)
        self.routine(case, referral, self.today, event=0)

    def looked_after(self, case: Case, start: date, end: date, first_visit: int = 3) -> None:
        """Placement visits (six-weekly), reviews (20 days, 3 months, then 6-monthly), PEPs."""
        self.series(case, "placement_visit", self.ahead(start, first_visit), end, 30, 3)
        review, gap = self.ahead(start, 20), 63
        while review < end:
            self.contact(case, "review", review)
            review, gap = self.ahead(review, gap), 126
        self.series(case, "school", self.ahead(start, 10), end, 60, 5)

    def plan_lac_s20(self, case: Case) -> None:
        referral = self.ago(250, 600)
        self.refer(case, referral, self.holder(case, referral))
        start = self.ahead(referral, self.rng.randint(8, 30))
        self.add(case, start, "start", kind=LegalStatusKind.LOOKED_AFTER, code="V2")
        self.looked_after(case, start, self.today)
        self.routine(case, referral, self.today, event=0.7)
        self.contact(case, "placement_visit", self.back(self.today, 9), "draft")  # pinned: overdue

    def plan_lac_pair(self, case: Case) -> None:
        referral = self.ago(700, 1100)
        self.refer(case, referral, self.holder(case, referral))
        plan_start, interim = self.ahead(referral, 15), self.ahead(referral, 80)
        final = self.ahead(interim, 130)
        self.add(case, plan_start, "start", kind=LegalStatusKind.CHILD_PROTECTION)
        self.add(case, interim, "end", kind=LegalStatusKind.CHILD_PROTECTION)
        self.add(case, interim, "start", kind=LegalStatusKind.LOOKED_AFTER, code="C1")
        self.add(case, final, "end", kind=LegalStatusKind.LOOKED_AFTER)
        self.add(case, final, "start", kind=LegalStatusKind.LOOKED_AFTER, code="C2")
        self.looked_after(case, interim, self.today)
        self.routine(case, referral, self.today, event=0.2)

    def plan_lac_c1(self, case: Case) -> None:
        referral = self.ago(80, 110)
        transfer = case.team_key == "D"  # starts in team B, moves to the care service
        first = self.slot_worker("B", 0) if transfer else self.holder(case, referral)
        self.refer(case, referral, first, "B" if transfer else None)
        self.contact(case, "strategy", referral)
        conference, court = self.ahead(referral, 15), self.ahead(referral, 35)
        self.add(case, conference, "start", kind=LegalStatusKind.CHILD_PROTECTION)
        self.contact(case, "icpc", conference)
        self.series(case, "cp_visit", self.ahead(conference, 3), court, 10)
        self.add(case, court, "end", kind=LegalStatusKind.CHILD_PROTECTION)
        self.add(case, court, "start", kind=LegalStatusKind.LOOKED_AFTER, code="C1")
        self.contact(case, "court", court)
        if transfer:
            self.add(
                case,
                self.ahead(court, 15),
                "allocate",
                team_key="D",
                worker=self.slot_worker("D", 0),
                reason="Transferred to the children in care service after the interim care order.",
            )
        self.looked_after(case, court, self.today, first_visit=4)
        self.routine(case, referral, self.today, event=0)

    def plan_assessment(self, case: Case) -> None:
        referral = self.ago(8, 25)
        worker = None if case.team_key == "B" else self.holder(case, referral)
        self.refer(case, referral, worker)  # team B's waits for allocation
        for key, days in [("visit", 2), ("school", 5), ("phone", 6)]:
            if (day := self.ahead(referral, days)) < self.today:
                self.contact(case, key, day)

    def plan_closed_assessment(self, case: Case) -> None:
        referral = self.ago(55, 65)
        self.refer(case, referral, self.holder(case, referral))
        for key, days in [("visit", 2), ("school", 6), ("phone", 10), ("visit", 20)]:
            self.contact(case, key, self.ahead(referral, days))
        self.add(case, self.ahead(referral, 30), "close", reason="RC9")

    def plan_closed_cin(self, case: Case) -> None:
        closed = self.ago(20, 30)
        self.plan_cin(case, end=closed)
        self.add(case, closed, "close", reason="RC7")

    def plan_closed_sgo(self, case: Case) -> None:
        referral, closed = self.ago(900, 1000), self.ago(25, 40)
        self.refer(case, referral, self.holder(case, referral))
        start = self.ahead(referral, 70)
        self.add(case, start, "start", kind=LegalStatusKind.LOOKED_AFTER, code="C2")
        self.looked_after(case, start, closed)
        self.contact(case, "placement_visit", self.back(closed, 10))
        self.contact(case, "phone", self.back(closed, 2))
        self.add(case, closed, "close", reason="RC4")
