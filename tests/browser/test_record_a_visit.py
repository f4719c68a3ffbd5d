"""The journey at the heart of the product, in a real browser: a social worker signs in, opens
a child's file, records a home visit (child seen alone, a significant event), saves and
completes it, and finds it in the chronology at the front of the file."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caserecords.models import Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Amelia seen alone in her bedroom; home warm, food in the cupboards"


def test_a_worker_records_a_home_visit_and_sees_it_in_the_chronology(
    live_server, signed_in_page, worker, child, axe_check, screenshot, csp_violations
):
    # The live server uses the real clock: the visit was an hour ago.
    contact = timezone.localtime() - timedelta(hours=1)
    page = signed_in_page(worker)

    page.get_by_role("link", name="Amelia Hughes").first.click()
    page.wait_for_url(f"{live_server.url}{child.get_absolute_url()}")
    page.get_by_role("button", name="Record an observation").click()
    page.wait_for_url(f"{live_server.url}/children/{child.pk}/observations/new/")
    assert page.get_by_role("heading", name="Record an observation").is_visible()
    axe_check(page)
    screenshot(page, "record-an-observation")

    page.get_by_label("What kind of contact or event was it?").select_option(label="Home visit")
    page.locator("#id_occurred_at_day").fill(str(contact.day))
    page.locator("#id_occurred_at_month").fill(str(contact.month))
    page.locator("#id_occurred_at_year").fill(str(contact.year))
    page.locator("#id_occurred_at_time").fill(contact.strftime("%H:%M"))
    page.get_by_label("Where and how did it happen?").fill("At the family home, planned visit")
    page.locator("#id_participants-0-name").fill("Sarah Hughes")
    page.locator("#id_participants-0-title").fill("Mother")
    page.get_by_label("Yes, and seen alone").check()
    page.get_by_label("The child's views, wishes and feelings, in their own words").fill(
        "I like my new school. I don't like it when Dad shouts."
    )
    page.get_by_label("What happened (facts)").fill("Amelia showed me her bedroom.")
    page.get_by_label("Professional opinion and analysis").fill("The shouting needs exploring.")
    page.get_by_label("Key issues (headline)").fill(SUMMARY)
    page.get_by_label("This is a significant event").check()
    page.get_by_role("button", name="Save and complete").click()

    observation = Observation.objects.get()
    page.wait_for_url(f"{live_server.url}{observation.get_absolute_url()}")
    banner = page.locator(".govuk-notification-banner--success")
    assert "Observation completed on time." in banner.inner_text()
    assert observation.status == "completed"
    assert observation.child_seen == "seen_alone"
    assert observation.significant
    screenshot(page, "observation-completed")

    page.get_by_role("link", name="Back to Amelia Hughes's file").click()
    page.wait_for_url(f"{live_server.url}{child.get_absolute_url()}")
    chronology = page.locator(".app-chronology")
    assert chronology.get_by_role("heading", name=f"Home visit: {SUMMARY}").is_visible()
    axe_check(page)
    screenshot(page, "child-file-with-the-visit")
    assert csp_violations == []
