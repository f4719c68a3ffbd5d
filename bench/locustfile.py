"""The load test's simulated staff (locust): social workers and team leaders at work.

Each simulated user signs in through the real sign-in form with an account of its own
(bench/load.py writes them to the file named by LOAD_ACCOUNTS), then mixes, with think
time between requests:

- reading a child's file on their caseload (most of the traffic),
- recording an observation (the form, then saving a draft),
- their caseload and inbox; team leaders also the team's timeliness figures and the
  management oversight dashboard.
"""

import json
import os
import random
import re
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

LONDON = ZoneInfo("Europe/London")
ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
_next_account = count()
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _hidden_fields(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


# Staff at work: after each page they read it, or write, before the next click.
THINK_SECONDS = [float(x) for x in os.environ.get("LOAD_THINK_SECONDS", "3,10").split(",")]
_signed_in = count(1)


class StaffMember(HttpUser):
    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.children: list[int] = account["children"]
        self.manager = account["manager"]
        page = self.client.get("/sign-in/", name="/sign-in/")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/sign-in/",
            {
                "csrfmiddlewaretoken": token,
                "username": account["username"],
                "password": account["password"],
            },
            name="/sign-in/ (POST)",
            headers={"Referer": f"{self.host}/sign-in/"},
        )
        # The figures are of the staff at work: counting starts again once the last one
        # is signed in (password hashing is slow on purpose and would swamp them).
        if next(_signed_in) == self.environment.runner.target_user_count:
            self.environment.stats.reset_all()

    @task(6)
    def read_a_file(self) -> None:
        child = random.choice(self.children)  # noqa: S311 - a simulation, not a secret
        self.client.get(f"/children/{child}/", name="/children/[id]/")

    @task(2)
    def caseload(self) -> None:
        self.client.get("/", name="/ (caseload)")

    @task(1)
    def inbox(self) -> None:
        self.client.get("/notifications/", name="/notifications/")

    @task(1)
    def team_figures(self) -> None:
        if self.manager:
            self.client.get("/timeliness/", name="/timeliness/")

    @task(1)
    def oversight_dashboard(self) -> None:
        if self.manager:
            self.client.get("/oversight/", name="/oversight/")

    @task(1)
    def record_an_observation(self) -> None:
        child = random.choice(self.children)  # noqa: S311
        url = f"/children/{child}/observations/new/"
        form = self.client.get(url, name="/children/[id]/observations/new/")
        contact = datetime.now(LONDON) - timedelta(hours=2)
        data = {
            **_hidden_fields(form.text),
            "kind": "home_visit",
            "occurred_at_day": str(contact.day),
            "occurred_at_month": str(contact.month),
            "occurred_at_year": str(contact.year),
            "occurred_at_time": contact.strftime("%H:%M"),
            "location": "At the family home (load test)",
            "child_seen": "seen_alone",
            "child_views": "Said school is going well.",
            "facts": "Visited as planned; the home was warm and tidy.",
            "analysis": "No new concerns.",
            "summary": "Load test visit",
            "participants-0-name": "Parent",
            "participants-0-title": "Mother",
            "save": "draft",
        }
        with self.client.post(
            url,
            data,
            name="/children/[id]/observations/new/ (POST)",
            headers={"Referer": f"{self.host}{url}"},
            catch_response=True,
        ) as response:
            # Saved, the form redirects to the observation; shown again, it was refused.
            if response.ok and not response.history:
                response.failure("the observation was not saved (the form came back)")
