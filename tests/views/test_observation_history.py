"""The observation's history (`/observations/<pk>/history/`): every version, oldest first, who
changed what and why, in a fixed number of queries."""

import pytest
import time_machine
from django.urls import reverse

from caserecords import services

from ._observations import NOW, record


def url(observation) -> str:
    return reverse("caserecords:observation-history", args=[observation.pk])


def amend(observation, user, reason: str, **changes):
    return services.amendment_request(
        observation=observation, user=user, kind="amend", reason=reason, changes=changes
    )


def test_it_sends_a_visitor_who_is_not_signed_in_to_sign_in(client, worker, child):
    observation = record(worker, child)
    response = client.get(url(observation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_staff_who_cannot_see_the_file_get_404(client, everyone, worker, child, persona):
    observation = record(worker, child)
    client.force_login(everyone[persona])
    assert client.get(url(observation)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_it_lists_every_version_oldest_first_with_who_why_and_what_changed(
    client, worker, colleague, child
):
    observation = record(worker, child, complete=True)
    amendment = amend(observation, colleague, "Wrong place", location="At school")
    services.amendment_decide(request=amendment, user=worker, approve=True)
    client.force_login(colleague)
    response = client.get(url(observation))
    assert response.status_code == 200
    versions = response.context["versions"]
    # recorded, completed, amended
    assert len(versions) == 3
    assert [v["record"].history_user for v in versions] == [worker, worker, worker]
    assert versions[0]["changes"] == []
    completed = {change["label"]: change for change in versions[1]["changes"]}
    assert completed["Status"]["old"] == "Draft"
    assert completed["Status"]["new"] == "Completed"
    assert versions[2]["changes"] == [
        {
            "label": "Where and how the contact happened",
            "old": "At the family home",
            "new": "At school",
        }
    ]
    html = response.content.decode()
    assert html.index("Version 1") < html.index("Version 2") < html.index("Version 3")
    assert "Amendment: Wrong place" in html
    assert "Wendy Walker" in html


@time_machine.travel(NOW, tick=False)
def test_an_entry_in_error_hides_what_changed_from_all_but_managers(
    client, worker, teamleader, child
):
    observation = record(worker, child, complete=True)
    services.amendment_request(
        observation=observation, user=teamleader, kind="entered_in_error", reason="Wrong child"
    )
    client.force_login(worker)
    response = client.get(url(observation))
    assert all(version["changes"] == [] for version in response.context["versions"])
    assert "only managers can read what changed" in response.content.decode()
    client.force_login(teamleader)
    response = client.get(url(observation))
    assert any(version["changes"] for version in response.context["versions"])


@time_machine.travel(NOW, tick=False)
def test_the_page_runs_a_fixed_number_of_queries_however_many_versions(
    client, worker, child, django_assert_num_queries
):
    observation = record(worker, child, complete=True)
    for number in range(4):
        amend(observation, worker, f"Correction {number}", summary=f"Headline {number}")
    client.force_login(worker)
    # session, user, observation (+ child, team, worker, author), legal statuses (banner),
    # history (+ who), the access log's insert, unread notifications count (header)
    with django_assert_num_queries(7):
        response = client.get(url(observation))
    assert len(response.context["versions"]) == 6
