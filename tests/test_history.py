"""Every version of an observation stays in its history (simple-history), with who and why."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from caserecords import services
from caserecords.models import ChronologyEntry, Observation

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 2, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def record(author, child, **data) -> Observation:
    fields = {
        "kind": "home_visit",
        "occurred_at": datetime(2026, 11, 2, 10, 0, tzinfo=LONDON),
        "location": "At the family home",
        "summary": "Home visit",
        "child_seen": "seen_alone",
        "significant": True,
        **data,
    }
    return services.observation_create(author=author, child=child, data=fields)[0]


def versions(observation):
    return list(observation.history.order_by("history_date", "history_id"))


def test_every_change_to_an_observation_leaves_a_version(worker, colleague, teamleader, child):
    observation = record(worker, child)
    services.observation_update(observation=observation, user=worker, data={"facts": "Tidy home"})
    services.observation_complete(observation=observation, user=worker)
    amendment = services.amendment_request(
        observation=observation,
        user=colleague,
        kind="amend",
        reason="The visit was in the garden",
        changes={"summary": "Garden visit"},
    )
    services.amendment_decide(request=amendment, user=worker, approve=True)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )

    history = versions(observation)
    assert [v.history_type for v in history] == ["+", "~", "~", "~", "~"]
    assert [(v.summary, v.facts, v.status, v.entered_in_error) for v in history] == [
        ("Home visit", "", "draft", False),
        ("Home visit", "Tidy home", "draft", False),
        ("Home visit", "Tidy home", "completed", False),
        ("Garden visit", "Tidy home", "completed", False),
        ("Garden visit", "Tidy home", "completed", True),
    ]
    # Who made each change: the author, then whoever approved each request.
    assert [v.history_user for v in history] == [worker, worker, worker, worker, teamleader]


def test_the_amendment_reason_is_the_change_reason_in_history(worker, colleague, child, clock):
    observation = record(worker, child)
    clock.move_to(datetime(2026, 11, 2, 16, 0, tzinfo=LONDON), tick=False)
    services.observation_complete(observation=observation, user=worker)
    clock.move_to(datetime(2026, 11, 3, 9, 0, tzinfo=LONDON), tick=False)
    amendment = services.amendment_request(
        observation=observation,
        user=colleague,
        kind="amend",
        reason="The visit was in the garden",
        changes={"summary": "Garden visit"},
    )
    services.amendment_decide(request=amendment, user=worker, approve=True)
    latest = observation.history.latest("history_date")
    assert latest.history_change_reason == "Amendment: The visit was in the garden"
    assert latest.prev_record.summary == "Home visit"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("summary", "Home visit", "Garden visit")
    ]


def test_entered_in_error_keeps_its_reason_in_history(worker, teamleader, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )
    latest = versions(observation)[-1]  # the clock is frozen: order by id too
    assert latest.history_change_reason == "Entered in error: Wrong child"
    assert Observation.objects.filter(pk=observation.pk).exists()


def test_a_rejected_amendment_leaves_the_observation_history_alone(worker, colleague, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker)
    before = observation.history.count()
    amendment = services.amendment_request(
        observation=observation, user=colleague, kind="amend", reason="x", changes={"summary": "y"}
    )
    services.amendment_decide(request=amendment, user=worker, approve=False, note="It was home")
    assert observation.history.count() == before
    assert [v.status for v in amendment.history.order_by("history_date", "history_id")] == [
        "pending",
        "rejected",
    ]


def test_a_withdrawn_chronology_entry_keeps_its_history(worker, teamleader, child):
    observation = record(worker, child)
    services.observation_complete(observation=observation, user=worker)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )
    entry = ChronologyEntry.objects.get(source_id=observation.pk, category="observation")
    assert [v.withdrawn for v in entry.history.order_by("history_date", "history_id")] == [
        False,
        True,
    ]


def test_participants_replaced_on_a_draft_stay_in_history(worker, child):
    observation = services.observation_create(
        author=worker,
        child=child,
        data={
            "kind": "meeting",
            "occurred_at": datetime(2026, 11, 2, 10, 0, tzinfo=LONDON),
            "location": "School",
            "summary": "Meeting at school",
            "child_seen": "seen",
        },
        participants=[{"name": "Mr Patel", "title": "Head teacher", "agency": "School"}],
    )[0]
    services.observation_update(
        observation=observation,
        user=worker,
        data={},
        participants=[{"name": "Ms Jones", "title": "Deputy head", "agency": "School"}],
    )
    assert [p.name for p in observation.participants.all()] == ["Ms Jones"]
    removed = observation.participants.model.history.filter(history_type="-")
    assert [p.name for p in removed] == ["Mr Patel"]
