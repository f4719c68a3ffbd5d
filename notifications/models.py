"""Notifications: each user's inbox (and the email that tells them), and the scheduled
jobs' run records.

A notification is addressed to one recipient and identified by a `dedupe_key`
(e.g. "overdue:observation:123:2026-11-27"): the database holds at most one per
recipient and key, so a job that runs twice, or on two workers at once, notifies
nobody twice.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class NotificationKind(models.TextChoices):
    OVERDUE_RECORDING = "overdue_recording", "Overdue recording"
    OVERDUE_PLANNED_CONTACT = "overdue_planned_contact", "Overdue planned contact"
    AMENDMENT_REQUEST = "amendment_request", "Amendment request"
    AMENDMENT_DECISION = "amendment_decision", "Amendment decision"
    ESCALATION = "escalation", "Escalation"
    ESCALATION_UPDATE_DUE = "escalation_update_due", "Escalation update due"
    MISSING_CHILD = "missing_child", "Missing child"
    SHARING_RECORD = "sharing_record", "Information sharing"
    APPROVAL_REQUEST = "approval_request", "Approval requested"
    APPROVAL_DECISION = "approval_decision", "Approval decision"
    ACTION_ASSIGNED = "action_assigned", "Action for you"
    AUDIT_ASSIGNED = "audit_assigned", "File audit assigned"
    AUDIT_ACTION = "audit_action", "Audit action"
    UNALLOCATED_REPORT = "unallocated_report", "Unallocated cases report"
    BREAK_GLASS = "break_glass", "Emergency access to a file"
    COVER = "cover", "Cover for an absent colleague"
    ABSENCE_SUMMARY = "absence_summary", "While you were away"
    OTHER = "other", "Other"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One notice in one person's inbox, linking to the item it is about."""

    # No single-column indexes on the foreign keys: the indexes in Meta lead with them, and
    # each index costs time on every insert (a first sweep inserts tens of thousands).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(
        max_length=500, help_text="The path of the item, e.g. /observations/1/."
    )
    source_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    dedupe_key = models.CharField(
        max_length=200, help_text="What the notice is about: one per recipient and key."
    )
    covering_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The absent colleague this notice was addressed to, when it reaches their cover.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the email was sent (or found to have no address to go to).",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Idempotence of every job that notifies: one notice per recipient and subject matter.
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [
            # The inbox and the unread count in every page's header.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notif_inbox_idx"),
            # send_pending_emails: the notices not emailed yet (few at any time).
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notif_email_pending_idx",
            ),
            # The notices the overdue items already have (sweep.OverdueRule.noticed).
            models.Index(fields=["source_type", "source_id"], name="notif_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient_id})"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class JobRun(models.Model):
    """A scheduled job's run for one period: at most one per job and period.

    Beat ticks often; the task works out which period (in Europe/London) a tick
    belongs to and claims it here, so a duplicated or late tick does nothing.
    """

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40, help_text="e.g. 2026-11-27T10:15+00:00, 2026-11-28")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="job_run_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


# "Need to Know" escalations (seed 002; DESIGN.md "Escalations") ---------------------------


class EscalationCategory(models.TextChoices):
    A = "A", "Category A: always reported to the Director"
    B = "B", "Category B: a head of service decides whether to tell the Director"


class EscalationReason(models.Model):
    """A situation that must be escalated, in the guidance's words (seed 002 §2 and §3).

    Data, not code, so an authority can word them its own way or add its own; the code
    stays stable for integrations and for the jobs that raise escalations themselves.
    """

    code = models.SlugField(max_length=60, unique=True)
    category = models.CharField(max_length=1, choices=EscalationCategory.choices)
    label = models.CharField(max_length=300)
    active = models.BooleanField(default=True, help_text="Offered when raising a concern.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.category}: {self.label}"


class EscalationStatus(models.TextChoices):
    WITH_PGL = "with_pgl", "With the practice group lead"
    WITH_HEAD_OF_SERVICE = "with_head_of_service", "With the head of service to decide"
    NOT_FOR_DIRECTOR = "not_for_director", "Not for the Director"
    SENT_TO_DIRECTOR = "sent_to_director", "Sent to the Director"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the Director"
    CLOSED = "closed", "Closed"


# Statuses in which an escalation still waits for someone, or for updates.
OPEN_ESCALATION_STATUSES = (
    EscalationStatus.WITH_PGL,
    EscalationStatus.WITH_HEAD_OF_SERVICE,
    EscalationStatus.SENT_TO_DIRECTOR,
    EscalationStatus.ACKNOWLEDGED,
)


class MissingEpisode(models.Model):
    """A child missing: from when, and when they returned (DESIGN.md "Escalations")."""

    child = models.ForeignKey(
        "caserecords.Child", on_delete=models.PROTECT, related_name="missing_episodes"
    )
    missing_from = models.DateTimeField("missing since")
    returned_at = models.DateTimeField("returned", null=True, blank=True)
    serious_risk = models.BooleanField(
        "at serious risk of significant harm",
        default=False,
        help_text="For example, because of age and vulnerability (seed 002 §3.1).",
    )
    circumstances = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-missing_from", "-pk"]
        indexes = [
            # check_missing: the children still missing.
            models.Index(
                fields=["missing_from"],
                condition=Q(returned_at__isnull=True),
                name="missing_open_idx",
            ),
            models.Index(fields=["child", "-missing_from"], name="missing_child_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="missing_returned_after_start",
                condition=Q(returned_at__isnull=True)
                | Q(returned_at__gte=models.F("missing_from")),
                violation_error_message="The return must be after the child went missing.",
            ),
        ]

    def __str__(self) -> str:
        return f"Missing from {timezone.localtime(self.missing_from):%-d %B %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("escalations:missing", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class Escalation(models.Model):
    """A "Need to Know" concern and its briefing for the Director (seed 002 §4).

    On a child, or on no child for a staff matter (violence against staff). The
    category comes from the reason and is stored, so lists sort and filter by it.
    """

    child = models.ForeignKey(
        "caserecords.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    reason = models.ForeignKey(EscalationReason, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=1, choices=EscalationCategory.choices)
    service = models.ForeignKey(
        "staff.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose practice group lead and head of service it goes to: the child's "
        "team's service, or the raiser's for a staff matter.",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when a scheduled job raised it (a child missing too long).",
    )
    raised_at = models.DateTimeField("when the concern arose", default=timezone.now)
    missing_episode = models.ForeignKey(
        MissingEpisode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    # The briefing (seed 002 §4).
    basic_information = models.TextField(
        "basic information about the child, including the legal status", blank=True
    )
    nature_of_concern = models.TextField(
        "what is the nature of the concern, and why does the Director need to be informed?"
    )
    action_being_taken = models.TextField("action being taken to deal with the issue", blank=True)
    update_expected_on = models.DateField("date when an update is expected", null=True, blank=True)
    who_to_contact = models.CharField(
        "who to contact for further details", max_length=300, blank=True
    )
    short_briefing = models.BooleanField(
        default=False,
        help_text="Brief information only, where the speed of the notification is vital.",
    )
    status = models.CharField(max_length=24, choices=EscalationStatus.choices)
    director_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The end of the working day on which the concern arose: unanswered by "
        "then, it goes to the Director anyway.",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to_director_at = models.DateTimeField(null=True, blank=True)
    inform_director = models.BooleanField(
        null=True, blank=True, help_text="Category B: the head of service's decision."
    )
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The update date whose passing has been noticed: each date is noticed once.
    update_due_noticed_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            # The head of service's queue and the lists: a service's open escalations.
            models.Index(fields=["service", "status", "raised_at"], name="esc_service_status_idx"),
            # escalate_unanswered: briefings with the PGL past the end of their day.
            models.Index(
                fields=["director_due_at"],
                condition=Q(status="with_pgl"),
                name="esc_unanswered_idx",
            ),
            # The Director's list.
            models.Index(fields=["status", "raised_at"], name="esc_status_idx"),
            # The note under the child's banner: the child's open escalations.
            models.Index(fields=["child", "status"], name="esc_child_status_idx"),
        ]
        constraints = [
            # check_missing raises one escalation of each category per missing episode.
            models.UniqueConstraint(
                fields=["missing_episode", "category"],
                condition=Q(missing_episode__isnull=False),
                name="one_escalation_per_missing_episode_and_category",
            ),
            models.CheckConstraint(
                name="escalation_category_a_or_b", condition=Q(category__in=["A", "B"])
            ),
        ]

    def __str__(self) -> str:
        about = self.child.full_name if self.child_id and self.child else "staff matter"
        return f"Escalation {self.pk} ({self.category}, {about})"

    def get_absolute_url(self) -> str:
        return reverse("escalations:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ESCALATION_STATUSES


class EscalationEventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    SENT_TO_PGL = "sent_to_pgl", "Sent to the practice group lead, copied to the head of service"
    SENT_TO_HEAD_OF_SERVICE = "sent_to_head_of_service", "Sent to the head of service to decide"
    AMENDED = "amended", "Briefing amended"
    SENT_TO_DIRECTOR = "sent_to_director", "Sent to the Director"
    SENT_END_OF_DAY = (
        "sent_end_of_day",
        "Unanswered at the end of the working day: sent to the Director",
    )
    DECIDED_INFORM = "decided_inform", "Head of service decided to inform the Director"
    DECIDED_NOT_INFORM = "decided_not_inform", "Head of service decided not to inform the Director"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the Director"
    UPDATE = "update", "Update"
    UPDATE_OVERDUE = "update_overdue", "Update date passed without an update"
    CLOSED = "closed", "Closed"


class EscalationEvent(models.Model):
    """One step on an escalation's timeline: who, when, what, and a note."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=EscalationEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a step the system took (the end-of-day rule).",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["escalation", "at"], name="esc_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
