"""Record an observation (`/children/<pk>/observations/new/`): one form, drafts and completion,
deadlines in working days, siblings, errors that save nothing."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from caserecords.forms.observations import ObservationForm
from caserecords.models import ChronologyEntry, Family, Observation
from staff.models import Role
from tests.factories import UserFactory

from ._observations import LONDON, NOW, malformed_date, observation_post


def url(child) -> str:
    return reverse("caserecords:observation-new", args=[child.pk])


@pytest.fixture
def family(child, sibling):
    family = Family.objects.create(name="Hughes")
    for member in (child, sibling):
        member.family = family
        member.save(update_fields=["family"])
    return family


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404(client, everyone, child, persona):
    client.force_login(everyone[persona])
    assert client.get(url(child)).status_code == 404
    assert client.post(url(child), observation_post()).status_code == 404
    assert not Observation.objects.exists()


def test_business_support_can_see_the_file_but_cannot_record(client, team_a, child):
    client.force_login(UserFactory(role=Role.BUSINESS_SUPPORT, team=team_a))
    assert client.get(url(child)).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_form_shows_every_section_with_three_blank_people_rows(client, worker, child):
    client.force_login(worker)
    response = client.get(url(child))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amelia Hughes" in html  # the child banner
    for text in [
        "What kind of contact or event was it?",
        "Date and time of contact",
        "Where and how did it happen?",
        "Was the child seen?",
        "Yes, and seen alone",
        "in their own words",
        "What happened (facts)",
        "Professional opinion and analysis",
        "distinguish fact from opinion",
        "Key issues (headline)",
        "Due within 1 working day. Strategy discussions, disclosures and safety plans",
        "Due within 10 working days",
        "shown in the chronology",
        "Add another person",
        "Add another action",
        "Save as draft",
        "Save and complete",
    ]:
        assert text in html, text
    assert 'name="participants-TOTAL_FORMS" value="3"' in html
    assert 'name="actions-TOTAL_FORMS" value="2"' in html
    assert "siblings" not in response.context["form"].fields
    assert "Reason for late recording" not in html


@time_machine.travel(NOW, tick=False)
def test_worker_records_a_home_visit_seen_alone_as_a_draft_and_sees_the_due_date(
    client, worker, child
):
    client.force_login(worker)
    data = observation_post(
        actions=[
            {
                "description": "Refer to the school nurse",
                "owner": "Wendy Walker",
                "due_date": date(2026, 12, 4),
            }
        ],
    )
    response = client.post(url(child), data)
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    assert observation.status == "draft"
    assert observation.child_seen == "seen_alone"
    assert observation.occurred_at == datetime(2026, 11, 20, 10, 30, tzinfo=LONDON)
    assert observation.due_by == date(2026, 11, 27)  # Friday + 5 working days
    assert observation.author == worker
    assert [str(p) for p in observation.participants.all()] == ["Sarah Hughes, Mother"]
    assert [a.description for a in observation.actions.all()] == ["Refer to the school nurse"]
    page = client.get(response["Location"]).content.decode()
    assert "Due by Friday 27 November 2026" in page


@time_machine.travel(NOW, tick=False)
def test_save_and_complete_on_time_completes_it_and_puts_a_significant_event_in_the_chronology(
    client, worker, child
):
    client.force_login(worker)
    response = client.post(url(child), observation_post(save="complete", significant=True))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert observation.status == "completed"
    assert observation.completed_at == NOW
    assert observation.late_reason == ""
    assert ChronologyEntry.objects.filter(child=child, category="observation").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Observation completed on time. It was due by Friday 27 November 2026." in page


@time_machine.travel(NOW, tick=False)
def test_completing_late_needs_a_reason_and_the_form_asks_for_it(client, worker, child):
    client.force_login(worker)
    # A contact on Monday 2 November was due by Monday 9 November.
    data = observation_post(save="complete", occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    response = client.post(url(child), data)
    assert response.status_code == 200
    assert not Observation.objects.exists()
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This recording was due by 9 November 2026" in html
    assert 'name="late_reason"' in html
    assert response.context["show_late_reason"]

    data["late_reason"] = "I was on a three-day training course."
    response = client.post(url(child), data)
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert observation.status == "completed"
    assert observation.late_reason == "I was on a three-day training course."


@time_machine.travel(NOW, tick=False)
def test_a_late_contact_saved_as_draft_needs_no_reason(client, worker, child):
    client.force_login(worker)
    data = observation_post(occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    response = client.post(url(child), data)
    assert response.status_code == 302
    assert Observation.objects.get().due_by == date(2026, 11, 9)


@pytest.mark.parametrize(
    ("fields", "due"),
    [
        ({"kind": "strategy_discussion"}, date(2026, 11, 23)),  # always safeguarding
        ({"safeguarding": True}, date(2026, 11, 23)),
        ({"detailed": True}, date(2026, 12, 4)),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_deadline_follows_the_timescale(client, worker, child, fields, due):
    client.force_login(worker)
    response = client.post(url(child), observation_post(**fields))
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.due_by == due
    if fields.get("kind") == "strategy_discussion":
        assert observation.safeguarding


@time_machine.travel(NOW, tick=False)
def test_siblings_option_records_one_observation_per_child(client, worker, child, sibling, family):
    client.force_login(worker)
    response = client.get(url(child))
    assert "Noah Hughes" in response.content.decode()
    response = client.post(url(child), {**observation_post(), "siblings": [str(sibling.pk)]})
    assert response.status_code == 302
    mine, theirs = Observation.objects.get(child=child), Observation.objects.get(child=sibling)
    assert mine.contact_group == theirs.contact_group
    assert theirs.summary == mine.summary
    assert [str(p) for p in theirs.participants.all()] == ["Sarah Hughes, Mother"]
    assert response["Location"] == mine.get_absolute_url()


@time_machine.travel(NOW, tick=False)
def test_siblings_the_worker_cannot_see_are_not_offered(
    client, worker, child, sibling, family, other_child
):
    other_child.family = family
    other_child.save(update_fields=["family"])
    client.force_login(worker)
    form = client.get(url(child)).context["form"]
    assert form.siblings == {sibling.pk: sibling}  # not other_child
    response = client.post(url(child), {**observation_post(), "siblings": [str(other_child.pk)]})
    assert response.status_code == 200
    assert not Observation.objects.exists()


def _future() -> dict:
    return {"occurred_at": datetime(2026, 11, 21, 9, 0, tzinfo=LONDON)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": None}, "Select the kind of contact or event"),
        ({"location": ""}, "Enter where and how the contact happened"),
        ({"child_seen": None}, "Select whether the child was seen"),
        (_future(), "must be in the past"),
        ("malformed", ""),
        ("half_person", "Enter the name of the person involved"),
        ("half_action", "Enter who will do the action"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    client, worker, child, change, message
):
    client.force_login(worker)
    if change == "malformed":
        data = observation_post(occurred_at=None)
        data.update(malformed_date(ObservationForm, "occurred_at"))
    elif change == "half_person":
        data = observation_post(participants=[{"name": "", "title": "Teacher", "agency": "School"}])
    elif change == "half_action":
        data = observation_post(actions=[{"description": "Visit again", "owner": ""}])
    else:
        data = observation_post(**change)
    response = client.post(url(child), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: Record an observation" in html  # the page title says so too
    assert not Observation.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_add_another_person_adds_a_blank_row_keeps_what_was_typed_and_saves_nothing(
    client, worker, child
):
    client.force_login(worker)
    data = {**observation_post(kind=None), "add": "participants"}
    response = client.post(url(child), data)
    assert response.status_code == 200
    assert not Observation.objects.exists()
    participants = response.context["participants"]
    assert len(participants.forms) == 4
    html = response.content.decode()
    assert 'value="Sarah Hughes"' in html
    assert "govuk-error-summary" not in html  # adding a row is not a submission
    assert 'name="participants-TOTAL_FORMS" value="4"' in html

    data = observation_post()  # the kind now chosen, and the new row filled in
    data["participants-TOTAL_FORMS"] = "4"
    data.update({"participants-3-name": "Mr Patel", "participants-3-title": "Head teacher"})
    assert client.post(url(child), data).status_code == 302
    assert [p.name for p in Observation.objects.get().participants.all()] == [
        "Sarah Hughes",
        "Mr Patel",
    ]


@time_machine.travel(NOW, tick=False)
def test_the_form_page_runs_a_fixed_number_of_queries(
    client, worker, child, sibling, family, django_assert_max_num_queries
):
    client.force_login(worker)
    # session, user, child (+ team, worker), siblings, legal statuses (banner),
    # unread notifications count (header)
    with django_assert_max_num_queries(6):
        response = client.get(url(child))
    assert response.status_code == 200
