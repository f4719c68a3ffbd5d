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
