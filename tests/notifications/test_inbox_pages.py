"""The inbox (`/notifications/`): one's own notices, unread first; opening one marks it
read and goes on to the item; the unread count in every page's header."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification, NotificationKind

from .conftest import london

INBOX = reverse("notifications:inbox")


def notice(recipient, n: int = 1, *, read: bool = False, link: str = "/children/", **fields):
    return Notification.objects.create(
        recipient=recipient,
        kind=NotificationKind.OVERDUE_RECORDING,
        subject=f"Overdue recording {n}",
        body=f"Body of notice {n}",
        link=link,
        dedupe_key=f"test:{n}",
        created_at=london(2026, 11, n, 9, 0),
        read_at=london(2026, 11, n, 10, 0) if read else None,
        **fields,
    )


def subjects(response) -> list[str]:
    return [n.subject for n in response.context["page"]]


def badge(html: str) -> str | None:
    found = re.search(
        r'<span class="moj-notification-badge"><span aria-hidden="true">([^<]+)<', html
    )
    return found.group(1) if found else None


# Who may see what --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [INBOX, "/notifications/1/"])
def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_mark_all_read_needs_sign_in(client, worker):
    unread = notice(worker)
    response = client.post(reverse("notifications:mark-all-read"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    unread.refresh_from_db()
    assert unread.read_at is None


def test_someone_elses_notice_is_a_404_and_stays_unread(client, worker, otherworker, teamleader):
    mine = notice(worker)
    for outsider in (otherworker, teamleader):
        client.force_login(outsider)
        assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 404
        assert subjects(client.get(INBOX)) == []
    mine.refresh_from_db()
    assert mine.read_at is None


# The list ---------------------------------------------------------------------------------


def test_the_inbox_lists_ones_own_notices_unread_first_then_newest(client, worker, colleague):
    notice(worker, 1)
    notice(worker, 2, read=True)
    notice(worker, 3)
    notice(worker, 4, read=True)
    notice(colleague, 5)
    client.force_login(worker)

    response = client.get(INBOX)

    assert response.status_code == 200
    assert subjects(response) == [
        "Overdue recording 3",
        "Overdue recording 1",
        "Overdue recording 4",
        "Overdue recording 2",
    ]
    html = response.content.decode()
    assert "<title>Notifications - Case records</title>" in html
    assert "Body of notice 3" in html
    assert html.count("govuk-tag--blue") == 2
    assert "Unread (2)" in html
    assert 'action="/notifications/mark-all-read/"' in html


def test_the_unread_filter_shows_only_unread_notices(client, worker):
    notice(worker, 1)
    notice(worker, 2, read=True)
    client.force_login(worker)

    response = client.get(INBOX, {"show": "unread"})

    assert subjects(response) == ["Overdue recording 1"]
    assert "<title>Unread notifications - Case records</title>" in response.content.decode()


def test_an_empty_inbox_says_so_and_offers_nothing_to_mark(client, worker):
    notice(worker, 1, read=True)
    client.force_login(worker)
    html = client.get(INBOX, {"show": "unread"}).content.decode()
    assert "You have no unread notifications." in html
    assert "Mark all as read" not in html


def test_a_notice_to_a_cover_says_whom_it_is_for(client, worker, colleague):
    notice(colleague, covering_for=worker)
    client.force_login(colleague)
    assert "Sent to you as cover for Wendy Walker." in client.get(INBOX).content.decode()


def test_the_inbox_is_paginated(client, worker):
    for n in range(1, 28):
        notice(worker, n)
    client.force_login(worker)
    assert len(subjects(client.get(INBOX))) == 25
    assert subjects(client.get(INBOX, {"page": 2})) == [
        "Overdue recording 2",
        "Overdue recording 1",
    ]


@pytest.mark.parametrize("count", [1, 25])
def test_the_inbox_runs_a_fixed_number_of_queries(
    client, worker, colleague, count, django_assert_num_queries
):
    for n in range(1, count + 1):
        notice(worker, n, read=n % 2 == 0, covering_for=colleague if n % 3 else None)
    client.force_login(worker)
    # 1 session, 2 user, 3 count (pagination), 4 the page's notices (with whom the cover is
    # for), 5 the unread count (header badge and page, read once)
    with django_assert_num_queries(5):
        response = client.get(INBOX)
    assert len(subjects(response)) == count


# Opening and marking read ------------------------------------------------------------------


def test_opening_a_notice_marks_it_read_and_goes_to_the_item(client, worker, time_machine):
    unread = notice(worker, link="/observations/7/")
    time_machine.move_to(london(2026, 11, 28, 9, 30), tick=False)
    client.force_login(worker)

    response = client.get(reverse("notifications:open", args=[unread.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/observations/7/"
    unread.refresh_from_db()
    assert unread.read_at == london(2026, 11, 28, 9, 30)


def test_a_notice_never_sends_anyone_off_site(client, worker):
    odd = notice(worker, link="https://evil.example.com/")
    client.force_login(worker)
    response = client.get(reverse("notifications:open", args=[odd.pk]))
    assert response["Location"] == INBOX


def test_mark_all_as_read_marks_ones_own_and_says_how_many(client, worker, colleague):
    notice(worker, 1)
    notice(worker, 2)
    theirs = notice(colleague, 3)
    client.force_login(worker)

    response = client.post(reverse("notifications:mark-all-read"), follow=True)

    assert response.redirect_chain == [(INBOX, 302)]
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=worker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read_is_a_post(client, worker):
    client.force_login(worker)
    assert client.get(reverse("notifications:mark-all-read")).status_code == 405


# The header ---------------------------------------------------------------------------------


def test_every_page_shows_the_unread_count_in_the_header(client, worker, colleague):
    notice(worker, 1)
    notice(worker, 2)
    notice(worker, 3, read=True)
    notice(colleague, 4)
    client.force_login(worker)

    html = client.get(reverse("caserecords:caseload")).content.decode()

    assert badge(html) == "2"
    assert '<span class="govuk-visually-hidden">(2 unread)</span>' in html
    assert 'href="/notifications/"' in html


def test_the_header_shows_no_badge_when_all_is_read(client, worker):
    notice(worker, 1, read=True)
    client.force_login(worker)
    html = client.get(reverse("caserecords:caseload")).content.decode()
    assert badge(html) is None
    assert 'href="/notifications/"' in html


def test_the_badge_stops_at_99(client, worker):
    for n in range(100):
        Notification.objects.create(
            recipient=worker, kind="escalation", subject="s", link="/", dedupe_key=str(n)
        )
    client.force_login(worker)
    assert badge(client.get(INBOX).content.decode()) == "99+"
