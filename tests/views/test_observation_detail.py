"""The observation page (`/observations/<pk>/`): every field, its deadline and status, the
actions each person may take, and entries made in error hidden from all but managers."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from caserecords import services
from caserecords.models import Action, Participant

from ._observations import LONDON, NOW, record


def url(observation) -> str:
    return reverse("caserecords:observation", args=[observation.pk])


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, worker, child):
    observation = record(worker, child)
    response = client.get(url(observation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404(client, everyone, worker, child, persona):
    observation = record(worker, child)
    client.force_login(everyone[persona])
    assert client.get(url(observation)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_it_shows_every_field_the_deadline_and_the_author(client, worker, child):
    observation = record(worker, child, significant=True)
    client.force_login(worker)
    response = client.get(url(observation))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Amelia Hughes",  # the banner
        "Home visit",
        "Friday 20 November 2026, 10:30",
        "At the family home",
        "Sarah Hughes, Mother",
        "Yes, and seen alone",
        "I am happy at home.",
        "The house was tidy.",
        "No concerns today.",
        "Home visit, no concerns",
        "Yes, shown in the chronology",
        "Book a GP check",
        "4 December 2026",
        "Draft",
        "Friday 27 November 2026",
        "Wendy Walker",
    ]:
        assert text in html, text


@time_machine.travel(NOW, tick=False)
def test_the_author_of_a_draft_can_edit_and_complete_it(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    response = client.get(url(observation))
    html = response.content.decode()
    assert reverse("caserecords:observation-edit", args=[observation.pk]) in html
    assert reverse("caserecords:observation-complete", args=[observation.pk]) in html
    assert reverse("caserecords:amendment-new", args=[observation.pk]) not in html
    assert reverse("caserecords:observation-history", args=[observation.pk]) in html


@time_machine.travel(NOW, tick=False)
def test_a_colleague_can_neither_edit_nor_complete_a_draft(client, worker, colleague, child):
    observation = record(worker, child)
    client.force_login(colleague)
    html = client.get(url(observation)).content.decode()
    assert reverse("caserecords:observation-edit", args=[observation.pk]) not in html
    assert reverse("caserecords:observation-complete", args=[observation.pk]) not in html


@time_machine.travel(NOW, tick=False)
def test_a_completed_observation_offers_an_amendment_and_no_edit(client, worker, colleague, child):
    observation = record(worker, child, complete=True)
    client.force_login(colleague)
    html = client.get(url(observation)).content.decode()
    assert "Completed" in html
    assert "Friday 20 November 2026, 15:00" in html  # completed at
    assert reverse("caserecords:observation-edit", args=[observation.pk]) not in html
    assert reverse("caserecords:amendment-new", args=[observation.pk]) in html
    assert reverse("caserecords:entered-in-error-new", args=[observation.pk]) in html


@time_machine.travel(NOW, tick=False)
def test_a_late_completion_shows_its_reason(client, worker, child):
    observation = record(worker, child, occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    services.observation_complete(observation=observation, user=worker, late_reason="Off sick.")
    client.force_login(worker)
    html = client.get(url(observation)).content.decode()
    assert "Reason for late recording" in html
    assert "Off sick." in html
    assert "(late)" in html


@time_machine.travel(NOW, tick=False)
def test_a_pending_request_is_shown_with_a_link_for_the_one_who_decides(
    client, worker, colleague, child
):
    observation = record(worker, child, complete=True)
    amendment = services.amendment_request(
        observation=observation,
        user=colleague,
        kind="amend",
        reason="Wrong address recorded",
        changes={"location": "At grandmother's home"},
    )
    decide = reverse("caserecords:amendment-decide", args=[amendment.pk])
    client.force_login(worker)
    html = client.get(url(observation)).content.decode()
    assert "Wrong address recorded" in html
    assert "waiting for approval" in html
    assert decide in html
    assert reverse("caserecords:amendment-new", args=[observation.pk]) not in html  # one at a time
    client.force_login(colleague)
    html = client.get(url(observation)).content.decode()
    assert "Wrong address recorded" in html
    assert decide not in html


@time_machine.travel(NOW, tick=False)
def test_an_entry_in_error_shows_the_warning_to_all_and_the_content_only_to_managers(
    client, worker, teamleader, child
):
    observation = record(worker, child, complete=True)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )
    client.force_login(worker)
    html = client.get(url(observation)).content.decode()
    assert "This observation was entered in error: Wrong child" in html
    assert "The house was tidy." not in html
    assert "Book a GP check" not in html
    assert reverse("caserecords:entered-in-error-new", args=[observation.pk]) not in html
    client.force_login(teamleader)
    html = client.get(url(observation)).content.decode()
    assert "This observation was entered in error: Wrong child" in html
    assert "The house was tidy." in html


@time_machine.travel(NOW, tick=False)
def test_the_page_runs_a_fixed_number_of_queries_however_many_rows(
    client, worker, colleague, child, django_assert_num_queries
):
    observation = record(worker, child, complete=True)
    for number in range(5):
        Participant.objects.create(observation=observation, name=f"Person {number}")
        Action.objects.create(
            observation=observation,
            description=f"Action {number}",
            owner="Wendy",
            due_date=NOW.date(),
        )
    services.amendment_request(
        observation=observation,
        user=colleague,
        kind="amend",
        reason="Typo",
        changes={"summary": "Home visit, no concerns at all"},
    )
    client.force_login(worker)
    # session, user, observation (+ child, team, worker, author), legal statuses (banner),
    # amendment requests (+ requester), participants, actions, the access log's insert,
    # unread notifications count
    with django_assert_num_queries(9):
        response = client.get(url(observation))
    assert response.status_code == 200
    assert "Person 4" in response.content.decode()
