"""The child's diary (`/children/<pk>/diary/`): planned contacts, planning one, cancelling
one, recording one from the diary or as a no-access visit; and the planned contacts on the
caseload page and the child's file.

The clock stands at Friday 20 November 2026, 15:00 in London.
"""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caserecords import services
from caserecords.forms.diary import NoAccessForm, PlanContactForm
from caserecords.models import Observation, PlannedContact
from staff.models import Role
from tests.factories import ChildFactory, UserFactory

from ._observations import LONDON, NOW, field_data, malformed_date, observation_post

FUTURE = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)  # Wednesday: due Wednesday 2 December
YESTERDAY = datetime(2026, 11, 19, 10, 0, tzinfo=LONDON)  # due Thursday 26 November
LAST_WEEK = datetime(2026, 11, 9, 10, 0, tzinfo=LONDON)  # due Monday 16 November: overdue


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def diary_url(child) -> str:
    return reverse("caserecords:diary", args=[child.pk])


def cancel_url(planned) -> str:
    return reverse("caserecords:planned-contact-cancel", args=[planned.pk])


def no_access_url(planned) -> str:
    return reverse("caserecords:planned-contact-no-access", args=[planned.pk])


def record_url(child, planned) -> str:
    return reverse("caserecords:observation-new", args=[child.pk]) + f"?planned={planned.pk}"


def plan(user, child, planned_for=FUTURE, **fields) -> PlannedContact:
    return services.planned_contact_create(
        user=user,
        child=child,
        kind=fields.pop("kind", "home_visit"),
        planned_for=planned_for,
        **fields,
    )


def plan_post(**fields) -> dict[str, str]:
    values = {"kind": "home_visit", "planned_for": FUTURE, "note": "", "safeguarding": False}
    data: dict[str, str] = {}
    for name, value in {**values, **fields}.items():
        if value is not None:
            data.update(field_data(PlanContactForm, name, value))
    return data


def no_access_post(**fields) -> dict[str, str]:
    values = {
        "occurred_at": YESTERDAY,
        "location": "At the family home, announced visit",
        "what_happened": "No answer at the door. Card left.",
        "late_reason": "",
        **fields,
    }
    data: dict[str, str] = {}
    for name, value in values.items():
        if value is not None:
            data.update(field_data(NoAccessForm, name, value))
    return data


@pytest.fixture
def planned(worker, child):
    return plan(worker, child, planned_for=YESTERDAY, note="Statutory visit: see Amelia alone")


# Who may use the diary -----------------------------------------------------------------


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_changes_nothing(
    client, child, planned
):
    for path in [diary_url(child), cancel_url(planned), no_access_url(planned)]:
        for response in [client.get(path), client.post(path, {"reason": "x"})]:
            assert response.status_code == 302, path
            assert response["Location"].startswith(reverse("login"))
    assert PlannedContact.objects.get().status == "planned"
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404_and_change_nothing(
    client, everyone, child, planned, persona
):
    client.force_login(everyone[persona])
    assert client.get(diary_url(child)).status_code == 404
    assert client.post(diary_url(child), plan_post()).status_code == 404
    assert client.get(cancel_url(planned)).status_code == 404
    assert client.post(cancel_url(planned), {"reason": "Not mine"}).status_code == 404
    assert client.get(no_access_url(planned)).status_code == 404
    assert client.post(no_access_url(planned), no_access_post()).status_code == 404
    assert PlannedContact.objects.count() == 1
    assert PlannedContact.objects.get().status == "planned"
    assert not Observation.objects.exists()


def test_another_teams_worker_cannot_use_a_planned_contact_on_their_own_childs_form(
    client, otherworker, other_child, planned
):
    client.force_login(otherworker)
    assert client.get(record_url(other_child, planned)).status_code == 404
    assert client.post(record_url(other_child, planned), observation_post()).status_code == 404
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["worker", "colleague", "teamleader", "director"])
def test_those_who_need_to_know_see_the_diary(client, everyone, child, planned, persona):
    client.force_login(everyone[persona])
    response = client.get(diary_url(child))
    assert response.status_code == 200
    assert "Statutory visit: see Amelia alone" in response.content.decode()


def test_business_support_sees_the_diary_but_cannot_plan_or_cancel(client, team_a, child, planned):
    client.force_login(UserFactory(role=Role.BUSINESS_SUPPORT, team=team_a))
    response = client.get(diary_url(child))
    assert response.status_code == 200
    assert response.context["form"] is None
    html = response.content.decode()
    assert "Plan a contact" not in html
    assert cancel_url(planned) not in html
    assert client.post(diary_url(child), plan_post()).status_code == 403
    assert client.post(cancel_url(planned), {"reason": "x"}).status_code == 403
    assert client.post(no_access_url(planned), no_access_post()).status_code == 403
    assert PlannedContact.objects.get().status == "planned"


# Planning a contact -----------------------------------------------------------------------


def test_worker_plans_a_home_visit_and_is_told_when_to_record_it(client, worker, child):
    client.force_login(worker)
    response = client.post(diary_url(child), plan_post(note="Check the new baby's cot"))
    planned = PlannedContact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{diary_url(child)}#planned-{planned.pk}"
    assert planned.kind == "home_visit"
    assert planned.planned_for == FUTURE
    assert planned.note == "Check the new baby's cot"
    assert planned.due_by == date(2026, 12, 2)
    assert planned.created_by == worker
    page = client.get(response["Location"]).content.decode()
    assert (
        "Home visit planned for Wednesday 25 November 2026 at 10am. "
        "Record it by Wednesday 2 December 2026." in page
    )


def test_a_safeguarding_contact_is_to_be_recorded_within_one_working_day(client, worker, child):
    client.force_login(worker)
    client.post(diary_url(child), plan_post(safeguarding=True))
    assert PlannedContact.objects.get().due_by == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": None}, "Select the kind of contact"),
        ({"kind": "disclosure"}, "Select the kind of contact"),
        ({"planned_for": None}, "Enter the date and time the contact is planned for"),
        ("malformed", "Date must be a real date"),
        ({"planned_for": datetime(2029, 1, 8, 10, 0, tzinfo=LONDON)}, "up to 2 years ahead"),
        ({"note": "x" * 301}, "Ensure this value has at most 300 characters"),
    ],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    client, worker, child, change, message
):
    client.force_login(worker)
    if change == "malformed":
        data = plan_post(planned_for=None)
        data.update(malformed_date(PlanContactForm, "planned_for"))
    else:
        data = plan_post(**change)
    response = client.post(diary_url(child), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: Diary" in html
    assert not PlannedContact.objects.exists()


def test_a_closed_case_cannot_have_contacts_planned(client, worker):
    closed = ChildFactory(worker=worker, closed_on=date(2026, 11, 1), closure_reason="RC7")
    client.force_login(worker)
    response = client.post(diary_url(closed), plan_post())
    assert response.status_code == 200
    assert "This case is closed" in response.content.decode()
    assert not PlannedContact.objects.exists()


# What the diary shows ----------------------------------------------------------------------


def test_the_diary_shows_each_contact_with_its_status_due_date_and_actions(
    client, worker, child, clock
):
    coming = plan(worker, child, planned_for=FUTURE)
    to_record = plan(worker, child, planned_for=YESTERDAY, safeguarding=True)
    overdue = plan(worker, child, planned_for=LAST_WEEK)
    cancelled = plan(worker, child, planned_for=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON))
    services.planned_contact_cancel(
        planned_contact=cancelled, user=worker, reason="Mum asked to rearrange"
    )
    recorded = plan(worker, child, planned_for=datetime(2026, 11, 3, 9, 0, tzinfo=LONDON))
    services.planned_contact_no_access(
        planned_contact=recorded,
        user=worker,
        occurred_at=datetime(2026, 11, 3, 9, 5, tzinfo=LONDON),
        location="Home",
        what_happened="Nobody in",
        late_reason="Recorded late in the test",
    )
    client.force_login(worker)
    response = client.get(diary_url(child))
    assert response.context["waiting"] == [overdue, to_record, coming]
    assert response.context["done"] == [recorded, cancelled]
    html = response.content.decode()
    assert html.count('govuk-tag--red">Overdue') == 1
    assert html.count('govuk-tag--orange">To record') == 1
    assert html.count('govuk-tag--blue">Planned') == 1
    assert html.count('govuk-tag--grey">Cancelled') == 1
    assert html.count('govuk-tag--green">Recorded') == 1
    assert "Mum asked to rearrange" in html
    assert "16 Nov 2026" in html  # the overdue one's due date
    recorded.refresh_from_db()
    assert recorded.observation.get_absolute_url() in html
    for contact in (coming, to_record, overdue):
        assert record_url(child, contact).replace("&", "&amp;") in html
        assert cancel_url(contact) in html
        assert no_access_url(contact) in html
    assert cancel_url(cancelled) not in html


def test_a_contact_recorded_by_a_draft_says_so_and_is_not_overdue(client, worker, child):
    planned = plan(worker, child, planned_for=LAST_WEEK)
    client.force_login(worker)
    client.post(record_url(child, planned), observation_post(occurred_at=LAST_WEEK))
    html = client.get(diary_url(child)).content.decode()
    assert 'govuk-tag--yellow">Recorded as a draft' in html
    assert 'govuk-tag--red">Overdue' not in html


def page_queries(client, path: str) -> list[str]:
    """The SQL of the queries one page view runs."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def reading(table: str, queries: list[str]) -> list[str]:
    return [sql for sql in queries if f'FROM "{table}"' in sql]


def add_contacts(worker, child, count: int) -> None:
    """Planned contacts in every state: waiting, cancelled, recorded as no access."""
    for n in range(count):
        planned = plan(worker, child, planned_for=LAST_WEEK + timedelta(hours=n))
        if n % 3 == 1:
            services.planned_contact_cancel(planned_contact=planned, user=worker, reason="Moved")
        elif n % 3 == 2:
            services.planned_contact_no_access(
                planned_contact=planned,
                user=worker,
                occurred_at=planned.planned_for,
                location="Home",
                what_happened="Nobody in",
                late_reason="Late",
            )


def test_the_diary_runs_a_fixed_number_of_queries_whatever_its_size(
    client, worker, child, django_assert_max_num_queries
):
    add_contacts(worker, child, 1)
    client.force_login(worker)
    # The diary's own queries: the child with team and worker, open legal statuses
    # (banner), the planned contacts with who planned them and their observations; the
    # session, the user and the page header's come on top.
    with django_assert_max_num_queries(8):
        small = page_queries(client, diary_url(child))
    add_contacts(worker, child, 30)
    large = page_queries(client, diary_url(child))
    assert len(large) == len(small)
    assert len(reading("caserecords_plannedcontact", large)) == 1
    assert len(reading("caserecords_observation", large)) == 0  # joined, not queried


# Cancelling ---------------------------------------------------------------------------------


def test_cancelling_asks_why_and_keeps_the_reason_in_the_diary(client, worker, child, planned):
    client.force_login(worker)
    page = client.get(cancel_url(planned))
    assert page.status_code == 200
    assert "Why is the contact cancelled?" in page.content.decode()

    response = client.post(cancel_url(planned), {"reason": "Amelia is in hospital."})
    assert response.status_code == 302
    assert response["Location"] == f"{diary_url(child)}#planned-{planned.pk}"
    planned.refresh_from_db()
    assert planned.status == "cancelled"
    assert planned.cancel_reason == "Amelia is in hospital."
    assert "Amelia is in hospital." in client.get(diary_url(child)).content.decode()


def test_cancelling_without_a_reason_shows_the_error_and_changes_nothing(client, worker, planned):
    client.force_login(worker)
    response = client.post(cancel_url(planned), {"reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter why the contact is cancelled" in html
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_a_recorded_contact_cannot_be_cancelled_from_its_page(client, worker, child, planned):
    client.force_login(worker)
    client.post(no_access_url(planned), no_access_post())
    response = client.post(cancel_url(planned), {"reason": "Changed my mind"}, follow=True)
    assert "already been recorded or cancelled" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == "recorded"


# Recording a contact from the diary ---------------------------------------------------------


def test_record_this_visit_opens_the_observation_form_filled_in_from_the_plan(
    client, worker, child
):
    planned = plan(worker, child, planned_for=YESTERDAY, kind="school_visit", safeguarding=True)
    client.force_login(worker)
    response = client.get(record_url(child, planned))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["kind"] == "school_visit"
    assert form.initial["occurred_at"] == YESTERDAY
    assert form.initial["safeguarding"] is True
    html = response.content.decode()
    assert "You are recording the school visit planned for Thursday 19 November 2026" in html


def test_a_planned_time_still_to_come_is_not_offered_as_the_time_of_contact(client, worker, child):
    planned = plan(worker, child, planned_for=FUTURE)
    client.force_login(worker)
    form = client.get(record_url(child, planned)).context["form"]
    assert "occurred_at" not in form.initial


def test_saving_the_observation_records_the_planned_contact(client, worker, child, planned):
    client.force_login(worker)
    response = client.post(record_url(child, planned), observation_post(occurred_at=YESTERDAY))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    planned.refresh_from_db()
    assert planned.status == "recorded"
    assert planned.observation == observation
    page = client.get(response["Location"]).content.decode()
    assert "The planned contact in the diary is marked as recorded." in page


def test_bad_input_on_the_observation_form_keeps_the_contact_planned(
    client, worker, child, planned
):
    client.force_login(worker)
    response = client.post(record_url(child, planned), observation_post(kind=None))
    assert response.status_code == 200
    assert "You are recording the home visit" in response.content.decode()
    assert not Observation.objects.exists()
    planned.refresh_from_db()
    assert planned.status == "planned"


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", "١٢"])
def test_a_planned_contact_that_is_not_a_number_is_404(client, worker, child, value):
    client.force_login(worker)
    path = reverse("caserecords:observation-new", args=[child.pk])
    assert client.get(path, {"planned": value}).status_code == 404


def test_a_planned_contact_of_another_child_is_404(client, worker, child, sibling):
    on_sibling = plan(worker, sibling, planned_for=YESTERDAY)
    client.force_login(worker)
    assert client.get(record_url(child, on_sibling)).status_code == 404
    assert client.post(record_url(child, on_sibling), observation_post()).status_code == 404
    assert not Observation.objects.exists()


def test_a_contact_already_recorded_sends_the_worker_back_to_the_diary(
    client, worker, child, planned
):
    client.force_login(worker)
    client.post(record_url(child, planned), observation_post(occurred_at=YESTERDAY))
    response = client.get(record_url(child, planned))
    assert response.status_code == 302
    assert response["Location"] == f"{diary_url(child)}#planned-{planned.pk}"
    assert Observation.objects.count() == 1


# No access -------------------------------------------------------------------------------


def test_recording_no_access_makes_a_completed_observation_linked_to_the_contact(
    client, worker, child, planned
):
    client.force_login(worker)
    page = client.get(no_access_url(planned))
    assert page.status_code == 200
    assert page.context["form"].initial["occurred_at"] == YESTERDAY
    assert "Reason for late recording" not in page.content.decode()

    response = client.post(no_access_url(planned), no_access_post())
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    assert observation.kind == "no_access"
    assert observation.status == "completed"
    assert observation.child_seen == "not_seen"
    assert observation.facts == "No answer at the door. Card left."
    planned.refresh_from_db()
    assert planned.observation == observation
    assert planned.status == "recorded"
    assert "Recorded as a no-access visit" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"what_happened": ""}, "Enter what happened"),
        ({"location": ""}, "Enter where and how you tried to make the contact"),
        ({"occurred_at": None}, "Enter the date and time you tried to make the contact"),
        ({"occurred_at": NOW + timedelta(hours=1)}, "must be in the past"),
    ],
)
def test_no_access_with_bad_input_shows_the_errors_and_saves_nothing(
    client, worker, planned, change, message
):
    client.force_login(worker)
    response = client.post(no_access_url(planned), no_access_post(**change))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Observation.objects.exists()
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_an_overdue_contact_recorded_as_no_access_needs_a_reason_for_lateness(
    client, worker, child
):
    overdue = plan(worker, child, planned_for=LAST_WEEK)
    client.force_login(worker)
    page = client.get(no_access_url(overdue)).content.decode()
    assert "Reason for late recording" in page

    response = client.post(no_access_url(overdue), no_access_post(occurred_at=LAST_WEEK))
    assert response.status_code == 200
    assert "Say why it was not recorded on time" in response.content.decode()
    assert not Observation.objects.exists()

    data = no_access_post(occurred_at=LAST_WEEK, late_reason="I was on a course all week.")
    assert client.post(no_access_url(overdue), data).status_code == 302
    assert Observation.objects.get().late_reason == "I was on a course all week."


# The caseload page and the child's file ------------------------------------------------------


def test_the_caseload_lists_the_workers_own_planned_contacts_soonest_first(
    client, worker, colleague, child, sibling
):
    overdue = plan(worker, child, planned_for=LAST_WEEK)
    coming = plan(worker, sibling, planned_for=FUTURE)
    plan(worker, child, planned_for=NOW + timedelta(days=40))  # beyond the next 4 weeks
    plan(colleague, child, planned_for=FUTURE)  # someone else's
    cancelled = plan(worker, child, planned_for=FUTURE)
    services.planned_contact_cancel(planned_contact=cancelled, user=worker, reason="Moved")
    client.force_login(worker)
    response = client.get(reverse("caserecords:caseload"))
    assert list(response.context["planned_contacts"]) == [overdue, coming]
    html = response.content.decode()
    assert 'govuk-tag--red">Overdue' in html
    assert 'govuk-tag--blue">Planned' in html
    assert overdue.get_absolute_url() in html


def test_a_worker_with_no_planned_contacts_is_told_so(client, worker, child):
    client.force_login(worker)
    html = client.get(reverse("caserecords:caseload")).content.decode()
    assert "You have no planned contacts in the next 4 weeks." in html


def test_the_caseload_section_adds_one_query_whatever_the_number_of_contacts(client, worker):
    plan(worker, ChildFactory(worker=worker), planned_for=FUTURE)
    client.force_login(worker)
    small = page_queries(client, reverse("caserecords:caseload"))
    for n in range(20):
        plan(worker, ChildFactory(worker=worker), planned_for=FUTURE + timedelta(hours=n))
    large = page_queries(client, reverse("caserecords:caseload"))
    assert len(large) == len(small)
    # One query for the planned contacts, with their children joined.
    [query] = reading("caserecords_plannedcontact", large)
    assert 'INNER JOIN "caserecords_child"' in query


def test_the_childs_file_has_a_planned_contacts_tab_with_those_waiting(
    client, worker, child, planned
):
    cancelled = plan(worker, child, planned_for=FUTURE)
    services.planned_contact_cancel(planned_contact=cancelled, user=worker, reason="Moved")
    client.force_login(worker)
    response = client.get(reverse("caserecords:child", args=[child.pk]))
    assert response.context["planned_contacts"] == [planned]
    html = response.content.decode()
    assert "Planned contacts (1)" in html
    assert diary_url(child) in html
    assert record_url(child, planned).replace("&", "&amp;") in html
