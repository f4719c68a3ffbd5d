"""API fixtures: clients signed in by token, a frozen clock, and a draft observation.

The clock stands at Wednesday 4 November 2026, noon in London; the draft is a
home visit on Monday 2 November, due (5 working days) on Monday 9 November.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from caserecords import services

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=LONDON)
VISIT_AT = datetime(2026, 11, 2, 10, 0, tzinfo=LONDON)
VISIT_DUE = date(2026, 11, 9)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def api_for():
    """A client that sends `Authorization: Token ...` for the given user."""

    def client_for(user) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def api(api_for, worker):
    """The allocated worker, signed in by token."""
    return api_for(worker)


def visit_data(**overrides) -> dict:
    """The recorded fields of a home visit, as the services take them."""
    return {
        "kind": "home_visit",
        "occurred_at": VISIT_AT,
        "location": "At the family home, announced",
        "summary": "Visit to see Amelia after the school's concern",
        "child_seen": "seen_alone",
        "child_views": "I like living with mum but I miss my dad.",
        "facts": "Amelia showed me her bedroom. The house was warm and clean.",
        "analysis": "No immediate safeguarding concern seen.",
        **overrides,
    }


def record_visit(author, child, *, siblings=(), **overrides):
    """Record a draft home visit through the service, as the API would."""
    return services.observation_create(
        author=author,
        child=child,
        data=visit_data(**overrides),
        participants=[{"name": "Sarah Hughes", "title": "Mother", "agency": ""}],
        actions=[
            {
                "description": "Ask the school for attendance records",
                "owner": "Wendy Walker",
                "due_date": date(2026, 11, 13),
            }
        ],
        siblings=siblings,
    )


@pytest.fixture
def observation(now, worker, child):
    """A draft home visit on `child`'s file, recorded by `worker`."""
    return record_visit(worker, child)[0]
