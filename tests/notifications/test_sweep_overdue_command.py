"""`python manage.py sweep_overdue [--now ISO-8601]`: the sweep on demand, with a clock."""

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from notifications.models import Notification

from .conftest import london, record_contact


def sweep(*args) -> str:
    out = StringIO()
    call_command("sweep_overdue", *args, stdout=out)
    return out.getvalue()


def test_it_sweeps_as_at_the_given_local_time_and_says_what_it_did(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert sweep("--now", "2026-11-27T23:59") == (
        "Overdue sweep as at 27 Nov 2026 23:59 GMT: 0 overdue recording(s), "
        "0 overdue planned contact(s): 0 new notification(s).\n"
    )
    assert sweep("--now", "2026-11-28T00:00") == (
        "Overdue sweep as at 28 Nov 2026 00:00 GMT: 1 overdue recording(s), "
        "0 overdue planned contact(s): 2 new notification(s).\n"
    )
    assert "1 overdue recording(s), 0 overdue planned contact(s): 0 new" in sweep(
        "--now", "2026-11-28T00:00:00+00:00"
    )
    assert Notification.objects.count() == 2


@time_machine.travel(london(2026, 11, 30, 9, 0), tick=False)
def test_without_a_clock_it_sweeps_as_at_now(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))
    assert "30 Nov 2026 09:00 GMT: 1 overdue recording(s)" in sweep()


def test_it_refuses_a_clock_it_cannot_read(db):
    with pytest.raises(CommandError, match="--now"):
        sweep("--now", "next tuesday")
