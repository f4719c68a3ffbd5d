"""How the API shows and reads the child's record.

Output serializers render; input serializers only parse and check the shape
of a request. Neither saves anything: the API views pass the parsed data to
`services.py`, where the rules live.
"""

from datetime import UTC, datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import access, codes, services
from .models import (
    PLANNED_KIND_CHOICES,
    Action,
    Allocation,
    Child,
    FileRead,
    FileReadPurpose,
    LegalStatus,
    LegalStatusKind,
    Observation,
    Participant,
    PlannedContact,
)

# The largest primary key the databases store (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# Contacts before this are typing mistakes; the working-day calendar starts here too.
EARLIEST_CONTACT = datetime(1900, 1, 1, tzinfo=UTC)


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# Small shared shapes -----------------------------------------------------------


class CodeLabelSerializer(serializers.Serializer):
    """An official code with its label, e.g. {"code": "WBRI", "label": "White British"}."""

    code = serializers.CharField()
    label = serializers.CharField()


@extend_schema_field(CodeLabelSerializer(allow_null=True))
class CodeField(serializers.Field):
    """Render a stored code as {code, label} from its code list; an empty code as null."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return {"code": value, "label": str(self.labels.get(value, value))}


class StaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# Children ----------------------------------------------------------------------


class LegalStatusSerializer(serializers.ModelSerializer):
    kind = CodeField(LegalStatusKind.choices)
    cp_category = CodeField(codes.AbuseCategory.choices)
    lac_legal_status = CodeField(codes.LookedAfterLegalStatus.choices)

    class Meta:
        model = LegalStatus
        fields = ["kind", "cp_category", "lac_legal_status", "started_on", "ended_on"]


class ChildSummarySerializer(serializers.ModelSerializer):
    """A child in a list: who, where allocated, open or closed, current legal statuses.

    Expects the queryset to carry `open_legal_statuses` (see api.ChildViewSet).
    """

    full_name = serializers.CharField(read_only=True)
    team = TeamSerializer(read_only=True, allow_null=True)
    worker = StaffSerializer(read_only=True, allow_null=True)
    open = serializers.BooleanField(source="is_open", read_only=True)
    legal_statuses = LegalStatusSerializer(source="open_legal_statuses", many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "la_child_id",
            "first_name",
            "last_name",
            "full_name",
            "date_of_birth",
            "expected_date_of_birth",
            "team",
            "worker",
            "open",
            "closed_on",
            "legal_statuses",
        ]
        read_only_fields = fields


class AllocationSerializer(serializers.ModelSerializer):
    team = TeamSerializer(read_only=True)
    worker = StaffSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Allocation
        fields = ["team", "worker", "started_on", "reason"]


class ClosureSerializer(serializers.ModelSerializer):
    reason = CodeField(codes.ClosureReason.choices, source="closure_reason")
    summary = serializers.CharField(source="closure_summary")
    child_views = serializers.CharField(source="closure_child_views")
    carer_views = serializers.CharField(source="closure_carer_views")

    class Meta:
        model = Child
        fields = ["closed_on", "reason", "summary", "child_views", "carer_views"]
        read_only_fields = fields


class ChildDetailSerializer(ChildSummarySerializer):
    """The front of the file: identity and equality data (CIN census codes with labels),
    the current allocation, open legal statuses, referral and closure.

    Expects `current_allocations` prefetched as well (see api.ChildViewSet).
    """

    sex = CodeField(codes.Sex.choices)
    ethnicity = CodeField(codes.Ethnicity.choices)
    disabilities = serializers.SerializerMethodField()
    referral_source = CodeField(codes.ReferralSource.choices)
    primary_need = CodeField(codes.PrimaryNeed.choices)
    allocation = serializers.SerializerMethodField()
    closure = serializers.SerializerMethodField()

    class Meta(ChildSummarySerializer.Meta):
        fields = [
            *ChildSummarySerializer.Meta.fields,
            "sex",
            "gender",
            "ethnicity",
            "religion",
            "first_language",
            "interpreter_needed",
            "disabilities",
            "nhs_number",
            "upn",
            "referral_date",
            "referral_source",
            "primary_need",
            "allocation",
            "closure",
        ]
        read_only_fields = fields

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_disabilities(self, child: Child) -> list[dict[str, str]]:
        labels = dict(codes.Disability.choices)
        return [{"code": code, "label": str(labels.get(code, code))} for code in child.disabilities]

    @extend_schema_field(AllocationSerializer(allow_null=True))
    def get_allocation(self, child: Child) -> dict | None:
        current = child.current_allocations[0] if child.current_allocations else None
        return AllocationSerializer(current).data if current else None

    @extend_schema_field(ClosureSerializer(allow_null=True))
    def get_closure(self, child: Child) -> dict | None:
        return None if child.is_open else ClosureSerializer(child).data


# Observations ------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["name", "title", "agency"]


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_date"]


# The narrative of an observation entered in error, shown only to the child's managers.
HIDDEN_WHEN_IN_ERROR = ("location", "summary", "child_views", "facts", "analysis")


class ObservationSerializer(serializers.ModelSerializer):
    """An observation as the API shows it.

    For an observation entered in error, its content (the text fields listed in
    HIDDEN_WHEN_IN_ERROR, participants and actions) is null or empty for anyone
    but a manager of the child; the row itself stays, marked `entered_in_error`.
    """

    author = StaffSerializer(read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    content_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = [
            "id",
            "child",
            "contact_group",
            "kind",
            "occurred_at",
            "location",
            "summary",
            "child_seen",
            "child_views",
            "facts",
            "analysis",
            "safeguarding",
            "detailed",
            "significant",
            "status",
            "due_by",
            "completed_at",
            "late_reason",
            "overdue",
            "author",
            "participants",
            "actions",
            "entered_in_error",
            "entered_in_error_reason",
            "content_hidden",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {name: {"allow_null": True} for name in HIDDEN_WHEN_IN_ERROR}

    def get_content_hidden(self, observation: Observation) -> bool:
        if not observation.entered_in_error:
            return False
        request = self.context.get("request")
        return request is None or not access.is_manager_of(request.user, observation.child)

    def to_representation(self, observation: Observation) -> dict:
        data = super().to_representation(observation)
        if data["content_hidden"]:
            data.update(dict.fromkeys(HIDDEN_WHEN_IN_ERROR), participants=[], actions=[])
        return data


class ObservationWriteSerializer(serializers.ModelSerializer):
    """The body of a draft's edit (PUT, PATCH): the recorded fields, participants and actions.

    On PUT, participants and actions left out are cleared; on PATCH they stay as they are.
    """

    participants = ParticipantSerializer(many=True, default=list)
    actions = ActionSerializer(many=True, default=list)

    class Meta:
        model = Observation
        fields = [*services.OBSERVATION_FIELDS, "participants", "actions"]

    def validate_occurred_at(self, value: datetime) -> datetime:
        if value < EARLIEST_CONTACT:
            raise serializers.ValidationError("Enter a date and time of contact after 1900.")
        return value

    def validate_participants(self, rows: list) -> list:
        return self._whole_rows(ParticipantSerializer, "participants", rows)

    def validate_actions(self, rows: list) -> list:
        return self._whole_rows(ActionSerializer, "actions", rows)

    def _whole_rows(self, serializer_class, name: str, rows: list) -> list:
        """A PATCH leaves out whole fields, never parts of a row: check each row in full.

        (DRF lets a partial update skip the required fields of nested rows too.)
        """
        if not self.partial:
            return rows
        whole = serializer_class(data=self.initial_data.get(name), many=True)
        whole.is_valid(raise_exception=True)
        return whole.validated_data


class ObservationCreateSerializer(ObservationWriteSerializer):
    """The body of a new observation: the child, optionally siblings seen at the same contact."""

    child = id_field(help_text="The child whose file the observation goes on.")
    siblings = serializers.ListField(
        child=id_field(),
        default=list,
        max_length=30,
        help_text="Other children at the same contact: each gets an observation of their own.",
    )

    class Meta(ObservationWriteSerializer.Meta):
        fields = ["child", "siblings", *ObservationWriteSerializer.Meta.fields]


class ObservationCompleteSerializer(serializers.Serializer):
    late_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the recording was not done on time: required after the due date.",
    )


# Planned contacts (the diary) ----------------------------------------------------


class PlannedContactSerializer(serializers.ModelSerializer):
    """A planned contact as the API shows it: `overdue` is true once its recording is
    expected and past `due_by` (never for a recorded or cancelled one)."""

    created_by = StaffSerializer(read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlannedContact
        fields = [
            "id",
            "child",
            "kind",
            "planned_for",
            "note",
            "safeguarding",
            "due_by",
            "status",
            "overdue",
            "observation",
            "cancel_reason",
            "cancelled_at",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlannedContactCreateSerializer(serializers.Serializer):
    """The body of a new planned contact."""

    child = id_field(help_text="The child whose diary the contact goes in.")
    kind = serializers.ChoiceField(choices=PLANNED_KIND_CHOICES)
    planned_for = serializers.DateTimeField(help_text="When the contact is planned for.")
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="What it is for."
    )
    safeguarding = serializers.BooleanField(
        required=False,
        default=False,
        help_text="About a safeguarding concern or risk: to be recorded within 1 working day. "
        "Always true for a strategy discussion.",
    )

    def validate_planned_for(self, value: datetime) -> datetime:
        if value < EARLIEST_CONTACT:
            raise serializers.ValidationError("Enter a date and time after 1900.")
        return value


class PlannedContactCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the contact is cancelled: kept in the diary."
    )


# Management oversight: file reads -------------------------------------------------


class FileReadSerializer(serializers.ModelSerializer):
    """A manager's read of a child's file; `notes` is what was read."""

    notes = serializers.CharField(source="what_was_read", read_only=True)
    read_by = StaffSerializer(read_only=True)
    observation = serializers.IntegerField(source="observation_id", read_only=True)

    class Meta:
        model = FileRead
        fields = [
            "id",
            "child",
            "read_at",
            "purpose",
            "notes",
            "decisions",
            "read_by",
            "observation",
        ]
        read_only_fields = fields


class FileReadCreateSerializer(serializers.Serializer):
    """The body of a new file read."""

    child = id_field(help_text="The child whose file was read.")
    read_at = serializers.DateTimeField(
        required=False, help_text="When the file was read (default: now)."
    )
    purpose = serializers.ChoiceField(choices=FileReadPurpose.choices)
    notes = serializers.CharField(max_length=20000, help_text="What was read.")
    decisions = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, default=""
    )
    actions = ActionSerializer(many=True, default=list)
    late_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the read is recorded late: required after the recording's due date.",
    )

    def validate_read_at(self, value: datetime) -> datetime:
        if value < EARLIEST_CONTACT:
            raise serializers.ValidationError("Enter a date and time after 1900.")
        return value
