"""The lists: the head of service's triage queue (category A always on top, then oldest
first, with the time since raised), the PGL's list, the Director's list and one's own."""

import pytest
import time_machine
from django.urls import reverse

from notifications import escalations
from tests.factories import ChildFactory

from .conftest import CAT_A, CAT_B, london, raise_concern

NOW = london(2027, 5, 26, 15, 0)
QUEUE = reverse("escalations:queue")
DIRECTOR = reverse("escalations:director")
RAISED = reverse("escalations:raised")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def shown(response) -> list[int]:
    return [escalation.pk for escalation in response.context["page"]]


@pytest.fixture
def mixed(worker, child, pgl, headofservice, director):
    """A category B raised first, then two category A, on the same working day."""
    b_old = raise_concern(worker, child=child, code=CAT_B, at=london(2027, 5, 26, 9, 0))
    a_new = raise_concern(worker, child=child, code=CAT_A, at=london(2027, 5, 26, 11, 0))
    a_old = raise_concern(
        worker, child=child, code="organised_abuse", at=london(2027, 5, 26, 10, 0)
    )
    return b_old, a_old, a_new


def test_the_triage_queue_has_category_a_on_top_then_the_oldest_first(client, headofservice, mixed):
    b_old, a_old, a_new = mixed
    client.force_login(headofservice)
    response = client.get(QUEUE)
    assert shown(response) == [a_old.pk, a_new.pk, b_old.pk]
    html = response.content.decode()
    assert "Triage queue" in html
    assert "6\xa0hours ago" in html  # 09:00 to 15:00


def test_the_pgls_list_shows_the_briefings_waiting_with_them(client, pgl, mixed):
    b_old, a_old, a_new = mixed
    client.force_login(pgl)
    assert shown(client.get(QUEUE)) == [a_old.pk, a_new.pk]
    assert shown(client.get(QUEUE, {"show": "all"})) == [a_old.pk, a_new.pk, b_old.pk]


def test_the_queue_filters_by_category(client, headofservice, mixed):
    b_old, _, _ = mixed
    client.force_login(headofservice)
    assert shown(client.get(QUEUE, {"category": "B"})) == [b_old.pk]


def test_the_queue_is_for_a_services_managers(client, everyone):
    for persona, status in [("worker", 403), ("director", 403), ("teamleader", 403)]:
        client.force_login(everyone[persona])
        assert client.get(QUEUE).status_code == status, persona


def test_another_services_head_of_service_sees_none_of_it(client, mixed, service_b):
    from staff.models import Role
    from tests.factories import UserFactory

    other = UserFactory(role=Role.HEAD_OF_SERVICE, service=service_b)
    client.force_login(other)
    assert shown(client.get(QUEUE, {"show": "all"})) == []


def test_the_directors_list_shows_what_reached_the_director(client, director, pgl, mixed):
    *_, a_new = mixed
    escalations.escalation_respond(escalation=a_new, user=pgl, now=london(2027, 5, 26, 12, 0))
    client.force_login(director)
    assert shown(client.get(DIRECTOR)) == [a_new.pk]
    assert client.get(DIRECTOR).status_code == 200


def test_the_directors_list_is_the_directors(client, headofservice):
    client.force_login(headofservice)
    assert client.get(DIRECTOR).status_code == 403


def test_a_worker_sees_the_concerns_they_raised(client, worker, colleague, mixed):
    client.force_login(worker)
    assert sorted(shown(client.get(RAISED))) == sorted(e.pk for e in mixed)
    client.force_login(colleague)
    assert shown(client.get(RAISED)) == []


def test_the_index_sends_each_role_to_their_list(client, everyone):
    expected = {"headofservice": QUEUE, "pgl": QUEUE, "director": DIRECTOR, "worker": RAISED}
    for persona, where in expected.items():
        client.force_login(everyone[persona])
        assert client.get(reverse("escalations:index"))["Location"] == where


def test_lists_need_signing_in(client):
    for url in (QUEUE, DIRECTOR, RAISED):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_a_page_past_the_end_shows_the_last(client, headofservice, mixed):
    client.force_login(headofservice)
    assert client.get(QUEUE, {"page": "99"}).status_code == 200


def more_concerns(worker, team, count: int) -> None:
    for n in range(count):
        other = ChildFactory(worker=worker, team=team)
        raise_concern(
            worker, child=other, code=CAT_A if n % 2 else CAT_B, at=london(2027, 5, 26, 9, n)
        )


@pytest.mark.parametrize(
    ("url", "persona"),
    [(QUEUE, "headofservice"), (QUEUE, "pgl"), (DIRECTOR, "director"), (RAISED, "worker")],
)
def test_the_lists_run_a_fixed_number_of_queries(
    client,
    everyone,
    worker,
    team_a,
    pgl,
    director,
    headofservice,
    django_assert_num_queries,
    url,
    persona,
):
    more_concerns(worker, team_a, 4)
    for escalation in list(escalations.Escalation.objects.filter(category="A"))[:1]:
        escalations.escalation_respond(escalation=escalation, user=pgl, now=NOW)
    client.force_login(everyone[persona])
    client.get(url)
    # session, user, unread count (header), count of the list, the page of escalations
    # (with child, reason and raiser joined), the access log insert.
    with django_assert_num_queries(6):
        client.get(url)
    more_concerns(worker, team_a, 6)
    with django_assert_num_queries(6):
        client.get(url)
