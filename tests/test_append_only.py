"""Append-only history on PostgreSQL: raw SQL that tries to change the past is refused."""

import pytest
from django.db import DatabaseError, connection, transaction

from caserecords import access, services
from caserecords.models import AccessLog, AmendmentKind, Observation
from tests.factories import ObservationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        assert "append-only" in str(error) or "completed" in str(error)
        return True
    return False


@pytest.fixture
def completed(child, worker):
    observation = ObservationFactory(child=child, author=worker)
    services.observation_complete(observation=observation, user=worker, late_reason="Off sick")
    return Observation.objects.get(pk=observation.pk)


def test_history_rows_cannot_be_updated_or_deleted(completed):
    table = Observation.history.model._meta.db_table
    assert refused(f"UPDATE {table} SET summary = 'rewritten'")  # noqa: S608
    assert refused(f"DELETE FROM {table}")  # noqa: S608


def test_the_access_log_cannot_be_updated_or_deleted(child, worker):
    access.record_read(worker, child, "child file")
    assert refused("UPDATE caserecords_accesslog SET what = 'nothing'")
    assert refused("DELETE FROM caserecords_accesslog")
    assert AccessLog.objects.count() == 1


def test_a_completed_observation_cannot_be_changed_or_deleted_by_sql(completed):
    assert refused(
        "UPDATE caserecords_observation SET facts = 'rewritten' WHERE id = %s", [completed.pk]
    )
    assert refused("DELETE FROM caserecords_observation WHERE id = %s", [completed.pk])
    assert (
        refused("DELETE FROM caserecords_participant WHERE observation_id = %s", [completed.pk])
        or not completed.participants.exists()
    )
    completed.refresh_from_db()
    assert completed.facts != "rewritten"


def test_a_draft_can_still_be_edited(child, worker):
    draft = ObservationFactory(child=child, author=worker)
    assert not refused(
        "UPDATE caserecords_observation SET facts = 'edited' WHERE id = %s", [draft.pk]
    )


def test_a_child_is_never_deleted(child):
    assert refused("DELETE FROM caserecords_child WHERE id = %s", [child.pk])


def test_an_approved_amendment_still_changes_a_completed_observation(completed, worker, colleague):
    request = services.amendment_request(
        observation=completed,
        user=colleague,
        kind=AmendmentKind.AMEND,
        reason="Wrong room recorded",
        changes={"location": "The kitchen"},
    )
    services.amendment_decide(request=request, user=worker, approve=True)
    completed.refresh_from_db()
    assert completed.location == "The kitchen"
    # ...and the path closes again with the amendment.
    assert refused("UPDATE caserecords_observation SET facts = 'x' WHERE id = %s", [completed.pk])
