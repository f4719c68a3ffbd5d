"""The quarterly file audit (seed 003 Appendix 7, 6.5; DESIGN.md "Quarterly file audit").

Each quarter one `AuditDraw` picks a random sample of open case files and of supervision
records per team, keeping the population it drew from and the seed, so anyone can redraw
it and check (sampling.py). Each sampled item (`AuditSample`) goes to an auditor, who
answers the checklist (`AuditQuestion`, from Appendix 6 "Audit trail or audit trial?"),
grades the file and sets actions for the team leader (`AuditAction`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from caserecords.models import TimeStamped

QUARTER_REGEX = r"^[0-9]{4}Q[1-4]$"


class SampleKind(models.TextChoices):
    FILE = "file", "Case file"
    SUPERVISION = "supervision", "Supervision record"


class Prefill(models.TextChoices):
    """What the system can answer from the record, to pre-fill a question."""

    NONE = "", "Nothing: the auditor answers"
    CHRONOLOGY = "chronology", "Chronology present"
    DEMOGRAPHICS = "demographics", "Demographics recorded"
    MANAGER_READ = "manager_read", "A manager read the file in the period"
    RECORDINGS_ON_TIME = "recordings_on_time", "Recordings made on time"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class SampleStatus(models.TextChoices):
    ASSIGNED = "assigned", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn (the quarter was redrawn)"


class AuditQuestion(TimeStamped):
    """One question of the checklist. Data, so an authority can word its own standards;
    a question no longer asked is retired (`active` off), never deleted."""

    key = models.SlugField(max_length=50, unique=True)
    applies_to = models.CharField(max_length=20, choices=SampleKind.choices)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    prefill = models.CharField(max_length=30, choices=Prefill.choices, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["applies_to", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class AuditDraw(TimeStamped):
    """One quarter's draw: the rule, the seed, the population drawn from and who drew it.

    `population` holds, per team, the ids drawn from: open case files (sorted), those
    sampled in the previous two quarters (left out unless too few remain), and supervision
    records; and the auditors in the order they were assigned. A redraw supersedes it.
    """

    quarter = models.CharField(max_length=6)
    seed = models.BigIntegerField()
    fraction = models.DecimalField(max_digits=4, decimal_places=3)
    minimum = models.PositiveSmallIntegerField()
    supervision_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Supervision records per team; empty: the same rule."
    )
    population = models.JSONField(default=dict)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-quarter", "-created_at"]
        constraints = [
            # Idempotence of the beat job and the command: one current draw per quarter.
            models.UniqueConstraint(
                fields=["quarter"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_draw_per_quarter",
                violation_error_message="This quarter's sample has already been drawn.",
            ),
            models.CheckConstraint(
                name="draw_quarter_format", condition=Q(quarter__regex=QUARTER_REGEX)
            ),
            models.CheckConstraint(
                name="draw_fraction_is_a_share", condition=Q(fraction__gt=0, fraction__lte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"Audit sample {self.quarter} (seed {self.seed})"


class AuditSample(TimeStamped):
    """One sampled case file or supervision record, its auditor, and their findings."""

    draw = models.ForeignKey(AuditDraw, on_delete=models.PROTECT, related_name="samples")
    quarter = models.CharField(max_length=6)
    kind = models.CharField(max_length=20, choices=SampleKind.choices)
    child = models.ForeignKey(
        "caserecords.Child", on_delete=models.PROTECT, related_name="audit_samples"
    )
    observation = models.ForeignKey(
        "caserecords.Observation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_samples",
        help_text="The supervision record sampled (empty for a case file).",
    )
    team = models.ForeignKey("staff.Team", on_delete=models.PROTECT, related_name="audit_samples")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_samples",
    )
    status = models.CharField(
        max_length=20, choices=SampleStatus.choices, default=SampleStatus.ASSIGNED
    )
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    summary = models.TextField("overall findings", blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["quarter", "team__name", "kind", "child__last_name", "pk"]
        indexes = [
            # My audits: an auditor's sample by quarter.
            models.Index(fields=["auditor", "quarter"], name="audit_auditor_quarter_idx"),
            # Reports and the API: a quarter's sample by team.
            models.Index(fields=["quarter", "team"], name="audit_quarter_team_idx"),
            # The draw: files sampled in the previous two quarters.
            models.Index(fields=["child", "quarter"], name="audit_child_quarter_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "child"],
                condition=Q(kind="file"),
                name="one_sample_per_file_per_draw",
            ),
            models.UniqueConstraint(
                fields=["draw", "observation"],
                condition=Q(kind="supervision"),
                name="one_sample_per_supervision_record_per_draw",
            ),
            models.CheckConstraint(
                name="supervision_sample_has_its_record",
                condition=(Q(kind="supervision") & Q(observation__isnull=False))
                | (Q(kind="file") & Q(observation__isnull=True)),
            ),
            models.CheckConstraint(
                name="completed_audit_has_grade_and_time",
                condition=~Q(status="completed") | (~Q(grade="") & Q(completed_at__isnull=False)),
                violation_error_message="A completed audit needs its grade.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} audit {self.quarter}: child {self.child_id}"

    def get_absolute_url(self) -> str:
        return reverse("audits:sample", args=[self.pk])

    @property
    def is_completed(self) -> bool:
        return self.status == SampleStatus.COMPLETED

    @property
    def is_open(self) -> bool:
        return self.status in (SampleStatus.ASSIGNED, SampleStatus.IN_PROGRESS)


class AuditAnswer(TimeStamped):
    """The auditor's answer to one question for one sampled item, with what the system found."""

    sample = models.ForeignKey(AuditSample, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    comment = models.TextField(blank=True)
    suggested = models.CharField(
        max_length=3,
        choices=Answer.choices,
        blank=True,
        help_text="The system's answer from the record, for the auditor to confirm.",
    )
    evidence = models.TextField(blank=True, help_text="What the system found in the record.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.answer or 'unanswered'}"


class AuditAction(TimeStamped):
    """An action the audit sets for the team leader, sent to their inbox on completion."""

    sample = models.ForeignKey(AuditSample, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=500)
    due_date = models.DateField("by when")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.description} (by {self.due_date:%d %b %Y})"
