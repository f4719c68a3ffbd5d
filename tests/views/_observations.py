"""Helpers for the observation page tests: posted form data and records made through services.

Form data is built from the form's own widgets, so the tests post what the
GOV.UK date inputs post (`occurred_at_day`, `_month`, `_year`, `_time`).
"""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from caserecords import services
from caserecords.forms.observations import (
    ActionForm,
    ObservationFieldsForm,
    ObservationForm,
    ParticipantForm,
)

LONDON = ZoneInfo("Europe/London")
# Friday 20 November 2026, mid-afternoon: "now" in most tests.
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
CONTACT = datetime(2026, 11, 20, 10, 30, tzinfo=LONDON)


def field_data(form_class, name: str, value: Any, *, prefix: str = "") -> dict[str, str]:
    """What a browser posts for `value` in the field `name`."""
    field = form_class.base_fields[name]
    key = f"{prefix}-{name}" if prefix else name
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{key}{suffix}": "" if part is None else str(part)
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    if isinstance(field, forms.BooleanField):
        return {key: "on"} if value else {}
    if isinstance(value, datetime):
        return {key: value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")}
    if isinstance(value, date):
        return {key: value.isoformat()}
    return {key: str(value)}


def malformed_date(form_class, name: str) -> dict[str, str]:
    """A date no one could read, in every box of the field."""
    field = form_class.base_fields[name]
    if isinstance(field.widget, forms.MultiWidget):
        return {f"{name}{suffix}": "xx" for suffix in field.widget.widgets_names}
    return {name: "the day before yesterday"}


def rows_data(form_class, prefix: str, rows: list[dict[str, Any]], *, total: int = 3) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(max(total, len(rows))),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data.update(field_data(form_class, name, value, prefix=f"{prefix}-{index}"))
    return data


def observation_post(
    *,
    participants: list[dict[str, Any]] | None = None,
    actions: list[dict[str, Any]] | None = None,
    save: str = "draft",
    **fields: Any,
) -> dict[str, str]:
    """The posted form for a home visit (child seen alone), with `fields` overriding it."""
    values = {
        "kind": "home_visit",
        "occurred_at": CONTACT,
        "location": "At the family home, planned visit",
        "child_seen": "seen_alone",
        "child_views": "I like my new school. I don't like it when Dad shouts.",
        "facts": "Amelia showed me her bedroom. The house was warm and there was food.",
        "analysis": "Home conditions are good enough; the shouting needs exploring.",
        "summary": "Home visit: Amelia seen alone, home conditions good",
        "safeguarding": False,
        "detailed": False,
        "significant": False,
        **fields,
    }
    data: dict[str, str] = {"save": save}
    for name, value in values.items():
        if value is None:
            continue
        data.update(field_data(ObservationForm, name, value))
    people = (
        participants
        if participants is not None
        else [{"name": "Sarah Hughes", "title": "Mother", "agency": ""}]
    )
    data.update(rows_data(ParticipantForm, "participants", people))
    data.update(rows_data(ActionForm, "actions", actions or []))
    return data


def record(author, child, *, complete: bool = False, now: datetime = NOW, **fields: Any):
    """A home visit recorded through the service (the way the pages do it)."""
    data = {
        "kind": "home_visit",
        "occurred_at": CONTACT,
        "location": "At the family home",
        "child_seen": "seen_alone",
        "child_views": "I am happy at home.",
        "facts": "The house was tidy.",
        "analysis": "No concerns today.",
        "summary": "Home visit, no concerns",
        **fields,
    }
    (observation,) = services.observation_create(
        author=author,
        child=child,
        data=data,
        participants=[{"name": "Sarah Hughes", "title": "Mother", "agency": ""}],
        actions=[
            {
                "description": "Book a GP check",
                "owner": "Sarah Hughes",
                "due_date": date(2026, 12, 4),
            }
        ],
        complete=complete,
        now=now,
    )
    return observation


def amendment_post(observation, *, reason: str = "", **changes: Any) -> dict[str, str]:
    """The amendment form as posted: the record's current values, `changes` and the reason."""
    values = {**ObservationFieldsForm.initial_for(observation), **changes}
    data = {"reason": reason}
    for name, value in values.items():
        data.update(field_data(ObservationFieldsForm, name, value))
    return data
