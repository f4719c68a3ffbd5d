"""The access log: on the child's file for its managers, and service-wide, filtered."""

import pytest
from django.urls import reverse

from caserecords import access
from caserecords.models import AccessLog
from frontend.keyset import CURSOR


def file_log(child):
    return reverse("access:child-log", args=[child.pk])


def rows(body: str) -> int:
    """The rows of reads in the log's table (the header row aside; none when it is empty)."""
    return 0 if "No reads recorded." in body else body.count('<tr class="govuk-table__row">') - 1


@pytest.fixture
def reads(child, other_child, worker, colleague, otherworker):
    access.record_read(worker, child, "child file")
    access.record_read(colleague, child, "observation 1")
    access.record_read(otherworker, other_child, "child file")


def test_managers_see_who_read_the_file(client, reads, child, teamleader, headofservice, director):
    for manager in (teamleader, headofservice, director):
        client.force_login(manager)
        body = client.get(file_log(child)).content.decode()
        assert "2 reads" in body
        assert "observation 1" in body


def test_workers_do_not_see_the_access_log(client, reads, child, worker, colleague):
    for person in (worker, colleague):
        client.force_login(person)
        assert client.get(file_log(child)).status_code == 403


def test_another_teams_staff_get_not_found(client, reads, child, otherworker):
    client.force_login(otherworker)
    assert client.get(file_log(child)).status_code == 404


def test_the_file_log_runs_a_fixed_number_of_queries(
    client, child, worker, teamleader, django_assert_num_queries
):
    for n in range(30):
        access.record_read(worker, child, f"observation {n}")
    client.force_login(teamleader)
    # session, user, child (+ team, worker), open legal statuses (banner), count of reads,
    # the page of reads (+ who), unread notifications count (header)
    with django_assert_num_queries(7):
        response = client.get(file_log(child))
    assert response.status_code == 200


def test_the_service_wide_log_shows_only_the_managers_teams(
    client, reads, child, other_child, teamleader, director
):
    client.force_login(teamleader)
    body = client.get(reverse("access:log")).content.decode()
    assert rows(body) == 2
    assert child.la_child_id in body
    assert other_child.la_child_id not in body
    client.force_login(director)
    body = client.get(reverse("access:log")).content.decode()
    assert rows(body) == 3
    assert other_child.la_child_id in body


def test_the_service_wide_log_filters_by_person_and_reason(client, reads, teamleader):
    client.force_login(teamleader)
    body = client.get(reverse("access:log"), {"person": "worker2"}).content.decode()
    assert rows(body) == 1
    assert "observation 1" in body
    body = client.get(reverse("access:log"), {"why": "break_glass"}).content.decode()
    assert rows(body) == 0


def test_the_service_wide_log_pages_newest_first_by_cursor_keeping_the_filters(
    client, child, worker, teamleader
):
    for n in range(60):
        access.record_read(worker, child, f"observation {n}")
    client.force_login(teamleader)
    first = client.get(reverse("access:log"), {"person": "worker"})
    body = first.content.decode()
    assert rows(body) == 50
    assert "observation 59 " in body  # the newest first
    assert "observation 9 " not in body
    assert "Older reads" in body
    assert "Newer reads" not in body
    [older] = first.context["page"].next_url.split("?")[1:]
    assert "person=worker" in older
    body = client.get(f"{reverse('access:log')}?{older}").content.decode()
    assert rows(body) == 10
    assert "observation 9 " in body
    assert "observation 10 " not in body
    assert "Newer reads" in body
    assert "Older reads" not in body


def test_a_tampered_cursor_is_not_found(client, reads, teamleader):
    client.force_login(teamleader)
    assert client.get(reverse("access:log"), {CURSOR: "not-a-cursor"}).status_code == 404


def test_the_service_wide_log_runs_a_fixed_number_of_queries(
    client, child, worker, teamleader, director, django_assert_num_queries
):
    for n in range(60):
        access.record_read(worker, child, f"observation {n}")
    for manager in (teamleader, director):
        client.force_login(manager)
        # session, user, the page of reads (+ who, child; no count), unread notifications
        # count (header)
        with django_assert_num_queries(4):
            response = client.get(reverse("access:log"))
        assert response.status_code == 200
        assert rows(response.content.decode()) == 50


def test_workers_cannot_open_the_service_wide_log(client, worker):
    client.force_login(worker)
    assert client.get(reverse("access:log")).status_code == 403


def test_the_log_itself_is_not_logged_as_a_read(client, child, teamleader):
    client.force_login(teamleader)
    client.get(file_log(child))
    assert not AccessLog.objects.exists()
