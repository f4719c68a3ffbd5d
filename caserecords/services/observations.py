"""Observations: record a contact (once for siblings), edit a draft, complete it."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from staff.models import User

from .. import access
from ..models import (
    Action,
    Child,
    Observation,
    ObservationStatus,
    Participant,
    PlannedContact,
)
from ..workingdays import due_date
from .chronology import _observation_to_chronology
from .common import _DEADLINE_FIELDS, OBSERVATION_FIELDS, RecordLocked
from .diary import planned_contact_record


def _validate_observation(data: Mapping[str, Any], *, now: datetime) -> None:
    errors: dict[str, str] = {}
    occurred_at = data.get("occurred_at")
    if occurred_at is not None and occurred_at > now:
        errors["occurred_at"] = (
            "The date and time of contact must be in the past. Plan future contacts in the diary."
        )
    if errors:
        raise ValidationError(errors)


def _observation_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a recorder fills in, from `data`."""
    return {name: data[name] for name in OBSERVATION_FIELDS if name in data}


def _set_participants_and_actions(
    observation: Observation,
    participants: Iterable[Mapping[str, Any]],
    actions: Iterable[Mapping[str, Any]],
) -> None:
    observation.participants.all().delete()
    observation.actions.all().delete()
    for row in participants:
        Participant(observation=observation, **row).save()
    for row in actions:
        Action(observation=observation, **row).save()


@transaction.atomic
def observation_create(
    *,
    author: User,
    child: Child,
    data: Mapping[str, Any],
    participants: Sequence[Mapping[str, Any]] = (),
    actions: Sequence[Mapping[str, Any]] = (),
    siblings: Sequence[Child] = (),
    complete: bool = False,
    late_reason: str = "",
    now: datetime | None = None,
    planned_contact: PlannedContact | None = None,
) -> list[Observation]:
    """Record one contact as a draft observation on the child's file and each sibling's.

    The contact is entered once; each child gets an observation of their own,
    sharing a contact group. With `complete`, each is completed as well. With
    `planned_contact` (from the child's diary), the child's observation records it.
    """
    now = now or timezone.now()
    visible = access.children_visible_to(author)
    if not access.can_record(author, child):
        raise PermissionDenied("Your role cannot record observations.")
    sibling_ids = {sibling.pk for sibling in siblings} - {child.pk}
    if sibling_ids and visible.filter(pk__in=sibling_ids).count() != len(sibling_ids):
        raise ValidationError({"siblings": "You can only record on files you have access to."})
    _validate_observation(data, now=now)
    fields = _observation_fields(data)
    first = Observation(child=child, author=author, **fields)
    first.apply_kind_rules()
    fields["safeguarding"] = first.safeguarding
    first.due_by = due_date(first.occurred_at, first.days_allowed)
    group = first.contact_group
    observations = []
    for target in [child, *Child.objects.filter(pk__in=sibling_ids).order_by("pk")]:
        observation = Observation(
            child=target, author=author, contact_group=group, due_by=first.due_by, **fields
        )
        observation.full_clean(exclude=["contact_group"])
        observation._history_user = author  # type: ignore[attr-defined]
        observation.save()
        _set_participants_and_actions(observation, participants, actions)
        observations.append(observation)
    if planned_contact is not None:
        planned_contact_record(
            planned_contact=planned_contact, observation=observations[0], user=author
        )
    if complete:
        for observation in observations:
            observation_complete(
                observation=observation, user=author, late_reason=late_reason, now=now
            )
    return observations


@transaction.atomic
def observation_update(
    *,
    observation: Observation,
    user: User,
    data: Mapping[str, Any],
    participants: Sequence[Mapping[str, Any]] | None = None,
    actions: Sequence[Mapping[str, Any]] | None = None,
    now: datetime | None = None,
) -> Observation:
    """Edit a draft. Only its author may; a completed observation needs an amendment."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.status != ObservationStatus.DRAFT:
        raise RecordLocked("This observation is completed. Request an amendment to change it.")
    if observation.author_id != user.pk:
        raise PermissionDenied("Only the author can edit a draft observation.")
    _validate_observation(data, now=now or timezone.now())
    fields = _observation_fields(data)
    changed = list(fields)
    for name, value in fields.items():
        setattr(observation, name, value)
    observation.apply_kind_rules()  # unticking safeguarding on a strategy discussion
    if _DEADLINE_FIELDS & set(changed):
        observation.due_by = due_date(observation.occurred_at, observation.days_allowed)
    observation.full_clean(exclude=["contact_group"])
    observation._history_user = user  # type: ignore[attr-defined]
    observation.save(update_fields=[*changed, "safeguarding", "due_by", "updated_at"])
    if participants is not None or actions is not None:
        _set_participants_and_actions(
            observation,
            participants if participants is not None else _rows(observation.participants),
            actions if actions is not None else _rows(observation.actions),
        )
    return observation


def _concrete_field(name: str) -> models.Field:
    field = Observation._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _rows(related: models.Manager) -> list[dict[str, Any]]:
    skip = {"id", "observation"}
    return [
        {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields if f.name not in skip}
        for obj in related.all()
    ]


@transaction.atomic
def observation_complete(
    *, observation: Observation, user: User, late_reason: str = "", now: datetime | None = None
) -> Observation:
    """Complete (lock) a draft. After its due date, a reason for lateness is required."""
    now = now or timezone.now()
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.status != ObservationStatus.DRAFT:
        raise RecordLocked("This observation is already completed.")
    if observation.author_id != user.pk:
        raise PermissionDenied("Only the author can complete an observation.")
    late = timezone.localdate(now) > observation.due_by
    late_reason = late_reason.strip()
    if late and not late_reason:
        raise ValidationError(
            {
                "late_reason": (
                    f"This recording was due by {observation.due_by:%-d %B %Y}. "
                    "Say why it was not recorded on time."
                )
            }
        )
    observation.status = ObservationStatus.COMPLETED
    observation.completed_at = now
    observation.late_reason = late_reason if late else ""
    observation._history_user = user  # type: ignore[attr-defined]
    observation.save(update_fields=["status", "completed_at", "late_reason", "updated_at"])
    _observation_to_chronology(observation)
    return observation
