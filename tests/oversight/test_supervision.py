"""Supervision (seed 003 App. 7, 6.3): each case discussed becomes a completed observation of
kind supervision on that child's file, linked to the session."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecords import services
from caserecords.models import Observation, Supervision

from .conftest import LONDON

HELD_AT = datetime(2026, 11, 2, 10, 0, tzinfo=LONDON)


def discuss(child, decisions="Visit weekly."):
    return {"child": child, "discussion": "Progress since the conference.", "decisions": decisions}


def test_each_case_discussed_goes_on_its_childs_file(child, sibling, worker, teamleader):
    session = services.supervision_record(
        supervisor=teamleader, worker=worker, held_at=HELD_AT,
        cases=[discuss(child), discuss(sibling, "Close at the next review.")],
    )  # fmt: skip
    observations = Observation.objects.filter(kind="supervision").order_by("child_id")
    assert [o.child for o in observations] == [child, sibling]
    assert all(o.status == "completed" and o.author == teamleader for o in observations)
    assert [case.observation for case in session.cases.order_by("child_id")] == list(observations)
    assert observations[1].analysis == "Close at the next review."
    assert child.chronology.filter(category="oversight").count() == 1


@pytest.mark.parametrize("who", ["worker", "colleague", "otherworker"])
def test_only_a_manager_of_the_workers_team_records_supervision(request, child, worker, who):
    with pytest.raises(PermissionDenied):
        services.supervision_record(
            supervisor=request.getfixturevalue(who), worker=worker, held_at=HELD_AT,
            cases=[discuss(child)],
        )  # fmt: skip
    assert not Supervision.objects.exists()


def test_each_case_needs_its_decisions(child, worker, teamleader):
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            supervisor=teamleader, worker=worker, held_at=HELD_AT, cases=[discuss(child, " ")]
        )
    assert "cases" in error.value.message_dict
    assert not Observation.objects.filter(kind="supervision").exists()


def test_a_team_leader_records_a_supervision_on_the_page(
    client, child, sibling, worker, teamleader
):
    client.force_login(teamleader)
    url = reverse("caserecords:supervision-new") + f"?worker={worker.pk}"
    page = client.get(url)
    assert [c.pk for c in page.context["form"].children] == [child.pk, sibling.pk]
    response = client.post(url, {
        "held_at_day": "2", "held_at_month": "11", "held_at_year": "2026", "held_at_time": "10:00",
        f"discussed_{child.pk}": "on", f"discussion_{child.pk}": "School attendance.",
        f"decisions_{child.pk}": "Meet the school.",
    })  # fmt: skip
    session = Supervision.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.cases.get().child == child
    assert "Meet the school." in client.get(session.get_absolute_url()).content.decode()


def test_the_page_needs_a_case_discussed(client, child, worker, teamleader):
    client.force_login(teamleader)
    url = reverse("caserecords:supervision-new") + f"?worker={worker.pk}"
    response = client.post(url, {
        "held_at_day": "2", "held_at_month": "11", "held_at_year": "2026", "held_at_time": "10:00",
    })  # fmt: skip
    assert "Select at least one case that was discussed" in response.content.decode()


def test_a_worker_outside_ones_teams_cannot_be_chosen(client, teamleader, otherworker, worker):
    client.force_login(teamleader)
    url = reverse("caserecords:supervision-new") + f"?worker={otherworker.pk}"
    response = client.get(url)
    assert "form" not in response.context or response.context.get("chooser") is not None
    assert response.context["chooser"].errors
    client.force_login(worker)
    assert client.get(reverse("caserecords:supervision-new")).status_code == 403


def test_another_teams_worker_cannot_open_the_record(
    client, child, worker, teamleader, otherworker
):
    session = services.supervision_record(
        supervisor=teamleader, worker=worker, held_at=HELD_AT, cases=[discuss(child)]
    )
    client.force_login(otherworker)
    assert client.get(session.get_absolute_url()).status_code == 404
