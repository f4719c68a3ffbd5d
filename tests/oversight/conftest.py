"""Oversight fixtures: a frozen clock and the people who approve.

The clock stands at Monday 2 November 2026, 15:00 in London. `child` (team A, allocated to
`worker`) was referred on 12 January 2026. With the default interval of 20 working days, a
file is due a read when no manager has read it on or since Monday 5 October 2026.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from staff.models import Role
from tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 2, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def other_teamleader(team_b):
    return UserFactory(
        username="teamleader_b", first_name="Tom", last_name="Baker", role=Role.TEAM_LEADER,
        team=team_b,
    )  # fmt: skip


@pytest.fixture
def other_headofservice(service_b):
    return UserFactory(username="headofservice_b", role=Role.HEAD_OF_SERVICE, service=service_b)


@pytest.fixture
def api_for():
    def client_for(user) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
