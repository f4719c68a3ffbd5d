"""Build the demo authority through the record's services, deterministically.

Every child's history (referral, allocation, legal status, contacts,
chronology, closure, amendments) is written by `caserecords.services`, so the
demo obeys the same rules and leaves the same history as real use. The random
generator is seeded and every date is relative to `today`: the same day gives
the same data, and drafts are due soon or overdue whenever it runs.
"""

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from simple_history.models import HistoricalRecords

from staff.models import Role, Service, Team, User

from .. import services
from ..models import (
    AmendmentKind,
    AmendmentRequest,
    Family,
    LegalStatusKind,
    Observation,
    ObservationKind,
    ObservationStatus,
    deadline_days,
)
from ..validators import nhs_number_is_valid
from . import notes, text
from .authority import (
    AGES,
    CHILD_ID_PREFIX,
    CLOSED_UNITS,
    FAMILY_SIZE,
    FAMILY_THEME,
    LEAVER,
    SERVICES,
    STAFF,
    TEAM_UNITS,
    TEAMS,
    TL,
    UnitSpec,
)
from .notes import NOTES, CaseContext, Kid
from .plans import Case, Event, Planner

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
OVERSIGHT = ("supervision", "file_read")  # contacts the team leader records


@contextmanager
def acting_as(user: User):
    """Attribute history rows to `user`, as the request middleware does for a signed-in user."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


@dataclass
class DemoSummary:
    users: list[User]
    children: int
    observations: int


class Builder(Planner):
    """Writes the demo authority through the services: staff, cases, amendments."""

    def __init__(self, *, password: str, today: date):
        super().__init__(today)
        self.password = make_password(password)  # hashed once: a hash per user takes seconds
        self.teams: dict[str, Team] = {}
        self.nhs_numbers: set[str] = set()
        self.child_count = 0
        self.surnames: set[str] = set()

    def run(self) -> DemoSummary:
        self.staff()
        for team_key in TEAMS:
            specs = [*TEAM_UNITS, *([CLOSED_UNITS[team_key]] if team_key in CLOSED_UNITS else [])]
            for spec in specs:
                if not spec.theme:
                    spec = replace(
                        spec, theme=FAMILY_THEME[team_key], children=FAMILY_SIZE[team_key]
                    )
                case = self.case(spec, team_key)
                getattr(self, f"plan_{spec.scenario}")(case)
                self.execute(case)
        self.amendments()
        self.approvals_waiting()
        leaver = self.users[LEAVER]
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])
        return DemoSummary(
            users=list(self.users.values()),
            children=sum(len(case.children) for case in self.cases),
            observations=Observation.objects.filter(child__la_child_id__startswith=CHILD_ID_PREFIX)
            .only("pk")
            .count(),
        )

    # Staff ---------------------------------------------------------------------

    def staff(self) -> None:
        by_key = {key: Service.objects.create(name=name) for key, name in SERVICES.items()}
        for key, (name, service) in TEAMS.items():
            self.teams[key] = Team.objects.create(name=name, service=by_key[service])
        for username, first, last, role, team, service, title in STAFF:
            administrator = role == Role.ADMINISTRATOR
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@hallowfield.example",
                role=role,
                job_title=title,
                team=self.teams.get(team or ""),
                service=by_key.get(service or ""),
                password=self.password,
                is_staff=administrator,
                is_superuser=administrator,
            )
            user.save()
            self.users[username] = user

    def leader(self, team: Team) -> User:
        return next(u for u in self.users.values() if u.team_id == team.pk and u.role == TL)

    # A case and its people --------------------------------------------------------

    def case(self, spec: UnitSpec, team_key: str) -> Case:
        rng = self.rng
        theme = spec.theme
        background = rng.choices(list(text.NAMES), weights=[55, 12, 12, 12, 9])[0]
        girls, boys, surnames, women, _men = text.NAMES[background]
        unused = [name for name in surnames if name not in self.surnames]
        surname, mother = rng.choice(unused or surnames), rng.choice(women)
        self.surnames.add(surname)
        kids = self.kids(spec, theme, girls, boys)
        school = self.school(theme, kids)
        pros = {
            key: (f"{rng.choice(text.PRO_FIRST)} {rng.choice(text.PRO_LAST)}", title, agency)
            for key, title, agency in [
                ("hv", "Health visitor", "Hallowfield Community Health"),
                ("gp", "GP", "Canal Side Surgery"),
                ("dsl", "Designated safeguarding lead", school),
                ("police", "Detective constable", "Public Protection Unit"),
                ("chair", "Child protection chair", "Safeguarding Unit"),
                ("iro", "Independent reviewing officer", "Safeguarding Unit"),
            ]
        }
        if spec.scenario == "unborn":
            pros["hv"] = (pros["hv"][0], "Community midwife", "Hallowfield Maternity")
        foster, foster_short = rng.choice(text.FOSTER_CARERS)
        if spec.scenario == "closed_sgo":
            foster, foster_short = f"Maureen {surname} (grandmother, kinship carer)", "Nan"
        unborn = kids[0].age is None
        ctx = {
            "names": "the unborn baby" if unborn else notes.names(kids),
            "name": "the baby" if unborn else kids[0].first_name,
            "cp_plans": "child protection plans" if len(kids) > 1 else "a child protection plan",
            "carer": f"Ms {surname}",
            "carer_full": f"{mother} {surname}",
            "carer_role": "Mother",
            "address": f"{rng.randint(2, 88)} {rng.choice(text.STREETS)}, {text.TOWN}",
            "school": school,
            "foster": foster,
            "foster_short": foster_short,
            "foster_first": foster_short if foster_short == "Nan" else foster.split()[0],
            "worker": "",
            **{f"{key}_name": value[0] for key, value in pros.items()},
        }
        if unborn:
            ctx["referral"] = "the midwife was worried about " + text.THEMES[theme].concern
        context = CaseContext(text.THEMES[theme], kids, ctx, looked_after=False, pros=pros)
        ethnicity = rng.choice(text.BACKGROUNDS[background][0])
        source = "3D" if spec.scenario == "unborn" else rng.choice(context.theme.sources)
        case = Case(spec, team_key, context, theme, surname, ethnicity, background, source)
        self.cases.append(case)
        return case

    def kids(self, spec: UnitSpec, theme: str, girls: list, boys: list) -> list[Kid]:
        rng = self.rng
        if spec.scenario == "unborn":
            return [Kid("Unborn", None, "U")]
        low, high = AGES.get("exploitation" if theme == "exploitation" else spec.scenario, (6, 12))
        age, kids = rng.randint(low, high), []
        for _ in range(spec.children):
            boy = theme == "exploitation" or rng.random() < 0.5
            pool = [
                name
                for name in (boys if boy else girls)
                if name not in {k.first_name for k in kids}
            ]
            kids.append(Kid(rng.choice(pool), max(age, 1), "M" if boy else "F"))
            age -= rng.randint(2, 4)
        return kids

    def school(self, theme: str, kids: list[Kid]) -> str:
        eldest = kids[0].age
        if theme == "disability":
            return text.SPECIAL_SCHOOL
        if eldest is None or eldest < 4:
            return text.NURSERY
        return self.rng.choice(text.PRIMARY_SCHOOLS if eldest < 11 else text.SECONDARY_SCHOOLS)

    def child_data(self, case: Case, kid: Kid, referral: date, family: Family | None) -> dict:
        rng = self.rng
        self.child_count += 1
        _codes, language, religions = text.BACKGROUNDS[case.background]
        if case.background == "south_asian":
            language = rng.choice(["English", "English", "Bengali", "Urdu"])
        elif case.background == "eastern_european" and case.ethnicity == "WROM":
            language = "Romanian"
        data = {
            "la_child_id": f"{CHILD_ID_PREFIX}{self.child_count:05d}",
            "first_name": kid.first_name,
            "last_name": case.surname,
            "sex": kid.sex,
            "ethnicity": case.ethnicity,
            "religion": rng.choice(religions),
            "first_language": language,
            "interpreter_needed": language != "English" and rng.random() < 0.25,
            "disabilities": self.disabilities(case.context.theme.primary_need, kid),
            "family": family,
            "referral_source": case.source,
            "primary_need": case.context.theme.primary_need,
        }
        if kid.age is None:
            data["expected_date_of_birth"] = self.today + timedelta(days=rng.randint(20, 90))
            data["referral_date"] = referral
            return data
        born = self.today - timedelta(days=kid.age * 365 + rng.randint(0, 360))
        data.update(
            date_of_birth=born,
            referral_date=max(referral, born),
            nhs_number=self.nhs_number() if rng.random() < 0.9 else "",
            upn=self.upn() if 5 <= kid.age <= 16 else "",
        )
        if case.spec.scenario == "lac_s20" and case.team_key == "C":
            data["gender"] = "Non-binary"  # gender as the young person states it
        return data

    def disabilities(self, primary_need: str, kid: Kid) -> list[str]:
        if primary_need == "N2":
            return self.rng.choice([["AUT", "COMM"], ["LD", "MOB", "PC"], ["AUT", "LD", "BEH"]])
        if (kid.age or 0) >= 4 and self.rng.random() < 0.12:
            return [self.rng.choice(["BEH", "LD", "AUT", "HEAR"])]
        return ["NONE"]

    def nhs_number(self) -> str:
        """A valid number in the 999 range, which the NHS never issues to patients."""
        while True:
            body = "999" + "".join(str(self.rng.randint(0, 9)) for _ in range(6))
            total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
            number = body + str((11 - total % 11) % 11)
            if nhs_number_is_valid(number) and number not in self.nhs_numbers:
                self.nhs_numbers.add(number)
                return number

    def upn(self) -> str:
        """A unique pupil number with its check letter; LA code 999 belongs to no authority."""
        body = "999" + "".join(str(self.rng.randint(0, 9)) for _ in range(9))
        total = sum(int(d) * w for d, w in zip(body, range(2, 14), strict=True))
        return UPN_LETTERS[total % 23] + body

    # Carrying out a plan through the services -----------------------------------------

    def execute(self, case: Case) -> None:
        for event in sorted(case.events):
            if event.action == "contact" and not (self.window <= event.day < self.today):
                continue  # contacts are written for the last few weeks only
            if event.day >= self.today:  # a plan's dates are all in the past
                raise ValueError(f"{event.action} planned on {event.day} for {case.spec}")
            with acting_as(self.actor(case, event)):
                getattr(self, f"do_{event.action}")(case, event.day, **event.args)

    def actor(self, case: Case, event: Event) -> User:
        """Who does it: team leaders refer, allocate, oversee and close; the worker records."""
        if event.action in ("refer", "allocate", "close") or event.args.get("key") in OVERSIGHT:
            team_key = event.args.get("team_key")
            return self.leader(self.teams[team_key] if team_key else case.team)
        return case.worker or self.leader(case.team)

    def do_refer(self, case: Case, day: date, team_key: str, worker: User | None) -> None:
        case.team, case.worker = self.teams[team_key], worker
        family = None
        if len(case.context.kids) > 1:
            family = Family.objects.create(name=f"{case.surname} family")
        for kid in case.context.kids:
            child = services.child_create(
                user=self.leader(case.team),
                data=self.child_data(case, kid, day, family),
                team=case.team,
                worker=worker,
            )
            case.children.append(child)

    def do_allocate(self, case: Case, day: date, team_key: str, worker: User, reason: str):
        case.team, case.worker = self.teams[team_key], worker
        for child in case.children:
            services.allocation_change(
                child=child,
                team=case.team,
                worker=worker,
                on=day,
                reason=reason,
                user=self.leader(case.team),
            )

    def do_start(self, case: Case, day: date, kind: str, code: str = "") -> None:
        cp = kind == LegalStatusKind.CHILD_PROTECTION
        if kind == LegalStatusKind.LOOKED_AFTER:
            case.context.looked_after = True
        for child in case.children:
            services.legal_status_start(
                child=child,
                kind=kind,
                started_on=day,
                user=case.worker or self.leader(case.team),
                cp_category=case.context.theme.cp_category if cp else "",
                lac_legal_status=code,
            )

    def do_end(self, case: Case, day: date, kind: str) -> None:
        for child in case.children:
            for status in child.legal_statuses.filter(kind=kind, ended_on__isnull=True):
                services.legal_status_end(status=status, ended_on=day, user=case.worker)

    def do_manual(self, case: Case, day: date) -> None:
        context = case.context
        headline, detail = text.CARE_MANUAL if context.looked_after else text.MANUAL[case.theme_key]
        author = case.worker or self.leader(case.team)
        for child in case.children:
            services.chronology_add_manual(
                child=child,
                user=author,
                occurred_at=self.at(day, 12, 0),
                headline=context.fill(headline),
                detail=context.fill(detail),
            )

    def do_close(self, case: Case, day: date, reason: str) -> None:
        """The worker submits the closure; the team leader approves it, which closes the case
        (seed 003 App. 7, 3.4)."""
        summary, child_views, carer_views = text.CLOSURE[reason]
        leader = self.leader(case.team)
        submitter = self.submitter(case)
        data = {
            "effective_on": day,
            "closure_reason": reason,
            "closure_summary": case.context.fill(summary),
            "child_views": case.context.fill(child_views),
            "carer_views": case.context.fill(carer_views),
        }
        for child in case.children:
            with acting_as(submitter):
                sent = services.approval_submit(
                    child=child, user=submitter, kind="closure", data=data, now=self.at(day, 10, 0)
                )
            services.approval_decide(
                approval=sent.approval, user=leader, approve=True, now=self.at(day, 15, 0)
            )

    def submitter(self, case: Case) -> User:
        """Who submits the case's closure: its worker, or a colleague in the team."""
        if case.worker is not None and case.worker.is_active:
            return case.worker
        return next(
            u
            for u in self.users.values()
            if u.team_id == case.team.pk and u.role != TL and u.is_active
        )

    def do_contact(self, case: Case, day: date, key: str, policy: str) -> None:
        rng, leader = self.rng, self.leader(case.team)
        oversight = key in OVERSIGHT
        author = leader if oversight or case.worker is None else case.worker
        case.context.ctx["worker"] = (case.worker or leader).get_full_name()
        note = NOTES[key](case.context, rng, day)
        data = note["data"]
        if key == "event":
            hour = 22 if case.context.looked_after else case.context.theme.event_hour
        else:
            hour = rng.choice([9, 10, 11, 13, 14, 15])
        occurred = self.at(day, hour, rng.choice([0, 15, 30, 45]))
        data["occurred_at"] = occurred
        due = self.calendar.due_date(
            day,
            deadline_days(
                safeguarding=data.get("safeguarding", False), detailed=data.get("detailed", False)
            ),
        )
        until = self.back(self.today, 1)
        if author.username == LEAVER:  # she recorded everything before she left
            policy, until = "on_time", self.leave_day
        elif oversight:
            policy = "on_time"
        completed_at, late_reason = self.completion(occurred, due, policy, until)
        if key == "file_read":  # a manager's read of the file: FileRead rows too
            self.file_read(case, leader, note, occurred, completed_at, late_reason)
            return
        services.observation_create(
            author=author,
            child=case.children[0],
            siblings=case.children[1:],
            data=data,
            participants=note["participants"],
            actions=note["actions"],
            complete=completed_at is not None,
            late_reason=late_reason,
            now=completed_at,
        )

    def file_read(self, case, leader, note, occurred, completed_at, late_reason) -> None:
        data = note["data"]
        for child in case.children:
            services.file_read_record(
                child=child,
                user=leader,
                purpose="supervision" if self.rng.random() < 0.5 else "review",
                what_was_read=data.get("facts") or data["summary"],
                decisions=data.get("analysis", ""),
                actions=note["actions"],
                read_at=occurred,
                late_reason=late_reason,
                now=completed_at or occurred + timedelta(hours=1),
            )

    def completion(self, occurred: datetime, due: date, policy: str, until: date):
        """When (if at all) the contact was recorded: mostly on time, some late, a few not yet.

        Returns the completion time (None: still a draft) and the reason for lateness.
        """
        rng, day = self.rng, timezone.localdate(occurred)
        if policy == "draft":
            return None, ""
        in_time = [
            d for d in self.working_days(day, min(due, until)) if d > day or occurred.hour < 16
        ]
        roll = rng.random()
        if policy == "auto" and due >= self.today and roll < 0.5:
            return None, ""  # still a draft, due soon
        if policy == "auto" and roll > 0.88 and due < self.today:
            late = [d for d in (self.ahead(due, n) for n in (1, 2, 4)) if d < self.today]
            if late and (roll < 0.96 or due < self.today - timedelta(days=21)):
                return self.at(rng.choice(late), 17, rng.randint(0, 50)), rng.choice(
                    text.LATE_REASONS
                )
            return None, ""  # overdue
        if not in_time:
            return None, ""
        finish = rng.choice(in_time[:3])
        finished = self.at(finish, 17, rng.randint(0, 50))
        return max(finished, occurred + timedelta(hours=1)), ""

    def at(self, day: date, hour: int, minute: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    # Amendments ------------------------------------------------------------------------

    def approvals_waiting(self) -> None:
        """An assessment `worker` submitted that waits for `teamleader` (the dashboard and the
        inbox show it)."""
        worker = self.users["worker"]
        case = next(
            c for c in self.cases if c.worker == worker and all(k.is_open for k in c.children)
        )
        with acting_as(worker):
            services.approval_submit(
                child=case.children[0],
                user=worker,
                kind="assessment",
                data={"note": "Child and family assessment completed; analysis and plan attached."},
                now=self.at(self.back(self.today, 1), 16, 0),
            )

    def amendments(self) -> None:
        """An approved amendment, one waiting for `worker`, and an entry made in error.

        Reasons stay short: the history keeps "<kind>: <reason>" as its change reason,
        which django-simple-history stores in 100 characters.
        """
        worker, leader = self.users["worker"], self.users["teamleader"]
        family, pair = self.cases[0], self.cases[1]
        completed = Observation.objects.filter(status=ObservationStatus.COMPLETED)
        visits = completed.filter(
            child=family.children[0], author=worker, kind=ObservationKind.HOME_VISIT
        )
        visit = visits.order_by("occurred_at").first()
        with acting_as(leader):
            request = self.request_amendment(visit, leader)
        with acting_as(worker):
            services.amendment_decide(
                request=request, user=worker, approve=True, note="Agreed; the addendum is accurate."
            )
        latest = completed.filter(author=worker).exclude(pk=visit.pk).latest("occurred_at")
        mistaken = completed.filter(child=pair.children[0], author=pair.worker, significant=False)
        with acting_as(leader):
            services.amendment_request(
                observation=latest,
                user=leader,
                kind=AmendmentKind.AMEND,
                reason="The headline should say the plan was discussed with the family.",
                changes={"summary": latest.summary + " (plan discussed with the family)"},
            )
            services.amendment_request(
                observation=mistaken.earliest("occurred_at"),
                user=leader,
                kind=AmendmentKind.ENTERED_IN_ERROR,
                reason="Recorded on the wrong child's file; recorded again on the right one.",
            )

    def request_amendment(self, visit: Observation, leader: User) -> AmendmentRequest:
        return services.amendment_request(
            observation=visit,
            user=leader,
            kind=AmendmentKind.AMEND,
            reason="Agreed in supervision: say what the home means for the youngest child.",
            changes={
                "analysis": visit.analysis + "\n\nAddendum: the youngest child is at home all "
                "day, so the state of the home affects them most; this is the focus of the "
                "next visit."
            },
        )


def build(*, password: str, today: date | None = None) -> DemoSummary:
    """Build the whole demo authority (call inside a transaction)."""
    return Builder(password=password, today=today or timezone.localdate()).run()
