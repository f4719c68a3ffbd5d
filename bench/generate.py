"""Generate the benchmark dataset on PostgreSQL: 50,000 children, 5,000,000 observations,
1,000 staff in 80 teams, with 1% of the observations and of the planned contacts overdue.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.generate [--force]

The data is synthetic and loaded with COPY straight into the real tables, bypassing the
services: no history rows (the history tables stay empty), no chronology, no documents.
It exists to time the queries, so its shape follows a real authority's: caseloads of
about 20 open cases a worker, a long tail of observations per child (a few children have
5,000), contacts in time order over six years, most recorded on time, some late, and
the overdue drafts mostly a few days overdue with a tail of old ones.

The dataset is dated: it is generated for a reference time (today at 10:00 in London)
kept in the table bench_dataset, and bench/run.py runs at that time, so a dataset reused
on a later day gives the same figures. It is reused when the scale, the generator and
the migrations are unchanged; --force builds it again.
"""

import argparse
import hashlib
import json
import math
import random
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from itertools import accumulate

from .pgcopy import (
    NULL,
    copy,
    drop_secondary,
    names,
    restore_secondary,
    rows,
    table_exists,
    truncate_all,
)
from .shape import (
    ANALYSIS,
    BREAK_GLASS_REASONS,
    CHILD_SEEN,
    FACTS,
    FIRST_NAMES,
    KINDS,
    LAST_NAMES,
    LATE_REASONS,
    LOCATIONS,
    LONDON,
    PLANNABLE,
    READ_DECISIONS,
    READ_PURPOSES,
    SEEN_KINDS,
    SUMMARIES,
    VIEWS,
    WHAT_WAS_READ,
    Children,
    Days,
    Scale,
    Staff,
    build_children,
    build_staff,
)

# Bump when the data the generator writes changes, so an old dataset is not reused.
GENERATOR_VERSION = 3
# An observation's sort key is (day << DAY_SHIFT) | (child index << 1) | file read (0 or 1).
KEY_BITS = 17  # bits of the child index
DAY_SHIFT = KEY_BITS + 1
FILE_READ = [kind for kind, _, _ in KINDS].index("file_read")
META_TABLE = "bench_dataset"
# The tables the generator fills, in the order it fills them.
LOADED_TABLES = (
    "staff_service",
    "staff_team",
    "staff_user",
    "caserecords_child",
    "caserecords_allocation",
    "caserecords_legalstatus",
    "caserecords_observation",
    "caserecords_plannedcontact",
    "sharing_organisation",
    "sharing_sharingrecord",
    "sharing_sharingrecord_children",
    "caserecords_fileread",
    "caserecords_accesslog",
    "notifications_notification",
)


def dataset_fingerprint(cursor, scale: Scale) -> str:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = cursor.fetchall()
    blob = json.dumps([GENERATOR_VERSION, asdict(scale), migrations])
    return hashlib.sha256(blob.encode()).hexdigest()


# Loading --------------------------------------------------------------------------------------


class Loader:
    """Writes one dataset: staff, children, allocations, legal statuses, observations (with
    the managers' file reads), planned contacts, sharing records, the access log and the
    notifications, each table by one COPY."""

    def __init__(self, scale: Scale, reference: datetime, cursor, say: Callable[[str], None]):
        self.scale = scale
        self.reference = reference
        self.cursor = cursor
        self.say = say
        self.rnd = random.Random(scale.seed)  # noqa: S311 - synthetic data, reproducible
        today = reference.astimezone(LONDON).date()
        first = today - timedelta(days=365 * scale.years)
        self.today = (today - first).days
        self.days = Days(first, self.today + 60)
        self.counts: dict[str, int] = {}
        self.child_names: list[str] = []
        # What load_observations leaves for the notifications: the late recordings of the
        # last year, as (observation id, child index, due day, author, kind index).
        self.late: list[tuple[int, int, int, int, int]] = []

    # staff and children

    def load_staff(self) -> Staff:
        staff = build_staff(self.scale, self.rnd)
        self.full_names = {row[0]: f"{row[2]} {row[3]}" for row in staff.rows}
        self.fallback = staff.rows[0][0]  # who records what an unallocated child's file gets
        joined = self.days.moment(0, 9, 0)
        self.counts["staff_service"] = copy(
            self.cursor, "staff_service", ("id", "name"), (rows(*s) for s in staff.services)
        )
        self.counts["staff_team"] = copy(
            self.cursor,
            "staff_team",
            ("id", "name", "service_id"),
            (rows(t.id, t.name, t.service_id) for t in staff.teams),
        )
        columns = names(
            "id username first_name last_name role team_id service_id is_staff "
            "password is_superuser email is_active date_joined job_title"
        )
        self.counts["staff_user"] = copy(
            self.cursor,
            "staff_user",
            columns,
            (
                rows(*row, "!bench", row[7], f"{row[1]}@bench.invalid", True, joined, "")
                for row in staff.rows
            ),
        )
        return staff

    def load_children(self, staff: Staff) -> Children:
        children = build_children(self.scale, staff, self.today, self.rnd)
        days, rnd = self.days, self.rnd
        columns = names(
            "id created_at updated_at la_child_id first_name last_name "
            "date_of_birth sex gender ethnicity religion first_language "
            "interpreter_needed disabilities nhs_number upn referral_date "
            "referral_source primary_need team_id worker_id closed_on "
            "closure_reason closure_summary closure_child_views closure_carer_views"
        )

        def lines() -> Iterator[str]:
            for index in range(len(children.team)):
                start, end, is_open = (
                    children.start[index],
                    children.end[index],
                    children.open[index],
                )
                born = days.dates[start] - timedelta(days=rnd.randint(200, 17 * 365))
                closed = None if is_open else days.text[end]
                first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
                self.child_names.append(f"{first} {last}")
                yield rows(
                    index + 1,
                    days.moment(start, 9, 0),
                    days.moment(end, 17, 0),
                    f"B{index + 1:07d}",
                    first,
                    last,
                    born.isoformat(),
                    rnd.choice("MF"),
                    "",
                    rnd.choice(("WBRI", "WBRI", "WBRI", "AIND", "BAFR", "MWBC", "WOTH")),
                    "",
                    "English",
                    False,
                    '["NONE"]',
                    "",
                    "",
                    days.text[start],
                    rnd.choice(("1A", "2A", "3A", "5A", "5C", "6")),
                    rnd.choice(("N1", "N1", "N4", "N5", "N2")),
                    children.team[index],
                    children.worker[index],
                    closed,
                    "" if is_open else rnd.choice(("RC7", "RC7", "RC5", "RC1")),
                    "" if is_open else "Case closed after the plan was completed.",
                    "" if is_open else "Glad things are better at home.",
                    "" if is_open else "Feels supported and knows how to ask for help.",
                )

        self.counts["caserecords_child"] = copy(self.cursor, "caserecords_child", columns, lines())
        return children

    def load_allocations_and_statuses(self, children: Children) -> None:
        days, rnd = self.days, self.rnd
        allocations = (
            rows(
                n + 1,
                n + 1,
                children.team[n],
                children.worker[n],
                days.text[children.start[n]],
                None if children.open[n] else days.text[children.end[n]],
                "",
            )
            for n in range(len(children.team))
        )
        self.counts["caserecords_allocation"] = copy(
            self.cursor,
            "caserecords_allocation",
            ("id", "child_id", "team_id", "worker_id", "started_on", "ended_on", "reason"),
            allocations,
        )

        def statuses() -> Iterator[str]:
            pk = 0
            for n in range(len(children.team)):
                roll = rnd.random()
                if roll < 0.4:
                    kind, category, legal = "cin", "", ""
                elif roll < 0.65:
                    kind, category, legal = "cp", rnd.choice(("NEG", "EMO", "PHY", "SAB")), ""
                elif roll < 0.85:
                    kind, category, legal = "lac", "", rnd.choice(("C1", "C2", "V2", "E1"))
                else:
                    continue
                pk += 1
                ended = None if children.open[n] else days.text[children.end[n]]
                yield rows(pk, n + 1, kind, category, legal, days.text[children.start[n]], ended)

        self.counts["caserecords_legalstatus"] = copy(
            self.cursor,
            "caserecords_legalstatus",
            ("id", "child_id", "kind", "cp_category", "lac_legal_status", "started_on", "ended_on"),
            statuses(),
        )

    # observations

    def contact_days(self, children: Children) -> list[int]:
        """Every observation's (day, child, file read?) as one sortable int, in time order.

        An open file is read by its team leader about every `file_read_every` days over
        the last year (on a working day); those reads are among the child's observations."""
        rnd = self.rnd.random
        every, since, weekday = self.scale.file_read_every, self.today - 365, self.days.weekday
        keys: list[int] = []
        append = keys.append
        for index, count in enumerate(children.count):
            start, end = children.start[index], children.end[index]
            width, reads = end - start + 1, 0
            if every and children.open[index]:
                day = max(start, since) + int(rnd() * every)
                while day <= end and reads < count:
                    read_day = day - max(0, weekday[day] - 4)  # a weekend's to the Friday
                    append(((read_day if read_day >= start else day) << DAY_SHIFT) | index << 1 | 1)
                    reads += 1
                    day += every - 3 + int(rnd() * 7)
            for _ in range(count - reads):
                append(((start + int(rnd() * width)) << DAY_SHIFT) | index << 1)
        keys.sort()
        return keys

    def timescales(self, keys: list[int]) -> tuple[bytearray, bytearray]:
        """Each observation's kind (index into KINDS) and days allowed (1, 5 or 10)."""
        rnd = self.rnd.random
        table = [n for n, (_, weight, _) in enumerate(KINDS) for _ in range(weight)]
        size = len(table)
        kinds, allowed = bytearray(len(keys)), bytearray(len(keys))
        for row in range(len(keys)):
            if keys[row] & 1:  # a manager's file read: recorded at once
                kinds[row], allowed[row] = FILE_READ, 5
                continue
            kind = table[int(rnd() * size)]
            rule = KINDS[kind][2]
            if rule == "s" or rnd() < 0.08:
                allowed[row] = 1
            elif rule == "d" and rnd() < 0.5:
                allowed[row] = 10
            else:
                allowed[row] = 5
            kinds[row] = kind
        return kinds, allowed

    def choose_overdue(self, keys: list[int], allowed: bytearray, share: float) -> bytearray:
        """Mark round(share * rows) observations due before today as overdue drafts: most a
        few days overdue, a tail up to a year (chance proportional to e^(-days/15) + 0.01)."""
        due, today = self.days.due, self.today
        by_days_over: dict[int, list[int]] = {}
        for row in range(len(keys) - 1, -1, -1):
            day = keys[row] >> DAY_SHIFT
            if day < today - 380:
                break
            if keys[row] & 1:  # file reads are recorded when made
                continue
            over = today - due[allowed[row]][day]
            if 0 < over <= 365:
                by_days_over.setdefault(over, []).append(row)
        wanted = min(round(share * len(keys)), sum(map(len, by_days_over.values())))
        weight = {over: math.exp(-over / 15) + 0.01 for over in by_days_over}

        def taken(factor: float) -> dict[int, int]:
            return {
                over: min(len(bucket), round(factor * weight[over] * len(bucket)))
                for over, bucket in by_days_over.items()
            }

        low, high = 0.0, 1.0
        while sum(taken(high).values()) < wanted and high < 1e9:
            high *= 2
        for _ in range(60):
            middle = (low + high) / 2
            low, high = (middle, high) if sum(taken(middle).values()) < wanted else (low, middle)
        counts = taken(high)
        # Rounding: settle the difference on the biggest buckets that have room.
        for over in sorted(by_days_over, key=lambda o: -len(by_days_over[o])):
            gap = wanted - sum(counts.values())
            if gap == 0:
                break
            counts[over] = max(0, min(len(by_days_over[over]), counts[over] + gap))
        flags = bytearray(len(keys))
        for over, count in counts.items():
            for row in self.rnd.sample(by_days_over[over], count):
                flags[row] = 1
        return flags

    def load_observations(self, children: Children, staff: Staff) -> list[str]:
        """COPY the observations; return the planned contacts that led to them (as lines)."""
        started = time.monotonic()
        keys = self.contact_days(children)
        kinds, allowed = self.timescales(keys)
        overdue = self.choose_overdue(keys, allowed, self.scale.overdue_share)
        self.say(f"  planned {len(keys):,} observations in {time.monotonic() - started:.0f} s")
        planned: list[str] = []
        columns = names(
            "id created_at updated_at child_id contact_group kind occurred_at "
            "location summary child_seen child_views facts analysis safeguarding "
            "detailed significant status due_by completed_at late_reason author_id "
            "entered_in_error entered_in_error_reason"
        )
        reads: list[str] = []
        lines = self.observation_lines(
            keys, kinds, allowed, overdue, children, staff, planned, reads
        )
        self.counts["caserecords_observation"] = copy(
            self.cursor, "caserecords_observation", columns, lines
        )
        self.counts["caserecords_fileread"] = copy(
            self.cursor,
            "caserecords_fileread",
            names("id observation_id child_id read_at read_by_id purpose what_was_read decisions"),
            (f"{n + 1}\t{line}" for n, line in enumerate(reads)),
        )
        return planned

    def observation_lines(self, keys, kinds, allowed, overdue, children, staff, planned, reads):
        days, today, rnd = self.days, self.today, self.rnd.random
        due_by, moment, text_of = days.due, days.moment, days.text
        team_workers = {team.id: (team.leader, *team.workers) for team in staff.teams}
        leader_names = {team.id: self.full_names[team.leader] for team in staff.teams}
        kind_names = [kind for kind, _, _ in KINDS]
        seen_kind = [kind in SEEN_KINDS for kind in kind_names]
        plannable = [kind in PLANNABLE for kind in kind_names]
        mask = (1 << KEY_BITS) - 1
        planned_share = self.scale.planned_share
        planned_columns = "{}\t{}\t{}\t{}\t{}\t\t{}\t{}\trecorded\t\t\\N\t{}\t{}\n"
        late_since, late = today - 365, self.late
        for row, key in enumerate(keys):
            day, child = key >> DAY_SHIFT, (key >> 1) & mask
            kind, days_allowed = kinds[row], allowed[row]
            due = due_by[days_allowed][day]
            hour, minute = 8 + int(rnd() * 11), int(rnd() * 60)
            occurred = moment(day, hour, minute)
            if key & 1:  # a team leader's file read: the observation, and its FileRead row
                team = children.team[child]
                leader = team_workers[team][0]
                purpose, label = READ_PURPOSES[row % len(READ_PURPOSES)]
                what, decisions = WHAT_WAS_READ[row % 3], READ_DECISIONS[row % 4]
                done = moment(day, min(23, hour + 1), minute)
                yield (
                    f"{row + 1}\t{occurred}\t{done}\t{child + 1}\t{row + 1:032x}\tfile_read\t"
                    f"{occurred}\tThe child's file\tFile read by {leader_names[team]} ({label})\t"
                    f"not_applicable\t\t{what}\t{decisions}\tf\tf\tf\tcompleted\t"
                    f"{text_of[due]}\t{done}\t\t{leader}\tf\t\n"
                )
                reads.append(
                    f"{row + 1}\t{child + 1}\t{occurred}\t{leader}\t{purpose}\t{what}\t"
                    f"{decisions}\n"
                )
                continue
            author = (
                children.worker[child]
                if rnd() < 0.75
                else _pick(team_workers[children.team[child]], rnd)
            )
            in_error = False
            late_reason = ""
            if overdue[row] or (due >= today and rnd() < 0.7):
                status, completed = "draft", NULL
            else:
                status = "completed"
                if due >= today - 1 or rnd() < 0.88:  # on time (or early)
                    done = day + int(rnd() * (min(due, today - 1) - day + 1))
                else:  # late: days to weeks after the due date
                    done = min(today - 1, due + 1 + int(rnd() ** 2 * 30))
                    late_reason = LATE_REASONS[int(rnd() * len(LATE_REASONS))]
                    if day >= late_since:
                        late.append((row + 1, child, due, author, kind))
                done_hour = (
                    min(23, hour + 1 + int(rnd() * 4)) if done == day else 9 + int(rnd() * 10)
                )
                completed = moment(done, done_hour, minute)
                in_error = rnd() < 0.001
            safeguarding = days_allowed == 1
            yield (
                f"{row + 1}\t{occurred}\t{occurred if completed is NULL else completed}\t"
                f"{child + 1}\t{row + 1:032x}\t"
                f"{kind_names[kind]}\t{occurred}\t{LOCATIONS[row % 7]}\t{SUMMARIES[row % 8]}\t"
                f"{(CHILD_SEEN[row % 4] if seen_kind[kind] else 'not_applicable')}\t"
                f"{VIEWS[row % 4] if seen_kind[kind] else ''}\t"
                f"{FACTS[row % 4]}\t{ANALYSIS[row % 3]}\t"
                f"{'t' if safeguarding else 'f'}\t{'t' if days_allowed == 10 else 'f'}\t"
                f"{'t' if row % 20 == 0 else 'f'}\t{status}\t{text_of[due]}\t{completed}\t"
                f"{late_reason}\t{author}\t{'t' if in_error else 'f'}\t"
                f"{'Recorded on the wrong child' if in_error else ''}\n"
            )
            if plannable[kind] and rnd() < planned_share:
                planned_due = due_by[1 if safeguarding else 5][day]
                planned.append(
                    planned_columns.format(
                        moment(max(0, day - 7), 9, 0),
                        occurred,
                        child + 1,
                        kind_names[kind],
                        occurred,
                        "t" if safeguarding else "f",
                        text_of[planned_due],
                        row + 1,
                        author,
                    )
                )

    def load_sharing(self, children: Children) -> None:
        """Information sharing records of the three kinds, each valid under the model's
        constraints, spread over the children's cases; one in ten about two children."""
        days, rnd, today = self.days, self.rnd, self.today
        organisations = (
            "Northshire Police",
            "St Mary's School",
            "Riverside GP Practice",
            "Northshire Health Visiting",
            "Housing Options",
        )
        self.counts["sharing_organisation"] = copy(
            self.cursor,
            "sharing_organisation",
            names("id created_at updated_at name telephone address active"),
            (
                rows(
                    n + 1,
                    self.days.moment(0, 9, 0),
                    self.days.moment(0, 9, 0),
                    name,
                    "01632 960000",
                    "",
                    True,
                )
                for n, name in enumerate(organisations)
            ),
        )
        columns = names(
            "id created_at updated_at type occurred_at recorded_by_id name job_title "
            "organisation_id organisation_name telephone identity_confirmed_by reason "
            "information_requested case_reference consent no_consent_reason consent_given_by "
            "consent_limits family_informed not_informed_reason decision decision_reason "
            "third_party_information third_party_consent third_party_override_reason "
            "information_shared method receipt_confirmed_by outcome status completed_at"
        )
        links: list[str] = []
        total = len(children.team)

        def records() -> Iterator[str]:
            for n in range(self.scale.sharing_records):
                child = rnd.randrange(total)
                day = rnd.randint(children.start[child], max(children.start[child], today - 1))
                kind = ("disclosure", "request_received", "request_made")[n % 3]
                when = days.moment(day, 11, 0)
                organisation = n % len(organisations)
                received = kind == "request_received"
                links.append(rows(n + 1, child + 1))
                if n % 10 == 0 and child + 2 <= total:
                    links.append(rows(n + 1, child + 2))
                yield rows(
                    n + 1,
                    when,
                    when,
                    kind,
                    when,
                    children.worker[child] or self.fallback,
                    "A. Officer",
                    "Safeguarding lead",
                    organisation + 1,
                    organisations[organisation],
                    "01632 960000",
                    "Called back on the switchboard number" if received else "",
                    "Concerns about the child's welfare",
                    "School attendance and health" if kind != "disclosure" else "",
                    "",
                    "given",
                    "",
                    "Mother",
                    "",
                    None if kind == "request_made" else True,
                    "",
                    "share" if received else "",
                    "",
                    False,
                    None,
                    "",
                    "Attendance record",
                    "email",
                    "",
                    "Information sent",
                    "completed",
                    when,
                )

        self.counts["sharing_sharingrecord"] = copy(
            self.cursor, "sharing_sharingrecord", columns, records()
        )
        self.counts["sharing_sharingrecord_children"] = copy(
            self.cursor,
            "sharing_sharingrecord_children",
            names("sharingrecord_id child_id"),
            iter(links),
        )

    def load_planned_contacts(self, recorded: list[str], children: Children) -> None:
        """The recorded planned contacts, then cancelled, upcoming and overdue ones."""
        days, today, rnd = self.days, self.today, self.rnd
        open_children = [n for n, is_open in enumerate(children.open) if is_open]
        extra: list[str] = []

        def planned(child: int, day: int, status: str, due_day: int) -> str:
            cancelled = status == "cancelled"
            return rows(
                days.moment(max(0, min(day - 7, today - 1)), 9, 0),
                days.moment(day, 10, 0),
                child + 1,
                "home_visit",
                days.moment(day, 10, 0),
                "",
                False,
                days.text[due_day],
                status,
                "Family asked to rearrange" if cancelled else "",
                days.moment(max(0, day - 1), 16, 0) if cancelled else None,
                None,
                children.worker[child],
            )

        if open_children:
            for _ in range(round(0.05 * len(recorded))):
                child = rnd.choice(open_children)
                day = rnd.randint(children.start[child], today - 1)
                extra.append(planned(child, day, "cancelled", days.due[5][day]))
            for child in open_children:
                if rnd.random() < 0.5:
                    day = today + rnd.randint(0, 27)
                    extra.append(planned(child, day, "planned", days.due[5][day]))
            total = len(recorded) + len(extra)
            overdue = round(self.scale.overdue_share * total / (1 - self.scale.overdue_share))
            for _ in range(overdue):
                child = rnd.choice(open_children)
                day = today - 2 - min(300, int(rnd.expovariate(1 / 12)))
                while days.due[5][day] >= today:
                    day -= 1
                extra.append(planned(child, day, "planned", days.due[5][day]))
        columns = names(
            "created_at updated_at child_id kind planned_for note safeguarding "
            "due_by status cancel_reason cancelled_at observation_id created_by_id"
        )
        lines = (f"{n + 1}\t{line}" for n, line in enumerate([*recorded, *extra]))
        self.counts["caserecords_plannedcontact"] = copy(
            self.cursor, "caserecords_plannedcontact", ["id", *columns], lines
        )

    # the last year's reads of files and notices

    def year_moments(self, total: int) -> Iterator[tuple[int, int]]:
        """`total` moments of the last year, in time order, as (day, second of the day):
        working hours, a tenth as many on a Saturday or Sunday."""
        days, rnd = self.days, self.rnd
        first = self.today - 365
        weights = [0.1 if days.weekday[day] >= 5 else 1.0 for day in range(first, self.today)]
        per_day = [int(weight * total / sum(weights)) for weight in weights]
        for _ in range(total - sum(per_day)):
            per_day[rnd.randrange(len(per_day))] += 1
        random = rnd.random
        for offset, count in enumerate(per_day):
            for second in sorted(int(27_000 + random() * 39_600) for _ in range(count)):
                yield first + offset, second

    def stamp(self, day: int, second: int) -> str:
        return (
            f"{self.days.text[day]} {second // 3600:02d}:{second // 60 % 60:02d}:"
            f"{second % 60:02d}{self.days.offset[day]}"
        )

    def load_access_log(self, children: Children, staff: Staff) -> None:
        """A year of reads (one a page or API answer): mostly by the allocated worker and the
        team, some by managers (the team leader, the service's practice group leads and head),
        a few of service-wide lists, audits, and emergency (break-glass) reads with their
        reason. Files with more contacts are read more."""
        rnd = self.rnd.random
        members: dict[int, list[int]] = {}  # team -> everyone in it
        managers: dict[int, list[int]] = {}  # service -> its head and practice group leads
        by_role: dict[str, list[int]] = {}
        for pk, _, _, _, role, team_id, service_id, _ in staff.rows:
            by_role.setdefault(role, []).append(pk)
            if team_id:
                members.setdefault(team_id, []).append(pk)
            if role in ("head_of_service", "pgl"):
                managers.setdefault(service_id, []).append(pk)
        leaders = {team.id: team.leader for team in staff.teams}
        service = {team.id: team.service_id for team in staff.teams}
        wide_readers = [*by_role["director"], *managers[1], *by_role["team_leader"]]
        auditors, outsiders = by_role["auditor"], by_role["social_worker"]
        opened = [n for n, is_open in enumerate(children.open) if is_open] or [0]
        cumulative = list(accumulate(children.count[n] for n in opened))
        weight = cumulative[-1]
        wide = (
            "sharing register",
            "sharing records",
            "unallocated cases report",
            "escalations",
            "sharing register export",
        )
        what = ("child file",) * 6 + ("diary", "approvals", "missing episodes", "file reads")

        def lines() -> Iterator[str]:
            for n, (day, second) in enumerate(self.year_moments(self.scale.access_log)):
                at, roll = self.stamp(day, second), rnd()
                channel = "api" if rnd() < 0.08 else "page"
                if roll < 0.03:  # a service-wide list
                    user = _pick(wide_readers, rnd)
                    yield f"{n + 1}\t{user}\t\\N\t{at}\t{wide[n % 5]}\tnormal\t\t{channel}\n"
                    continue
                child = opened[bisect_right(cumulative, rnd() * weight)]
                team, why, reason = children.team[child], "normal", ""
                if roll < 0.031:
                    user, why = _pick(outsiders, rnd), "break_glass"
                    reason = BREAK_GLASS_REASONS[n % len(BREAK_GLASS_REASONS)]
                elif roll < 0.04:
                    user, why = _pick(auditors, rnd), "audit"
                elif roll < 0.13:
                    user = leaders[team] if rnd() < 0.5 else _pick(managers[service[team]], rnd)
                else:
                    user = children.worker[child] if rnd() < 0.7 else _pick(members[team], rnd)
                yield (
                    f"{n + 1}\t{user}\t{child + 1}\t{at}\t{what[n % 10]}\t{why}\t{reason}\t"
                    f"{channel}\n"
                )

        self.counts["caserecords_accesslog"] = copy(
            self.cursor,
            "caserecords_accesslog",
            names("id user_id child_id at what why reason channel"),
            lines(),
        )

    def load_notifications(self, children: Children, staff: Staff) -> None:
        """A year of inbox notices, a tenth unread: the late recordings' overdue notices (to
        the author and the team leader, as the sweep sends them), and the other kinds to the
        files' workers and team leaders. Each emailed a minute after it came; the read ones
        read minutes to days later."""
        from django.contrib.contenttypes.models import ContentType

        from caserecords.models import Observation, ObservationKind

        rnd, days, today, stamp = self.rnd.random, self.days, self.today, self.stamp
        kind_names = [ObservationKind(kind).label.lower() for kind, _, _ in KINDS]
        leaders = {team.id: team.leader for team in staff.teams}
        observation_type = ContentType.objects.get_for_model(Observation).pk
        # (day, second, recipient, kind, subject, body, link, source type, source id, key)
        notices: list[tuple] = []
        wanted = self.scale.notifications
        step = max(1.0, 2 * len(self.late) / wanted) if wanted else 0
        late = [self.late[int(n * step)] for n in range(int(len(self.late) / step))] if step else []
        for pk, child, due, author, kind in late:
            name, what = self.child_names[child], kind_names[kind]
            subject = f"Overdue recording: {what} for {name}"
            body = (
                f"The recording of the {what} for {name} (B{child + 1:07d}) was due by "
                f"{days.dates[due]:%A %-d %B %Y} and is not completed. Complete it, saying why "
                "it is late."
            )
            key = f"overdue:observation:{pk}:{days.text[due]}"
            for recipient in {author, leaders[children.team[child]]}:
                notices.append(
                    (due + 1, 25_200, recipient, "overdue_recording", subject, body,
                     f"/observations/{pk}/", observation_type, pk, key)
                )  # fmt: skip
        others = (  # (kind, to the team leader?, subject, dedupe key pattern)
            ("action_assigned", False, "Action for you on {name}'s file", "action:{n}"),
            ("approval_request", True, "Approval requested: plan for {name}",
             "approval:{n}:request"),
            ("approval_decision", False, "Plan for {name} approved", "approval:{n}:decision"),
            ("amendment_request", True, "Amendment requested on {name}'s file", "amendment:{n}"),
            ("sharing_record", True, "Information shared about {name}", "sharing-record-{n}"),
            ("escalation", True, "Escalation about {name}: with the practice group lead",
             "escalation:{n}:raised"),
        )  # fmt: skip
        opened = [n for n, is_open in enumerate(children.open) if is_open] or [0]
        for n, (day, second) in enumerate(self.year_moments(max(0, wanted - len(notices)))):
            child = _pick(opened, rnd)
            kind, to_leader, subject, key = others[n % len(others)]
            to_leader = to_leader or rnd() < 0.2
            name = self.child_names[child]
            recipient = leaders[children.team[child]] if to_leader else children.worker[child]
            notices.append(
                (day, second, recipient, kind, subject.format(name=name), "",
                 f"/children/{child + 1}/", None, None, key.format(n=n))
            )  # fmt: skip
        notices.sort(key=lambda notice: (notice[0], notice[1]))

        def lines() -> Iterator[str]:
            for n, (day, second, *notice) in enumerate(notices):
                read_day = day + min(3, int(rnd() ** 3 * 4))
                read_second = min(86_399, second + 600 + int(rnd() * 14_400))
                unread = rnd() < 0.08 or read_day >= today
                yield rows(
                    n + 1,
                    *notice,
                    None,
                    stamp(day, second),
                    None if unread else stamp(read_day, read_second),
                    stamp(day, min(86_399, second + 60)),
                )

        self.counts["notifications_notification"] = copy(
            self.cursor,
            "notifications_notification",
            names(
                "id recipient_id kind subject body link source_type_id source_id dedupe_key "
                "covering_for_id created_at read_at emailed_at"
            ),
            lines(),
        )


def _pick(choices: Sequence[int], rnd: Callable[[], float]) -> int:
    return choices[int(rnd() * len(choices))]


# The whole run ---------------------------------------------------------------------------------


def reference_time(today: date | None = None) -> datetime:
    """10:00 in London on `today`: the moment the dataset is generated for."""
    today = today or datetime.now(LONDON).date()
    return datetime(today.year, today.month, today.day, 10, tzinfo=LONDON)


def dataset(scale: Scale | None = None) -> dict | None:
    """The dataset in the database ({reference, counts, ...}), if any; with `scale`, only
    one generated at that scale by this generator for the current migrations."""
    from django.db import connection

    with connection.cursor() as cursor:
        if not table_exists(cursor, META_TABLE):
            return None
        cursor.execute(f"SELECT params, reference, fingerprint, counts FROM {META_TABLE}")  # noqa: S608
        found = cursor.fetchone()
        if found is None:
            return None
        params, reference, fingerprint, counts = found
        # Django reads jsonb as text (JSONField decodes it itself).
        params, counts = json.loads(params), json.loads(counts)
        if scale is not None and fingerprint != dataset_fingerprint(cursor, scale):
            return None
        cursor.execute("SELECT count(*) FROM caserecords_observation")
        if cursor.fetchone()[0] != counts["caserecords_observation"]:
            return None
    return {"scale": params, "reference": reference, "counts": counts}


def generate(
    scale: Scale, *, reference: datetime | None = None, say: Callable[[str], None] = print
) -> dict:
    """Empty the database's case records and staff, and load a dataset at this scale.

    Runs in one transaction (so a failure leaves the old data), with the tables' secondary
    indexes and constraints dropped during the COPY and made again after it.
    """
    from django.db import connection, transaction

    reference = reference or reference_time()
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        truncate_all(cursor)
        saved = drop_secondary(cursor, LOADED_TABLES)
        loader = Loader(scale, reference, cursor, say)
        staff = loader.load_staff()
        children = loader.load_children(staff)
        loader.load_allocations_and_statuses(children)
        say(
            f"  staff and {len(children.team):,} children loaded "
            f"in {time.monotonic() - started:.0f} s"
        )
        recorded = loader.load_observations(children, staff)
        say(f"  observations loaded in {time.monotonic() - started:.0f} s")
        loader.load_planned_contacts(recorded, children)
        loader.load_sharing(children)
        say(f"  sharing records loaded in {time.monotonic() - started:.0f} s")
        loader.load_access_log(children, staff)
        loader.load_notifications(children, staff)
        say(f"  access log and notifications loaded in {time.monotonic() - started:.0f} s")
        restore_secondary(cursor, saved)
        say(f"  indexes and constraints made again in {time.monotonic() - started:.0f} s")
        for table in LOADED_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"GREATEST(1, (SELECT max(id) FROM {table})))"
            )
        _write_meta(cursor, scale, reference, loader.counts)
    return {"scale": asdict(scale), "reference": reference, "counts": loader.counts}


def _write_meta(cursor, scale: Scale, reference: datetime, counts: dict[str, int]) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {META_TABLE} (params jsonb NOT NULL, "
        "reference timestamptz NOT NULL, fingerprint text NOT NULL, counts jsonb NOT NULL, "
        "generated_at timestamptz NOT NULL DEFAULT now())"
    )
    cursor.execute(f"DELETE FROM {META_TABLE}")  # noqa: S608
    cursor.execute(
        f"INSERT INTO {META_TABLE} (params, reference, fingerprint, counts) "  # noqa: S608
        "VALUES (%s, %s, %s, %s)",
        [
            json.dumps(asdict(scale)),
            reference,
            dataset_fingerprint(cursor, scale),
            json.dumps(counts),
        ],
    )


def analyze(*, vacuum: bool) -> None:
    """Refresh the planner's statistics (VACUUM too, which needs autocommit)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in LOADED_TABLES:
            cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {table}")


# The command line -------------------------------------------------------------------------------


def ensure_database() -> None:
    """Create the benchmark database if the server lacks it, then migrate it."""
    import psycopg2
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.")
    params = {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    server = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    server.close()
    call_command("migrate", verbosity=0, interactive=False)


def print_counts(counts: dict[str, int]) -> None:
    for table in LOADED_TABLES:
        print(f"  {table:<28} {counts.get(table, 0):>12,}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="generate again even if present")
    parser.add_argument("--children", type=int, default=Scale.children)
    parser.add_argument("--observations", type=int, default=Scale.observations)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to empty {name!r}: the benchmark database's name contains 'bench'."
        )
    ensure_database()
    scale = Scale(children=args.children, observations=args.observations)
    found = None if args.force else dataset(scale)
    if found is not None:
        print(
            f"Reusing the benchmark dataset in {name} "
            f"(reference time {found['reference'].astimezone(LONDON):%Y-%m-%d %H:%M %Z}):"
        )
        print_counts(found["counts"])
        return
    print(
        f"Generating the benchmark dataset in {name} "
        f"({scale.children:,} children, {scale.observations:,} observations)..."
    )
    started = time.monotonic()
    made = generate(scale)
    print(f"  loaded in {time.monotonic() - started:.0f} s; vacuum and analyze...")
    analyze(vacuum=True)
    print(f"Generated in {time.monotonic() - started:.0f} s:")
    print_counts(made["counts"])


if __name__ == "__main__":
    sys.exit(main())
