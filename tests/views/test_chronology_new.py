"""Add a chronology entry (`/children/<pk>/chronology/new/`): a manual headline on the file."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.urls import reverse

from caserecords.forms.children import ChronologyEntryForm
from caserecords.models import ChronologyEntry
from staff.models import Role
from tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 12, 10, 0, tzinfo=LONDON)


def url(child) -> str:
    return reverse("caserecords:chronology-new", args=[child.pk])


def field_data(form_class, name: str, value) -> dict[str, str]:
    """POST data for a field as its widget expects it (the GOV.UK date input has parts)."""
    widget = form_class.base_fields[name].widget
    if isinstance(widget, forms.MultiWidget):
        parts = zip(widget.widgets_names, widget.decompress(value), strict=True)
        return {f"{name}{suffix}": part for suffix, part in parts if part is not None}
    return {name: value.strftime("%Y-%m-%d %H:%M")}


def entry(when: datetime, headline: str = "Mother arrested", detail: str = "") -> dict[str, str]:
    return {
        **field_data(ChronologyEntryForm, "occurred_at", when),
        "headline": headline,
        "detail": detail,
    }


def manual_entries(child):
    return ChronologyEntry.objects.filter(child=child, category="manual")


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("worker", 200), ("director", 200), ("otherworker", 404), ("auditor", 404)],
)
def test_only_those_who_can_see_the_file_get_the_form(client, everyone, child, persona, status):
    client.force_login(everyone[persona])
    assert client.get(url(child)).status_code == status


def test_another_team_cannot_add_to_the_chronology(client, otherworker, child):
    client.force_login(otherworker)
    response = client.post(url(child), entry(datetime(2026, 11, 11, 14, 30, tzinfo=LONDON)))
    assert response.status_code == 404
    assert not manual_entries(child).exists()


def test_business_support_may_read_but_not_add_to_the_chronology(client, child, team_a):
    clerk = UserFactory(username="clerk", role=Role.BUSINESS_SUPPORT, team=team_a)
    client.force_login(clerk)
    assert client.get(url(child)).status_code == 403
    response = client.post(url(child), entry(datetime(2026, 11, 11, 14, 30, tzinfo=LONDON)))
    assert response.status_code == 403
    assert not manual_entries(child).exists()


@time_machine.travel(NOW, tick=False)
def test_it_adds_the_entry_and_goes_back_to_the_file_with_a_message(client, worker, child):
    client.force_login(worker)
    when = datetime(2026, 11, 11, 14, 30, tzinfo=LONDON)
    response = client.post(url(child), entry(when, detail="Police called at 2pm."), follow=True)
    assert response.redirect_chain == [(child.get_absolute_url(), 302)]
    [saved] = manual_entries(child)
    assert (saved.occurred_at, saved.headline, saved.detail) == (
        when,
        "Mother arrested",
        "Police called at 2pm.",
    )
    assert saved.recorded_by == worker
    assert [str(m) for m in response.context["messages"]] == [
        "The entry has been added to the chronology."
    ]
    assert "Mother arrested" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_missing_headline_shows_the_error_summary_and_saves_nothing(client, worker, child):
    client.force_login(worker)
    response = client.post(url(child), entry(datetime(2026, 11, 11, 14, 30, tzinfo=LONDON), ""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a headline for the event" in html
    assert not manual_entries(child).exists()


@time_machine.travel(NOW, tick=False)
def test_a_date_in_the_future_is_refused_by_the_service_on_its_field(client, worker, child):
    client.force_login(worker)
    response = client.post(url(child), entry(datetime(2026, 11, 13, 9, 0, tzinfo=LONDON)))
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_at"] == [
        "The date of the event must be today or in the past."
    ]
    assert "govuk-error-summary" in response.content.decode()
    assert not manual_entries(child).exists()


@time_machine.travel(NOW, tick=False)
def test_a_missing_date_shows_the_error_summary_and_saves_nothing(client, worker, child):
    client.force_login(worker)
    response = client.post(url(child), {"headline": "Mother arrested"})
    assert response.status_code == 200
    assert "occurred_at" in response.context["form"].errors
    assert "govuk-error-summary" in response.content.decode()
    assert not manual_entries(child).exists()
