"""Complete an observation (`/observations/<pk>/complete/`): a confirmation page with the due
date; after the due date a reason for late recording is required."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from caserecords.models import ChronologyEntry, Observation

from ._observations import LONDON, NOW, record

LATE_CONTACT = datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)  # due by Monday 9 November


def url(observation) -> str:
    return reverse("caserecords:observation-complete", args=[observation.pk])


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, worker, child):
    observation = record(worker, child)
    response = client.post(url(observation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Observation.objects.get().is_draft


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404(client, everyone, worker, child, persona):
    observation = record(worker, child)
    client.force_login(everyone[persona])
    assert client.get(url(observation)).status_code == 404
    assert client.post(url(observation)).status_code == 404
    assert Observation.objects.get().is_draft


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_due_date_and_no_late_reason_when_on_time(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    response = client.get(url(observation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Friday 27 November 2026" in html
    assert 'name="late_reason"' not in html


@time_machine.travel(NOW, tick=False)
def test_the_author_completes_on_time(client, worker, child):
    observation = record(worker, child, significant=True)
    client.force_login(worker)
    response = client.post(url(observation))
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    observation.refresh_from_db()
    assert observation.status == "completed"
    assert observation.completed_at == NOW
    assert ChronologyEntry.objects.filter(category="observation", child=child).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Observation completed on time. It was due by Friday 27 November 2026." in page


@time_machine.travel(NOW, tick=False)
def test_completing_late_without_a_reason_shows_the_error(client, worker, child):
    observation = record(worker, child, occurred_at=LATE_CONTACT)
    client.force_login(worker)
    html = client.get(url(observation)).content.decode()
    assert "This recording is late: it was due by Monday 9 November 2026." in html
    assert 'name="late_reason"' in html
    response = client.post(url(observation), {"late_reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the reason for late recording" in html
    assert Observation.objects.get().is_draft


@time_machine.travel(NOW, tick=False)
def test_completing_late_with_a_reason_keeps_the_reason(client, worker, child):
    observation = record(worker, child, occurred_at=LATE_CONTACT)
    client.force_login(worker)
    response = client.post(url(observation), {"late_reason": "I was off sick for a week."})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == "completed"
    assert observation.late_reason == "I was off sick for a week."
    assert observation.completed_late


def test_lateness_is_judged_when_the_form_is_sent_not_when_it_was_opened(client, worker, child):
    with time_machine.travel(datetime(2026, 11, 27, 16, 0, tzinfo=LONDON), tick=False):
        observation = record(worker, child, now=datetime(2026, 11, 27, 16, 0, tzinfo=LONDON))
        client.force_login(worker)
        assert 'name="late_reason"' not in client.get(url(observation)).content.decode()
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), tick=False):
        client.force_login(worker)  # a new working day, a new session
        response = client.post(url(observation), {})
    assert response.status_code == 200
    assert "Enter the reason for late recording" in response.content.decode()
    assert Observation.objects.get().is_draft


@time_machine.travel(NOW, tick=False)
def test_a_colleague_cannot_complete_the_workers_draft(client, worker, colleague, child):
    observation = record(worker, child)
    client.force_login(colleague)
    assert client.get(url(observation)).status_code == 403
    assert client.post(url(observation)).status_code == 403
    assert Observation.objects.get().is_draft


@time_machine.travel(NOW, tick=False)
def test_completing_twice_says_it_is_already_completed(client, worker, child):
    observation = record(worker, child, complete=True)
    client.force_login(worker)
    response = client.post(url(observation), follow=True)
    assert response.redirect_chain == [(observation.get_absolute_url(), 302)]
    assert "This observation is already completed." in response.content.decode()
