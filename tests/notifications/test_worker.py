"""The sweep on a real Celery worker with a real Redis broker and PostgreSQL: two sweeps
sent at once notify each person once per item, and each notice is emailed once.

Runs where CELERY_BROKER_URL points at Redis and DATABASE_URL at PostgreSQL (CI's second
pass); elsewhere it is skipped with the reason, except under CI=true, where an
unreachable Redis is a failure. The worker runs in threads of this process
(celery.contrib.testing), so it uses the test database; it sees committed data only,
hence `transaction=True`. The broker is Redis database 15 on the configured host (or
CELERY_TEST_BROKER_URL), with a queue of its own, so no other worker takes its tasks.
"""

import os
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery import Celery, group
from celery.contrib.testing.app import setup_default_app
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection

from notifications import sweep
from notifications.models import Notification
from notifications.tasks import sweep_overdue_task
from tests.factories import ChildFactory

from .conftest import london, plan_contact, record_contact

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TEST_REDIS_DB = 15
WAIT_SECONDS = 60


def broker_url_for_tests() -> str:
    """The Redis URL the test uses, or skip (fail under CI) saying why there is none."""
    url = os.environ.get("CELERY_TEST_BROKER_URL")
    if not url:
        configured = urlsplit(settings.CELERY_BROKER_URL)
        if configured.scheme not in ("redis", "rediss"):
            pytest.skip("needs CELERY_BROKER_URL pointing at Redis, e.g. redis://127.0.0.1:6379/0")
        url = urlunsplit(configured._replace(path=f"/{TEST_REDIS_DB}"))
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker's threads share committed data")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis at {url} does not answer: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def celery_worker_app(monkeypatch):
    """A Celery app on the test broker, with a worker of two threads consuming its queue."""
    url = broker_url_for_tests()
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app = Celery("caserecords-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    queue = f"caserecords-test-{uuid.uuid4().hex}"
    app.conf.update(
        broker_url=url,
        result_backend=url,
        result_expires=600,
        task_always_eager=False,
        task_default_queue=queue,
        worker_hijack_root_logger=False,
    )
    with (
        setup_default_app(app),
        start_worker(app, pool="threads", concurrency=2, perform_ping_check=False),
    ):
        yield app
    # Leave nothing behind on the test Redis: the queue and kombu's records of its bindings.
    bindings = (f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    redis.Redis.from_url(url).delete(queue, *bindings)


def wait_for_emails() -> None:
    """Wait (bounded) for the worker's email task to handle every notice.

    The email task is queued by the sweeps themselves, after they commit, so its
    result is not ours to wait on: the rows say when it is done.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while Notification.objects.filter(emailed_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the worker did not send the emails in time"
        time.sleep(0.1)


def test_two_sweeps_at_once_notify_each_person_once_per_item_and_email_once(
    celery_worker_app, worker, colleague, teamleader, monkeypatch
):
    # Hold each sweep after it has found the overdue items until the other has too, so
    # both insert the same notices at the same time: only the unique key keeps them single.
    both_found = threading.Barrier(2, timeout=WAIT_SECONDS)
    new_notices = sweep.new_notices

    def after_the_other_sweep_found_them_too(found, at):
        both_found.wait()
        return new_notices(found, at)

    monkeypatch.setattr(sweep, "new_notices", after_the_other_sweep_found_them_too)
    children = [ChildFactory(worker=worker) for _ in range(15)]
    for number, child in enumerate(children):
        author = worker if number % 2 else colleague
        record_contact(author, child, london(2026, 11, 16 + number % 5, 10, 0))
        plan_contact(author, child, london(2026, 11, 19, 14, 0))
    expected = 15 * 2 * 2  # 30 overdue items, each to its author and the team leader

    sweeps = group(sweep_overdue_task.s("2026-11-28T07:00:00+00:00") for _ in range(2))
    results = sweeps.apply_async().get(timeout=WAIT_SECONDS)

    assert [r["overdue_recordings"] + r["overdue_planned_contacts"] for r in results] == [30, 30]
    assert sum(r["notifications_created"] for r in results) == expected
    assert Notification.objects.count() == expected
    pairs = set(Notification.objects.values_list("recipient_id", "dedupe_key"))
    assert len(pairs) == expected

    wait_for_emails()
    assert len(mail.outbox) == expected, "one email per notice, none twice"
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        Notification.objects.values_list("recipient__email", flat=True)
    )

    monkeypatch.undo()
    again = sweep_overdue_task.delay("2026-11-28T07:15:00+00:00").get(timeout=WAIT_SECONDS)
    assert again["notifications_created"] == 0
    assert Notification.objects.count() == expected
