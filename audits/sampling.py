"""Drawing the quarter's audit sample, reproducibly (seed 003 Appendix 7, 6.5).

The draw reads its whole population in a few set-based queries, keeps it on the
`AuditDraw` with the seed, and chooses with `random.Random(seed)` over each team's ids
sorted, teams in id order. `choose` and `assign` are pure functions of what the draw
stores, so `verify` redraws from the stored population and seed and compares.

Rules (settings, with defaults):
- per team, AUDIT_SAMPLE_FRACTION (0.10) of its open case files, at least
  AUDIT_SAMPLE_MINIMUM (2), at most all of them;
- a file sampled in either of the previous two quarters is left out, unless too few
  others remain; then the sample is made up from those;
- supervision records (observations of kind supervision completed in the previous
  quarter) by the same rule per team, or AUDIT_SUPERVISION_SAMPLE per team when set;
- each item goes to an active auditor, evenly (the least-loaded first, in a stable
  order), never to a member or manager of the item's team.
Assigning gives the auditor read-only access (an AUDIT AccessGrant) until the end of the
following quarter, and a notice.
"""

import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from caserecords import access, notices
from caserecords.models import (
    AccessGrant,
    AccessReason,
    Child,
    Observation,
    ObservationKind,
    ObservationStatus,
)
from staff.models import Role, Team, User

from . import bulk
from .models import AuditDraw, AuditSample, SampleKind, SampleStatus
from .quarters import Quarter

# Files sampled in this many quarters before are left out while others remain.
RECENT_QUARTERS = 2
# An ended grant must still end after it started (grant_ends_after_start).
_SECOND = timedelta(seconds=1)
SEED_LIMIT = 2**31
# The scheduled draw waits for this local time on the quarter's first working day.
DRAW_FROM = time(6, 0)


@dataclass(frozen=True)
class Rule:
    fraction: Decimal
    minimum: int
    supervision_count: int | None = None

    @classmethod
    def from_settings(cls) -> "Rule":
        count = getattr(settings, "AUDIT_SUPERVISION_SAMPLE", None)
        fraction = Decimal(str(getattr(settings, "AUDIT_SAMPLE_FRACTION", "0.10")))
        rule = cls(
            fraction=fraction.quantize(Decimal("0.001")),
            minimum=int(getattr(settings, "AUDIT_SAMPLE_MINIMUM", 2)),
            supervision_count=None if count in (None, "") else int(count),
        )
        if not (
            0 < rule.fraction <= 1 and rule.minimum >= 0 and (rule.supervision_count or 0) >= 0
        ):
            raise ImproperlyConfigured(
                "AUDIT_SAMPLE_FRACTION must be more than 0 and at most 1; AUDIT_SAMPLE_MINIMUM "
                "and AUDIT_SUPERVISION_SAMPLE 0 or more."
            )
        return rule

    @classmethod
    def of(cls, draw: AuditDraw) -> "Rule":
        return cls(draw.fraction, draw.minimum, draw.supervision_count)

    def size(self, population: int, *, supervision: bool = False) -> int:
        """How many to sample from `population`: the share, at least the minimum, at most all."""
        if supervision and self.supervision_count is not None:
            return min(population, self.supervision_count)
        return min(population, max(self.minimum, math.ceil(population * self.fraction)))


@dataclass(frozen=True)
class Item:
    """One sampled item: a case file (`record` = the child) or a supervision record."""

    team_id: int
    kind: str
    record: int  # the child's id for a file, the observation's for a supervision record
    child_id: int
    auditor_id: int | None = None


# Reading the population ---------------------------------------------------------------


def population_read(quarter: Quarter) -> dict:
    """Everything the draw chooses from, as JSON: five queries whatever the authority's size."""
    teams: dict[str, dict] = {
        str(pk): {"service": service_id, "files": [], "recent": [], "supervision": []}
        for pk, service_id in Team.objects.order_by("pk").values_list("pk", "service_id")
    }
    open_files = Child.objects.filter(closed_on__isnull=True, team__isnull=False)
    for team_id, child_id in open_files.order_by("team_id", "pk").values_list("team_id", "pk"):
        teams[str(team_id)]["files"].append(child_id)
    recent = AuditSample.objects.filter(
        kind=SampleKind.FILE,
        quarter__in=[str(q) for q in quarter.back(RECENT_QUARTERS)],
        draw__superseded_at__isnull=True,
        child__in=open_files,
    )
    pairs = recent.order_by("child_id").values_list("child__team_id", "child_id").distinct()
    for team_id, child_id in pairs:
        teams[str(team_id)]["recent"].append(child_id)
    reviewed = quarter.previous
    supervision = Observation.objects.filter(
        kind=ObservationKind.SUPERVISION,
        status=ObservationStatus.COMPLETED,
        entered_in_error=False,
        completed_at__gte=reviewed.starts_at,
        completed_at__lt=quarter.starts_at,
        child__team__isnull=False,
    )
    rows = supervision.order_by("pk").values_list("child__team_id", "pk", "child_id")
    for team_id, pk, child_id in rows:
        teams[str(team_id)]["supervision"].append([pk, child_id])
    auditors = User.objects.filter(role=Role.AUDITOR, is_active=True).order_by("pk")
    return {
        "teams": {key: team for key, team in teams.items() if team["files"] or team["supervision"]},
        "auditors": [list(row) for row in auditors.values_list("pk", "team_id", "service_id")],
    }


# Choosing and assigning: pure functions of what the draw stores ------------------------


def choose(population: dict, seed: int, rule: Rule) -> list[Item]:
    """The sample: per team in id order, files then supervision records, each sorted."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    items: list[Item] = []
    for key in sorted(population["teams"], key=int):
        team = population["teams"][key]
        files = sorted(team["files"])
        recent = set(team["recent"])
        wanted = rule.size(len(files))
        fresh = [pk for pk in files if pk not in recent]
        if len(fresh) >= wanted:
            chosen = rng.sample(fresh, wanted)
        else:  # too few others: make the sample up from recently audited files
            again = [pk for pk in files if pk in recent]
            chosen = fresh + rng.sample(again, wanted - len(fresh))
        items += [Item(int(key), SampleKind.FILE, pk, pk) for pk in sorted(chosen)]
        records = sorted(team["supervision"])
        wanted = rule.size(len(records), supervision=True)
        picked = sorted(rng.sample(records, wanted))
        items += [Item(int(key), SampleKind.SUPERVISION, pk, child) for pk, child in picked]
    return items


def may_audit(auditor: User, team: Team) -> bool:
    """Nobody audits a team they belong to or manage."""
    return auditor.team_id != team.pk and not access.is_manager_of(auditor, Child(team=team))


def assign(items: list[Item], population: dict) -> list[Item]:
    """Give each item to the eligible auditor with fewest so far (ties: the stable order)."""
    auditors = [
        User(pk=pk, role=Role.AUDITOR, team_id=team_id, service_id=service_id, is_active=True)
        for pk, team_id, service_id in population["auditors"]
    ]
    teams = {
        int(key): Team(pk=int(key), service_id=team["service"])
        for key, team in population["teams"].items()
    }
    load = dict.fromkeys((auditor.pk for auditor in auditors), 0)
    eligible_for = {
        team_id: [a for a in auditors if may_audit(a, team)] for team_id, team in teams.items()
    }
    assigned = []
    for item in items:
        eligible = eligible_for[item.team_id]
        chosen = min(eligible, key=lambda a: load[a.pk], default=None)
        if chosen is not None:
            load[chosen.pk] += 1
        assigned.append(
            Item(item.team_id, item.kind, item.record, item.child_id, chosen.pk if chosen else None)
        )
    return assigned


# The draw -----------------------------------------------------------------------------


@dataclass
class DrawResult:
    draw: AuditDraw
    created: bool
    away: list[notices.Away] = field(default_factory=list)


def audit_draw(
    *,
    quarter: Quarter,
    seed: int | None = None,
    redraw: bool = False,
    drawn_by: User | None = None,
    now: datetime | None = None,
) -> DrawResult:
    """Draw and assign the quarter's sample; once per quarter unless `redraw`.

    A redraw withdraws the current sample and ends its access grants, and is refused
    once any of it is being audited (that work would be lost).
    """
    now = now or timezone.now()
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
    rule = Rule.from_settings()
    with transaction.atomic():
        current = (
            AuditDraw.objects.select_for_update()
            .filter(quarter=str(quarter), superseded_at__isnull=True)
            .first()
        )
        if current is not None:
            if not redraw:
                return DrawResult(current, created=False)
            _supersede(current, now)
        population = population_read(quarter)
        try:
            with transaction.atomic():
                draw = AuditDraw.objects.create(
                    quarter=str(quarter),
                    seed=seed,
                    fraction=rule.fraction,
                    minimum=rule.minimum,
                    supervision_count=rule.supervision_count,
                    population=population,
                    drawn_by=drawn_by,
                )
        except IntegrityError:  # drawn at the same moment elsewhere: that draw stands
            existing = AuditDraw.objects.get(quarter=str(quarter), superseded_at__isnull=True)
            return DrawResult(existing, created=False)
        items = assign(choose(population, seed, rule), population)
        _insert(draw, items, quarter, now)
        away = _tell_auditors(draw, items, quarter, now)
    return DrawResult(draw, created=True, away=away)


def _supersede(draw: AuditDraw, now: datetime) -> None:
    started = draw.samples.exclude(status=SampleStatus.ASSIGNED).count()
    if started:
        raise ValidationError(
            f"{started} item{'s' if started != 1 else ''} of the {draw.quarter} sample "
            "already being audited: a redraw would lose that work."
        )
    draw.superseded_at = now
    draw.save(update_fields=["superseded_at", "updated_at"])
    for sample in draw.samples.all():  # saved one by one: history for each
        sample.status = SampleStatus.WITHDRAWN
        sample.save(update_fields=["status", "updated_at"])
    grants = AccessGrant.objects.filter(
        reason=AccessReason.AUDIT, explanation=grant_explanation(draw), expires_at__gt=now
    )
    for grant in grants:
        grant.expires_at = max(now, grant.starts_at + _SECOND)
        grant.save(update_fields=["expires_at", "updated_at"])


def grant_explanation(draw: AuditDraw) -> str:
    """What the auditors' access grants say, naming the draw (a redraw ends them by it)."""
    return f"Quarterly file audit {draw.quarter}, sample {draw.pk}"


def _insert(draw: AuditDraw, items: list[Item], quarter: Quarter, now: datetime) -> None:
    """Insert the samples, one access grant per auditor and file, and their history rows,
    in a few set-based statements."""
    bulk.insert_rows(
        AuditSample,
        [
            {
                "created_at": now,
                "updated_at": now,
                "draw_id": draw.pk,
                "quarter": str(quarter),
                "kind": item.kind,
                "child_id": item.child_id,
                "observation_id": item.record if item.kind == SampleKind.SUPERVISION else None,
                "team_id": item.team_id,
                "auditor_id": item.auditor_id,
                "status": SampleStatus.ASSIGNED.value,
                "grade": "",
                "summary": "",
            }
            for item in items
        ],
    )
    user_id = draw.drawn_by_id
    bulk.history_copy(AuditSample, "draw_id = %s", [draw.pk], at=now, user_id=user_id)
    explanation = grant_explanation(draw)
    bulk.insert_select(
        AccessGrant,
        {
            "created_at": now,
            "updated_at": now,
            "reason": AccessReason.AUDIT.value,
            "explanation": explanation,
            "starts_at": now,
            "expires_at": quarter.next.next.starts_at,  # the end of the following quarter
            "granted_by_id": user_id,
        },
        ["child_id", "user_id"],
        "SELECT DISTINCT child_id, auditor_id AS user_id FROM audits_auditsample "
        "WHERE draw_id = %s AND auditor_id IS NOT NULL",
        [draw.pk],
    )
    bulk.history_copy(
        AccessGrant,
        "reason = %s AND explanation = %s",
        [AccessReason.AUDIT.value, explanation],
        at=now,
        user_id=user_id,
    )


def _tell_auditors(
    draw: AuditDraw, items: list[Item], quarter: Quarter, now: datetime
) -> list[notices.Away]:
    counts: dict[int, int] = {}
    for item in items:
        if item.auditor_id is not None:
            counts[item.auditor_id] = counts.get(item.auditor_id, 0) + 1
    link = reverse("audits:mine") + f"?quarter={quarter}"
    away: list[notices.Away] = []
    for auditor in User.objects.filter(pk__in=counts).order_by("pk"):
        count = counts[auditor.pk]
        away += notices.notify(
            recipient=auditor,
            kind="audit_assigned",
            subject=f"{count} item{'s' if count != 1 else ''} to audit for {quarter.label}",
            body=(
                f"The {quarter} file audit sample has been drawn. You have read-only access "
                f"to the files sampled for you until {quarter.next.end:%-d %B %Y}."
            ),
            link=link,
            dedupe_key=f"audit-assigned:{draw.pk}",
            source=draw,
            at=now,
        )
    return away


# Checking a draw ----------------------------------------------------------------------


@dataclass
class Verification:
    draw: AuditDraw
    expected: int
    stored: int
    missing: list[Item]
    unexpected: list[Item]

    @property
    def matches(self) -> bool:
        return not self.missing and not self.unexpected

    def __str__(self) -> str:
        if self.matches:
            return (
                f"The {self.draw.quarter} sample (seed {self.draw.seed}) redraws exactly: "
                f"{self.stored} items."
            )
        return (
            f"The {self.draw.quarter} sample does NOT match a redraw from its population and "
            f"seed {self.draw.seed}: {len(self.missing)} item(s) missing, "
            f"{len(self.unexpected)} unexpected."
        )


def verify(draw: AuditDraw) -> Verification:
    """Redraw from the draw's stored population and seed, and compare with its sample."""
    expected = set(assign(choose(draw.population, draw.seed, Rule.of(draw)), draw.population))
    stored = {
        Item(
            row["team_id"],
            row["kind"],
            row["observation_id"] or row["child_id"],
            row["child_id"],
            row["auditor_id"],
        )
        for row in draw.samples.order_by().values(
            "team_id", "kind", "observation_id", "child_id", "auditor_id"
        )
    }
    return Verification(
        draw=draw,
        expected=len(expected),
        stored=len(stored),
        missing=sorted(expected - stored, key=_order),
        unexpected=sorted(stored - expected, key=_order),
    )


def _order(item: Item) -> tuple:
    return (item.team_id, item.kind, item.record)


# The scheduled draw -------------------------------------------------------------------


def draw_if_due(now: datetime | None = None) -> DrawResult | None:
    """Draw this quarter's sample once its first working day has come, if not drawn yet.

    Beat ticks every quarter hour: the draw happens at the first tick from 06:00 (London) on
    the first working day; a missed day (beat down) is caught up at the next tick.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    quarter = Quarter.containing(local.date())
    first_day = quarter.first_working_day
    if local.date() < first_day or (local.date() == first_day and local.time() < DRAW_FROM):
        return None
    if AuditDraw.objects.filter(quarter=str(quarter), superseded_at__isnull=True).exists():
        return None
    result = audit_draw(quarter=quarter, now=now)
    return result if result.created else None


def current_draw(quarter: Quarter) -> AuditDraw | None:
    draws = AuditDraw.objects.filter(quarter=str(quarter), superseded_at__isnull=True)
    return draws.select_related("drawn_by").first()
