"""Emergency (break-glass) access: a reason, a time limit, a log, and the team leader told."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecords import access
from caserecords.models import AccessGrant, AccessLog, AccessReason
from caserecords.services.access_grants import break_glass_open
from notifications.models import Notification

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 22, 30, tzinfo=LONDON)  # out of hours
URL = reverse("access:break-glass")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_refuses_without_a_reason_and_opens_nothing(otherworker, child):
    with pytest.raises(ValidationError) as refused:
        break_glass_open(user=otherworker, child=child, reason="   ")
    assert refused.value.message_dict == {"reason": ["Say why you need this child's file now."]}
    assert not AccessGrant.objects.exists()


def test_an_administrator_or_auditor_cannot_break_the_glass(administrator, auditor, child):
    for person in (administrator, auditor):
        with pytest.raises(PermissionDenied):
            break_glass_open(user=person, child=child, reason="Curious")


def test_access_opens_for_twelve_hours_then_closes(otherworker, child):
    grant, _away = break_glass_open(user=otherworker, child=child, reason="Police at the door")
    assert grant.expires_at == NOW + timedelta(hours=12)
    assert access.child_for_user(otherworker, child.pk) == child
    with time_machine.travel(NOW + timedelta(hours=12), tick=False):
        assert not access.children_visible_to(otherworker).filter(pk=child.pk).exists()


def test_the_childs_team_leader_is_told_at_once_and_only_once(otherworker, teamleader, child):
    grant, _away = break_glass_open(user=otherworker, child=child, reason="Police at the door")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.link) == (
        teamleader,
        "break_glass",
        child.get_absolute_url(),
    )
    assert "Police at the door" in notice.body
    assert notice.dedupe_key == f"break-glass:{grant.pk}"


def test_reads_through_it_are_logged_with_the_reason(client, otherworker, child):
    break_glass_open(user=otherworker, child=child, reason="Police at the door")
    client.force_login(otherworker)
    assert client.get(child.get_absolute_url()).status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.user, entry.why, entry.reason) == (
        otherworker,
        AccessReason.BREAK_GLASS,
        "Police at the door",
    )


def test_the_page_opens_the_file_with_a_warning(client, otherworker, teamleader, child):
    client.force_login(otherworker)
    response = client.post(URL, {"la_child_id": "A0001", "reason": "Police at the door"})
    assert response.status_code == 302
    assert response["Location"] == child.get_absolute_url()
    page = client.get(response["Location"])
    assert "Emergency access is open until 10:30 on 24 November" in page.content.decode()


def test_the_page_asks_for_the_reason_and_the_id(client, otherworker, child):
    client.force_login(otherworker)
    response = client.post(URL, {"la_child_id": "", "reason": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the child&#x27;s LA ID" in body or "Enter the child’s LA ID" in body
    assert "Say why you need this child" in body
    assert not AccessGrant.objects.exists()


def test_an_unknown_id_is_an_error_not_a_grant(client, otherworker, child):
    client.force_login(otherworker)
    response = client.post(URL, {"la_child_id": "ZZZ999", "reason": "Police at the door"})
    assert "No child has that LA ID" in response.content.decode()
    assert not AccessGrant.objects.exists()


def test_a_file_already_visible_opens_without_a_grant(client, worker, child):
    client.force_login(worker)
    response = client.post(URL, {"la_child_id": "A0001", "reason": "Just looking"})
    assert response["Location"] == child.get_absolute_url()
    assert not AccessGrant.objects.exists()


def test_the_page_needs_sign_in_and_a_role_that_works_with_files(client, auditor, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    client.force_login(auditor)
    assert client.get(URL).status_code == 403
