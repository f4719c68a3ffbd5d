"""Writes of the notifications app: notify someone, mark notices read, send the emails.

Every notice is inserted against the unique key (recipient, dedupe_key) (bulk.py), so
whatever runs twice, or on two workers at once, notifies nobody twice; an email is
queued only for what was actually inserted.
"""

import smtplib
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import models, transaction
from django.utils import timezone

from absence import queries as absence_queries
from caserecords.notices import Away
from staff.models import User

from .bulk import NewNotice, notifications_insert
from .models import Notification, NotificationKind

EMAIL_BATCH = 100


# Who receives what is addressed to someone ---------------------------------------------


class Recipient(NamedTuple):
    """Where a notice addressed to someone goes: to them, or to their cover for them."""

    user_id: int
    covering_for_id: int | None = None


def recipients_for_users(user_ids: Iterable[int], at: datetime) -> dict[int, list[Recipient]]:
    """Who receives, at `at`, what is addressed to each user: one query for all of them.

    While a worker is away, their notices go to them and to their cover, as
    `Recipient(cover.pk, covering_for_id=worker.pk)` (seed 000; DESIGN.md "Absence").
    The absences running at any time are few, so they are read whole rather than by a
    list of thousands of ids.
    """
    wanted = set(user_ids)
    routes = {user_id: [Recipient(user_id)] for user_id in wanted}
    away = absence_queries.running(at).filter(cover__is_active=True).order_by("starts_on", "pk")
    for worker_id, cover_id in away.values_list("user_id", "cover_id"):
        if worker_id in wanted and len(routes[worker_id]) == 1:
            routes[worker_id].append(Recipient(cover_id, covering_for_id=worker_id))
    return routes


def recipients_for(user: User, at: datetime) -> list[Recipient]:
    """Who receives, at `at`, what is addressed to `user` (see `recipients_for_users`)."""
    return recipients_for_users([user.pk], at)[user.pk]


# Putting notices in inboxes -------------------------------------------------------------


def emails_queue() -> None:
    """Have the email task send what is pending, once the current transaction commits."""
    from .tasks import send_pending_emails_task

    send_pending_emails_task.delay_on_commit()


def notify(
    *,
    recipient: User,
    kind: NotificationKind,
    subject: str,
    body: str = "",
    link: str,
    source: models.Model | None = None,
    dedupe_key: str,
    at: datetime | None = None,
) -> list[Notification]:
    """Put a notice in the recipient's inbox (and their cover's) and email it, once per key.

    Returns the notices inserted now: none for a recipient who already has this key.
    """
    at = at or timezone.now()
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    notices = [
        NewNotice(
            recipient_id=person.user_id,
            covering_for_id=person.covering_for_id,
            kind=str(kind),
            subject=subject,
            body=body,
            link=link,
            source_type_id=source_type.pk if source_type is not None else None,
            source_id=source.pk if source is not None else None,
            dedupe_key=dedupe_key,
            created_at=at,
        )
        for person in recipients_for(recipient, at)
    ]
    with transaction.atomic():
        inserted = notifications_insert(notices)
        if inserted:
            emails_queue()
    return list(Notification.objects.filter(pk__in=inserted)) if inserted else []


def away_notes(recipient: User, at: datetime) -> list[Away]:
    """Who of those a notice to `recipient` reaches covers for them (empty: not away)."""
    absence = absence_queries.current_absence(recipient.pk, at)
    if absence is None or not absence.cover.is_active:
        return []
    return [Away(worker=recipient, cover=absence.cover, until=absence.ends_on)]


def notify_from_port(
    *,
    recipient: User,
    kind: str,
    subject: str,
    body: str,
    link: str,
    source: models.Model | None,
    dedupe_key: str,
    at: datetime | None,
) -> list[Away]:
    """caserecords.notices' delivery: notify, and say who was away and who covers."""
    at = at or timezone.now()
    notify(
        recipient=recipient,
        kind=NotificationKind(kind),
        subject=subject,
        body=body,
        link=link,
        source=source,
        dedupe_key=dedupe_key,
        at=at,
    )
    return away_notes(recipient, at)


# Reading ----------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, at: datetime | None = None) -> None:
    """Mark a notice read (the first time only: the first reading is the one kept)."""
    if notification.read_at is not None:
        return
    at = at or timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=at)
    notification.read_at = at


def notification_mark_all_read(*, user: User, at: datetime | None = None) -> int:
    """Mark every unread notice of `user` read; return how many there were."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=at or timezone.now())


# Email ------------------------------------------------------------------------------------


def _email(notice: Notification) -> mail.EmailMessage:
    """The email for a notice: what kind it is and a link, never a child's details.

    Email leaves the case record system, so it names no child; the link opens the
    notice for the signed-in recipient only.
    """
    kind = notice.get_kind_display()
    away = (
        f" It was sent to {notice.covering_for}, whom you are covering for."
        if notice.covering_for
        else ""
    )
    greeting = notice.recipient.first_name or notice.recipient.get_username()
    link = f"{settings.SITE_URL}{notice.get_absolute_url()}"
    body = (
        f"Hello {greeting},\n\n"
        f"You have a new notification in Case records: {kind.lower()}.{away}\n\n"
        f"Open it (you will be asked to sign in): {link}\n\n"
        "This email does not say which child it is about: details of children stay in "
        "the case record system.\n"
    )
    return mail.EmailMessage(
        subject=f"Case records: {kind.lower()}",
        body=body,
        to=[notice.recipient.email],
    )


def _send_batch(size: int, at: datetime) -> tuple[int, Exception | None]:
    """Claim up to `size` notices not emailed yet, email them, and mark them emailed.

    On PostgreSQL the rows are locked and others' locked rows skipped, so two workers
    never send the same email. A failure keeps the emails sent before it marked and
    hands the error back, to retry the rest.
    """
    with transaction.atomic():
        batch = list(
            Notification.objects.email_pending()
            .select_related("recipient", "covering_for")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:size]
        )
        if not batch:
            return 0, None
        handled: list[int] = []
        error: Exception | None = None
        with mail.get_connection() as email:
            for notice in batch:
                if notice.recipient.email:
                    try:
                        email.send_messages([_email(notice)])
                    except (smtplib.SMTPException, OSError) as exc:
                        error = exc
                        break
                handled.append(notice.pk)
        Notification.objects.filter(pk__in=handled).update(emailed_at=at)
    return len(handled), error


def send_pending_emails(*, batch_size: int = EMAIL_BATCH) -> int:
    """Email every notice not emailed yet (a recipient without an address is skipped).

    Returns how many notices were handled; raises the first sending error after
    marking what went out before it.
    """
    handled = 0
    while True:
        count, error = _send_batch(batch_size, timezone.now())
        handled += count
        if error is not None:
            raise error
        if count < batch_size:
            return handled
