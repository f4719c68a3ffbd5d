"""The quarterly draw: reproducible from its seed and population, sized per team by the
rule, leaving out recently audited files, assigned evenly and never to the team's own."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits import bulk, sampling
from audits.models import AuditDraw, AuditSample, SampleStatus
from audits.quarters import Quarter
from caserecords import access
from caserecords.models import AccessGrant, AccessReason, Child
from notifications.models import Notification
from staff.models import Role
from tests.factories import TeamFactory, UserFactory

from .conftest import LONDON, Q1, open_files, supervision_record

pytestmark = pytest.mark.usefixtures("now")


def sampled(draw, kind="file") -> list[int]:
    return sorted(draw.samples.filter(kind=kind).values_list("child_id", flat=True))


@pytest.fixture
def teams(service_a, auditor, second_auditor):
    """Three teams of 25, 8 and 1 open files (and a closed one that never counts)."""
    big, small, tiny = (TeamFactory(name=n, service=service_a) for n in ("Big", "Small", "Tiny"))
    open_files(big, 25), open_files(small, 8), open_files(tiny, 1)
    closed = open_files(big, 1)[0]
    Child.objects.filter(pk=closed.pk).update(closed_on="2026-12-01", closure_reason="RC1")
    return big, small, tiny


def test_the_sample_is_ten_per_cent_of_each_teams_open_files_at_least_two(teams):
    draw = sampling.audit_draw(quarter=Q1, seed=11).draw
    big = teams[0]
    per_team = {t.name: draw.samples.filter(team=t).count() for t in teams}
    # 10% of 25 is 2.5, rounded up to 3; of 8 at least 2; of 1 all there is.
    assert per_team == {"Big": 3, "Small": 2, "Tiny": 1}
    assert not draw.samples.filter(child__closed_on__isnull=False).exists()
    assert len(draw.population["teams"][str(big.pk)]["files"]) == 25


@override_settings(AUDIT_SAMPLE_FRACTION=0.5, AUDIT_SAMPLE_MINIMUM=3)
def test_the_rule_is_configurable(teams):
    draw = sampling.audit_draw(quarter=Q1, seed=11).draw
    assert [draw.samples.filter(team=t).count() for t in teams] == [13, 4, 1]
    assert (draw.fraction, draw.minimum) == (pytest.approx(0.5), 3)


def test_the_same_seed_draws_the_same_sample_and_verify_says_so(teams):
    first = sampling.audit_draw(quarter=Q1, seed=2027).draw
    first_files = sampled(first)
    assert sampling.verify(first).matches
    redrawn = sampling.audit_draw(quarter=Q1, seed=2027, redraw=True).draw
    assert sampled(redrawn) == first_files
    assert redrawn.population == first.population
    other = sampling.audit_draw(quarter=Q1, seed=2028, redraw=True).draw
    assert sampled(other) != first_files


def test_verify_finds_a_sample_that_was_tampered_with(teams):
    draw = sampling.audit_draw(quarter=Q1, seed=5).draw
    big = teams[0]
    outside = Child.objects.filter(team=big).exclude(pk__in=sampled(draw)).first()
    one = draw.samples.filter(team=big).first()
    AuditSample.objects.filter(pk=one.pk).update(child=outside)
    check = sampling.verify(draw)
    assert not check.matches
    assert "does NOT match" in str(check)


def test_the_choice_is_random_seed_over_ids_sorted_team_by_team():
    population = {
        "teams": {
            "2": {"service": 1, "files": [30, 10, 20], "recent": [], "supervision": []},
            "1": {"service": 1, "files": [5, 4, 3, 2, 1], "recent": [], "supervision": []},
        },
        "auditors": [],
    }
    rule = sampling.Rule(fraction=sampling.Decimal("0.1"), minimum=2)
    import random

    rng = random.Random(99)  # teams in id order, each one's ids sorted
    expected = sorted(rng.sample([1, 2, 3, 4, 5], 2)) + sorted(rng.sample([10, 20, 30], 2))
    assert [item.record for item in sampling.choose(population, 99, rule)] == expected


def test_files_sampled_in_the_previous_two_quarters_are_left_out(team_a, auditor):
    files = [c.pk for c in open_files(team_a, 6)]
    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=LONDON), tick=False):
        q3 = sampling.audit_draw(quarter=Quarter(2026, 3), seed=1).draw
    with time_machine.travel(datetime(2026, 10, 1, 9, tzinfo=LONDON), tick=False):
        q4 = sampling.audit_draw(quarter=Quarter(2026, 4), seed=1).draw
    recent = set(sampled(q3)) | set(sampled(q4))
    assert len(recent) == 4  # Q4 could not take Q3's two
    q1 = sampling.audit_draw(quarter=Q1, seed=1).draw
    assert set(sampled(q1)) == set(files) - recent
    assert sorted(q1.population["teams"][str(team_a.pk)]["recent"]) == sorted(recent)


def test_recently_audited_files_make_up_the_sample_when_too_few_others_remain(team_a, auditor):
    open_files(team_a, 3)
    with time_machine.travel(datetime(2026, 10, 1, 9, tzinfo=LONDON), tick=False):
        q4 = sampling.audit_draw(quarter=Quarter(2026, 4), seed=3).draw
    q1 = sampling.audit_draw(quarter=Q1, seed=3).draw
    fresh = set(Child.objects.filter(team=team_a).values_list("pk", flat=True)) - set(sampled(q4))
    assert len(sampled(q1)) == 2
    assert fresh <= set(sampled(q1))  # the one not audited last quarter, plus one again


def test_supervision_records_of_the_previous_quarter_are_sampled_per_team(team_a, worker, auditor):
    child = open_files(team_a, 1)[0]
    in_q4 = [
        supervision_record(child, author=worker, completed=datetime(2026, m, 5, tzinfo=LONDON))
        for m in (10, 11, 12)
    ]
    supervision_record(child, author=worker, completed=datetime(2026, 9, 30, tzinfo=LONDON))
    draw = sampling.audit_draw(quarter=Q1, seed=4).draw
    records = list(draw.samples.filter(kind="supervision").values_list("observation_id", flat=True))
    assert len(records) == 2 and set(records) <= {o.pk for o in in_q4}


@override_settings(AUDIT_SUPERVISION_SAMPLE=1)
def test_the_number_of_supervision_records_can_be_set(team_a, worker, auditor):
    child = open_files(team_a, 1)[0]
    for day in (5, 6, 7):
        supervision_record(child, author=worker, completed=datetime(2026, 11, day, tzinfo=LONDON))
    draw = sampling.audit_draw(quarter=Q1, seed=4).draw
    assert draw.samples.filter(kind="supervision").count() == 1


def test_items_are_shared_evenly_among_active_auditors(teams, auditor, second_auditor):
    UserFactory(username="gone", role=Role.AUDITOR, is_active=False)
    draw = sampling.audit_draw(quarter=Q1, seed=8).draw
    loads = [draw.samples.filter(auditor=a).count() for a in (auditor, second_auditor)]
    assert sum(loads) == 6 and loads == [3, 3]
    assert not draw.samples.filter(auditor__is_active=False).exists()


def test_nobody_audits_a_team_they_belong_to_or_manage(team_a, team_b, service_a):
    open_files(team_a, 4), open_files(team_b, 4)
    # An auditor seconded into team A, and a team leader of team B given the auditor role.
    inside = UserFactory(username="inside", role=Role.AUDITOR, team=team_a)
    outside = UserFactory(username="outside", role=Role.AUDITOR)
    draw = sampling.audit_draw(quarter=Q1, seed=12).draw
    assert not draw.samples.filter(team=team_a, auditor=inside).exists()
    assert set(draw.samples.filter(team=team_a).values_list("auditor", flat=True)) == {outside.pk}
    for sample in draw.samples.select_related("child__team__service", "auditor"):
        assert not access.is_manager_of(sample.auditor, sample.child)
        assert sample.auditor.team_id != sample.team_id


def test_assigning_gives_read_only_access_until_the_end_of_the_next_quarter(drawn, child, auditor):
    grant = AccessGrant.objects.get(user=auditor, child=child)
    assert grant.reason == AccessReason.AUDIT
    assert grant.expires_at == Quarter(2027, 3).starts_at  # 1 July 2027, London midnight
    assert access.child_for_user(auditor, child.pk) == child
    assert not access.can_record(auditor, child)
    assert set(access.children_visible_to(auditor)) == set(Child.objects.filter(team=child.team))


def test_the_auditor_is_told_once(drawn, auditor):
    notice = Notification.objects.get(recipient=auditor)
    assert notice.kind == "audit_assigned"
    assert notice.subject == "2 items to audit for January to March 2027"
    assert notice.link == "/audits/?quarter=2027Q1"


def test_a_quarter_is_drawn_once(drawn):
    again = sampling.audit_draw(quarter=Q1, seed=99)
    assert not again.created and again.draw == drawn
    assert AuditDraw.objects.count() == 1
    assert AuditSample.objects.count() == 2


def test_a_redraw_withdraws_the_old_sample_and_ends_its_access(drawn, child, auditor):
    later = drawn.created_at + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        new = sampling.audit_draw(quarter=Q1, seed=8, redraw=True).draw
    drawn.refresh_from_db()
    assert drawn.superseded_at == later
    assert set(drawn.samples.values_list("status", flat=True)) == {SampleStatus.WITHDRAWN}
    assert new.samples.count() == 2
    with time_machine.travel(later, tick=False):
        active = access.grants_active(auditor).count()
    assert active == 2  # the new draw's, not the old


def test_a_redraw_is_refused_once_an_audit_has_started(sample, auditor):
    from audits import services

    services.audit_start(sample=sample, user=auditor)
    with pytest.raises(ValidationError, match="already being audited"):
        sampling.audit_draw(quarter=Q1, redraw=True)


def test_without_auditors_the_sample_is_drawn_unassigned(team_a):
    open_files(team_a, 3)
    draw = sampling.audit_draw(quarter=Q1, seed=1).draw
    assert draw.samples.count() == 2
    assert not draw.samples.filter(auditor__isnull=False).exists()
    assert not AccessGrant.objects.exists()


@override_settings(AUDIT_SAMPLE_FRACTION=0)
def test_a_rule_that_samples_nothing_is_refused(team_a):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="AUDIT_SAMPLE_FRACTION"):
        sampling.audit_draw(quarter=Q1)


def test_the_scheduled_draw_waits_for_the_first_working_day(team_a, auditor):
    open_files(team_a, 3)
    holiday = datetime(2027, 1, 1, 7, tzinfo=LONDON)  # New Year's Day
    assert sampling.draw_if_due(holiday) is None
    assert sampling.draw_if_due(datetime(2027, 1, 4, 5, 45, tzinfo=LONDON)) is None
    assert not AuditDraw.objects.exists()
    first = sampling.draw_if_due(datetime(2027, 1, 4, 6, tzinfo=LONDON))
    assert first is not None and first.draw.quarter == "2027Q1"
    assert sampling.draw_if_due(datetime(2027, 1, 5, 6, tzinfo=LONDON)) is None
    assert AuditDraw.objects.count() == 1


def test_the_command_draws_once_and_redraws_on_request(team_a, auditor):
    open_files(team_a, 3)
    out = StringIO()
    call_command("draw_audit_sample", quarter="2027Q1", seed=42, stdout=out)
    assert "Drew the 2027Q1 sample with seed 42: 2 item(s)" in out.getvalue()
    call_command("draw_audit_sample", quarter="2027Q1", seed=43, stdout=out)
    assert "already drawn (seed 42): nothing changed" in out.getvalue()
    call_command("draw_audit_sample", quarter="2027Q1", seed=43, redraw=True, stdout=out)
    assert AuditDraw.objects.get(superseded_at__isnull=True).seed == 43
    call_command("draw_audit_sample", quarter="2027Q1", verify=True, stdout=out)
    assert "redraws exactly: 2 items" in out.getvalue()


@pytest.mark.parametrize("quarter", ["2027Q5", "27Q1", "next"])
def test_the_command_refuses_a_quarter_it_cannot_read(quarter):
    with pytest.raises(CommandError, match="2027Q1"):
        call_command("draw_audit_sample", quarter=quarter)


def many_open_files(team, count: int) -> None:
    """Insert `count` bare open files quickly (the ORM takes a minute for 50,000)."""
    at = timezone.now()
    fields = [f for f in Child._meta.concrete_fields if not f.primary_key]
    template = {f.column: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    template.update(
        created_at=at,
        updated_at=at,
        first_name="Test",
        last_name="Child",
        date_of_birth="2015-01-01",
        sex="F",
        ethnicity="WBRI",
        referral_date="2026-01-01",
        referral_source="2A",
        primary_need="N1",
        team_id=team.pk,
    )
    bulk.insert_rows(Child, [{**template, "la_child_id": f"T{team.pk}N{n}"} for n in range(count)])


def test_a_draw_runs_the_same_queries_however_many_teams_and_files(
    service_a, auditor, second_auditor
):
    # Set-based: the population in one query, the samples and grants in bulk. Its time at
    # the size of a large authority (50,000 files) is measured by `make bench`.
    counts = []
    for quarter, teams in ((Q1, 3), (Q1.next, 6)):
        for _ in range(teams - len(counts) * 3):
            many_open_files(TeamFactory(service=service_a), 40)
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            sampling.audit_draw(quarter=quarter, seed=1)
        counts.append(len(queries))
    assert AuditSample.objects.count() == 3 * 4 + 6 * 4
    assert counts[0] == counts[1], counts


def test_the_beat_task_draws_on_the_first_working_day_once(team_a, auditor, time_machine):
    from audits import tasks

    open_files(team_a, 3)
    time_machine.move_to(datetime(2027, 1, 1, 6, tzinfo=LONDON), tick=False)
    assert tasks.audit_sample_tick() is None
    time_machine.move_to(datetime(2027, 1, 4, 6, tzinfo=LONDON), tick=False)
    result = tasks.audit_sample_tick()
    assert result["quarter"] == "2027Q1" and result["items"] == 2
    assert tasks.audit_sample_tick() is None
