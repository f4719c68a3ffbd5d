"""Shared pieces of the record services: the locked-record error and the recorder's fields."""

from django.core.exceptions import ValidationError


class RecordLocked(ValidationError):
    """The record is completed (or otherwise locked) and cannot be changed directly."""


# Fields a recorder fills in; an approved amendment may change them after completion.
OBSERVATION_FIELDS = (
    "kind",
    "occurred_at",
    "location",
    "summary",
    "child_seen",
    "child_views",
    "facts",
    "analysis",
    "safeguarding",
    "detailed",
    "significant",
)
# "kind" too: some kinds are always safeguarding (Observation.apply_kind_rules).
_DEADLINE_FIELDS = {"kind", "occurred_at", "safeguarding", "detailed"}
