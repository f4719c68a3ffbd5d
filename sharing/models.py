"""Information sharing records: the three logs of seed 001 §3, on the children's files.

One `SharingRecord` holds the parts every log shares (the other agency's contact, consent,
how and what was shared, the outcome) once, and the fields of each type (§3.1 disclosure,
§3.2 request received, §3.3 request made). One sharing event about siblings is entered once
for several children. The rules live in `services.py`; the constraints below mirror them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from caserecords.models import TimeStamped


class SharingType(models.TextChoices):
    DISCLOSURE = "disclosure", "Disclosure (we shared information)"
    REQUEST_RECEIVED = "request_received", "Request received (another agency asked us)"
    REQUEST_MADE = "request_made", "Request made (we asked another agency)"


# Short names for tables, headlines and the CSV export.
SHORT_TYPE_NAMES = {
    SharingType.DISCLOSURE: "Disclosure",
    SharingType.REQUEST_RECEIVED: "Request received",
    SharingType.REQUEST_MADE: "Request made",
}


class Consent(models.TextChoices):
    GIVEN = "given", "With consent"
    NOT_GIVEN = "not_given", "Without consent: consent was refused"
    NOT_SOUGHT = "not_sought", "Without consent: consent was not sought"


class Decision(models.TextChoices):
    SHARE = "share", "Share"
    NOT_SHARE = "not_share", "Not share"


class Method(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter (in writing)"
    IN_PERSON = "in_person", "In person"
    SECURE_PORTAL = "secure_portal", "Secure portal"
    OTHER = "other", "Other"


class SharingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class Organisation(TimeStamped):
    """An agency information is shared with or asked of, reused across records.

    Administrators keep the list in the admin; a one-off agency is typed on the record.
    """

    name = models.CharField(max_length=200, unique=True)
    telephone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    active = models.BooleanField(
        default=True, help_text="Untick to stop offering it on new records (old ones keep it)."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SharingRecordQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status=SharingStatus.COMPLETED)


class SharingRecord(TimeStamped):
    """One decision to share, request received or request made (seed 001 §3.1 to §3.3)."""

    type = models.CharField(max_length=20, choices=SharingType.choices)
    children = models.ManyToManyField(
        "caserecords.Child", related_name="sharing_records", help_text="Whom the sharing is about."
    )
    occurred_at = models.DateTimeField("date and time of the contact")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="person making the entry",
    )
    # The other agency's practitioner: the recipient (§3.1), requester (§3.2) or the
    # practitioner asked (§3.3). The name is kept even when chosen from the list.
    name = models.CharField("name", max_length=200)
    job_title = models.CharField("job title", max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_records",
        verbose_name="organisation (from the list)",
    )
    organisation_name = models.CharField("organisation", max_length=200)
    telephone = models.CharField("telephone number", max_length=40)
    identity_confirmed_by = models.CharField(
        "how the identity was confirmed", max_length=300, blank=True
    )
    reason = models.TextField("reason for sharing or for the request")
    information_requested = models.TextField("summary of the information requested", blank=True)
    case_reference = models.CharField("case reference", max_length=100, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices)
    no_consent_reason = models.TextField("why without consent", blank=True)
    consent_given_by = models.CharField("who consented", max_length=200, blank=True)
    consent_limits = models.TextField("limits to the consent", blank=True)
    family_informed = models.BooleanField(
        "were the person or family informed?", null=True, blank=True
    )
    not_informed_reason = models.TextField("why the family were not informed", blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("reasons for the decision", blank=True)
    third_party_information = models.BooleanField(
        "includes information from a third party", default=False
    )
    third_party_consent = models.BooleanField("the third party consented", null=True, blank=True)
    third_party_override_reason = models.TextField(
        "justification for sharing third-party information without their consent", blank=True
    )
    information_shared = models.TextField("what information was shared", blank=True)
    method = models.CharField("how it was shared", max_length=20, choices=Method.choices)
    receipt_confirmed_by = models.CharField(
        "how receipt of the information was confirmed", max_length=300, blank=True
    )
    outcome = models.TextField("outcome and next course of action", blank=True)
    status = models.CharField(
        max_length=10, choices=SharingStatus.choices, default=SharingStatus.DRAFT
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[children])
    objects = SharingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # The register: newest first, filtered by type.
            models.Index(fields=["-occurred_at", "type"], name="sharing_occurred_type_idx"),
            # The register and the API list, newest first in keyset pages.
            models.Index(fields=["-occurred_at", "-id"], name="sharing_occurred_idx"),
            # The register's agency filter.
            models.Index(fields=["organisation_name"], name="sharing_organisation_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="sharing_without_consent_has_reason",
                condition=Q(consent="given") | ~Q(no_consent_reason=""),
                violation_error_message="Sharing without consent needs the reason why.",
            ),
            models.CheckConstraint(
                name="sharing_consent_given_by_whom",
                condition=~Q(consent="given") | ~Q(consent_given_by=""),
                violation_error_message="Consent needs who gave it.",
            ),
            models.CheckConstraint(
                name="sharing_family_not_informed_has_reason",
                condition=~Q(family_informed=False) | ~Q(not_informed_reason=""),
                violation_error_message="Not informing the family needs the reason why not.",
            ),
            models.CheckConstraint(
                name="sharing_family_informed_answered",
                condition=Q(type="request_made") | Q(family_informed__isnull=False),
                violation_error_message="Say whether the person or family were informed.",
            ),
            models.CheckConstraint(
                name="sharing_not_share_has_reason",
                condition=~Q(decision="not_share") | ~Q(decision_reason=""),
                violation_error_message="A decision not to share needs its reasons.",
            ),
            models.CheckConstraint(
                name="sharing_request_received_has_decision_and_identity",
                condition=~Q(type="request_received")
                | (~Q(decision="") & ~Q(identity_confirmed_by="")),
                violation_error_message=(
                    "A request received needs the decision and how the requester's identity "
                    "was confirmed."
                ),
            ),
            models.CheckConstraint(
                name="sharing_disclosure_has_no_decision",
                condition=~Q(type="disclosure") | Q(decision=""),
            ),
            models.CheckConstraint(
                name="sharing_third_party_consent_or_override",
                condition=Q(third_party_information=False)
                | Q(third_party_consent=True)
                | ~Q(third_party_override_reason=""),
                violation_error_message=(
                    "Third-party information needs that party's consent or the justification "
                    "for overriding it."
                ),
            ),
            models.CheckConstraint(
                name="sharing_counterpart_named",
                condition=~Q(name="") & ~Q(organisation_name=""),
            ),
            models.CheckConstraint(
                name="sharing_completed_has_time",
                condition=Q(status="draft", completed_at__isnull=True)
                | Q(status="completed", completed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_type} with {self.organisation_name}, {self.occurred_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:record", args=[self.pk])

    @property
    def short_type(self) -> str:
        return SHORT_TYPE_NAMES[SharingType(self.type)]

    @property
    def is_draft(self) -> bool:
        return self.status == SharingStatus.DRAFT

    @property
    def has_consent(self) -> bool:
        return self.consent == Consent.GIVEN

    @property
    def headline(self) -> str:
        """The chronology's line for this record."""
        counterpart = f"{self.name}, {self.job_title}, {self.organisation_name}"
        if self.type == SharingType.DISCLOSURE:
            text = f"Information shared with {counterpart}"
        elif self.type == SharingType.REQUEST_RECEIVED:
            verdict = "shared" if self.decision == Decision.SHARE else "not shared"
            text = f"Request for information from {counterpart}: {verdict}"
        else:
            text = f"Information requested from {counterpart}"
        return text if self.has_consent else f"{text} (without consent)"


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class SharingAmendment(TimeStamped):
    """A request to change a completed sharing record, with the reason (seed 003 §4).

    The author approves it; where the author has left, a manager of a child's team.
    """

    record = models.ForeignKey(SharingRecord, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField()
    changes = models.JSONField(default=dict, blank=True, help_text="Field name to new value.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(status="pending"),
                name="one_pending_amendment_per_sharing_record",
                violation_error_message="This record already has a request waiting.",
            ),
            models.CheckConstraint(
                name="sharing_amendment_decided_has_decider",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
            ),
            models.CheckConstraint(name="sharing_amendment_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"Amendment of sharing record {self.record_id}: {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status == AmendmentStatus.PENDING
