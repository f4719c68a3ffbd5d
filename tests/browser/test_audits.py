"""The quarterly file audit in a real browser: the auditor opens their sample, scores one
file against the checklist with an action for the team leader, and the team leader finds
the action in their inbox."""

import re

import pytest

from audits import sampling
from audits.models import AuditSample, SampleStatus
from audits.quarters import Quarter
from tests.audits.checklist import load_checklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTION = "Record that the complaints leaflet was given to Amelia's mother"


def test_an_auditor_scores_a_sampled_file_and_the_team_leader_gets_the_action(
    live_server,
    signed_in_page,
    child,
    sibling,
    auditor,
    teamleader,
    axe_check,
    screenshot,
    csp_violations,
):
    load_checklist()  # gone if an earlier transactional test emptied the tables
    # The live server runs on the real clock: draw this quarter's sample.
    sampling.audit_draw(quarter=Quarter.current(), seed=1)
    sample = AuditSample.objects.get(child=child, kind="file")
    page = signed_in_page(auditor, next_path="/audits/")
    assert page.get_by_role("heading", name="My audits").is_visible()
    axe_check(page)

    # The visually hidden part of the link is positioned apart: browsers put a space before it.
    page.get_by_role("link", name=re.compile(r"^Amelia Hughes\s*: case file audit$")).click()
    page.wait_for_url(f"{live_server.url}{sample.get_absolute_url()}")
    page.get_by_role("button", name="Start the audit").click()
    page.wait_for_url(f"{live_server.url}/audits/samples/{sample.pk}/score/")
    assert page.get_by_text("Found in the record").first.is_visible()
    axe_check(page)
    screenshot(page, "audit-checklist")

    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.locator("#id_actions-0-description").fill(ACTION)
    page.locator("#id_actions-0-due_date_day").fill("28")
    page.locator("#id_actions-0-due_date_month").fill("2")
    page.locator("#id_actions-0-due_date_year").fill(str(Quarter.current().year + 1))
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Overall findings").fill("Good chronology; leaflets not recorded.")
    page.get_by_role("button", name="Complete the audit").click()

    page.wait_for_url(f"{live_server.url}{sample.get_absolute_url()}")
    assert "Audit completed" in page.locator(".govuk-notification-banner--success").inner_text()
    sample.refresh_from_db()
    assert (sample.status, sample.grade) == (SampleStatus.COMPLETED, "requires_improvement")
    axe_check(page)
    screenshot(page, "audit-completed")

    page.context.clear_cookies()
    page = signed_in_page(teamleader, next_path="/notifications/")
    notice = page.get_by_role("link", name=f"Audit action for Amelia Hughes: {ACTION}")
    assert notice.is_visible()
    axe_check(page)
    screenshot(page, "team-leader-inbox-audit-action")
    notice.click()
    page.wait_for_url(f"{live_server.url}{sample.get_absolute_url()}")
    assert page.get_by_text(ACTION).is_visible()
    assert csp_violations == []
