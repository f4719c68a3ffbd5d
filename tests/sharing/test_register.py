"""The managers' register of information sharing: scope by role, filters, paging, a fixed
number of queries, and the CSV export of the filtered list (logged as an export)."""

import csv
import io
from datetime import timedelta

import pytest

from caserecords.models import AccessLog
from sharing import services

from .conftest import CONTACT, answers

pytestmark = pytest.mark.django_db

URL = "/sharing/register/"


def make(user, children, type="disclosure", days_ago=0, **changes):
    record, _away = services.sharing_record_create(
        user=user,
        type=type,
        children=children,
        data=answers(type, occurred_at=CONTACT - timedelta(days=days_ago), **changes),
    )
    return record


def shown(response) -> list[int]:
    return [record.pk for record in response.context["records"]]


def test_each_manager_sees_their_teams_or_services_records(
    client, worker, child, otherworker, other_child, teamleader, headofservice, director
):
    ours = make(worker, [child])
    theirs = make(otherworker, [other_child])
    for manager, expected in [
        (teamleader, [ours.pk]),
        (headofservice, [ours.pk]),
        (director, [ours.pk, theirs.pk]),
    ]:
        client.force_login(manager)
        assert sorted(shown(client.get(URL))) == sorted(expected), manager.username


def test_workers_and_auditors_may_not_see_the_register(client, worker, auditor):
    for person in (worker, auditor):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.get("/sharing/register.csv").status_code == 403


def test_the_filters_narrow_the_register(client, worker, child, teamleader):
    old = make(worker, [child], days_ago=40)
    without = make(worker, [child], consent="not_given", no_consent_reason="Risk of harm.")
    received = make(worker, [child], type="request_received", organisation_name="Hull Police")
    client.force_login(teamleader)
    since = (CONTACT - timedelta(days=10)).date()
    by_date = {
        "date_from_day": since.day,
        "date_from_month": since.month,
        "date_from_year": since.year,
    }
    assert old.pk not in shown(client.get(URL, by_date))
    assert shown(client.get(URL, {"consent": "no"})) == [without.pk]
    assert shown(client.get(URL, {"type": "request_received"})) == [received.pk]
    assert shown(client.get(URL, {"agency": "police"})) == [received.pk]
    assert len(shown(client.get(URL, {"consent": "yes"}))) == 2


def test_a_bad_filter_shows_the_error_and_no_filter(client, teamleader):
    client.force_login(teamleader)
    response = client.get(URL, {"date_from_day": "40", "date_from_month": "1"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("count", [1, 60])
def test_the_register_runs_a_fixed_number_of_queries(
    client, worker, child, sibling, teamleader, count, django_assert_num_queries
):
    for _ in range(count):
        make(worker, [child, sibling])
    client.force_login(teamleader)
    # 1 session, 2 user, 3 the page of records with who made each (keyset pages: no
    # count), 4 the children each shows (those the reader may see), 5 the access log's
    # insert, 6 unread notifications (header)
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.context["records"]) == min(count, 50)
    assert (response.context["page"].next_url is not None) == (count > 50)


def test_older_pages_follow_on_with_the_filters_kept_and_none_missed(
    client, worker, child, sibling, teamleader
):
    made = [make(worker, [child]) for _ in range(55)]
    make(worker, [sibling], consent="not_sought", no_consent_reason="Risk of harm")
    client.force_login(teamleader)

    first = client.get(URL, {"consent": "yes"})
    later = client.get(first.context["page"].next_url)

    assert "consent=yes" in first.context["page"].next_url
    assert 'rel="next"' in first.content.decode()
    seen = shown(first) + shown(later)
    assert sorted(seen) == sorted(record.pk for record in made)
    assert later.context["page"].next_url is None
    assert shown(client.get(later.context["page"].previous_url)) == shown(first)


def test_a_tampered_page_link_is_a_404_not_an_error(client, teamleader):
    client.force_login(teamleader)
    assert client.get(URL, {"cursor": "not-a-cursor"}).status_code == 404


def test_the_csv_export_holds_the_filtered_records_and_is_logged(
    client, worker, child, teamleader, django_assert_num_queries
):
    make(worker, [child])
    make(worker, [child], consent="not_sought", no_consent_reason="=HYPERLINK(risk)")
    client.force_login(teamleader)
    # 1 session, 2 user, 3 the access log's insert, 4 the records, 5 their children
    with django_assert_num_queries(5):
        response = client.get("/sharing/register.csv", {"consent": "no"})
        content = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["id", "type", "status", "occurred_at"]
    assert len(rows) == 2
    assert rows[1][4] == "Amelia Hughes"
    assert rows[1][10] == "'=HYPERLINK(risk)"  # never run as a formula
    log = AccessLog.objects.first()
    assert (log.what, log.channel, log.child) == ("sharing register export", "export", None)
