"""Edit a draft (`/observations/<pk>/edit/`): the same form, prefilled, for its author only;
a completed observation is changed by an amendment instead."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from caserecords import services
from caserecords.models import Observation

from ._observations import LONDON, NOW, observation_post, record


def url(observation) -> str:
    return reverse("caserecords:observation-edit", args=[observation.pk])


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
    assert client.post(url(observation), observation_post(summary="Changed")).status_code == 404
    observation.refresh_from_db()
    assert observation.summary == "Home visit, no concerns"


@time_machine.travel(NOW, tick=False)
def test_the_form_is_prefilled_with_the_draft_and_its_rows(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    response = client.get(url(observation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Edit draft observation" in html
    assert 'value="Home visit, no concerns"' in html
    assert 'value="Sarah Hughes"' in html
    assert 'value="Book a GP check"' in html
    assert response.context["form"]["occurred_at"].value() == observation.occurred_at
    # one person and one action, and blank rows to add more
    assert len(response.context["participants"].forms) == 3
    assert len(response.context["actions"].forms) == 2


@time_machine.travel(NOW, tick=False)
def test_the_author_saves_changes_and_the_deadline_follows_them(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    data = observation_post(
        summary="Home visit: concerns about shouting",
        safeguarding=True,
        participants=[
            {"name": "Sarah Hughes", "title": "Mother"},
            {"name": "Jo Hughes", "title": "Father"},
        ],
    )
    response = client.post(url(observation), data)
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    observation.refresh_from_db()
    assert observation.summary == "Home visit: concerns about shouting"
    assert observation.due_by == date(2026, 11, 23)  # safeguarding: 1 working day
    assert [p.name for p in observation.participants.all()] == ["Sarah Hughes", "Jo Hughes"]
    assert not observation.actions.exists()  # the action row was left blank
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved. Due by Monday 23 November 2026." in page


@time_machine.travel(NOW, tick=False)
def test_save_and_complete_saves_then_goes_to_the_completion_page(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    response = client.post(url(observation), observation_post(summary="Updated", save="complete"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "caserecords:observation-complete", args=[observation.pk]
    )
    observation.refresh_from_db()
    assert observation.summary == "Updated"
    assert observation.status == "draft"


@time_machine.travel(NOW, tick=False)
def test_a_colleague_cannot_edit_the_workers_draft(client, worker, colleague, child):
    observation = record(worker, child)
    client.force_login(colleague)
    assert client.get(url(observation)).status_code == 403
    assert client.post(url(observation), observation_post(summary="Mine now")).status_code == 403
    observation.refresh_from_db()
    assert observation.summary == "Home visit, no concerns"


@time_machine.travel(NOW, tick=False)
def test_a_completed_observation_cannot_be_edited(client, worker, child):
    observation = record(worker, child, complete=True)
    client.force_login(worker)
    for response in [
        client.get(url(observation)),
        client.post(url(observation), observation_post(summary="Sneaky change")),
    ]:
        assert response.status_code == 302
        assert response["Location"] == observation.get_absolute_url()
    page = client.get(observation.get_absolute_url()).content.decode()
    assert "Completed observations cannot be edited; request an amendment" in page
    observation.refresh_from_db()
    assert observation.summary == "Home visit, no concerns"


@time_machine.travel(NOW, tick=False)
def test_bad_input_shows_errors_and_changes_nothing(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    data = observation_post(summary="", occurred_at=datetime(2026, 11, 25, 9, 0, tzinfo=LONDON))
    response = client.post(url(observation), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the key issues" in html
    observation.refresh_from_db()
    assert observation.summary == "Home visit, no concerns"


@time_machine.travel(NOW, tick=False)
def test_a_future_date_is_refused_by_the_service_and_nothing_changes(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    data = observation_post(occurred_at=datetime(2026, 11, 25, 9, 0, tzinfo=LONDON))
    response = client.post(url(observation), data)
    assert response.status_code == 200
    assert "must be in the past" in response.content.decode()
    assert Observation.objects.get().occurred_at == observation.occurred_at


@time_machine.travel(NOW, tick=False)
def test_a_draft_entered_in_error_cannot_be_edited(client, worker, teamleader, child):
    observation = record(worker, child)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Duplicate"
    )
    client.force_login(worker)
    response = client.get(url(observation))
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
