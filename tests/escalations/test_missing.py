"""Missing episodes and check_missing: a looked-after child missing 48 hours, or a child on
a CP plan 72 hours, raises a category A escalation; serious risk a category B one; once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from caserecords.models import ChronologyCategory, ChronologyEntry
from notifications.escalation_jobs import check_missing
from notifications.missing import missing_episode_record, missing_episode_update
from notifications.models import Escalation, EscalationStatus, Notification, NotificationKind

from .conftest import cp_plan, london, looked_after

WENT = london(2027, 5, 24, 20, 0)  # Monday evening


@pytest.fixture
def went_missing(worker, child, pgl, headofservice, director):
    def record(**fields):
        return missing_episode_record(
            user=worker, child=child, missing_from=WENT, now=WENT + timedelta(hours=1), **fields
        )

    return record


def test_a_looked_after_child_missing_47h59m_raises_nothing(worker, child, went_missing):
    looked_after(child, worker)
    went_missing()
    assert check_missing(WENT + timedelta(hours=47, minutes=59)).raised == 0
    assert not Escalation.objects.exists()


def test_at_48_hours_one_category_a_escalation_and_still_one_after_another_run(
    worker, child, went_missing
):
    looked_after(child, worker)
    episode = went_missing()

    assert check_missing(WENT + timedelta(hours=48)).raised == 1
    assert check_missing(WENT + timedelta(hours=48, minutes=15)).raised == 0

    escalation = Escalation.objects.get()
    assert (escalation.category, escalation.reason.code) == ("A", "looked_after_missing_48_hours")
    assert escalation.missing_episode == episode
    assert escalation.raised_by is None
    assert escalation.status == EscalationStatus.WITH_PGL
    assert escalation.short_briefing
    assert "missing since 24 May 2027 at 20:00 (48 hours)" in escalation.nature_of_concern
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {NotificationKind.MISSING_CHILD}


def test_a_child_on_a_cp_plan_is_escalated_at_72_hours(worker, child, went_missing):
    cp_plan(child, worker)
    went_missing()
    assert check_missing(WENT + timedelta(hours=48)).raised == 0
    assert check_missing(WENT + timedelta(hours=71, minutes=59)).raised == 0
    assert check_missing(WENT + timedelta(hours=72)).raised == 1
    assert Escalation.objects.get().reason.code == "cp_plan_missing_72_hours"


def test_a_child_in_need_only_is_not_escalated_by_time(worker, child, went_missing):
    went_missing()
    assert check_missing(WENT + timedelta(days=10)).raised == 0


def test_a_child_who_returned_is_not_escalated(worker, child, went_missing):
    looked_after(child, worker)
    episode = went_missing()
    missing_episode_update(
        episode=episode,
        user=worker,
        returned_at=WENT + timedelta(hours=30),
        now=WENT + timedelta(hours=31),
    )
    assert check_missing(WENT + timedelta(hours=48)).raised == 0


def test_serious_risk_raises_a_category_b_escalation_at_once_and_once(
    worker, child, went_missing, headofservice
):
    went_missing(serious_risk=True)
    escalation = Escalation.objects.get()
    assert (escalation.category, escalation.reason.code) == ("B", "missing_at_serious_risk")
    assert escalation.status == EscalationStatus.WITH_HEAD_OF_SERVICE
    assert check_missing(WENT + timedelta(hours=2)).raised == 0
    assert Escalation.objects.count() == 1


def test_marking_serious_risk_later_raises_the_category_b_one(worker, child, went_missing):
    episode = went_missing()
    assert not Escalation.objects.exists()
    missing_episode_update(
        episode=episode, user=worker, serious_risk=True, now=WENT + timedelta(hours=3)
    )
    assert Escalation.objects.get().category == "B"


def test_the_episode_is_in_the_chronology_and_its_return_updates_it(worker, child, went_missing):
    episode = went_missing()
    entry = ChronologyEntry.objects.get(category=ChronologyCategory.MISSING)
    assert entry.headline == "Missing since 24 May 2027 at 20:00"
    missing_episode_update(
        episode=episode,
        user=worker,
        returned_at=WENT + timedelta(hours=26),
        now=WENT + timedelta(hours=27),
    )
    entry.refresh_from_db()
    assert entry.headline == "Missing from 24 May 2027 at 20:00 to 25 May 2027 at 22:00 (26 hours)"


def test_a_return_before_going_missing_is_refused(worker, child, went_missing):
    episode = went_missing()
    with pytest.raises(ValidationError) as error:
        missing_episode_update(
            episode=episode,
            user=worker,
            returned_at=WENT - timedelta(hours=1),
            now=WENT + timedelta(hours=2),
        )
    assert "returned_at" in error.value.message_dict


def test_a_child_already_missing_cannot_go_missing_again(worker, child, went_missing):
    went_missing()
    with pytest.raises(ValidationError, match="already recorded as missing"):
        went_missing()


def test_the_command_takes_a_frozen_clock(worker, child, went_missing, capsys):
    looked_after(child, worker)
    went_missing()
    call_command("check_missing", now="2027-05-26T20:00")
    assert "1 escalation(s) raised" in capsys.readouterr().out
    call_command("check_missing", now="2027-05-26T20:15")
    assert "0 escalation(s) raised" in capsys.readouterr().out
    assert Escalation.objects.count() == 1


def test_the_task_runs_the_job(worker, child, went_missing):
    from notifications.tasks import check_missing_task

    looked_after(child, worker)
    went_missing()
    assert check_missing_task.delay("2027-05-26T20:00").get() == {"raised": 1}


def test_the_database_keeps_one_escalation_per_episode_and_category(worker, child, went_missing):
    from django.db import IntegrityError, transaction

    from notifications.missing import LOOKED_AFTER_REASON, _raise

    looked_after(child, worker)
    episode = went_missing()
    check_missing(WENT + timedelta(hours=48))
    # A second, concurrent run that missed the first one's row still cannot add another.
    assert _raise(episode, LOOKED_AFTER_REASON, WENT + timedelta(hours=48)) is False
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(
            child=child,
            reason=Escalation.objects.get().reason,
            category="A",
            missing_episode=episode,
            nature_of_concern="x",
            status="with_pgl",
        )
