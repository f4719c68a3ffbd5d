"""Each escalation's page: the briefing, the timeline, and the actions of whoever may act
(the PGL sends it on, the head of service decides, the Director acknowledges, updates
and closing); who may see it at all."""

import pytest
import time_machine
from django.urls import reverse

from caserecords.models import AccessLog
from notifications import escalations
from notifications.models import EscalationStatus

from .conftest import CAT_B, london, raise_concern

NOW = london(2027, 5, 26, 12, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def briefing(worker, child, pgl, headofservice, director):
    return raise_concern(worker, child=child, at=london(2027, 5, 26, 10, 0))


@pytest.fixture
def concern_b(worker, child, pgl, headofservice, director):
    return raise_concern(
        worker,
        child=child,
        code=CAT_B,
        at=london(2027, 5, 26, 10, 0),
        action_being_taken="",
        update_expected_on=None,
        who_to_contact="",
    )


def url(escalation, name="detail") -> str:
    return reverse(f"escalations:{name}", args=[escalation.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker", 200),  # the raiser
        ("teamleader", 200),
        ("pgl", 200),
        ("headofservice", 200),
        ("director", 200),
        ("colleague", 404),  # same team, but neither raiser nor manager
        ("otherworker", 404),
        ("auditor", 404),
    ],
)
def test_only_those_who_need_to_know_see_an_escalation(client, everyone, briefing, persona, status):
    client.force_login(everyone[persona])
    assert client.get(url(briefing)).status_code == status


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, briefing):
    assert client.get(url(briefing))["Location"].startswith(reverse("login"))


def test_an_escalation_that_does_not_exist_is_404(client, worker):
    client.force_login(worker)
    assert client.get(reverse("escalations:detail", args=[99999])).status_code == 404


def test_the_page_shows_the_briefing_and_timeline_and_logs_the_read(client, pgl, briefing, child):
    client.force_login(pgl)
    html = client.get(url(briefing)).content.decode()
    assert "Death or serious injury to a Child Looked After" in html
    assert "Amelia was taken to hospital with a head injury" in html
    assert "Sent to the practice group lead, copied to the head of service" in html
    assert "Amend and send to the Director" in html
    assert AccessLog.objects.filter(
        user=pgl, child=child, what=f"escalation {briefing.pk}"
    ).exists()


def test_the_page_runs_a_fixed_number_of_queries(client, pgl, briefing, django_assert_num_queries):
    client.force_login(pgl)
    client.get(url(briefing))
    # session, user, the escalation with child, team, worker, reason and people, open
    # legal statuses (banner), the timeline with who did each step, the access log insert,
    # unread count (header).
    with django_assert_num_queries(7):
        client.get(url(briefing))
    for n in range(5):
        escalations.escalation_add_update(
            escalation=briefing, user=pgl, note=f"Update {n}", now=NOW
        )
    with django_assert_num_queries(7):
        client.get(url(briefing))


def test_the_pgl_amends_and_sends_it_to_the_director(client, pgl, briefing):
    client.force_login(pgl)
    page = client.get(url(briefing, "respond"))
    assert page.status_code == 200
    data = {
        "basic_information": briefing.basic_information,
        "nature_of_concern": briefing.nature_of_concern,
        "action_being_taken": "Police informed at 11:30.",
        "update_expected_on_day": "28",
        "update_expected_on_month": "5",
        "update_expected_on_year": "2027",
        "who_to_contact": briefing.who_to_contact,
        "note": "Please call me.",
    }
    response = client.post(url(briefing, "respond"), data, follow=True)
    briefing.refresh_from_db()
    assert briefing.status == EscalationStatus.SENT_TO_DIRECTOR
    assert briefing.action_being_taken == "Police informed at 11:30."
    assert "The briefing has been sent to the Director." in response.content.decode()


@pytest.mark.parametrize("persona", ["worker", "director", "teamleader"])
def test_only_the_services_pgl_or_head_of_service_sends_it_on(client, everyone, briefing, persona):
    client.force_login(everyone[persona])
    assert client.get(url(briefing, "respond")).status_code == 403


def test_the_head_of_service_decides_not_to_inform(client, headofservice, concern_b):
    client.force_login(headofservice)
    assert "Decide whether to inform the Director" in client.get(url(concern_b)).content.decode()
    response = client.post(
        url(concern_b, "decide"), {"inform_director": "no", "reason": "Managed locally."}
    )
    assert response.status_code == 302
    concern_b.refresh_from_db()
    assert concern_b.status == EscalationStatus.NOT_FOR_DIRECTOR


def test_deciding_without_a_choice_or_reason_shows_the_errors(client, headofservice, concern_b):
    client.force_login(headofservice)
    html = client.post(url(concern_b, "decide"), {}).content.decode()
    assert "Select whether the Director is to be informed" in html
    assert "Enter the reason for your decision" in html


def test_informing_without_a_full_briefing_shows_what_is_missing(client, headofservice, concern_b):
    client.force_login(headofservice)
    data = {"inform_director": "yes", "reason": "Press calls.", "nature_of_concern": "Homeless."}
    html = client.post(url(concern_b, "decide"), data).content.decode()
    assert "Enter the action being taken" in html
    concern_b.refresh_from_db()
    assert concern_b.status == EscalationStatus.WITH_HEAD_OF_SERVICE


def test_the_director_acknowledges_from_the_page(client, director, pgl, briefing):
    escalations.escalation_respond(escalation=briefing, user=pgl, now=NOW)
    client.force_login(director)
    assert "Acknowledge the briefing" in client.get(url(briefing)).content.decode()
    response = client.post(url(briefing, "acknowledge"), {"ack-note": "Noted."})
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == EscalationStatus.ACKNOWLEDGED


def test_an_update_without_words_shows_the_error_on_the_page(client, worker, briefing):
    client.force_login(worker)
    response = client.post(url(briefing, "update"), {"update-note": ""})
    assert response.status_code == 400
    assert "Enter the update" in response.content.decode()


def test_an_update_is_added_to_the_timeline(client, worker, briefing):
    client.force_login(worker)
    client.post(url(briefing, "update"), {"update-note": "Amelia is home."})
    html = client.get(url(briefing)).content.decode()
    assert "Amelia is home." in html


def test_closing_needs_the_director_or_head_of_service(client, worker, director, pgl, briefing):
    escalations.escalation_respond(escalation=briefing, user=pgl, now=NOW)
    client.force_login(worker)
    assert client.post(url(briefing, "close"), {"close-note": "Done."}).status_code == 403
    client.force_login(director)
    assert client.post(url(briefing, "close"), {"close-note": "Done."}).status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == EscalationStatus.CLOSED


def test_a_staff_matter_is_seen_by_its_raiser_and_the_services_managers(
    client, everyone, worker, pgl
):
    matter = raise_concern(worker, code="violence_against_staff", at=london(2027, 5, 26, 10, 0))
    for persona, status in [
        ("worker", 200),
        ("teamleader", 200),
        ("pgl", 200),
        ("headofservice", 200),
        ("director", 200),
        ("colleague", 404),
        ("otherworker", 404),
    ]:
        client.force_login(everyone[persona])
        assert client.get(url(matter)).status_code == status, persona
