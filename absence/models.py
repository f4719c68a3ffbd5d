"""Absence and cover (seed 000): who is away, until when, and who covers for them; and
the emails filed onto children's records.

An absence runs from 00:00 Europe/London on `starts_on` to the end of `ends_on`
(inclusive; open-ended when empty), unless ended early. While it runs, everything
addressed to the worker also goes to the cover (notifications.services).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from caserecords.workingdays import start_of_day


class AbsenceKind(models.TextChoices):
    # No medical detail: "sickness" is all the record says (UK GDPR special category data).
    LEAVE = "leave", "Leave"
    SICKNESS = "sickness", "Sickness"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class AbsenceQuerySet(models.QuerySet):
    def active_at(self, at: datetime) -> "AbsenceQuerySet":
        """The absences running at `at`: started by its London day, not over, not ended early."""
        today = timezone.localdate(at)
        return self.filter(starts_on__lte=today, ended_early_at__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def upcoming_at(self, at: datetime) -> "AbsenceQuerySet":
        return self.filter(starts_on__gt=timezone.localdate(at), ended_early_at__isnull=True)


class Absence(models.Model):
    """A member of staff away from work, planned (leave, training) or not (sickness)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="absences"
    )
    starts_on = models.DateField("first day away")
    ends_on = models.DateField(
        "last day away", null=True, blank=True, help_text="Empty when the return date is not known."
    )
    planned = models.BooleanField(default=True)
    kind = models.CharField(max_length=20, choices=AbsenceKind.choices)
    message = models.TextField(
        "out-of-office message",
        blank=True,
        help_text="What people contacting the worker are told; no medical detail.",
    )
    cover = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="covering",
        help_text="The colleague who receives what is sent to the worker while away.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_early_at = models.DateTimeField(null=True, blank=True)
    ended_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the apply_absences job (and at once for an absence recorded on or after its
    # first day): the "worker unavailable" entries written and the cover told; then the
    # entries updated on return; then the return summary sent.
    cover_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    cover_ended_at = models.DateTimeField(null=True, blank=True, editable=False)
    summary_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AbsenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="absence_ends_after_it_starts",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="absence_cover_is_someone_else", condition=~Q(cover=models.F("user"))
            ),
        ]
        indexes = [
            # notifications.services.recipients_for_users and every banner: absences running now.
            models.Index(
                fields=["starts_on", "ends_on"],
                condition=Q(ended_early_at__isnull=True),
                name="absence_running_idx",
            ),
            # A worker's absences (overlap check, profile page).
            models.Index(fields=["user", "starts_on"], name="absence_user_idx"),
            # The apply_absences job: absences whose cover still has to start, end, or be summed up.
            models.Index(
                fields=["starts_on"],
                condition=Q(summary_sent_at__isnull=True),
                name="absence_job_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display().lower()} from {self.starts_on:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("absence:detail", args=[self.pk])

    @property
    def starts_at(self) -> datetime:
        return start_of_day(self.starts_on)

    @property
    def ends_at(self) -> datetime | None:
        """When the worker is back: ended early, or 00:00 after the last day; None if open."""
        if self.ended_early_at is not None:
            return self.ended_early_at
        return start_of_day(self.ends_on + timedelta(days=1)) if self.ends_on else None

    def is_active(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        ends_at = self.ends_at
        return self.starts_at <= at and (ends_at is None or at < ends_at)

    def is_over(self, at: datetime | None = None) -> bool:
        ends_at = self.ends_at
        return ends_at is not None and ends_at <= (at or timezone.now())


class FiledEmail(models.Model):
    """An email filed onto one or more children's records (seed 000: not left in an inbox).

    The message itself becomes an observation of kind email on each child's file, and
    its attachments documents there; this keeps what the message said about itself.
    """

    sender = models.CharField(max_length=500)
    recipients = models.TextField(help_text="To, one address a line.")
    copied_to = models.TextField("cc", blank=True, help_text="Cc, one address a line.")
    sent_at = models.DateTimeField("date of the email")
    subject = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=500, blank=True)
    attachment_count = models.PositiveIntegerField(default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(default=timezone.now)
    observations = models.ManyToManyField("caserecords.Observation", related_name="filed_emails")
    documents = models.ManyToManyField("caserecords.Document", related_name="filed_emails")

    class Meta:
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject or '(no subject)'} from {self.sender}"
