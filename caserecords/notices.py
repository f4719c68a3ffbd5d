"""Telling a member of staff about something, without caserecords knowing who delivers it.

caserecords (and every app) sends a notice through `notify`; the notifications app
registers the delivery (inbox and email, and the cover of an absent worker) in its
AppConfig.ready(). What comes back says who was away and who covers, so the page or
API answer of the person who acted can tell them at once (seed 000).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models

from staff.models import User


@dataclass(frozen=True)
class Away:
    """The person a notice was addressed to is away; `cover` received it for them."""

    worker: User
    cover: User
    until: date | None = None  # the last day of the absence; None when open-ended

    def __str__(self) -> str:
        back = f" until {self.until:%-d %B %Y}" if self.until else ""
        return (
            f"{self.worker.get_full_name() or self.worker.username} is away{back}. "
            f"{self.cover.get_full_name() or self.cover.username} is covering and has been "
            "sent it too."
        )


# (recipient, kind, subject, body, link, source, dedupe_key, at) -> who was away.
Backend = Callable[..., list[Away]]
_backend: Backend | None = None


def register(backend: Backend) -> None:
    global _backend
    _backend = backend


def notify(
    *,
    recipient: User,
    kind: str,
    subject: str,
    link: str,
    dedupe_key: str,
    body: str = "",
    source: models.Model | None = None,
    at: datetime | None = None,
) -> list[Away]:
    """Send a notice to `recipient` (and their cover), once per `dedupe_key`.

    `kind` is one of notifications.models.NotificationKind's values. Returns who was
    away and who covers, for the sender to be told.
    """
    if _backend is None:
        return []
    return _backend(
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        link=link,
        source=source,
        dedupe_key=dedupe_key,
        at=at,
    )
