"""The child's record: identity, allocation, legal status, observations, chronology, documents.

Writes that span models or have side effects live in `services.py`; reads that
pages and the API share live in `queries.py`; who may see what in `access.py`.
"""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import codes
from .validators import validate_nhs_number


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ClosureDay(models.Model):
    """A local closure day (e.g. a council's extra Christmas day): not a working day."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"


class Family(TimeStamped):
    """A household of siblings, so one contact can be recorded once for all of them."""

    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class LegalStatusKind(models.TextChoices):
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection plan"
    LOOKED_AFTER = "lac", "Looked after"


class Child(TimeStamped):
    """One electronic record per child, from referral to closure (seed 004)."""

    la_child_id = models.CharField(
        "local authority child identifier",
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,20}$", "Use at most 20 letters and digits.")],
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child."
    )
    sex = models.CharField(max_length=1, choices=codes.Sex.choices)
    gender = models.CharField(
        max_length=100, blank=True, help_text="Gender as the child states it, where they do."
    )
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices)
    religion = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    disabilities = models.JSONField(
        default=list, blank=True, help_text="CIN census disability codes; ['NONE'] where none."
    )
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[validate_nhs_number],
    )
    upn = models.CharField(
        "unique pupil number",
        max_length=13,
        blank=True,
        validators=[RegexValidator(r"^[A-Z][0-9]{11}[0-9A-Z]$", "Enter a 13-character UPN.")],
    )
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=codes.ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=codes.PrimaryNeed.choices, default="N0")
    # The current allocation, kept in step by services.allocation_change so that
    # access checks and caseloads are one indexed filter, not a history lookup.
    team = models.ForeignKey(
        "staff.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, blank=True, choices=codes.ClosureReason.choices)
    closure_summary = models.TextField(blank=True)
    closure_child_views = models.TextField("the child's views on closure", blank=True)
    closure_carer_views = models.TextField("the carer's views on closure", blank=True)
    restricted = models.BooleanField(
        default=False,
        db_default=False,  # rows written outside the ORM (bench COPY, imports) are not restricted
        help_text=(
            "A restricted file (e.g. a staff member's relative) is visible only to the staff "
            "named on it and the head of service; anyone else must use emergency access."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            # children_visible_to(): a team's children; caseload: a worker's children.
            models.Index(fields=["team", "last_name"], name="child_team_idx"),
            models.Index(fields=["worker", "last_name"], name="child_worker_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="child_born_or_expected",
                condition=Q(date_of_birth__isnull=False)
                | (Q(expected_date_of_birth__isnull=False) & Q(sex="U")),
                violation_error_message=(
                    "Give a date of birth, or for an unborn child an expected date and sex U."
                ),
            ),
            models.CheckConstraint(
                name="child_closure_has_reason",
                condition=Q(closed_on__isnull=True, closure_reason="")
                | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
                violation_error_message="A closed case needs a closure date and reason.",
            ),
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="child_nhs_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("caserecords:child", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def disability_labels(self) -> list[str]:
        return [codes.Disability(code).label for code in self.disabilities]


class Allocation(models.Model):
    """Who held the case, in which team, from when to when (history is kept)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("staff.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        help_text="Empty while the case is unallocated within the team.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_on__isnull=True), name="one_open_allocation"
            ),
            models.CheckConstraint(
                name="allocation_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        holder = self.worker or "unallocated"
        return f"{self.team} ({holder}) from {self.started_on:%d %b %Y}"


class LegalStatus(models.Model):
    """An episode of legal status: child in need, child protection plan, looked after."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legal_statuses")
    kind = models.CharField(max_length=3, choices=LegalStatusKind.choices)
    cp_category = models.CharField(
        "category of abuse", max_length=3, blank=True, choices=codes.AbuseCategory.choices
    )
    lac_legal_status = models.CharField(
        "looked-after legal status",
        max_length=2,
        blank=True,
        choices=codes.LookedAfterLegalStatus.choices,
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "legal statuses"
        constraints = [
            models.CheckConstraint(
                name="cp_plan_has_category",
                condition=(Q(kind="cp") & ~Q(cp_category="")) | (~Q(kind="cp") & Q(cp_category="")),
                violation_error_message="A child protection plan needs a category of abuse.",
            ),
            models.CheckConstraint(
                name="looked_after_has_legal_status",
                condition=(Q(kind="lac") & ~Q(lac_legal_status=""))
                | (~Q(kind="lac") & Q(lac_legal_status="")),
                violation_error_message="A looked-after episode needs its legal status.",
            ),
            models.CheckConstraint(
                name="legal_status_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(ended_on__isnull=True),
                name="one_open_legal_status_per_kind",
            ),
        ]

    def __str__(self) -> str:
        detail = self.get_cp_category_display() or self.get_lac_legal_status_display()
        return f"{self.get_kind_display()} ({detail})" if detail else self.get_kind_display()


class ObservationKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    OFFICE_VISIT = "office_visit", "Office visit"
    SCHOOL_VISIT = "school_visit", "School visit"
    PHONE_CALL = "phone_call", "Phone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    DISCLOSURE = "disclosure", "Disclosure"
    SAFETY_PLAN = "safety_plan", "Safety plan"
    CORE_GROUP = "core_group", "Core group"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    SUPERVISION = "supervision", "Supervision"
    FILE_READ = "file_read", "Team leader monitoring (file read)"
    CASE_SUMMARY = "case_summary", "Case summary"
    NO_ACCESS = "no_access", "No-access visit or failed appointment"
    DID_NOT_HAPPEN = "did_not_happen", "Something that did not happen, and why"
    WORKER_UNAVAILABLE = "worker_unavailable", "Worker unavailable"
    OTHER = "other", "Other"


# Kinds that are always about a safeguarding concern or risk, so due in 1 working
# day (seed 004: strategy meeting, disclosure, safety plan); see apply_kind_rules().
SAFEGUARDING_KINDS = frozenset(
    {
        ObservationKind.STRATEGY_DISCUSSION,
        ObservationKind.DISCLOSURE,
        ObservationKind.SAFETY_PLAN,
    }
)


class ObservationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class ChildSeen(models.TextChoices):
    SEEN_ALONE = "seen_alone", "Yes, and seen alone"
    SEEN = "seen", "Yes, but not alone"
    NOT_SEEN = "not_seen", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable (no contact with the child expected)"


# Days allowed to record, by timescale (DESIGN.md "Recording timescales").
SAFEGUARDING_DAYS = 1
CONTACT_DAYS = 5
DETAILED_DAYS = 10


class ObservationQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=ObservationStatus.DRAFT)

    def overdue(self, today: date | None = None):
        """Drafts whose due date has passed (the due day itself is still on time).

        A draft marked entered in error is no longer expected, so never overdue.
        """
        return self.drafts().filter(
            due_by__lt=today or timezone.localdate(), entered_in_error=False
        )

    def not_in_error(self):
        return self.filter(entered_in_error=False)


class Observation(TimeStamped):
    """One contact or event for one child (seed 003 §5): a case note.

    Observations of one contact with siblings share a `contact_group`: the
    contact is entered once and each child's file holds its own observation.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="observations")
    contact_group = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    kind = models.CharField(max_length=32, choices=ObservationKind.choices)
    occurred_at = models.DateTimeField("date and time of contact")
    location = models.CharField("where and how the contact happened", max_length=300)
    summary = models.CharField("key issues (headline)", max_length=300)
    child_seen = models.CharField("was the child seen?", max_length=20, choices=ChildSeen.choices)
    child_views = models.TextField(
        "the child's views, wishes and feelings, in their own words", blank=True
    )
    facts = models.TextField("what happened (facts)", blank=True)
    analysis = models.TextField("professional opinion and analysis", blank=True)
    safeguarding = models.BooleanField(
        "related to a safeguarding concern or risk",
        default=False,
        help_text="Due within 1 working day.",
    )
    detailed = models.BooleanField(
        "detailed write-up", default=False, help_text="Due within 10 working days."
    )
    significant = models.BooleanField(
        "significant event", default=False, help_text="Shown in the chronology."
    )
    status = models.CharField(
        max_length=10, choices=ObservationStatus.choices, default=ObservationStatus.DRAFT
    )
    due_by = models.DateField(help_text="The last working day on which recording is on time.")
    completed_at = models.DateTimeField(null=True, blank=True)
    late_reason = models.TextField("reason for late recording", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations"
    )
    entered_in_error = models.BooleanField(default=False)
    entered_in_error_reason = models.TextField(blank=True)

    objects = ObservationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # The child's file: observations newest first.
            models.Index(fields=["child", "-occurred_at"], name="obs_child_occurred_idx"),
            # Every observation newest first (the API list's keyset pages): read in order and
            # stop after a page, with no sort of the whole table.
            models.Index(fields=["-occurred_at", "-id"], name="obs_occurred_idx"),
            # The overdue sweep and the oversight dashboard: drafts by due date, with the
            # child and author, read from the index alone.
            models.Index(
                fields=["due_by"],
                include=["child", "author"],
                condition=Q(status="draft", entered_in_error=False),
                name="obs_draft_due_idx",
            ),
            models.Index(fields=["author", "status", "due_by"], name="obs_author_due_idx"),
            # Caseload (queries.with_deadlines: next deadline, overdue count) and a team's
            # overdue recordings (timeliness.overdue_by_worker): a child's drafts by due date.
            models.Index(
                fields=["child", "due_by"],
                condition=Q(status="draft", entered_in_error=False),
                name="obs_child_draft_due_idx",
            ),
            # The quarterly audit draw: the supervision records completed in a quarter (a
            # few thousand among millions of observations).
            models.Index(
                fields=["completed_at"],
                include=["child"],
                condition=Q(kind="supervision", status="completed", entered_in_error=False),
                name="obs_supervision_done_idx",
            ),
            # Timeliness figures (timeliness.figures_query), read from the index alone: the
            # recordings due in a period for all teams, and each child's for one team.
            models.Index(
                fields=["due_by", "child", "status", "completed_at"],
                condition=Q(entered_in_error=False),
                name="obs_due_figures_idx",
            ),
            models.Index(
                fields=["child", "due_by", "status", "completed_at"],
                condition=Q(entered_in_error=False),
                name="obs_child_due_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="completed_has_time",
                condition=(Q(status="completed") & Q(completed_at__isnull=False))
                | (Q(status="draft") & Q(completed_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="child_seen_is_a_known_answer",
                condition=Q(child_seen__in=[c.value for c in ChildSeen]),
            ),
            models.UniqueConstraint(
                fields=["contact_group", "child"], name="one_observation_per_child_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.occurred_at:%d %b %Y}: {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("caserecords:observation", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ObservationStatus.DRAFT

    @property
    def days_allowed(self) -> int:
        return deadline_days(safeguarding=self.safeguarding, detailed=self.detailed)

    def apply_kind_rules(self) -> None:
        """Flag strategy discussions, disclosures and safety plans as safeguarding.

        Seed 004 names them as safeguarding recordings, so the flag cannot be
        left off (or taken off) for these kinds.
        """
        if self.kind in SAFEGUARDING_KINDS:
            self.safeguarding = True

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.is_draft
            and not self.entered_in_error
            and self.due_by < (today or timezone.localdate())
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def completed_late(self) -> bool:
        return self.completed_at is not None and timezone.localdate(self.completed_at) > self.due_by


def deadline_days(*, safeguarding: bool, detailed: bool) -> int:
    """Working days allowed to record: safeguarding 1, detailed write-up 10, else 5.

    Safeguarding wins over detailed: the concern itself must be on the file
    within a day (seed 004); a later detailed write-up is its own observation.
    """
    if safeguarding:
        return SAFEGUARDING_DAYS
    if detailed:
        return DETAILED_DAYS
    return CONTACT_DAYS


# Planned contacts (the diary) ---------------------------------------------------------

# The kinds of contact a worker plans ahead: visits, calls and meetings.
PLANNED_KINDS = (
    ObservationKind.HOME_VISIT,
    ObservationKind.OFFICE_VISIT,
    ObservationKind.SCHOOL_VISIT,
    ObservationKind.PHONE_CALL,
    ObservationKind.MEETING,
    ObservationKind.STRATEGY_DISCUSSION,
    ObservationKind.CORE_GROUP,
    ObservationKind.CP_CONFERENCE,
)
PLANNED_KIND_CHOICES = [(kind.value, kind.label) for kind in PLANNED_KINDS]


class PlannedContactStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RECORDED = "recorded", "Recorded"
    CANCELLED = "cancelled", "Cancelled"


class PlannedContactQuerySet(models.QuerySet):
    def overdue(self, today: date):
        """Planned contacts still waiting for an observation after their due date.

        A recorded one is not (if its observation is a draft, the draft is what is
        overdue), nor a cancelled one; the due day itself is still on time.
        """
        return self.filter(
            status=PlannedContactStatus.PLANNED, observation__isnull=True, due_by__lt=today
        )


class PlannedContact(TimeStamped):
    """A visit, call or meeting planned for a child: an entry in the diary.

    Once its date has passed, a recording is expected by `due_by`, by the same
    working-day rule as an observation of that contact.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="planned_contacts")
    kind = models.CharField(max_length=32, choices=PLANNED_KIND_CHOICES)
    planned_for = models.DateTimeField("date and time planned")
    note = models.CharField("what the contact is for", max_length=300, blank=True)
    safeguarding = models.BooleanField(
        "related to a safeguarding concern or risk",
        default=False,
        help_text="To be recorded within 1 working day.",
    )
    due_by = models.DateField(help_text="The last working day on which recording is on time.")
    status = models.CharField(
        max_length=10,
        choices=PlannedContactStatus.choices,
        default=PlannedContactStatus.PLANNED,
    )
    cancel_reason = models.TextField("reason for cancelling", blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    observation = models.ForeignKey(
        Observation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planned_contacts",
        help_text="The observation that recorded the contact (or the failed attempt).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planned_contacts"
    )

    objects = PlannedContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_for", "-pk"]
        indexes = [
            # The child's diary: planned contacts newest first.
            models.Index(fields=["child", "-planned_for"], name="plan_child_planned_idx"),
            # The API list of every planned contact, soonest first in keyset pages.
            models.Index(fields=["planned_for", "id"], name="plan_planned_idx"),
            # The overdue sweep (deadlines.overdue_planned_contacts): planned ones by due date.
            models.Index(
                fields=["due_by"], condition=Q(status="planned"), name="plan_planned_due_idx"
            ),
            # The caseload page: a worker's own planned contacts, soonest first.
            models.Index(
                fields=["created_by", "planned_for"],
                condition=Q(status="planned"),
                name="plan_creator_planned_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="cancelled_planned_contact_has_reason",
                condition=~Q(status="cancelled")
                | (~Q(cancel_reason="") & Q(cancelled_at__isnull=False)),
                violation_error_message="A cancelled contact needs the reason it was cancelled.",
            ),
            models.CheckConstraint(
                name="recorded_planned_contact_has_observation",
                condition=(Q(status="recorded") & Q(observation__isnull=False))
                | (~Q(status="recorded") & Q(observation__isnull=True)),
                violation_error_message="A recorded contact needs its observation.",
            ),
            models.UniqueConstraint(
                fields=["observation"],
                condition=Q(observation__isnull=False),
                name="one_planned_contact_per_observation",
                violation_error_message="This observation already records another planned contact.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {timezone.localtime(self.planned_for):%d %b %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("caserecords:diary", args=[self.child_id]) + f"#planned-{self.pk}"

    @property
    def is_planned(self) -> bool:
        return self.status == PlannedContactStatus.PLANNED

    @property
    def days_allowed(self) -> int:
        return deadline_days(safeguarding=self.safeguarding, detailed=False)

    def apply_kind_rules(self) -> None:
        """A planned strategy discussion is safeguarding, as its observation will be."""
        if self.kind in SAFEGUARDING_KINDS:
            self.safeguarding = True

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.is_planned
            and self.observation_id is None
            and self.due_by < (today or timezone.localdate())
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class Participant(models.Model):
    """Someone involved in a contact: name, title and agency (seed 003 §5)."""

    observation = models.ForeignKey(
        Observation, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(max_length=200)
    title = models.CharField("title or relationship to the child", max_length=200, blank=True)
    agency = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in [self.name, self.title, self.agency] if part)


class Action(models.Model):
    """An action agreed at a contact, with who does it and by when."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField("who will do it", max_length=200)
    due_date = models.DateField("by when")

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner}, by {self.due_date:%d %b %Y})"


class AmendmentKind(models.TextChoices):
    AMEND = "amend", "Amendment"
    ENTERED_IN_ERROR = "entered_in_error", "Entered in error"


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class AmendmentRequest(TimeStamped):
    """A request to change a completed observation, or to mark it entered in error.

    Amendments need the author's approval (the team leader's where the author
    has left, seed 003 §4); entered in error needs a manager's.
    """

    observation = models.ForeignKey(
        Observation, on_delete=models.PROTECT, related_name="amendment_requests"
    )
    kind = models.CharField(max_length=20, choices=AmendmentKind.choices)
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
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation"],
                condition=Q(status="pending"),
                name="one_pending_amendment_per_observation",
                violation_error_message="This observation already has a request waiting.",
            ),
            models.CheckConstraint(
                name="decided_has_decider",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of observation {self.observation_id}: {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status == AmendmentStatus.PENDING


class ChronologyCategory(models.TextChoices):
    REFERRAL = "referral", "Referral"
    ALLOCATION = "allocation", "Allocation"
    LEGAL_STATUS = "legal_status", "Legal status"
    OBSERVATION = "observation", "Significant event"
    DOCUMENT = "document", "Document"
    CLOSURE = "closure", "Closure"
    SHARING = "sharing", "Information sharing"
    ESCALATION = "escalation", "Escalation"
    MISSING = "missing", "Missing episode"
    WORKER_UNAVAILABLE = "worker_unavailable", "Worker unavailable"
    OVERSIGHT = "oversight", "Management oversight"
    APPROVAL = "approval", "Approval"
    AUDIT = "audit", "File audit"
    MANUAL = "manual", "Manual entry"
    OTHER = "other", "Other"


class ChronologyEntry(TimeStamped):
    """A headline entry in the chronology at the front of the file (seed 003 App. 6).

    Every app writes here through services.chronology_record, linking back to
    its own record, so the file's front page is one query.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="chronology")
    occurred_at = models.DateTimeField()
    category = models.CharField(max_length=20, choices=ChronologyCategory.choices)
    headline = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # The page of the source record, stored so the chronology renders in one query.
    link = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Withdrawn entries (source entered in error, or no longer significant) are
    # kept for managers and history, and left out of the chronology.
    withdrawn = models.BooleanField(default=False)
    withdrawn_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "chronology entries"
        indexes = [
            # The child's file: chronology in date order.
            models.Index(fields=["child", "-occurred_at"], name="chron_child_occurred_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="one_chronology_entry_per_source",
            ),
            models.CheckConstraint(
                name="chronology_source_complete",
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d %b %Y}: {self.headline}"


class DocumentType(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan (child in need, child protection, care)"
    SAFETY_PLAN = "safety_plan", "Safety plan"
    S20_AGREEMENT = "s20_agreement", "Section 20 agreement"
    LETTER = "letter", "Letter"
    DIRECT_WORK = "direct_work", "1:1 or direct work"
    REPORT = "report", "Report or minutes"
    LEGAL_ORDER = "legal_order", "Legal order"
    LEAFLET = "leaflet", "Leaflet given (complaints, access to records)"
    OTHER = "other", "Other"


def document_path(instance: "Document", filename: str) -> str:
    # The stored name never uses the uploaded name (which may hold personal data).
    return f"documents/{instance.child_id}/{uuid.uuid4().hex}"


class Document(TimeStamped):
    """A document on the child's file (seed 004: never left on desktops)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="documents")
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    title = models.CharField(max_length=200)
    document_date = models.DateField("date of the document")
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    copy_given_to_family = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-document_date", "-pk"]
        indexes = [models.Index(fields=["child", "-document_date"], name="doc_child_date_idx")]

    def __str__(self) -> str:
        return self.title


# Access beyond the role and team rules, and the log of every read (access.py) ------------


class AccessReason(models.TextChoices):
    NAMED = "named", "Named on a restricted file"
    AUDIT = "audit", "File audit"
    BREAK_GLASS = "break_glass", "Emergency (break-glass) access"


class AccessGrant(TimeStamped):
    """Access to one child's file for one person beyond their role's: a member of staff named
    on a restricted file, an auditor's sampled file, or emergency (break-glass) access.

    Time-limited where `expires_at` is set; never deleted (ended by setting `expires_at`).
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants"
    )
    reason = models.CharField(max_length=20, choices=AccessReason.choices)
    explanation = models.TextField(
        blank=True, help_text="Why access is needed (required for emergency access)."
    )
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            # access.children_visible_to(): the children someone holds a grant for.
            models.Index(fields=["user", "child"], name="grant_user_child_idx"),
            models.Index(fields=["child", "reason"], name="grant_child_reason_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="grant_ends_after_start",
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("starts_at")),
            ),
            models.CheckConstraint(
                name="break_glass_has_reason_and_expiry",
                condition=~Q(reason="break_glass")
                | (~Q(explanation="") & Q(expires_at__isnull=False)),
                violation_error_message="Emergency access needs a reason and an expiry time.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.user_id} on child {self.child_id}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at and (self.expires_at is None or at < self.expires_at)


class AccessWhy(models.TextChoices):
    NORMAL = "normal", "Normal (role and team)"
    NAMED = "named", "Named on a restricted file"
    AUDIT = "audit", "File audit"
    BREAK_GLASS = "break_glass", "Emergency (break-glass) access"


class AccessLog(models.Model):
    """One read of a child's file or of a record on it: who, when, what and why (seed 003 §1).

    One row per page or API answer, never per item shown. Append-only.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        Child,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a service-wide read (a register or an export).",
    )
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200, help_text='e.g. "child file", "observation 12"')
    why = models.CharField(max_length=20, choices=AccessWhy.choices, default=AccessWhy.NORMAL)
    reason = models.TextField(blank=True, help_text="The stated reason, for emergency access.")
    channel = models.CharField(max_length=10, default="page", help_text="page, api or export")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The access log on a child's file, newest first.
            models.Index(fields=["child", "-at"], name="accesslog_child_at_idx"),
            # The service-wide log filtered by person.
            models.Index(fields=["user", "-at"], name="accesslog_user_at_idx"),
            models.Index(fields=["-at"], name="accesslog_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.what} at {self.at:%Y-%m-%d %H:%M}"


# Management oversight: file reads, supervision, approvals (DESIGN.md "Management oversight")


class FileReadPurpose(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    REVIEW = "review", "Review"
    AUDIT = "audit", "Audit"
    OTHER = "other", "Other"


class FileRead(models.Model):
    """A manager's read of a child's file (seed 003 §4, "Team Leader Monitoring").

    The read is an observation of kind file_read on the file (so it is in the
    observations, the history and the audit sample); this row holds what only a read has.
    `child`, `read_at` and `read_by` mirror the observation, so "last read by a manager"
    is one indexed lookup per file.
    """

    observation = models.OneToOneField(
        Observation, on_delete=models.PROTECT, related_name="file_read"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="file_reads")
    read_at = models.DateTimeField()
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="file_reads"
    )
    purpose = models.CharField(max_length=20, choices=FileReadPurpose.choices)
    what_was_read = models.TextField()
    decisions = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-read_at", "-pk"]
        indexes = [
            # The file's "last read by a manager", and the dashboard's files not read lately.
            models.Index(fields=["child", "-read_at"], name="fileread_child_read_idx"),
            # The API list of every file read, the latest first in keyset pages.
            models.Index(fields=["-read_at", "-id"], name="fileread_read_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_purpose_display()} read of child {self.child_id}, {self.read_at:%d %b %Y}"
        )

    def get_absolute_url(self) -> str:
        return reverse("caserecords:observation", args=[self.observation_id])


class Supervision(TimeStamped):
    """A supervision session between a manager and a worker (seed 003 App. 7, 6.3).

    Each case discussed is an observation of kind supervision on that child's file,
    linked here by a SupervisionCase, so the quarterly audit can sample them.
    """

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_given"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions"
    )
    held_at = models.DateTimeField("date and time of supervision")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["worker", "-held_at"], name="supervision_worker_idx")]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} by {self.supervisor}, {self.held_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("caserecords:supervision", args=[self.pk])


class SupervisionCase(models.Model):
    """One case discussed in a supervision: the observation on that child's file."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="cases")
    observation = models.OneToOneField(
        Observation, on_delete=models.PROTECT, related_name="supervision_case"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="supervision_cases")
    discussion = models.TextField()
    decisions = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "child"], name="one_discussion_per_child_per_supervision"
            )
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} in supervision {self.supervision_id}"


class ApprovalKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    CIN_PLAN = "cin_plan", "Child in need plan"
    CP_PLAN = "cp_plan", "Child protection plan"
    CARE_PLAN = "care_plan", "Care plan"
    CLOSURE = "closure", "Closure"
    TRANSFER = "transfer", "Transfer"


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"


class TransferDestination(models.TextChoices):
    TEAM = "team", "Another team in this authority"
    AUTHORITY = "authority", "Another local authority"


class Approval(TimeStamped):
    """A decision a manager approves in writing (seed 003 App. 7, 2.11, 3.4, 3.7).

    Submitted by a practitioner; approved, or returned with comments, by a team leader of
    the child's team (the head of service for a transfer out of the authority). A returned
    submission stays as it was; the practitioner submits a new one. Approving a closure (or
    a transfer to another authority) closes the case; a transfer to another team moves it.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="approvals")
    kind = models.CharField(max_length=20, choices=ApprovalKind.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals_submitted"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="approvals"
    )
    note = models.TextField("what is submitted, and anything the approver should know", blank=True)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(blank=True)
    # A closure, or a transfer to another authority (which closes the case here).
    effective_on = models.DateField("date of closure or transfer", null=True, blank=True)
    closure_reason = models.CharField(max_length=3, blank=True, choices=codes.ClosureReason.choices)
    closure_summary = models.TextField(blank=True)
    child_views = models.TextField("the child's views", blank=True)
    carer_views = models.TextField("the carer's views", blank=True)
    # A transfer.
    destination = models.CharField(max_length=10, blank=True, choices=TransferDestination.choices)
    to_team = models.ForeignKey(
        "staff.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_authority = models.CharField("the receiving local authority", max_length=200, blank=True)
    acceptance_date = models.DateField(
        "date of the receiving authority's written acceptance", null=True, blank=True
    )
    acceptance_reference = models.CharField(
        "reference of the written acceptance", max_length=200, blank=True
    )
    acceptance_document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The dashboard's approvals waiting, per team; the file's approvals.
            models.Index(
                fields=["child", "submitted_at"],
                condition=Q(status="submitted"),
                name="approval_waiting_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(status="submitted"),
                name="one_waiting_approval_per_kind",
                violation_error_message="One of these is already waiting for approval.",
            ),
            models.CheckConstraint(
                name="approval_decided_has_decider",
                condition=Q(status="submitted", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(status="submitted") & Q(decided_at__isnull=False, decided_by__isnull=False)),
            ),
            models.CheckConstraint(
                name="returned_approval_has_comments",
                condition=~Q(status="returned") | ~Q(comments=""),
                violation_error_message="Say why it is returned.",
            ),
            # Seed 003 App. 7, 3.4: a closure records its decision and the views.
            models.CheckConstraint(
                name="closure_approval_is_complete",
                condition=~Q(kind="closure")
                | (
                    Q(effective_on__isnull=False)
                    & ~Q(closure_reason="")
                    & ~Q(closure_summary="")
                    & ~Q(child_views="")
                    & ~Q(carer_views="")
                ),
                violation_error_message="A closure needs its date, reason, summary and views.",
            ),
            models.CheckConstraint(
                name="transfer_approval_has_destination",
                condition=~Q(kind="transfer")
                | (Q(destination="team") & Q(to_team__isnull=False) & Q(effective_on__isnull=False))
                | (
                    Q(destination="authority") & ~Q(to_authority="") & Q(effective_on__isnull=False)
                ),
                violation_error_message="A transfer needs its destination and date.",
            ),
            # Seed 003 App. 7, 3.7: confirmed in writing by the receiving authority.
            models.CheckConstraint(
                name="authority_transfer_has_acceptance",
                condition=~Q(kind="transfer", destination="authority")
                | (
                    Q(acceptance_date__isnull=False)
                    & (~Q(acceptance_reference="") | Q(acceptance_document__isnull=False))
                ),
                violation_error_message=(
                    "A transfer to another authority needs its written acceptance."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for child {self.child_id}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("caserecords:approval", args=[self.pk])

    @property
    def is_waiting(self) -> bool:
        return self.status == ApprovalStatus.SUBMITTED

    @property
    def leaves_the_authority(self) -> bool:
        return (
            self.kind == ApprovalKind.TRANSFER and self.destination == TransferDestination.AUTHORITY
        )

    @property
    def closes_the_case(self) -> bool:
        return self.kind == ApprovalKind.CLOSURE or self.leaves_the_authority
