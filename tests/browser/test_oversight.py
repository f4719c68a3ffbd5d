"""A team leader's oversight in a real browser: they open a child's file, record their read of
it (seed 003 §4, "Team Leader Monitoring"), then approve the closure the worker submitted,
which closes the case (seed 003 App. 7, 3.4)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caserecords.models import FileRead
from tests.oversight.closing import submit_closure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_reads_a_file_and_approves_its_closure(
    live_server, signed_in_page, worker, teamleader, child, axe_check, screenshot, csp_violations
):
    # The live server uses the real clock.
    closed_on = timezone.localdate() - timedelta(days=1)
    approval = submit_closure(child, worker, closed_on=closed_on)
    page = signed_in_page(teamleader, next_path=child.get_absolute_url())
    assert "Not yet read by a manager" in page.locator(".app-last-read").inner_text()

    page.get_by_role("button", name="Record a file read").click()
    page.wait_for_url(f"{live_server.url}/children/{child.pk}/file-reads/new/")
    axe_check(page)
    page.get_by_label("Supervision").check()
    page.get_by_label("What did you read?").fill("The chronology and the last three visits.")
    page.get_by_label("Decisions (optional)").fill("The plan has worked: agree to close.")
    page.get_by_role("button", name="Record the file read").click()
    page.wait_for_url(f"{live_server.url}{child.get_absolute_url()}")
    assert "Your read of the file has been recorded." in page.content()
    assert "Tara Lewis (supervision)" in page.locator(".app-last-read").inner_text()
    assert FileRead.objects.get().purpose == "supervision"
    screenshot(page, "file-read-recorded")

    page.goto(f"{live_server.url}{approval.get_absolute_url()}")
    assert page.get_by_role("heading", name="Closure").is_visible()
    axe_check(page)
    screenshot(page, "closure-for-approval")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Comments", exact=True).fill(
        "Agreed: the child's and mother's views are clear."
    )
    page.get_by_role("button", name="Save your decision").click()
    page.wait_for_url(f"{live_server.url}{approval.get_absolute_url()}")
    assert "Closure approved." in page.content()
    axe_check(page)
    child.refresh_from_db()
    assert child.closed_on == closed_on
    assert not csp_violations
