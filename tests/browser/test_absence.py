"""Absence and cover in a real browser: a team leader records a worker's sickness; the
child's file names the cover; a notice for the worker appears in the cover's inbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from absence.models import Absence
from notifications import services as notification_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_records_a_sickness_and_the_cover_receives_the_workers_notice(
    live_server,
    signed_in_page,
    browser,
    teamleader,
    worker,
    colleague,
    child,
    axe_check,
    screenshot,
    csp_violations,
):
    # The live server uses the real clock: off sick from today for three days.
    today = timezone.localdate()
    back = today + timedelta(days=3)
    page = signed_in_page(teamleader, next_path="/absence/new/")
    assert page.get_by_role("heading", name="Record an absence").is_visible()
    axe_check(page)

    page.get_by_label("Who is away?").select_option(
        label="Wendy Walker (Social worker, Assessment Team North)"
    )
    page.get_by_label("Sickness").check()
    page.locator("#id_planned_1").check()  # No
    for name, day in (("starts_on", today), ("ends_on", back)):
        page.locator(f"#id_{name}_day").fill(str(day.day))
        page.locator(f"#id_{name}_month").fill(str(day.month))
        page.locator(f"#id_{name}_year").fill(str(day.year))
    page.get_by_label("Who will cover?").select_option(
        label="Colin Clarke (Social worker, Assessment Team North)"
    )
    page.get_by_label("Out-of-office message (optional)").fill("Wendy is off sick this week.")
    screenshot(page, "record-an-absence")
    page.get_by_role("button", name="Record the absence").click()

    absence = Absence.objects.get()
    page.wait_for_url(f"{live_server.url}{absence.get_absolute_url()}")
    assert "Wendy Walker’s absence has been recorded. Colin Clarke is covering." in page.content()
    axe_check(page)

    page.goto(f"{live_server.url}{child.get_absolute_url()}")
    note = page.locator(".app-absence-note")
    until = f"{back.day} {back:%B %Y}"
    assert f"Wendy Walker is away until {until}. Colin Clarke is covering." in note.inner_text()
    axe_check(page)
    screenshot(page, "child-file-worker-away")

    # Something is sent to the worker while she is away.
    notification_services.notify(
        recipient=worker,
        kind="amendment_request",
        subject="Amendment requested on a home visit for Amelia Hughes",
        link=child.get_absolute_url(),
        dedupe_key="browser-test:amendment",
    )

    cover_context = browser.new_context()
    cover_page = cover_context.new_page()
    cover_page.goto(f"{live_server.url}/sign-in/?next=/notifications/")
    cover_page.get_by_label("Username").fill(colleague.username)
    cover_page.get_by_label("Password", exact=True).fill("password")
    cover_page.get_by_role("button", name="Sign in").click()
    cover_page.wait_for_url(f"{live_server.url}/notifications/")
    row = cover_page.locator("tr", has_text="Amendment requested on a home visit for Amelia Hughes")
    assert "Sent to you as cover for Wendy Walker." in row.inner_text()
    axe_check(cover_page)
    screenshot(cover_page, "cover-inbox")
    cover_context.close()
    assert csp_violations == []
