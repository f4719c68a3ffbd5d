"""The shape of the benchmark's synthetic data: its scale, the reference lists it draws
from, its calendar, and the staff, teams and children it holds (bench/generate.py loads it).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Scale:
    children: int = 50_000
    observations: int = 5_000_000
    staff: int = 1_000
    teams: int = 80
    services: int = 8
    heavy_children: int = 10  # children with `heavy_observations` observations each
    heavy_observations: int = 5_000
    overdue_share: float = 0.01  # of observations, and of planned contacts
    open_share: float = 0.3
    planned_share: float = 0.03  # of observations of a plannable kind, planned beforehand
    sharing_records: int = 200_000  # information sharing records, a tenth about two siblings
    access_log: int = 3_000_000  # reads of files (and service-wide lists) over the last year
    notifications: int = 500_000  # inbox notices over the last year, a tenth unread
    file_read_every: int = 28  # days between a team leader's reads of an open file (0: none)
    years: int = 6
    seed: int = 20261112


# Reference data ---------------------------------------------------------------------------

FIRST_NAMES = (  # noqa: SIM905
    "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Emily "
    "Ella Poppy Evie Elsie Charlotte Evelyn Noah Oliver George Arthur Leo Muhammad Harry "
    "Oscar Archie Henry Theodore Freddie Jack Charlie Theo Alfie Jacob Thomas Finley Arlo "
    "Aisha Zara Maryam Fatima Kai Reuben Tommy Alexander Mohammed Ibrahim Yusuf Hana "
    "Layla Nia Ruby"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright "
    "Thompson Evans Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris "
    "Edwards Turner Martin Cooper Hill Ward Hughes Moore Clark King Harrison Lewis Baker "
    "Lee Allen Morris Khan Scott Watson Davis Parker James Bennett Young Phillips "
    "Richardson Mitchell Bailey Carter Cook Singh Shaw Bell Collins Morgan Kelly Begum "
    "Miller Cox Hussain Marshall Simpson Price Anderson Adams Wilkinson Ali Ahmed Foster "
    "Ellis Murphy Chapman Mason Gray"
).split()
SERVICES = (
    "Early Help",
    "Front Door",
    "Assessment",
    "Safeguarding and Support",
    "Children in Care",
    "Leaving Care",
    "Disabled Children",
    "Family Support",
)
# (kind, weight, timescale: "s" safeguarding 1 day, "c" contact 5 days, "d" either 5 or 10)
KINDS = (
    ("home_visit", 30, "c"),
    ("phone_call", 20, "c"),
    ("office_visit", 6, "c"),
    ("school_visit", 6, "c"),
    ("meeting", 7, "d"),
    ("email", 7, "c"),
    ("letter", 3, "c"),
    ("strategy_discussion", 2, "s"),
    ("disclosure", 1, "s"),
    ("safety_plan", 1, "s"),
    ("core_group", 3, "d"),
    ("cp_conference", 1, "d"),
    ("supervision", 4, "c"),
    ("file_read", 3, "c"),
    ("case_summary", 2, "d"),
    ("no_access", 2, "c"),
    ("did_not_happen", 1, "c"),
    ("other", 1, "c"),
)
PLANNABLE = {
    "home_visit",
    "office_visit",
    "school_visit",
    "phone_call",
    "meeting",
    "strategy_discussion",
    "core_group",
    "cp_conference",
}
SEEN_KINDS = {"home_visit", "office_visit", "school_visit", "no_access"}
LOCATIONS = (
    "At the family home",
    "At school, in a quiet room",
    "At the council office",
    "By telephone",
    "At the foster carers' home",
    "At the GP surgery",
    "Online meeting",
)
SUMMARIES = (
    "Visit to see the children at home",
    "Call with mum about school attendance",
    "Strategy discussion with police and health",
    "Core group: plan reviewed, actions agreed",
    "School visit: spoke with the designated safeguarding lead",
    "Child seen alone; shared worries about home",
    "No answer at the door; card left",
    "Supervision: case discussed, next steps agreed",
)
VIEWS = (
    "Said she likes her new class and wants to stay with nan at weekends.",
    "Did not want to talk today; drew a picture of the family instead.",
    "Said things are better at home since dad moved out.",
    "Wants more time with his brother and to go back to football.",
)
FACTS = (
    "Home was warm and tidy. Food in the cupboards. Mum engaged well and agreed the plan "
    "for the next two weeks, including the appointment with the health visitor.",
    "School report attendance at 82% this term. Two late arrivals last week. The child "
    "was clean and appropriately dressed and ate breakfast at breakfast club.",
    "Police shared a callout to the address on Saturday night. No arrests. The children "
    "were asleep upstairs. Neighbours report shouting.",
    "The visit was unannounced. Both carers present. The baby was seen in the cot, "
    "settled, with a clear sleeping space.",
)
ANALYSIS = (
    "Risks remain around parental alcohol use; protective factors are the grandmother "
    "and school. Continue the plan.",
    "Progress is sustained. Consider stepping down to child in need at the next review.",
    "Concerns are increasing: discuss at supervision and consider a strategy meeting.",
)
LATE_REASONS = (
    "Off sick the following week",
    "Court attendance took the whole week",
    "Duty cover on the front door",
    "Waiting for the interpreter's notes",
)
READ_PURPOSES = (  # (purpose, label): file reads, mostly for supervision
    ("supervision", "supervision"),
    ("supervision", "supervision"),
    ("supervision", "supervision"),
    ("review", "review"),
    ("audit", "audit"),
    ("other", "other"),
)
WHAT_WAS_READ = (
    "Case notes since the last supervision, the plan and the latest assessment.",
    "Chronology, visits this month and the core group minutes.",
    "The plan, the last two visits and the school's report.",
)
READ_DECISIONS = (
    "Plan on track; visits within timescales. No new actions.",
    "Chase the health visitor's report before the review.",
    "Update the chronology and book the next core group.",
    "",
)
BREAK_GLASS_REASONS = (
    "Police call out of hours: the duty worker needs the safety plan.",
    "Child presented at A&E; the allocated team is closed for the night.",
    "Emergency placement tonight: need the carers' details and the risks.",
)
TEAM_KINDS = ("Assessment", "Child in Need", "Child Protection", "Children in Care", "Support")
CHILD_SEEN = ("seen_alone", "seen_alone", "seen", "not_seen")


# The calendar of the dataset --------------------------------------------------------------


class Days:
    """Day indexes over the dataset's span: their dates as text, the UTC offset in London,
    and each day's due dates for 1, 5 and 10 working days (the real calendar)."""

    def __init__(self, first: date, count: int):
        from caserecords.workingdays import Calendar

        calendar = Calendar(())  # the dataset has no local closure days
        self.first = first
        self.dates = [first + timedelta(days=n) for n in range(count)]
        self.text = [day.isoformat() for day in self.dates]
        self.weekday = [day.weekday() for day in self.dates]
        self.offset = [
            "+01" if datetime(d.year, d.month, d.day, 12, tzinfo=LONDON).dst() else "+00"
            for d in self.dates
        ]
        self.due = {
            days: [(calendar.due_date(day, days) - first).days for day in self.dates[: count - 30]]
            for days in (1, 5, 10)
        }

    def moment(self, day: int, hour: int, minute: int) -> str:
        return f"{self.text[day]} {hour:02d}:{minute:02d}:00{self.offset[day]}"


# Staff, teams and children -----------------------------------------------------------------


@dataclass
class Team:
    id: int
    service_id: int
    name: str
    leader: int = 0
    workers: tuple[int, ...] = ()


@dataclass
class Staff:
    services: list[tuple[int, str]]
    teams: list[Team]
    rows: list[tuple]  # (id, username, first, last, role, team_id, service_id, is_staff)


def build_staff(scale: Scale, rnd: random.Random) -> Staff:
    services = [
        (n + 1, SERVICES[n % len(SERVICES)] + ("" if n < 8 else f" {n}"))
        for n in range(scale.services)
    ]
    teams = [
        Team(
            id=n + 1,
            service_id=services[n % len(services)][0],
            name=f"{TEAM_KINDS[n % len(TEAM_KINDS)]} Team {n + 1}",
        )
        for n in range(scale.teams)
    ]
    rows: list[tuple] = []

    def add(role: str, team: Team | None, service_id: int | None, is_staff: bool = False) -> int:
        pk = len(rows) + 1
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        rows.append(
            (
                pk,
                f"bench{pk:05d}",
                first,
                last,
                role,
                team.id if team else None,
                service_id,
                is_staff,
            )
        )
        return pk

    add("director", None, None)
    for service_id, _ in services:
        add("head_of_service", None, service_id)
        add("pgl", None, service_id)
        add("pgl", None, service_id)
    for _ in range(max(1, scale.staff // 200)):
        add("auditor", None, None)
    add("administrator", None, None, is_staff=True)
    # Each team: a team leader, business support, and the rest social workers.
    per_team, spare = divmod(max(0, scale.staff - len(rows)), len(teams))
    for n, team in enumerate(teams):
        team.leader = add("team_leader", team, team.service_id)
        add("business_support", team, team.service_id)
        workers = max(1, per_team - 2 + (n < spare))
        team.workers = tuple(add("social_worker", team, team.service_id) for _ in range(workers))
    return Staff(services, teams, rows)


@dataclass
class Children:
    team: list[int]  # by child index (0-based; the child's id is index + 1)
    worker: list[int]
    start: list[int]  # day index of referral: the first day of the case
    end: list[int]  # last day with contact: yesterday if open, else the closure day
    open: list[bool]
    count: list[int]  # observations


def observation_counts(scale: Scale, rnd: random.Random) -> list[int]:
    """Observations per child: a few heavy cases, the rest lognormal, summing exactly."""
    heavy = min(scale.heavy_children, scale.children)
    budget = scale.observations - heavy * scale.heavy_observations
    weights = [rnd.lognormvariate(0, 1.1) for _ in range(scale.children - heavy)]
    factor = budget / sum(weights) if weights else 0
    cap = max(1, scale.heavy_observations // 2)
    counts = [min(cap, int(weight * factor)) for weight in weights]
    short = budget - sum(counts)
    while short > 0 and counts:
        index = rnd.randrange(len(counts))
        if counts[index] < cap:
            counts[index] += 1
            short -= 1
    return [scale.heavy_observations] * heavy + counts


def build_children(scale: Scale, staff: Staff, today: int, rnd: random.Random) -> Children:
    counts = observation_counts(scale, rnd)
    result = Children([], [], [], [], [], counts)
    heavy = min(scale.heavy_children, scale.children)
    for index, count in enumerate(counts):
        team = staff.teams[rnd.randrange(len(staff.teams))]
        is_open = index < heavy or rnd.random() < scale.open_share
        # Longer cases have more contacts: 3 to 12 days a contact, from a month to the span.
        length = max(30, min(today - 2, int(count * rnd.uniform(3, 12))))
        end = today - 1 if is_open else rnd.randint(length + 1, today - 1)
        worker = team.leader if rnd.random() < 0.05 else rnd.choice(team.workers)
        result.team.append(team.id)
        result.worker.append(worker)
        result.start.append(end - length)
        result.end.append(end)
        result.open.append(is_open)
    return result
