"""File reads (team leader monitoring, seed 003 §4): the service and the page."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecords import services
from caserecords.models import ChronologyCategory, FileRead, Observation

from .conftest import LONDON, NOW


def read(child, user, **overrides):
    arguments = {
        "purpose": "supervision",
        "what_was_read": "The chronology and the last three visits.",
        "decisions": "Visit weekly until the core group.",
        **overrides,
    }
    return services.file_read_record(child=child, user=user, **arguments)


def test_a_file_read_is_a_completed_observation_on_the_file_and_in_the_chronology(
    child, teamleader
):
    file_read = read(
        child, teamleader, actions=[
            {"description": "Book the core group", "owner": "Wendy Walker",
             "due_date": date(2026, 11, 9)},
        ],
    )  # fmt: skip
    observation = file_read.observation
    assert (observation.kind, observation.status, observation.author) == (
        "file_read", "completed", teamleader,
    )  # fmt: skip
    assert observation.facts == "The chronology and the last three visits."
    assert observation.analysis == "Visit weekly until the core group."
    assert observation.actions.get().owner == "Wendy Walker"
    entry = child.chronology.get(category=ChronologyCategory.OVERSIGHT)
    assert entry.headline == "File read by Tara Lewis (supervision)"
    assert entry.link == observation.get_absolute_url()
    assert file_read.read_at == NOW


@pytest.mark.parametrize("who", ["worker", "colleague", "auditor", "otherworker"])
def test_only_a_manager_of_the_childs_team_records_a_read(request, child, who):
    with pytest.raises(PermissionDenied):
        read(child, request.getfixturevalue(who))
    assert not Observation.objects.filter(kind="file_read").exists()


def test_a_read_needs_its_purpose_and_what_was_read(child, teamleader):
    with pytest.raises(ValidationError) as error:
        read(child, teamleader, purpose="gossip", what_was_read=" ")
    assert set(error.value.message_dict) == {"purpose", "what_was_read"}


def test_a_read_recorded_late_needs_a_reason(child, teamleader):
    long_ago = datetime(2026, 10, 1, 10, 0, tzinfo=LONDON)
    with pytest.raises(ValidationError) as error:
        read(child, teamleader, read_at=long_ago)
    assert "late_reason" in error.value.message_dict
    assert not FileRead.objects.exists()
    read(child, teamleader, read_at=long_ago, late_reason="Recorded after sick leave.")


# The page ---------------------------------------------------------------------------


def url(child):
    return reverse("caserecords:file-read-new", args=[child.pk])


def form(**overrides):
    return {
        "purpose": "review",
        "read_at_day": "2", "read_at_month": "11", "read_at_year": "2026", "read_at_time": "14:00",
        "what_was_read": "Everything since the last review.",
        "decisions": "Step down to early help at the next review.",
        "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0",
        **overrides,
    }  # fmt: skip


def test_a_team_leader_records_a_read_from_the_file(client, child, teamleader):
    client.force_login(teamleader)
    page = client.get(child.get_absolute_url()).content.decode()
    assert url(child) in page
    assert "Not yet read by a manager" in page
    response = client.post(url(child), form())
    assert response.status_code == 302
    file_read = FileRead.objects.get()
    assert file_read.purpose == "review"
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Last read by a manager" in page
    assert "Tara Lewis (review)" in page


def test_bad_input_shows_the_error_summary(client, child, teamleader):
    client.force_login(teamleader)
    response = client.post(url(child), form(what_was_read="", purpose=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter what you read" in html
    assert not FileRead.objects.exists()


def test_a_worker_cannot_record_a_read(client, child, worker):
    client.force_login(worker)
    assert client.get(url(child)).status_code == 403
    assert url(child) not in client.get(child.get_absolute_url()).content.decode()


def test_another_teams_worker_gets_404_and_anonymous_signs_in(client, child, otherworker):
    assert client.get(url(child)).status_code == 302
    client.force_login(otherworker)
    assert client.get(url(child)).status_code == 404
