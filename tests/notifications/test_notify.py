"""notify(), marking read, and the hook for cover: each notice once per recipient and key."""

import pytest
from django.core import mail
from django.db import IntegrityError

from notifications import bulk, services
from notifications.models import Notification, NotificationKind

from .conftest import london


def notify(recipient, key="amendment:observation:1", **kwargs):
    return services.notify(
        recipient=recipient,
        kind=NotificationKind.AMENDMENT_REQUEST,
        subject="An amendment to approve",
        body="Colin Clarke asks to amend your home visit.",
        link="/amendments/1/",
        dedupe_key=key,
        **kwargs,
    )


def test_the_hook_sends_each_persons_notices_to_them_alone_for_now(worker):
    assert services.recipients_for(worker, london(2026, 11, 27)) == [
        services.Recipient(worker.pk, None)
    ]


def test_notify_puts_a_notice_in_the_inbox_and_emails_it_after_commit(
    worker, child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [notice] = notify(worker, source=child, at=london(2026, 11, 27, 9))

    assert len(callbacks) == 1
    assert notice.recipient == worker
    assert notice.kind == NotificationKind.AMENDMENT_REQUEST
    assert notice.source == child
    assert notice.created_at == london(2026, 11, 27, 9)
    [email] = mail.outbox
    assert email.to == ["worker@example.org"]
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_notify_twice_with_one_key_inserts_and_queues_nothing_the_second_time(
    worker, django_capture_on_commit_callbacks
):
    notify(worker)
    with django_capture_on_commit_callbacks() as callbacks:
        assert notify(worker) == []
    assert callbacks == []
    assert Notification.objects.count() == 1


def test_one_key_can_reach_several_people(worker, colleague):
    notify(worker)
    notify(colleague)
    assert Notification.objects.count() == 2


def test_the_database_refuses_a_second_notice_with_the_same_key(worker):
    notify(worker)
    with pytest.raises(IntegrityError):
        Notification.objects.create(
            recipient=worker,
            kind=NotificationKind.ESCALATION,
            subject="Again",
            link="/",
            dedupe_key="amendment:observation:1",
        )


def test_marking_read_keeps_the_first_reading(worker):
    [notice] = notify(worker)
    services.notification_mark_read(notification=notice, at=london(2026, 11, 27, 9))
    services.notification_mark_read(notification=notice, at=london(2026, 11, 27, 10))

    notice.refresh_from_db()
    assert notice.read_at == london(2026, 11, 27, 9)


def test_marking_all_read_touches_only_ones_own_unread_notices(worker, colleague):
    notify(worker, key="a")
    notify(worker, key="b")
    [theirs] = notify(colleague, key="a")

    assert services.notification_mark_all_read(user=worker) == 2
    assert services.notification_mark_all_read(user=worker) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("count", [3, 2500])  # on PostgreSQL, 2500 rows go by COPY
def test_a_bulk_insert_adds_only_the_notices_not_there_yet(worker, colleague, count):
    def notices(start, stop):
        return [
            bulk.NewNotice(
                recipient_id=(worker if n % 2 else colleague).pk,
                covering_for_id=worker.pk if n % 3 == 0 else None,
                kind="escalation",
                subject=f"Notice {n}, with a comma",
                body="" if n % 5 == 0 else f'Line one\nline "two" {n}',
                link=f"/items/{n}/",
                source_type_id=None,
                source_id=n if n % 7 else None,
                dedupe_key=f"test:{n}",
                created_at=london(2026, 11, 27, 9),
            )
            for n in range(start, stop)
        ]

    first = bulk.notifications_insert(notices(0, count))
    second = bulk.notifications_insert(notices(count - 2, count + 1))

    assert len(first) == count
    assert len(second) == 1, "only the one new key"
    assert Notification.objects.count() == count + 1
    blank = Notification.objects.get(dedupe_key="test:0")
    assert (blank.body, blank.covering_for, blank.source_id) == ("", worker, None)
    one = Notification.objects.get(dedupe_key="test:1")
    assert one.subject == "Notice 1, with a comma"
    assert one.body == 'Line one\nline "two" 1'
    assert (one.covering_for, one.source_id) == (None, 1)
    assert one.created_at == london(2026, 11, 27, 9)
    assert one.recipient == worker
