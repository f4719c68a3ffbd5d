"""The demo's escalations and missing episodes, built by seed_demo on a frozen Wednesday."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Escalation, EscalationStatus, MissingEpisode

WEDNESDAY = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def seeded(db):
    with time_machine.travel(WEDNESDAY, tick=False):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()


def test_the_demo_has_one_escalation_at_each_step(seeded):
    assert "5 Need to Know escalations, 2 missing episodes" in seeded
    statuses = sorted(Escalation.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            EscalationStatus.WITH_PGL,
            EscalationStatus.WITH_HEAD_OF_SERVICE,
            EscalationStatus.ACKNOWLEDGED,
            EscalationStatus.NOT_FOR_DIRECTOR,
            EscalationStatus.SENT_TO_DIRECTOR,
        ]
    )
    staff_matter = Escalation.objects.get(child__isnull=True)
    assert staff_matter.events.filter(kind="sent_end_of_day").exists()
    assert (
        not Escalation.history.filter(history_user__isnull=True)
        .exclude(id=staff_matter.pk)
        .exists()
    )


def test_the_demo_has_a_looked_after_child_missing_since_yesterday(seeded):
    open_episode = MissingEpisode.objects.get(returned_at__isnull=True)
    assert open_episode.child.legal_statuses.filter(kind="lac", ended_on__isnull=True).exists()
    assert MissingEpisode.objects.filter(returned_at__isnull=False).count() == 1
