"""Scoring a sampled file: the checklist pre-filled from the record where it can be, the
auditor's answers, the grade, and the actions that reach the team leader's inbox."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits import services
from audits.models import Answer, AuditAnswer, AuditQuestion, SampleStatus
from caserecords.models import ChronologyCategory, ChronologyEntry
from notifications.models import Notification
from tests.factories import ObservationFactory

from .conftest import LONDON, NOW

pytestmark = pytest.mark.usefixtures("now")


def answers_by_key(sample) -> dict[str, AuditAnswer]:
    return {row.question.key: row for row in sample.answers.select_related("question")}


def all_yes(sample) -> dict[int, tuple[str, str]]:
    return {row.question_id: (Answer.YES, "") for row in sample.answers.all()}


def test_the_checklist_holds_appendix_sixs_questions_as_data(db):
    keys = set(AuditQuestion.objects.filter(applies_to="file").values_list("key", flat=True))
    assert {"demographics", "chronology", "leaflets", "fact-opinion", "manager-reads"} <= keys
    assert {"closure-summary", "views", "agreements", "plans-shared", "risk-assessment"} <= keys
    assert AuditQuestion.objects.filter(applies_to="supervision").count() == 5


def test_starting_an_audit_prefills_what_the_record_answers(sample, auditor, child, teamleader):
    ObservationFactory(
        child=child,
        author=teamleader,
        kind="file_read",
        summary="Read the file: plan on track",
        occurred_at=datetime(2026, 12, 1, 10, tzinfo=LONDON),
        status="completed",
        completed_at=datetime(2026, 12, 1, 11, tzinfo=LONDON),
        due_by=date(2026, 12, 8),
    )
    services.audit_start(sample=sample, user=auditor)
    sample.refresh_from_db()
    assert sample.status == SampleStatus.IN_PROGRESS
    found = answers_by_key(sample)
    # The child was referred and allocated through the services: both are in the chronology.
    assert found["chronology"].answer == Answer.YES
    assert (
        found["chronology"].evidence
        == "The chronology has 2 entries, the latest on 12 January 2026."
    )
    # No religion or first language recorded for Amelia.
    assert found["demographics"].answer == Answer.NO
    assert found["demographics"].evidence.endswith("religion, first language.")
    assert found["manager-reads"].answer == Answer.YES
    assert (
        "Tara Lewis last recorded a file read on 1 December 2026" in found["manager-reads"].evidence
    )
    assert found["recordings-on-time"].answer == Answer.YES
    assert found["leaflets"].answer == "" and found["leaflets"].evidence == ""
    assert found["manager-reads"].suggested == Answer.YES


def test_a_late_or_overdue_recording_prefills_no(sample, auditor, child, worker):
    ObservationFactory(child=child, author=worker, due_by=date(2026, 12, 30))  # overdue draft
    services.audit_start(sample=sample, user=auditor)
    found = answers_by_key(sample)
    assert found["recordings-on-time"].answer == Answer.NO
    assert found["recordings-on-time"].evidence.startswith("1 recording(s) overdue now")
    assert found["manager-reads"].answer == Answer.NO


def test_only_the_assigned_auditor_audits(sample, second_auditor, teamleader):
    for person in (second_auditor, teamleader):
        with pytest.raises(PermissionDenied):
            services.audit_start(sample=sample, user=person)


def test_saving_keeps_answers_without_completing(sample, auditor):
    services.audit_start(sample=sample, user=auditor)
    question = AuditQuestion.objects.get(key="leaflets")
    services.audit_save(
        sample=sample, user=auditor, answers={question.pk: (Answer.NO, "No leaflet note")}
    )
    sample.refresh_from_db()
    assert sample.status == SampleStatus.IN_PROGRESS
    assert answers_by_key(sample)["leaflets"].comment == "No leaflet note"


def test_completing_needs_every_answer_a_comment_on_each_no_and_the_grade(sample, auditor):
    services.audit_start(sample=sample, user=auditor)
    leaflets = AuditQuestion.objects.get(key="leaflets")
    answers = {**all_yes(sample), leaflets.pk: (Answer.NO, "")}
    answers.pop(AuditQuestion.objects.get(key="views").pk)
    AuditAnswer.objects.filter(sample=sample, question__key="views").update(answer="")
    with pytest.raises(ValidationError) as raised:
        services.audit_save(sample=sample, user=auditor, answers=answers, complete=True)
    errors = raised.value.message_dict
    assert errors["grade"] == ["Select the overall grade"]
    assert f"comment_{leaflets.pk}" in errors
    assert any(key.startswith("answer_") for key in errors)
    sample.refresh_from_db()
    assert sample.status == SampleStatus.IN_PROGRESS
    assert answers_by_key(sample)["leaflets"].answer == ""  # nothing half-saved


def test_completing_sends_each_action_to_the_team_leaders_inbox(sample, auditor, teamleader, child):
    services.audit_start(sample=sample, user=auditor)
    away = services.audit_save(
        sample=sample,
        user=auditor,
        answers=all_yes(sample),
        grade="requires_improvement",
        summary="Views of the child are thin.",
        actions=[services.NewAction("Record Amelia's views at the next visit", date(2027, 2, 1))],
        complete=True,
    )
    assert away == []
    sample.refresh_from_db()
    assert (sample.status, sample.grade, sample.completed_at) == (
        "completed",
        "requires_improvement",
        NOW,
    )
    notice = Notification.objects.get(recipient=teamleader)
    assert notice.kind == "audit_action"
    assert (
        notice.subject == "Audit action for Amelia Hughes: Record Amelia's views at the next visit"
    )
    assert "by 1 February 2027" in notice.body
    assert notice.link == sample.get_absolute_url()
    entry = ChronologyEntry.objects.get(child=child, category=ChronologyCategory.AUDIT)
    assert entry.headline == "File audit 2027Q1: Requires improvement"
    with pytest.raises(ValidationError, match="already completed"):
        services.audit_save(sample=sample, user=auditor, answers={}, complete=True)


def test_an_action_due_in_the_past_is_refused(sample, auditor):
    services.audit_start(sample=sample, user=auditor)
    yesterday = NOW.date() - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        services.audit_save(
            sample=sample,
            user=auditor,
            answers={},
            actions=[services.NewAction("Too late", yesterday)],
        )
    assert "actions-0-due_date" in raised.value.message_dict
    assert not sample.actions.exists()
