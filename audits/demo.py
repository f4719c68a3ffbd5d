"""Demo data of the audits app, added by `seed_demo` after the children's records: this
quarter's sample drawn (a fixed seed, so the demo is the same every time) and one file's
audit completed, with an action in the team leader's inbox."""

from datetime import date, timedelta

from caserecords.demo.builder import acting_as
from staff.models import User

from . import sampling, services
from .models import Answer
from .quarters import Quarter

DEMO_SEED = 2026
DEMO_TEAM = "Safeguarding Team North"


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    director = User.objects.filter(username="director").first()
    auditor = User.objects.filter(username="auditor").first()
    if director is None or auditor is None:
        return ""
    quarter = Quarter.containing(today)
    with acting_as(director):
        draw = sampling.audit_draw(quarter=quarter, seed=DEMO_SEED, drawn_by=director).draw
    sample = (
        draw.samples.filter(auditor=auditor, kind="file", team__name=DEMO_TEAM)
        .order_by("child__last_name", "pk")
        .first()
    )
    if sample is not None:
        with acting_as(auditor):
            _complete(sample, auditor, today)
    return f"Audit sample {quarter}: {draw.samples.count()} items drawn (seed {DEMO_SEED})."


def _complete(sample, auditor: User, today: date) -> None:
    services.audit_start(sample=sample, user=auditor)
    answers = {}
    for row in sample.answers.select_related("question"):
        if row.answer:  # what the record answered, confirmed
            answers[row.question_id] = (
                row.answer,
                "Checked on the file." if row.answer == Answer.NO else "",
            )
        elif row.question.key == "leaflets":
            answers[row.question_id] = (Answer.NO, "No note that the leaflets were given.")
        elif row.question.key == "closure-summary":
            answers[row.question_id] = (Answer.NOT_APPLICABLE, "The case is open.")
        else:
            answers[row.question_id] = (Answer.YES, "")
    services.audit_save(
        sample=sample,
        user=auditor,
        answers=answers,
        grade="requires_improvement",
        summary="A clear chronology and regular visits; the family's copies of leaflets and "
        "plans are not recorded.",
        actions=[
            services.NewAction(
                "Record that the complaints and access to records leaflets were given",
                today + timedelta(days=28),
            )
        ],
        complete=True,
    )
