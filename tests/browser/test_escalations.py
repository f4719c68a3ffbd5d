"""Need to Know in a real browser: a worker raises a category B concern from the child's
file; the head of service finds it at the top of the triage queue and decides to inform
the Director, completing the briefing; the Director sees the briefing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Escalation, EscalationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCERN = "The family were evicted this afternoon and are sleeping at a friend's tonight."


def test_a_category_b_concern_reaches_the_director_when_the_head_of_service_decides(
    live_server,
    signed_in_page,
    worker,
    child,
    pgl,
    headofservice,
    director,
    axe_check,
    screenshot,
    csp_violations,
):
    page = signed_in_page(worker)
    page.goto(f"{live_server.url}{child.get_absolute_url()}")
    page.get_by_role("link", name="Raise a Need to Know concern").click()
    assert page.get_by_role("heading", name="Raise a Need to Know concern").is_visible()
    axe_check(page)
    page.get_by_label("What is the concern about?").select_option(
        label="A child with a CP Plan made homeless"
    )
    page.get_by_role("button", name="Continue").click()
    # The category follows from the reason, shown before the briefing (no script needed).
    assert page.get_by_text("The head of service decides whether to tell the Director").is_visible()
    page.get_by_label("2. What is the nature of the concern?").fill(CONCERN)
    axe_check(page)
    screenshot(page, "escalation-raise-briefing")
    page.get_by_role("button", name="Send to the head of service").click()

    escalation = Escalation.objects.get()
    page.wait_for_url(f"{live_server.url}{escalation.get_absolute_url()}")
    assert "sent to the head of service" in page.locator(".govuk-notification-banner").inner_text()
    assert escalation.category == "B"

    page.context.clear_cookies()
    page = signed_in_page(headofservice)
    page.goto(f"{live_server.url}/escalations/")
    page.wait_for_url(f"{live_server.url}/escalations/queue/")
    first_row = page.locator(".app-escalations tbody tr").first
    assert "A child with a CP Plan made homeless" in first_row.inner_text()
    assert "Amelia Hughes" in first_row.inner_text()
    axe_check(page)
    screenshot(page, "escalation-triage-queue")
    first_row.get_by_role("link").click()
    page.get_by_role("button", name="Decide whether to inform the Director").click()
    page.wait_for_url(f"{live_server.url}/escalations/{escalation.pk}/decide/")
    heading = page.get_by_role("heading", name="Decide whether to inform the Director")
    heading.wait_for()  # the page has loaded, not only its address
    assert heading.is_visible()
    page.get_by_label("Yes, inform the Director").check()
    page.get_by_label("Reason for your decision").fill(
        "A baby in the family; press interest likely."
    )
    page.get_by_label("3. Action being taken to deal with the issue").fill(
        "Emergency accommodation arranged with housing for tomorrow."
    )
    update = timezone.localdate() + timedelta(days=2)
    page.locator("#id_update_expected_on_day").fill(str(update.day))
    page.locator("#id_update_expected_on_month").fill(str(update.month))
    page.locator("#id_update_expected_on_year").fill(str(update.year))
    page.get_by_label("5. Who to contact for further details").fill("Wendy Walker, 01482 000 111")
    axe_check(page)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"{live_server.url}{escalation.get_absolute_url()}")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.SENT_TO_DIRECTOR

    page.context.clear_cookies()
    page = signed_in_page(director)
    page.goto(f"{live_server.url}/escalations/")
    page.wait_for_url(f"{live_server.url}/escalations/director/")
    page.get_by_role("link", name="A child with a CP Plan made homeless").click()
    briefing = page.locator(".app-briefing")
    assert CONCERN in briefing.inner_text()
    assert "Emergency accommodation arranged" in briefing.inner_text()
    assert "LA ID A0001" in briefing.inner_text()
    assert page.get_by_role("button", name="Acknowledge the briefing").is_visible()
    axe_check(page)
    screenshot(page, "escalation-director-briefing")
    assert csp_violations == []
