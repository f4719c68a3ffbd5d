"""The chronology at the front of the file: every app writes it through here."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from staff.models import User

from .. import access
from ..models import (
    Child,
    ChronologyCategory,
    ChronologyEntry,
    Observation,
    ObservationStatus,
)


def chronology_record(
    *,
    child: Child,
    occurred_at: datetime,
    category: str,
    headline: str,
    detail: str = "",
    source: models.Model | None = None,
    link: str = "",
    recorded_by: User | None = None,
) -> ChronologyEntry:
    """Add a headline entry to a child's chronology, or refresh the one for `source`.

    Every app writes the chronology through here, linking back to its record.
    """
    fields = {
        "occurred_at": occurred_at,
        "category": category,
        "headline": headline[:300],
        "detail": detail,
        "link": link,
        "withdrawn": False,
        "withdrawn_reason": "",
    }
    if source is None:
        return ChronologyEntry.objects.create(child=child, recorded_by=recorded_by, **fields)
    entry, created = ChronologyEntry.objects.get_or_create(
        child=child,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        defaults={**fields, "recorded_by": recorded_by},
    )
    if not created:
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save(update_fields=[*fields, "updated_at"])
    return entry


def chronology_withdraw(*, source: models.Model, reason: str) -> int:
    """Take the entries for `source` out of the chronology, keeping them (and their history)."""
    entries = ChronologyEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk, withdrawn=False
    )
    count = 0
    for entry in entries:  # one per child; saved one by one so history records each
        entry.withdrawn, entry.withdrawn_reason = True, reason
        entry.save(update_fields=["withdrawn", "withdrawn_reason", "updated_at"])
        count += 1
    return count


def chronology_add_manual(
    *, child: Child, user: User, occurred_at: datetime, headline: str, detail: str = ""
) -> ChronologyEntry:
    if not access.can_record(user, child):
        raise PermissionDenied("Your role cannot add to the chronology.")
    if occurred_at > timezone.now():
        raise ValidationError(
            {"occurred_at": "The date of the event must be today or in the past."}
        )
    return chronology_record(
        child=child,
        occurred_at=occurred_at,
        category=ChronologyCategory.MANUAL,
        headline=headline,
        detail=detail,
        recorded_by=user,
    )


def _observation_to_chronology(observation: Observation) -> None:
    if observation.status != ObservationStatus.COMPLETED or observation.entered_in_error:
        return
    if observation.significant:
        chronology_record(
            child=observation.child,
            occurred_at=observation.occurred_at,
            category=ChronologyCategory.OBSERVATION,
            headline=f"{observation.get_kind_display()}: {observation.summary}",
            source=observation,
            link=observation.get_absolute_url(),
            recorded_by=observation.author,
        )
    else:
        chronology_withdraw(source=observation, reason="No longer marked significant.")
