"""The audits app's demo data: this quarter's sample, drawn with a fixed seed, and one
completed audit whose action is in the team leader's inbox."""

from datetime import date

import pytest

from audits import demo, sampling
from audits.models import AuditDraw, AuditSample, SampleStatus
from notifications.models import Notification
from staff.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("now")


def test_the_demo_draws_the_quarter_and_completes_one_audit(team_a, child, sibling, teamleader):
    UserFactory(username="director", role=Role.DIRECTOR)
    UserFactory(username="auditor", role=Role.AUDITOR)
    team_a.name = demo.DEMO_TEAM
    team_a.save()
    line = demo.seed(today=date(2027, 1, 4))
    assert line == "Audit sample 2027Q1: 2 items drawn (seed 2026)."
    draw = AuditDraw.objects.get()
    assert sampling.verify(draw).matches
    done = AuditSample.objects.get(status=SampleStatus.COMPLETED)
    assert done.grade == "requires_improvement"
    assert Notification.objects.filter(recipient=teamleader, kind="audit_action").count() == 1


def test_the_demo_does_nothing_without_its_users(db):
    assert demo.seed(today=date(2027, 1, 4)) == ""
