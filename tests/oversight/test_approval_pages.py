"""Approval pages: the file's approvals, submitting, and deciding (with who may do which)."""

from datetime import date

import pytest
from django.urls import reverse

from caserecords import services
from caserecords.models import Approval

from .closing import submit_closure


def new_url(child, kind="closure"):
    return reverse("caserecords:approval-new", args=[child.pk, kind])


CLOSURE_FORM = {
    "effective_on_day": "30", "effective_on_month": "10", "effective_on_year": "2026",
    "closure_reason": "RC7",
    "closure_summary": "Needs met.",
    "child_views": "Amelia is happy for it to end.",
    "carer_views": "Mother agrees.",
}  # fmt: skip


def test_a_worker_submits_a_closure_and_the_team_leader_approves_it(
    client, child, worker, teamleader
):
    client.force_login(worker)
    listing = client.get(reverse("caserecords:approvals", args=[child.pk])).content.decode()
    assert new_url(child) in listing
    response = client.post(new_url(child), CLOSURE_FORM)
    approval = Approval.objects.get()
    assert response["Location"] == approval.get_absolute_url()
    # The worker cannot decide it: no form, and a POST is refused.
    page = client.get(approval.get_absolute_url())
    assert page.context["can_decide"] is False
    assert client.post(approval.get_absolute_url(), {"decision": "approve"}).status_code == 403
    client.force_login(teamleader)
    assert client.get(approval.get_absolute_url()).context["can_decide"] is True
    response = client.post(approval.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.closed_on == date(2026, 10, 30)


def test_the_closure_form_shows_errors_without_saving(client, child, worker):
    client.force_login(worker)
    response = client.post(new_url(child), {**CLOSURE_FORM, "child_views": "", "carer_views": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert not Approval.objects.exists()


def test_a_service_rule_shows_on_the_form(client, child, worker):
    client.force_login(worker)
    response = client.post(new_url(child), {**CLOSURE_FORM, "effective_on_year": "2025"})
    assert response.status_code == 200
    assert "cannot be before the current allocation began" in response.content.decode()


def test_returning_without_comments_is_an_error(client, child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=date(2026, 10, 30))
    client.force_login(teamleader)
    response = client.post(approval.get_absolute_url(), {"decision": "return", "comments": ""})
    assert response.status_code == 200
    assert "Say why it is returned" in response.content.decode()
    approval.refresh_from_db()
    assert approval.is_waiting


def test_an_unknown_kind_is_404(client, child, worker):
    client.force_login(worker)
    assert client.get(new_url(child, "holiday")).status_code == 404


@pytest.mark.parametrize("persona", ["otherworker", "auditor"])
def test_those_who_may_not_see_the_child_get_404(client, everyone, child, worker, persona):
    approval = submit_closure(child, worker, closed_on=date(2026, 10, 30))
    client.force_login(everyone[persona])
    for url in (
        reverse("caserecords:approvals", args=[child.pk]),
        new_url(child),
        approval.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_sign_in(client, child):
    response = client.get(new_url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("rows", [1, 30])
def test_the_approvals_page_runs_a_fixed_number_of_queries(
    client, child, worker, teamleader, rows, django_assert_num_queries
):
    for n in range(rows):
        sent = services.approval_submit(
            child=child, user=worker, kind="assessment", data={"note": f"Assessment {n}"}
        )
        services.approval_decide(
            approval=sent.approval, user=teamleader, approve=False, comments="Not yet."
        )
    client.force_login(worker)
    # 1 session, 2 user, 3 child (access), 4 open legal statuses (banner), 5 count,
    # 6 the page with who submitted and decided, 7 access log insert, 8 notifications count.
    with django_assert_num_queries(8):
        response = client.get(reverse("caserecords:approvals", args=[child.pk]))
    assert response.context["page"].paginator.count == rows
