"""The emails: sent once each by a Celery task, naming no child, linking to the notice."""

import smtplib

import pytest
from django.core import mail

from notifications import services
from notifications.models import Notification, NotificationKind
from notifications.sweep import sweep_overdue
from notifications.tasks import send_pending_emails_task

from .conftest import london, record_contact


def overdue_notices(worker, child) -> list[Notification]:
    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    sweep_overdue(london(2026, 11, 28, 0, 0))
    return list(Notification.objects.order_by("pk"))


def test_each_notice_is_emailed_once_with_a_link_and_no_child_details(
    worker, teamleader, child, settings
):
    settings.SITE_URL = "https://records.example.gov.uk"
    first, second = overdue_notices(worker, child)

    assert send_pending_emails_task.delay().get() == 2
    assert send_pending_emails_task.delay().get() == 0

    assert [email.to for email in mail.outbox] == [
        [first.recipient.email],
        [second.recipient.email],
    ]
    email = mail.outbox[0]
    assert email.subject == "Case records: overdue recording"
    assert f"https://records.example.gov.uk/notifications/{first.pk}/" in email.body
    assert email.from_email == "case-records@localhost"
    for text in (email.subject, email.body):
        assert "Amelia" not in text and "Hughes" not in text and "A0001" not in text
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_recipient_without_an_address_is_skipped_but_not_tried_again(worker, teamleader, child):
    teamleader.email = ""
    teamleader.save(update_fields=["email"])
    overdue_notices(worker, child)

    assert services.send_pending_emails() == 2
    assert [email.to for email in mail.outbox] == [["worker@example.org"]]
    assert services.send_pending_emails() == 0


def test_a_cover_is_told_whom_they_cover_for(worker, colleague):
    Notification.objects.create(
        recipient=colleague,
        covering_for=worker,
        kind=NotificationKind.OVERDUE_RECORDING,
        subject="Overdue recording",
        link="/",
        dedupe_key="k",
    )
    services.send_pending_emails()
    assert "It was sent to Wendy Walker, whom you are covering for." in mail.outbox[0].body


def test_a_mail_server_failure_keeps_what_was_sent_and_retries_the_rest(
    worker, teamleader, child, monkeypatch
):
    overdue_notices(worker, child)
    sent = []

    def fail_second(self, messages):
        if sent:
            raise smtplib.SMTPServerDisconnected("gone")
        sent.extend(messages)
        return len(messages)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail_second)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.send_pending_emails()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1

    monkeypatch.undo()
    assert services.send_pending_emails() == 1
    assert len(mail.outbox) == 1, "only the one not sent before"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_emails_go_out_in_batches_until_none_is_left(worker, colleague):
    for n in range(5):
        Notification.objects.create(
            recipient=worker if n % 2 else colleague,
            kind=NotificationKind.ESCALATION,
            subject=f"Notice {n}",
            link="/",
            dedupe_key=str(n),
        )
    assert services.send_pending_emails(batch_size=2) == 5
    assert len(mail.outbox) == 5
