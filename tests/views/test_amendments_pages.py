"""Amendments and "entered in error" (`/observations/<pk>/amend/`, `/entered-in-error/`,
`/amendments/<pk>/`): a completed record changes only with a reason and the approval of its
author (a team leader where the author has left); nothing is deleted."""

import pytest
import time_machine
from django.urls import reverse

from caserecords import services
from caserecords.models import AmendmentRequest, ChronologyEntry

from ._observations import NOW, amendment_post, record


def amend_url(observation) -> str:
    return reverse("caserecords:amendment-new", args=[observation.pk])


def error_url(observation) -> str:
    return reverse("caserecords:entered-in-error-new", args=[observation.pk])


def decide_url(amendment) -> str:
    return reverse("caserecords:amendment-decide", args=[amendment.pk])


def request_amendment(observation, user, **changes):
    return services.amendment_request(
        observation=observation,
        user=user,
        kind="amend",
        reason="The address was wrong",
        changes=changes or {"location": "At grandmother's home"},
    )


def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(client, worker, colleague, child):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    for url in [amend_url(observation), error_url(observation), decide_url(amendment)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404_on_every_page(
    client, everyone, worker, colleague, child, persona
):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    client.force_login(everyone[persona])
    assert client.get(amend_url(observation)).status_code == 404
    assert (
        client.post(amend_url(observation), amendment_post(observation, reason="x")).status_code
        == 404
    )
    assert client.get(error_url(observation)).status_code == 404
    assert client.post(error_url(observation), {"reason": "x"}).status_code == 404
    assert client.get(decide_url(amendment)).status_code == 404
    assert client.post(decide_url(amendment), {"decision": "approve"}).status_code == 404
    amendment.refresh_from_db()
    assert amendment.is_pending


@time_machine.travel(NOW, tick=False)
def test_a_colleague_requests_an_amendment_and_the_author_must_approve(
    client, worker, colleague, child
):
    observation = record(worker, child, complete=True)
    client.force_login(colleague)
    response = client.get(amend_url(observation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="At the family home"' in html  # prefilled with the record
    assert "The author, Wendy Walker, must approve the amendment" in html

    data = amendment_post(
        observation, reason="The visit was at grandmother's", location="At grandmother's home"
    )
    response = client.post(amend_url(observation), data, follow=True)
    assert response.redirect_chain == [(observation.get_absolute_url(), 302)]
    assert "Amendment requested." in response.content.decode()
    amendment = AmendmentRequest.objects.get()
    assert amendment.is_pending
    assert amendment.requested_by == colleague
    assert amendment.changes == {"location": "At grandmother's home"}  # only what changed
    observation.refresh_from_db()
    assert observation.location == "At the family home"


@time_machine.travel(NOW, tick=False)
def test_the_author_approves_and_the_history_shows_both_versions(client, worker, colleague, child):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    client.force_login(worker)
    response = client.get(decide_url(amendment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The address was wrong" in html
    assert "At the family home" in html  # now
    assert "At grandmother&#x27;s home" in html  # requested
    response = client.post(decide_url(amendment), {"decision": "approve"})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.location == "At grandmother's home"

    history = client.get(reverse("caserecords:observation-history", args=[observation.pk]))
    html = history.content.decode()
    assert "Amendment: The address was wrong" in html
    assert "At the family home" in html
    assert "At grandmother&#x27;s home" in html


@time_machine.travel(NOW, tick=False)
def test_the_authors_own_amendment_is_applied_at_once_and_the_page_says_so(client, worker, child):
    observation = record(worker, child, complete=True)
    client.force_login(worker)
    html = client.get(amend_url(observation)).content.decode()
    assert "it will be applied at once" in html
    data = amendment_post(
        observation, reason="Typo in the headline", summary="Home visit, all well"
    )
    response = client.post(amend_url(observation), data, follow=True)
    assert "Amendment applied." in response.content.decode()
    observation.refresh_from_db()
    assert observation.summary == "Home visit, all well"
    assert AmendmentRequest.objects.get().status == "approved"


@time_machine.travel(NOW, tick=False)
def test_when_the_author_has_left_a_team_leader_approves(
    client, worker, colleague, teamleader, child
):
    observation = record(worker, child, complete=True)
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    client.force_login(colleague)
    html = client.get(amend_url(observation)).content.decode()
    assert "has left, so a team leader of the child&#x27;s team must approve" in html
    client.post(
        amend_url(observation), amendment_post(observation, reason="Wrong room", location="Kitchen")
    )
    amendment = AmendmentRequest.objects.get()
    client.force_login(teamleader)
    assert client.post(decide_url(amendment), {"decision": "approve"}).status_code == 302
    observation.refresh_from_db()
    assert observation.location == "Kitchen"


@time_machine.travel(NOW, tick=False)
def test_an_amendment_needs_a_reason_and_a_change(client, worker, colleague, child):
    observation = record(worker, child, complete=True)
    client.force_login(colleague)
    response = client.post(
        amend_url(observation), amendment_post(observation, location="Elsewhere")
    )
    assert response.status_code == 200
    assert "Enter the reason for the amendment" in response.content.decode()
    response = client.post(amend_url(observation), amendment_post(observation, reason="No change"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The amendment changes nothing." in html
    assert not AmendmentRequest.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_draft_is_edited_not_amended(client, worker, child):
    observation = record(worker, child)
    client.force_login(worker)
    response = client.get(amend_url(observation), follow=True)
    assert response.redirect_chain == [(observation.get_absolute_url(), 302)]
    assert "its author can still edit it" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_colleague_who_cannot_decide_gets_403_on_the_decision_page(
    client, worker, colleague, child
):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    client.force_login(colleague)
    assert client.get(decide_url(amendment)).status_code == 403
    assert client.post(decide_url(amendment), {"decision": "approve"}).status_code == 403
    amendment.refresh_from_db()
    assert amendment.is_pending


@time_machine.travel(NOW, tick=False)
def test_rejecting_needs_a_note(client, worker, colleague, child):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    client.force_login(worker)
    response = client.post(decide_url(amendment), {"decision": "reject"})
    assert response.status_code == 200
    assert "Say why the request is rejected." in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.is_pending
    response = client.post(
        decide_url(amendment), {"decision": "reject", "decision_note": "It was at home."}
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == "rejected"
    observation.refresh_from_db()
    assert observation.location == "At the family home"


@time_machine.travel(NOW, tick=False)
def test_the_worker_asks_and_the_team_leader_approves_entered_in_error(
    client, worker, teamleader, child
):
    observation = record(worker, child, complete=True, significant=True)
    client.force_login(worker)
    html = client.get(error_url(observation)).content.decode()
    assert "A manager of the child&#x27;s team must approve" in html
    response = client.post(error_url(observation), {"reason": ""})
    assert "Enter why the observation was entered in error" in response.content.decode()
    response = client.post(
        error_url(observation), {"reason": "Recorded on the wrong child"}, follow=True
    )
    assert "a manager must approve" in response.content.decode()
    amendment = AmendmentRequest.objects.get(kind="entered_in_error")
    observation.refresh_from_db()
    assert not observation.entered_in_error
    client.force_login(teamleader)
    html = client.get(decide_url(amendment)).content.decode()
    assert "Request to mark as entered in error" in html
    assert client.post(decide_url(amendment), {"decision": "approve"}).status_code == 302
    observation.refresh_from_db()
    assert observation.entered_in_error
    assert observation.entered_in_error_reason == "Recorded on the wrong child"
    assert not ChronologyEntry.objects.filter(category="observation", withdrawn=False).exists()


@time_machine.travel(NOW, tick=False)
def test_a_manager_marks_entered_in_error_at_once(client, worker, teamleader, child):
    observation = record(worker, child, complete=True)
    client.force_login(teamleader)
    response = client.post(error_url(observation), {"reason": "Duplicate entry"}, follow=True)
    assert "The observation is marked as entered in error." in response.content.decode()
    observation.refresh_from_db()
    assert observation.entered_in_error


@time_machine.travel(NOW, tick=False)
def test_the_decision_page_runs_a_fixed_number_of_queries(
    client, worker, colleague, child, django_assert_num_queries
):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(
        observation, colleague, location="Kitchen", summary="New", facts="More facts"
    )
    client.force_login(worker)
    # session, user, request (+ observation, child, team, worker, author, requester),
    # legal statuses (banner), unread notifications count (header)
    with django_assert_num_queries(5):
        response = client.get(decide_url(amendment))
    assert response.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_decided_amendment_hides_the_content_once_the_entry_is_in_error(
    client, worker, colleague, teamleader, child
):
    observation = record(worker, child, complete=True)
    amendment = request_amendment(observation, colleague)
    services.amendment_decide(request=amendment, user=worker, approve=True)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )
    client.force_login(worker)
    response = client.get(decide_url(amendment))
    assert response.status_code == 200
    assert "grandmother" not in response.content.decode()
    assert "Home visit, no concerns" not in response.content.decode()
