"""Raising a concern in the browser's pages, without JavaScript: choose the reason (the
next step shows its category), then write the briefing."""

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Escalation, EscalationStatus

from .conftest import CAT_A, CAT_B, london

NOW = london(2027, 5, 26, 10, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def url(child) -> str:
    return reverse("escalations:new-on-child", args=[child.pk])


def briefing_post(code: str, **fields) -> dict:
    return {
        "reason": code,
        "arose_at": "",
        "basic_information": "Amelia Hughes, 11.",
        "nature_of_concern": "Amelia was injured at her placement.",
        "action_being_taken": "Strategy discussion today.",
        "update_expected_on_day": "28",
        "update_expected_on_month": "5",
        "update_expected_on_year": "2027",
        "who_to_contact": "Wendy Walker",
        **fields,
    }


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("persona", "status"), [("otherworker", 404), ("auditor", 404)])
def test_only_those_who_see_the_file_can_raise_a_concern_on_it(
    client, everyone, child, persona, status
):
    client.force_login(everyone[persona])
    assert client.get(url(child)).status_code == status
    assert client.post(url(child), briefing_post(CAT_A)).status_code == status
    assert not Escalation.objects.exists()


def test_the_first_step_lists_the_reasons_grouped_by_category(client, worker, child):
    client.force_login(worker)
    html = client.get(url(child)).content.decode()
    assert '<optgroup label="Category A: always reported to the Director">' in html
    assert "A case file goes missing or is stolen" in html
    assert "Amelia Hughes" in html  # the child's banner


def test_choosing_a_reason_shows_its_category_before_the_briefing(client, worker, child):
    client.force_login(worker)
    html = client.get(url(child), {"reason": CAT_B}).content.decode()
    assert "Category B" in html
    assert "The head of service decides" in html
    assert 'name="nature_of_concern"' in html
    # The basic information comes from the child's record.
    assert "LA ID A0001" in html


def test_an_unknown_reason_is_an_error_on_the_first_step(client, worker, child):
    client.force_login(worker)
    response = client.get(url(child), {"reason": "nonsense"})
    assert "Select what the concern is about" in response.content.decode()


def test_raising_a_category_a_concern_sends_it_to_the_pgl(
    client, worker, child, pgl, headofservice
):
    client.force_login(worker)
    response = client.post(url(child), briefing_post(CAT_A), follow=True)
    escalation = Escalation.objects.get()
    assert response.redirect_chain[-1][0] == escalation.get_absolute_url()
    assert escalation.status == EscalationStatus.WITH_PGL
    assert escalation.raised_by == worker
    html = response.content.decode()
    assert "sent to the practice group lead" in html
    assert "17:00 on Wednesday 26 May" in html


def test_a_full_briefing_missing_sections_shows_the_errors(client, worker, child):
    client.force_login(worker)
    response = client.post(
        url(child), briefing_post(CAT_A, action_being_taken="", who_to_contact="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the action being taken" in html
    assert "Enter who to contact for further details" in html
    assert not Escalation.objects.exists()


def test_a_time_earlier_today_is_when_it_arose(client, worker, child):
    client.force_login(worker)
    client.post(url(child), briefing_post(CAT_A, arose_at="8:30am"))
    assert Escalation.objects.get().raised_at == london(2027, 5, 26, 8, 30)


def test_a_time_later_today_is_refused(client, worker, child):
    client.force_login(worker)
    response = client.post(url(child), briefing_post(CAT_A, arose_at="11:00"))
    assert "must be in the past" in response.content.decode()
    response = client.post(url(child), briefing_post(CAT_A, arose_at="25:00"))
    assert "Enter a real time" in response.content.decode()


def test_a_staff_matter_has_no_child(client, worker, pgl):
    client.force_login(worker)
    data = briefing_post("violence_against_staff", basic_information="")
    client.post(reverse("escalations:new"), data)
    escalation = Escalation.objects.get()
    assert escalation.child is None
    assert escalation.category == "A"


def test_an_auditor_cannot_raise_a_staff_matter(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("escalations:new")).status_code == 403


def test_the_childs_file_offers_to_raise_a_concern_and_shows_open_escalations(
    client, worker, child, pgl
):
    client.force_login(worker)
    html = client.get(child.get_absolute_url()).content.decode()
    assert url(child) in html
    client.post(url(child), briefing_post(CAT_A))
    html = client.get(child.get_absolute_url()).content.decode()
    assert "Open Need to Know escalation" in html
    assert "with the practice group lead" in html
    # And in the chronology.
    assert "Need to Know, category A" in html
