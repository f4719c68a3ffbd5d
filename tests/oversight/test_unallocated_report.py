"""The unallocated cases report (seed 003 App. 7, 3.2): monthly to heads of service, on
demand by command, and as a page."""

from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from caserecords import services
from notifications.models import Notification
from tests.factories import ChildFactory

from .conftest import LONDON


@pytest.fixture
def waiting(team_a, teamleader, child):
    """Two unallocated cases in team A (service A): one on a CP plan, one new."""
    services.allocation_change(
        child=child, team=team_a, worker=None, on=date(2026, 10, 1), reason="Worker left",
        user=teamleader,
    )  # fmt: skip
    services.legal_status_start(
        child=child, kind="cp", cp_category="NEG", started_on=date(2026, 3, 1), user=teamleader
    )
    return [child, ChildFactory(team=team_a, worker=None, primary_need="N2")]


def reports():
    return list(Notification.objects.filter(kind="unallocated_report"))


def test_the_report_counts_nature_and_reasons_per_service(waiting, other_child):
    from caserecords import oversight_queries

    [report] = oversight_queries.unallocated_summary()
    assert report.count == 2
    assert report.by_legal_status == {"Child protection plan": 1, "No current legal status": 1}
    assert report.by_need == {"Abuse or neglect": 1, "Child's disability": 1}
    assert report.by_reason == {"Worker left": 1, "No reason recorded": 1}


def test_heads_of_service_get_it_once_a_month_from_the_first_working_day(
    waiting, headofservice, other_headofservice
):
    # Tuesday 1 December 2026 is the month's first working day; 30 November is not December's.
    assert services.unallocated_report_send(now=datetime(2026, 11, 30, 7, tzinfo=LONDON)) == 2
    assert services.unallocated_report_send(now=datetime(2026, 12, 1, 7, tzinfo=LONDON)) == 2
    services.unallocated_report_send(now=datetime(2026, 12, 2, 7, tzinfo=LONDON))  # again
    mine = sorted((n for n in reports() if n.recipient == headofservice), key=lambda n: n.pk)
    assert [n.dedupe_key for n in mine] == [
        f"unallocated-report:{headofservice.service_id}:2026-11",
        f"unallocated-report:{headofservice.service_id}:2026-12",
    ]
    assert "2 unallocated case(s)" in mine[0].body
    assert mine[0].link.endswith(f"?service={headofservice.service_id}")
    theirs = [n for n in reports() if n.recipient == other_headofservice]
    assert theirs[0].subject.endswith(": 0")


def test_nothing_is_sent_before_the_first_working_day(waiting, headofservice):
    # Sunday 1 November 2026: the first working day is Monday 2 November.
    assert services.unallocated_report_send(now=datetime(2026, 11, 1, 7, tzinfo=LONDON)) == 0
    assert not reports()


def test_the_command_sends_on_demand(waiting, headofservice, capsys):
    call_command("report_unallocated", "--now", "2026-11-01T09:00")
    assert "sent for 1 service(s)" in capsys.readouterr().out
    [notice] = reports()
    assert notice.recipient == headofservice


def test_the_report_page(client, waiting, headofservice, other_child):
    client.force_login(headofservice)
    response = client.get(reverse("caserecords:unallocated-report"))
    [report] = response.context["reports"]
    assert report.count == 2
    assert response.context["page"].paginator.count == 2
    html = response.content.decode()
    assert "Worker left" in html


@pytest.mark.parametrize("persona", ["worker", "auditor"])
def test_only_managers_open_the_report(client, everyone, persona):
    client.force_login(everyone[persona])
    assert client.get(reverse("caserecords:unallocated-report")).status_code == 403


def test_a_service_one_does_not_oversee_is_404(client, headofservice, service_b, team_b):
    client.force_login(headofservice)
    url = reverse("caserecords:unallocated-report") + f"?service={service_b.pk}"
    assert client.get(url).status_code == 404


def test_the_beat_task_sends_from_the_first_working_day(waiting, headofservice, time_machine):
    from caserecords import tasks

    time_machine.move_to(datetime(2026, 11, 1, 7, tzinfo=LONDON), tick=False)  # a Sunday
    assert tasks.unallocated_report_tick() == 0
    time_machine.move_to(datetime(2026, 11, 2, 7, tzinfo=LONDON), tick=False)
    assert tasks.unallocated_report_tick() == 1
    assert tasks.unallocated_report_tick() == 1  # again: the notice is not sent twice
    assert len(reports()) == 1
