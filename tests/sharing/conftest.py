"""Fixtures for the sharing tests: valid answers for each type of record, and a recorder."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sharing import services
from sharing.models import Organisation, SharingType

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
CONTACT = datetime(2026, 11, 20, 10, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def answers(type: str = SharingType.DISCLOSURE, **changes) -> dict:
    """A complete, valid set of answers for a record of `type`, with `changes` applied."""
    data = {
        "occurred_at": CONTACT,
        "name": "Priya Shah",
        "job_title": "Designated safeguarding lead",
        "organisation_name": "Hull Primary School",
        "telephone": "01482 000000",
        "reason": "The school needs to know about the child protection plan.",
        "consent": "given",
        "consent_given_by": "Sarah Hughes (mother)",
        "consent_limits": "Not to be shared with the after-school club.",
        "family_informed": True,
        "information_shared": "The child protection plan and the core group dates.",
        "method": "secure_portal",
        "outcome": "The school will attend the core group.",
    }
    if type == SharingType.REQUEST_RECEIVED:
        data |= {
            "identity_confirmed_by": "Rang back on the school's switchboard number",
            "information_requested": "Whether the child is known to children's social care.",
            "decision": "share",
        }
    if type == SharingType.REQUEST_MADE:
        data |= {"information_requested": "Attendance for the last term.", "decision": ""}
        data.pop("family_informed")
    return {**data, **changes}


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Humberside Police", telephone="101", address="Priory Road, Hull"
    )


@pytest.fixture
def record(worker, child):
    """A draft disclosure about `child`, by `worker`."""
    made, _away = services.sharing_record_create(
        user=worker, type=SharingType.DISCLOSURE, children=[child], data=answers()
    )
    return made


@pytest.fixture
def completed(worker, child):
    made, _away = services.sharing_record_create(
        user=worker,
        type=SharingType.REQUEST_RECEIVED,
        children=[child],
        data=answers(SharingType.REQUEST_RECEIVED),
        complete=True,
    )
    return made


@pytest.fixture
def api_for():
    """A client that sends `Authorization: Token ...` for the given user."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def client_for(user):
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
