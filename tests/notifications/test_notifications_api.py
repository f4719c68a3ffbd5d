"""/api/notifications/: the signed-in user's own notices; marking them read."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from notifications.models import Notification, NotificationKind

from .conftest import london

LIST = "/api/notifications/"


def api_for(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def notice(recipient, n: int = 1, *, read: bool = False, kind=NotificationKind.OVERDUE_RECORDING):
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        subject=f"Notice {n}",
        body=f"Body {n}",
        link=f"/observations/{n}/",
        dedupe_key=f"test:{n}",
        created_at=london(2026, 11, n, 9, 0),
        read_at=london(2026, 11, n, 10, 0) if read else None,
    )


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_a_caller_without_credentials_gets_401(worker):
    mine = notice(worker)
    anonymous = APIClient()
    calls = [
        anonymous.get(LIST),
        anonymous.get(f"{LIST}{mine.pk}/"),
        anonymous.post(f"{LIST}{mine.pk}/read/"),
        anonymous.post(f"{LIST}read-all/"),
    ]
    assert [response.status_code for response in calls] == [401] * 4
    mine.refresh_from_db()
    assert mine.read_at is None


def test_it_lists_ones_own_notices_unread_first_with_the_fields(worker, colleague):
    first = notice(worker, 1)
    read = notice(worker, 2, read=True)
    newest = notice(worker, 3)
    notice(colleague, 4)

    response = api_for(worker).get(LIST)

    assert response.status_code == 200
    assert ids(response) == [newest.pk, first.pk, read.pk]
    assert response.json()["results"][2] == {
        "id": read.pk,
        "kind": "overdue_recording",
        "subject": "Notice 2",
        "body": "Body 2",
        "created_at": "2026-11-02T09:00:00Z",
        "read_at": "2026-11-02T10:00:00Z",
        "link": "/observations/2/",
        "covering_for": None,
    }


def test_it_filters_unread_and_kind(worker):
    unread = notice(worker, 1)
    read = notice(worker, 2, read=True)
    escalation = notice(worker, 3, kind=NotificationKind.ESCALATION)
    api = api_for(worker)

    assert ids(api.get(LIST, {"unread": "true"})) == [escalation.pk, unread.pk]
    assert ids(api.get(LIST, {"unread": "false"})) == [read.pk]
    assert ids(api.get(LIST, {"kind": "escalation"})) == [escalation.pk]
    assert api.get(LIST, {"unread": "perhaps"}).status_code == 400


def test_someone_elses_notice_is_a_404(worker, otherworker, teamleader):
    mine = notice(worker)
    for outsider in (otherworker, teamleader):
        api = api_for(outsider)
        assert api.get(f"{LIST}{mine.pk}/").status_code == 404
        assert api.post(f"{LIST}{mine.pk}/read/").status_code == 404
        assert ids(api.get(LIST)) == []
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_one_read(worker, time_machine):
    mine = notice(worker)
    time_machine.move_to(london(2026, 11, 28, 9, 30), tick=False)

    response = api_for(worker).post(f"{LIST}{mine.pk}/read/")

    assert response.status_code == 200
    assert response.json()["read_at"] == "2026-11-28T09:30:00Z"
    mine.refresh_from_db()
    assert mine.read_at == london(2026, 11, 28, 9, 30)


def test_marking_all_read_marks_only_ones_own(worker, colleague):
    notice(worker, 1)
    notice(worker, 2)
    theirs = notice(colleague, 3)

    response = api_for(worker).post(f"{LIST}read-all/")

    assert response.json() == {"marked_read": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(worker, count, django_assert_num_queries):
    for n in range(1, count + 1):
        notice(worker, n, read=n % 2 == 0)
    api = api_for(worker)
    # 1 token (with its user), 2 count, 3 the page of notices
    with django_assert_num_queries(3):
        response = api.get(LIST)
    assert len(ids(response)) == count


def test_the_schema_describes_the_notifications_endpoints(worker):
    schema = api_for(worker).get("/api/schema/", {"format": "json"}).json()
    assert {f"{LIST}", f"{LIST}{{id}}/", f"{LIST}{{id}}/read/", f"{LIST}read-all/"} <= set(
        schema["paths"]
    )
