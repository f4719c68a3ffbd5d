"""Missing episodes: record a child missing and their return, and the thresholds that
escalate it (seed 002: a looked-after child missing 48 hours or more, a child with a
CP plan 72 hours or more: category A; a missing child at serious risk: category B).

`missing_episode_check` handles one episode; `check_missing` finds, in one query,
every open episode that has crossed a threshold without its escalation. The unique
constraint (missing episode, category) on Escalation makes raising idempotent: run
twice, or on two workers at once, it raises one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from caserecords import access
from caserecords.models import Child, ChronologyCategory, LegalStatus, LegalStatusKind
from caserecords.services import chronology_record
from staff.models import User

from . import escalations
from .models import Escalation, EscalationReason, MissingEpisode

LOOKED_AFTER_HOURS = 48
CP_PLAN_HOURS = 72
LOOKED_AFTER_REASON = "looked_after_missing_48_hours"
CP_PLAN_REASON = "cp_plan_missing_72_hours"
SERIOUS_RISK_REASON = "missing_at_serious_risk"


# Recording ---------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def _chronology(episode: MissingEpisode) -> None:
    if episode.returned_at is None:
        headline = f"Missing since {_when(episode.missing_from)}"
    else:
        hours = (episode.returned_at - episode.missing_from) / timedelta(hours=1)
        headline = (
            f"Missing from {_when(episode.missing_from)} to {_when(episode.returned_at)} "
            f"({hours:.0f} hours)"
        )
    if episode.serious_risk:
        headline += ", at serious risk"
    chronology_record(
        child=episode.child,
        occurred_at=episode.missing_from,
        category=ChronologyCategory.MISSING,
        headline=headline,
        detail=episode.circumstances,
        source=episode,
        link=episode.get_absolute_url(),
        recorded_by=episode.recorded_by,
    )


def _check_times(missing_from: datetime, returned_at: datetime | None, now: datetime) -> None:
    errors = {}
    if missing_from > now:
        errors["missing_from"] = "The time the child went missing must be in the past"
    if returned_at is not None:
        if returned_at > now:
            errors["returned_at"] = "The time the child returned must be in the past"
        elif returned_at < missing_from:
            errors["returned_at"] = "The return must be after the child went missing"
    if errors:
        raise ValidationError(errors)


def missing_episode_record(
    *,
    user: User,
    child: Child,
    missing_from: datetime,
    serious_risk: bool = False,
    circumstances: str = "",
    returned_at: datetime | None = None,
    now: datetime | None = None,
) -> MissingEpisode:
    """Record that a child went missing (and, if known, when they returned)."""
    now = now or timezone.now()
    if not access.can_record(user, child):
        raise PermissionDenied("Your role cannot record a missing episode.")
    _check_times(missing_from, returned_at, now)
    if returned_at is None and child.missing_episodes.filter(returned_at__isnull=True).exists():
        raise ValidationError(
            {"missing_from": "The child is already recorded as missing: record their return first"}
        )
    with transaction.atomic():
        episode = MissingEpisode.objects.create(
            child=child,
            missing_from=missing_from,
            returned_at=returned_at,
            serious_risk=serious_risk,
            circumstances=circumstances.strip(),
            recorded_by=user,
            created_at=now,
        )
        _chronology(episode)
    missing_episode_check(episode_id=episode.pk, now=now)
    return episode


def missing_episode_update(
    *,
    episode: MissingEpisode,
    user: User,
    returned_at: datetime | None = None,
    serious_risk: bool | None = None,
    now: datetime | None = None,
) -> MissingEpisode:
    """Record the child's return, or mark a missing child at serious risk."""
    now = now or timezone.now()
    if not access.can_record(user, episode.child):
        raise PermissionDenied("Your role cannot change a missing episode.")
    if episode.returned_at is not None and returned_at is not None:
        raise ValidationError({"returned_at": "The child's return is already recorded"})
    if returned_at is not None:
        _check_times(episode.missing_from, returned_at, now)
    with transaction.atomic():
        if returned_at is not None:
            episode.returned_at = returned_at
        if serious_risk is not None:
            episode.serious_risk = serious_risk
        episode.save()
        _chronology(episode)
    missing_episode_check(episode_id=episode.pk, now=now)
    return episode


# The thresholds ------------------------------------------------------------------------------


def _open_status(kind: str) -> Exists:
    return Exists(
        LegalStatus.objects.filter(child=OuterRef("child_id"), kind=kind, ended_on__isnull=True)
    )


def _has_escalation(category: str) -> Exists:
    return Exists(Escalation.objects.filter(missing_episode=OuterRef("pk"), category=category))


def episodes_to_escalate(now: datetime) -> QuerySet[MissingEpisode]:
    """Open episodes past a threshold, or at serious risk, without that escalation yet."""
    looked_after = Q(
        is_looked_after=True, missing_from__lte=now - timedelta(hours=LOOKED_AFTER_HOURS)
    )
    cp_plan = Q(is_cp_plan=True, missing_from__lte=now - timedelta(hours=CP_PLAN_HOURS))
    return (
        MissingEpisode.objects.filter(returned_at__isnull=True)
        .annotate(
            is_looked_after=_open_status(LegalStatusKind.LOOKED_AFTER),
            is_cp_plan=_open_status(LegalStatusKind.CHILD_PROTECTION),
            has_a=_has_escalation("A"),
            has_b=_has_escalation("B"),
        )
        .filter(((looked_after | cp_plan) & Q(has_a=False)) | Q(serious_risk=True, has_b=False))
        .order_by("missing_from", "pk")
    )


def _threshold_reason(episode: MissingEpisode, now: datetime) -> str | None:
    """The category A reason this open episode has reached at `now`, if any."""
    gone = now - episode.missing_from
    statuses = set(
        LegalStatus.objects.filter(child_id=episode.child_id, ended_on__isnull=True).values_list(
            "kind", flat=True
        )
    )
    if LegalStatusKind.LOOKED_AFTER in statuses and gone >= timedelta(hours=LOOKED_AFTER_HOURS):
        return LOOKED_AFTER_REASON
    if LegalStatusKind.CHILD_PROTECTION in statuses and gone >= timedelta(hours=CP_PLAN_HOURS):
        return CP_PLAN_REASON
    return None


def _briefing(episode: MissingEpisode, now: datetime) -> dict:
    hours = (now - episode.missing_from) / timedelta(hours=1)
    recorder = episode.recorded_by.display_name
    holder = episode.child.worker.display_name if episode.child.worker else ""
    concern = (
        f"{episode.child.full_name} has been missing since {_when(episode.missing_from)} "
        f"({hours:.0f} hours), recorded by {recorder}."
    )
    if episode.serious_risk:
        concern += " The recorder marked the child at serious risk of significant harm."
    if episode.circumstances:
        concern += f" Circumstances: {episode.circumstances}"
    contacts = ", ".join(dict.fromkeys(filter(None, [holder, recorder])))
    return {"nature_of_concern": concern, "who_to_contact": contacts}


def _raise(episode: MissingEpisode, reason_code: str, now: datetime) -> bool:
    reason = EscalationReason.objects.get(code=reason_code)
    try:
        with transaction.atomic():
            escalations.escalation_raise(
                user=None,
                reason=reason,
                child=episode.child,
                briefing=_briefing(episode, now),
                short_briefing=True,
                raised_at=now,
                missing_episode=episode,
                now=now,
            )
    except IntegrityError:
        return False  # raised by a concurrent run: the unique constraint kept it to one
    return True


@dataclass(frozen=True)
class CheckResult:
    raised: int = 0

    def __str__(self) -> str:
        return f"{self.raised} escalation(s) raised"


def missing_episode_check(*, episode_id: int, now: datetime | None = None) -> int:
    """Raise the escalations one episode has reached and does not have; return how many."""
    now = now or timezone.now()
    episode = MissingEpisode.objects.select_related(
        "child__team", "child__worker", "recorded_by"
    ).get(pk=episode_id)
    if episode.returned_at is not None:
        return 0
    have = set(episode.escalations.values_list("category", flat=True))
    raised = 0
    reason = _threshold_reason(episode, now)
    if reason is not None and "A" not in have:
        raised += _raise(episode, reason, now)
    if episode.serious_risk and "B" not in have:
        raised += _raise(episode, SERIOUS_RISK_REASON, now)
    return raised


def check_missing(now: datetime | None = None) -> CheckResult:
    """Raise every escalation that open missing episodes have reached at `now`, once."""
    now = now or timezone.now()
    ids = list(episodes_to_escalate(now).values_list("pk", flat=True))
    return CheckResult(raised=sum(missing_episode_check(episode_id=pk, now=now) for pk in ids))
