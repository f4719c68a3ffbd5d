"""The child's file (`/children/<pk>/`): banner, chronology, observations, documents, details."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caserecords import hooks, services
from staff.models import Role
from tests.factories import ChildFactory, ObservationFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 12, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(child) -> str:
    return reverse("caserecords:child", args=[child.pk])


def upload(child, user, title="Safety plan", day=date(2026, 11, 2)):
    return services.document_upload(
        child=child,
        user=user,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"x" * 2000),
        document_type="safety_plan",
        title=title,
        document_date=day,
        copy_given_to_family=True,
    )


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, child):
    response = client.get(url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker", 200),
        ("colleague", 200),
        ("teamleader", 200),
        ("headofservice", 200),
        ("director", 200),
        ("otherworker", 404),
        ("auditor", 404),
    ],
)
def test_only_those_who_need_to_know_can_open_the_file(client, everyone, child, persona, status):
    client.force_login(everyone[persona])
    assert client.get(url(child)).status_code == status


def test_a_file_that_does_not_exist_is_404(client, worker):
    client.force_login(worker)
    assert client.get(reverse("caserecords:child", args=[999999])).status_code == 404


def test_the_banner_shows_identity_legal_status_and_allocation(client, worker, child):
    child.nhs_number = "9434765919"
    child.save(update_fields=["nhs_number"])
    services.legal_status_start(
        child=child, kind="cp", cp_category="NEG", started_on=date(2026, 2, 1), user=worker
    )
    client.force_login(worker)
    with time_machine.travel(NOW, tick=False):
        html = client.get(url(child)).content.decode()
    assert "moj-identity-bar" in html
    assert "Amelia Hughes" in html
    assert "17 May 2016 (10 years old)" in html
    assert "A0001" in html
    assert "943 476 5919" in html
    assert "Child protection plan (Neglect)" in html
    assert "Wendy Walker, Assessment Team North" in html
    assert "Closed" not in html


def test_the_banner_shows_an_unborn_childs_expected_date_and_a_closed_case(client, worker, team_a):
    unborn = ChildFactory(
        first_name="Baby",
        last_name="Hughes",
        date_of_birth=None,
        expected_date_of_birth=date(2027, 3, 1),
        sex="U",
        worker=worker,
        closed_on=date(2026, 10, 1),
        closure_reason="RC7",
        closure_summary="Family moved away.",
    )
    client.force_login(worker)
    html = client.get(url(unborn)).content.decode()
    assert "1 March 2027 (unborn)" in html
    assert 'govuk-tag--grey govuk-!-margin-left-2">Closed' in html
    assert "Family moved away." in html


def test_the_chronology_lists_entries_newest_first_with_links(client, worker, child):
    services.chronology_add_manual(
        child=child,
        user=worker,
        occurred_at=datetime(2026, 3, 4, 9, 0, tzinfo=LONDON),
        headline="Police attended the home",
    )
    linked = services.chronology_record(
        child=child,
        occurred_at=datetime(2026, 4, 1, 9, 0, tzinfo=LONDON),
        category="other",
        headline="Strategy discussion held",
        link="/somewhere/",
    )
    client.force_login(worker)
    response = client.get(url(child))
    headlines = [entry.headline for entry in response.context["chronology"]]
    assert headlines[:2] == ["Strategy discussion held", "Police attended the home"]
    assert headlines[-1].startswith("Referral received")
    html = response.content.decode()
    assert "moj-timeline" in html
    assert f'href="{linked.link}"' in html
    assert reverse("caserecords:chronology-new", args=[child.pk]) in html


def _withdrawn_entry(child, worker):
    observation = ObservationFactory(child=child, status="completed", completed_at=NOW)
    services.chronology_record(
        child=child,
        occurred_at=NOW,
        category="observation",
        headline="Disclosure at school",
        source=observation,
    )
    services.chronology_withdraw(source=observation, reason="Entered in error: wrong child")


def test_withdrawn_entries_are_hidden_from_workers(client, worker, child):
    _withdrawn_entry(child, worker)
    client.force_login(worker)
    assert "Disclosure at school" not in client.get(url(child)).content.decode()


def test_managers_see_withdrawn_entries_marked_as_such(client, worker, teamleader, child):
    _withdrawn_entry(child, worker)
    client.force_login(teamleader)
    html = client.get(url(child)).content.decode()
    assert "Disclosure at school" in html
    assert 'govuk-tag--orange govuk-!-margin-left-2">Withdrawn' in html
    assert "wrong child" in html


@time_machine.travel(NOW, tick=False)
def test_observations_show_newest_first_with_status_and_overdue_tags(client, worker, child):
    ObservationFactory(
        child=child,
        summary="Older completed visit",
        occurred_at=NOW - timedelta(days=20),
        status="completed",
        completed_at=NOW - timedelta(days=19),
    )
    ObservationFactory(
        child=child,
        summary="Overdue draft",
        occurred_at=NOW - timedelta(days=10),
        due_by=date(2026, 11, 9),
    )
    ObservationFactory(
        child=child,
        summary="Fresh draft",
        occurred_at=NOW - timedelta(hours=2),
        due_by=date(2026, 11, 19),
    )
    client.force_login(worker)
    response = client.get(url(child))
    summaries = [o.summary for o in response.context["observations"]]
    assert summaries == ["Fresh draft", "Overdue draft", "Older completed visit"]
    html = response.content.decode()
    assert html.count('govuk-tag--red">Overdue') == 1
    assert 'govuk-tag--green">Completed' in html
    assert html.count('govuk-tag--grey">Draft') == 2
    assert "Wendy Walker" in html


def test_an_entry_made_in_error_is_hidden_from_workers_and_shown_to_managers(
    client, worker, teamleader, child
):
    ObservationFactory(
        child=child,
        summary="Confidential content",
        status="completed",
        completed_at=NOW,
        entered_in_error=True,
        entered_in_error_reason="Wrong child",
    )
    client.force_login(worker)
    html = client.get(url(child)).content.decode()
    assert "Entered in error" in html
    assert "Confidential content" not in html
    client.force_login(teamleader)
    html = client.get(url(child)).content.decode()
    assert "Entered in error" in html
    assert "Confidential content" in html


def test_observations_are_paginated_20_a_page(client, worker, child):
    for n in range(25):
        ObservationFactory(child=child, occurred_at=NOW - timedelta(days=n), summary=f"Visit {n}")
    client.force_login(worker)
    first = client.get(url(child))
    assert len(first.context["observations"]) == 20
    assert "?page=2#observations" in first.content.decode()
    second = client.get(url(child), {"page": 2})
    assert [o.summary for o in second.context["observations"]] == [
        f"Visit {n}" for n in range(20, 25)
    ]


def test_documents_are_listed_with_a_download_link(client, worker, child):
    document = upload(child, worker)
    client.force_login(worker)
    html = client.get(url(child)).content.decode()
    assert "Safety plan" in html
    assert reverse("caserecords:document", args=[document.pk]) in html
    assert "2.0\xa0KB" in html
    assert "2 Nov 2026" in html


def test_the_details_show_code_labels_and_allocation_history(
    client, worker, colleague, child, team_a
):
    services.allocation_change(
        child=child, team=team_a, worker=colleague, on=date(2026, 3, 1), reason="Leave", user=worker
    )
    client.force_login(worker)
    html = client.get(url(child)).content.decode()
    for label in ["Female", "White British", "Schools", "Abuse or neglect", "12 January 2026"]:
        assert label in html
    assert "Colin Clarke" in html
    assert "Current" in html


@pytest.mark.parametrize(
    ("role", "record", "upload_button"),
    [
        (Role.SOCIAL_WORKER, True, True),
        (Role.BUSINESS_SUPPORT, False, True),
    ],
)
def test_the_buttons_follow_what_the_user_may_do(
    client, child, team_a, role, record, upload_button
):
    user = UserFactory(username=f"user-{role}", role=role, team=team_a)
    client.force_login(user)
    html = client.get(url(child)).content.decode()
    assert ("Record an observation" in html) is record
    assert (reverse("caserecords:observation-new", args=[child.pk]) in html) is record
    assert (reverse("caserecords:document-new", args=[child.pk]) in html) is upload_button


@pytest.mark.parametrize("count", [1, 40])
def test_the_file_runs_a_fixed_number_of_queries_whatever_its_size(
    client, teamleader, worker, child, count, django_assert_num_queries
):
    for n in range(count):
        ObservationFactory(child=child, occurred_at=NOW - timedelta(days=n))
        services.chronology_add_manual(
            child=child, user=worker, occurred_at=NOW - timedelta(days=n), headline=f"Event {n}"
        )
    for n in range(min(count, 5)):
        upload(child, worker, title=f"Document {n}")
    client.force_login(teamleader)  # a manager: the chronology includes withdrawn entries
    # 1 session, 2 user, 3 child with team and worker, 4 count of observations,
    # 5 open legal statuses (banner), 6 planned contacts still waiting, with who planned
    # them, 7 documents with who uploaded them, 8 chronology with who recorded each
    # entry, 9 the page of observations with their authors, 10 allocations with team and
    # worker, 11 legal status history, 12 the last read by a manager with who read it,
    # 13 the access log's insert, 14 unread notifications count (header); then what other
    # apps add (caserecords.hooks), at a stated cost each.
    extra = hooks.query_cost(hooks.FILE_TABS) + hooks.query_cost(hooks.FILE_NOTES)
    with django_assert_num_queries(14 + extra):
        response = client.get(url(child))
    assert response.context["observations"].paginator.count == count
    assert response.content.decode().count("Manual entry") == count
