"""The child's missing episodes: the list, recording one, the return and serious risk."""

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Escalation, MissingEpisode

from .conftest import london

NOW = london(2027, 5, 26, 10, 0)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def url(child) -> str:
    return reverse("escalations:child-missing", args=[child.pk])


def went_missing(**fields) -> dict:
    return {
        "missing_from_day": "25",
        "missing_from_month": "5",
        "missing_from_year": "2027",
        "missing_from_time": "21:00",
        "circumstances": "Did not return to the placement after school.",
        **fields,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker", 200),
        ("teamleader", 200),
        ("director", 200),
        ("otherworker", 404),
        ("auditor", 404),
    ],
)
def test_only_those_who_see_the_file_see_its_missing_episodes(
    client, everyone, child, persona, status
):
    client.force_login(everyone[persona])
    assert client.get(url(child)).status_code == status


def test_anonymous_is_sent_to_sign_in(client, child):
    assert client.get(url(child))["Location"].startswith(reverse("login"))


def test_a_worker_records_a_child_missing(client, worker, child):
    client.force_login(worker)
    response = client.post(url(child), went_missing())
    episode = MissingEpisode.objects.get()
    assert response["Location"] == episode.get_absolute_url()
    assert episode.missing_from == london(2027, 5, 25, 21, 0)
    assert episode.recorded_by == worker
    html = client.get(child.get_absolute_url()).content.decode()
    assert "Missing since 25 May 2027, 21:00" in html


def test_a_time_in_the_future_is_refused(client, worker, child):
    client.force_login(worker)
    html = client.post(url(child), went_missing(missing_from_day="27")).content.decode()
    assert "must be in the past" in html
    assert not MissingEpisode.objects.exists()


def test_serious_risk_goes_to_the_head_of_service(client, worker, child, headofservice):
    client.force_login(worker)
    client.post(url(child), went_missing(serious_risk="on"))
    assert Escalation.objects.get().category == "B"


def test_the_return_is_recorded_on_the_episode_page(client, worker, child):
    client.force_login(worker)
    client.post(url(child), went_missing())
    episode = MissingEpisode.objects.get()
    page = reverse("escalations:missing", args=[episode.pk])
    data = {
        "returned_at_day": "26",
        "returned_at_month": "5",
        "returned_at_year": "2027",
        "returned_at_time": "08:30",
    }
    assert client.post(page, data).status_code == 302
    episode.refresh_from_db()
    assert episode.returned_at == london(2027, 5, 26, 8, 30)


def test_marking_serious_risk_on_the_episode_page(client, worker, child, headofservice):
    client.force_login(worker)
    client.post(url(child), went_missing())
    episode = MissingEpisode.objects.get()
    page = reverse("escalations:missing", args=[episode.pk])
    assert client.post(page, {"serious_risk": "on"}).status_code == 302
    assert Escalation.objects.get().missing_episode == episode


def test_another_teams_worker_cannot_open_the_episode(client, worker, otherworker, child):
    client.force_login(worker)
    client.post(url(child), went_missing())
    episode = MissingEpisode.objects.get()
    client.force_login(otherworker)
    assert client.get(reverse("escalations:missing", args=[episode.pk])).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, worker, child, django_assert_num_queries):
    from notifications.missing import missing_episode_record

    for day in (20, 22):
        missing_episode_record(
            user=worker,
            child=child,
            missing_from=london(2027, 5, day, 9, 0),
            returned_at=london(2027, 5, day, 15, 0),
            now=NOW,
        )
    client.force_login(worker)
    # session, user, child with team and worker, open legal statuses (banner), the
    # episodes with who recorded them, the access log insert, unread count (header).
    with django_assert_num_queries(7):
        client.get(url(child))
