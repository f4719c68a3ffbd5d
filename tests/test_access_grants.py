"""Access beyond the role's: restricted files, grants (audit, emergency) and the access log."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from caserecords import access
from caserecords.models import AccessGrant, AccessLog, AccessReason, AccessWhy

NOW = timezone.make_aware(timezone.datetime(2026, 11, 23, 10, 0))


def grant(child, user, reason, **kwargs):
    return AccessGrant.objects.create(child=child, user=user, reason=reason, **kwargs)


@pytest.fixture
def restricted(child):
    child.restricted = True
    child.save(update_fields=["restricted"])
    return child


def visible(user):
    return set(access.children_visible_to(user).values_list("la_child_id", flat=True))


def test_a_restricted_file_is_hidden_from_the_team_and_its_managers(
    restricted, worker, colleague, teamleader, pgl, director
):
    for person in (worker, colleague, teamleader, pgl, director):
        assert "A0001" not in visible(person), person.username
        with pytest.raises(Http404):
            access.child_for_user(person, restricted.pk)


def test_a_restricted_file_is_visible_to_the_head_of_service_and_named_staff(
    restricted, worker, headofservice
):
    assert "A0001" in visible(headofservice)
    grant(restricted, worker, AccessReason.NAMED)
    assert access.child_for_user(worker, restricted.pk) == restricted


def test_a_named_grant_gives_nothing_beyond_the_role(restricted, otherworker):
    grant(restricted, otherworker, AccessReason.NAMED)
    assert "A0001" not in visible(otherworker)


def test_an_audit_grant_opens_the_sampled_file_to_the_auditor_only_while_it_lasts(child, auditor):
    assert visible(auditor) == set()
    with time_machine.travel(NOW, tick=False):
        grant(child, auditor, AccessReason.AUDIT, starts_at=NOW, expires_at=NOW + timedelta(days=1))
        assert visible(auditor) == {"A0001"}
        assert access.child_for_user(auditor, child.pk) == child
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert visible(auditor) == set()


def test_emergency_access_opens_even_a_restricted_file(restricted, otherworker):
    with time_machine.travel(NOW, tick=False):
        grant(
            restricted,
            otherworker,
            AccessReason.BREAK_GLASS,
            explanation="Out-of-hours duty: police at the door",
            starts_at=NOW,
            expires_at=NOW + timedelta(hours=12),
        )
        assert access.child_for_user(otherworker, restricted.pk) == restricted


def test_emergency_access_needs_a_reason_and_an_expiry(child, otherworker):
    with pytest.raises(IntegrityError):
        grant(child, otherworker, AccessReason.BREAK_GLASS, explanation="")


def test_a_read_is_one_row_saying_who_what_and_why(child, worker, django_assert_num_queries):
    seen = access.child_for_user(worker, child.pk)
    with django_assert_num_queries(1):
        access.record_read(worker, seen, "child file")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.child, entry.what, entry.why) == (
        worker,
        child,
        "child file",
        AccessWhy.NORMAL,
    )


def test_a_read_through_emergency_access_keeps_the_reason(child, otherworker):
    with time_machine.travel(NOW, tick=False):
        grant(
            child,
            otherworker,
            AccessReason.BREAK_GLASS,
            explanation="Police request at night",
            starts_at=NOW,
            expires_at=NOW + timedelta(hours=12),
        )
        access.record_read(otherworker, access.child_for_user(otherworker, child.pk), "child file")
    entry = AccessLog.objects.get()
    assert (entry.why, entry.reason) == (AccessWhy.BREAK_GLASS, "Police request at night")


def test_a_page_of_the_file_logs_its_read(client, worker, child):
    client.force_login(worker)
    client.get(child.get_absolute_url())
    assert list(AccessLog.objects.values_list("what", "why")) == [("child file", "normal")]
