"""Restricting a file to named staff: the head of service decides; the rest need break-glass."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecords import access
from caserecords.models import AccessGrant, AccessReason
from caserecords.services.access_grants import restriction_set


def url(child):
    return reverse("access:restriction", args=[child.pk])


def sees(person, child) -> bool:
    return access.children_visible_to(person).filter(pk=child.pk).exists()


def test_restricting_hides_the_file_from_all_but_the_named_and_the_head_of_service(
    child, worker, colleague, teamleader, headofservice
):
    restriction_set(user=headofservice, child=child, restricted=True, named=[worker])
    assert child.restricted
    assert sees(worker, child) and sees(headofservice, child)
    assert not sees(colleague, child) and not sees(teamleader, child)


def test_a_name_taken_off_loses_sight_and_keeps_its_record(child, worker, colleague, headofservice):
    restriction_set(user=headofservice, child=child, restricted=True, named=[worker])
    restriction_set(user=headofservice, child=child, restricted=True, named=[colleague])
    assert not sees(worker, child) and sees(colleague, child)
    grant = AccessGrant.objects.get(reason=AccessReason.NAMED, user=worker)
    assert grant.expires_at is not None


def test_restricting_without_naming_anyone_is_refused(child, headofservice):
    with pytest.raises(ValidationError) as refused:
        restriction_set(user=headofservice, child=child, restricted=True, named=[])
    assert "named" in refused.value.message_dict
    child.refresh_from_db()
    assert not child.restricted


def test_only_the_head_of_service_restricts(child, teamleader, director, worker):
    for person in (teamleader, director):
        with pytest.raises(PermissionDenied):
            restriction_set(user=person, child=child, restricted=True, named=[worker])


def test_lifting_the_restriction_opens_the_file_to_the_team_again(
    child, worker, colleague, headofservice
):
    restriction_set(user=headofservice, child=child, restricted=True, named=[worker])
    restriction_set(user=headofservice, child=child, restricted=False, named=[])
    assert sees(colleague, child)


def test_the_page_restricts_the_file(client, child, worker, headofservice):
    client.force_login(headofservice)
    assert client.get(url(child)).status_code == 200
    response = client.post(url(child), {"restricted": "yes", "named": [worker.pk]})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.restricted


def test_the_page_shows_the_error_when_nobody_is_named(client, child, headofservice):
    client.force_login(headofservice)
    response = client.post(url(child), {"restricted": "yes"})
    assert response.status_code == 200
    assert "Name at least one member of staff" in response.content.decode()


def test_the_page_is_for_the_head_of_service_only(client, child, teamleader, otherworker):
    client.force_login(teamleader)
    assert client.get(url(child)).status_code == 403
    client.force_login(otherworker)
    assert client.get(url(child)).status_code == 404
