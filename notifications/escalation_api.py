"""The REST API of "Need to Know" escalations and missing episodes.

`ROUTES` (prefix, viewset, basename) and `PATHS` are added to /api/ by config/api_urls.py.
The names are kept stable for integrations:

- `/api/escalation-reasons/`: `code`, `category` (A or B), `label`.
- `/api/escalations/`: `child` (null for a staff matter), `reason` (a reason code),
  `category` (derived from the reason), `raised_at` (defaults to now; may be given for
  a concern that arose earlier the same day), the briefing's five sections
  (`basic_information`, `nature_of_concern`, `action_being_taken`,
  `update_expected_on`, `who_to_contact`, and `short_briefing`), `status`,
  `sent_to_director_at` and the `timeline`. Actions: `respond` (the PGL or head of
  service sends it to the Director, amending it), `decide` (category B:
  `inform_director` and `reason`), `acknowledge` (the Director), `updates`, `close`.
- `/api/missing-episodes/`: `child`, `missing_from`, `returned_at`, `serious_risk`.

Every write answers with the record and `notices`: who of those told is away, and
who covers for them (seed 000).
"""

from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from caserecords import access
from caserecords.api import FIELD_ERRORS, FORBIDDEN, NOT_FOUND, _parse
from caserecords.serializers import StaffSerializer, id_field

from . import escalation_queries as found
from . import escalations, missing
from .models import (
    Escalation,
    EscalationCategory,
    EscalationEvent,
    EscalationEventKind,
    EscalationReason,
    EscalationStatus,
    MissingEpisode,
)

# Reasons -----------------------------------------------------------------------------------


class EscalationReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationReason
        fields = ["code", "category", "label"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="The reasons for escalating (seed 002), category A then B"),
)
class EscalationReasonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = EscalationReasonSerializer
    pagination_class = None

    def get_queryset(self):
        return found.active_reasons()


# Escalations ----------------------------------------------------------------------------


class TimelineEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EscalationEventKind.choices)
    by = StaffSerializer(allow_null=True, help_text="Null for a step the system took.")

    class Meta:
        model = EscalationEvent
        fields = ["at", "kind", "by", "note"]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer):
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reason_label = serializers.CharField(source="reason.label", read_only=True)
    category = serializers.ChoiceField(choices=EscalationCategory.choices, read_only=True)
    status = serializers.ChoiceField(choices=EscalationStatus.choices, read_only=True)
    raised_by = StaffSerializer(
        allow_null=True, read_only=True, help_text="Null when the missing-child job raised it."
    )
    decided_by = StaffSerializer(allow_null=True, read_only=True)
    timeline = TimelineEventSerializer(many=True, read_only=True)

    class Meta:
        model = Escalation
        fields = [
            "id",
            "child",
            "reason",
            "reason_label",
            "category",
            "raised_at",
            "raised_by",
            "basic_information",
            "nature_of_concern",
            "action_being_taken",
            "update_expected_on",
            "who_to_contact",
            "short_briefing",
            "status",
            "director_due_at",
            "sent_to_director_at",
            "inform_director",
            "decision_reason",
            "decided_at",
            "decided_by",
            "acknowledged_at",
            "closed_at",
            "missing_episode",
            "timeline",
        ]
        read_only_fields = fields


class EscalationWriteSerializer(EscalationSerializer):
    notices = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Who of those told is away, and who covers for them.",
    )

    class Meta(EscalationSerializer.Meta):
        fields = [*EscalationSerializer.Meta.fields, "notices"]
        read_only_fields = fields


class BriefingInput(serializers.Serializer):
    basic_information = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Filled in from the child's record when not given.",
    )
    nature_of_concern = serializers.CharField(required=False, allow_blank=True)
    action_being_taken = serializers.CharField(required=False, allow_blank=True)
    update_expected_on = serializers.DateField(required=False, allow_null=True)
    who_to_contact = serializers.CharField(required=False, allow_blank=True, max_length=300)
    short_briefing = serializers.BooleanField(required=False)

    def briefing(self) -> dict:
        data = dict(self.validated_data)
        return {name: data[name] for name in escalations.BRIEFING_FIELDS if name in data}


class EscalationCreateSerializer(BriefingInput):
    child = id_field(required=False, allow_null=True, help_text="Null for a staff matter.")
    reason = serializers.SlugField(help_text="A code from /api/escalation-reasons/.")
    raised_at = serializers.DateTimeField(
        required=False, help_text="When the concern arose, earlier today; default now."
    )


class RespondSerializer(BriefingInput):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(BriefingInput):
    inform_director = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the Director is, or is not, to be informed.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class UpdateSerializer(serializers.Serializer):
    note = serializers.CharField()
    next_update_on = serializers.DateField(required=False, allow_null=True, default=None)


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField()


class EscalationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=EscalationStatus.choices)
    category = filters.ChoiceFilter(choices=EscalationCategory.choices)
    child = filters.NumberFilter(field_name="child_id")

    class Meta:
        model = Escalation
        fields = ["status", "category", "child"]


WRITE_RESPONSES = {
    200: EscalationWriteSerializer,
    400: FIELD_ERRORS,
    403: FORBIDDEN,
    404: NOT_FOUND,
}


@extend_schema_view(
    list=extend_schema(summary="The escalations you may see, newest first"),
    retrieve=extend_schema(
        summary="One escalation, with its briefing and timeline",
        responses={200: EscalationSerializer, 404: NOT_FOUND},
    ),
)
class EscalationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """ "Need to Know" escalations (seed 002). Nothing is deleted: there is no DELETE."""

    serializer_class = EscalationSerializer
    filterset_class = EscalationFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        escalations_ = found.escalations_visible_to(self.request.user)
        return found.with_timeline(escalations_).order_by("-raised_at", "-pk")

    def list(self, request, *args, **kwargs):
        access.record_read(request.user, None, "escalations", channel="api")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        escalation = self.get_object()
        access.record_read(request.user, escalation.child, "escalation", channel="api")
        return Response(self.get_serializer(escalation).data)

    def _answer(self, outcome: escalations.Outcome, code: int = status.HTTP_200_OK) -> Response:
        escalation = self.get_queryset().get(pk=outcome.escalation.pk)
        escalation.notices = [str(away) for away in outcome.away]
        headers = {}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = reverse("api-escalation-detail", args=[escalation.pk])
        return Response(EscalationWriteSerializer(escalation).data, status=code, headers=headers)

    @extend_schema(
        summary="Raise a Need to Know concern (on a child, or a staff matter)",
        request=EscalationCreateSerializer,
        responses={**WRITE_RESPONSES, 201: EscalationWriteSerializer},
    )
    def create(self, request):
        parsed = EscalationCreateSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        body = parsed.validated_data
        child = None
        if body.get("child") is not None:
            child = access.child_for_user(request.user, body["child"])
        reason = EscalationReason.objects.filter(code=body["reason"], active=True).first()
        if reason is None:
            raise serializers.ValidationError({"reason": ["Unknown or retired reason code."]})
        outcome = escalations.escalation_raise(
            user=request.user,
            reason=reason,
            child=child,
            briefing=parsed.briefing(),
            short_briefing=body.get("short_briefing", False),
            raised_at=body.get("raised_at"),
        )
        return self._answer(outcome, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The PGL or head of service amends the briefing and sends it to the Director",
        request=RespondSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        escalation = self.get_object()
        parsed = RespondSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        outcome = escalations.escalation_respond(
            escalation=escalation,
            user=request.user,
            briefing=parsed.briefing(),
            short_briefing=parsed.validated_data.get("short_briefing"),
            note=parsed.validated_data["note"],
        )
        return self._answer(outcome)

    @extend_schema(
        summary="Category B: the head of service decides whether the Director is informed",
        request=DecideSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        escalation = self.get_object()
        parsed = DecideSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        outcome = escalations.escalation_decide(
            escalation=escalation,
            user=request.user,
            inform_director=parsed.validated_data["inform_director"],
            reason=parsed.validated_data["reason"],
            briefing=parsed.briefing(),
            short_briefing=parsed.validated_data.get("short_briefing"),
        )
        return self._answer(outcome)

    @extend_schema(
        summary="The Director acknowledges the briefing",
        request=NoteSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        escalation = self.get_object()
        body = _parse(request, NoteSerializer)
        outcome = escalations.escalation_acknowledge(
            escalation=escalation, user=request.user, note=body["note"]
        )
        return self._answer(outcome)

    @extend_schema(
        summary="Add an update (and the date the next is expected) to an open escalation",
        request=UpdateSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        escalation = self.get_object()
        body = _parse(request, UpdateSerializer)
        outcome = escalations.escalation_add_update(
            escalation=escalation,
            user=request.user,
            note=body["note"],
            next_update_on=body["next_update_on"],
        )
        return self._answer(outcome)

    @extend_schema(
        summary="Close an escalation the Director has received (Director or head of service)",
        request=CloseSerializer,
        responses=WRITE_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        escalation = self.get_object()
        body = _parse(request, CloseSerializer)
        outcome = escalations.escalation_close(
            escalation=escalation, user=request.user, note=body["note"]
        )
        return self._answer(outcome)


# Missing episodes -----------------------------------------------------------------------


class MissingEpisodeSerializer(serializers.ModelSerializer):
    recorded_by = StaffSerializer(read_only=True)
    escalations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "child",
            "missing_from",
            "returned_at",
            "serious_risk",
            "circumstances",
            "recorded_by",
            "created_at",
            "escalations",
        ]
        read_only_fields = fields


class MissingEpisodeCreateSerializer(serializers.Serializer):
    child = id_field()
    missing_from = serializers.DateTimeField()
    returned_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    serious_risk = serializers.BooleanField(required=False, default=False)
    circumstances = serializers.CharField(required=False, allow_blank=True, default="")


class MissingEpisodeUpdateSerializer(serializers.Serializer):
    returned_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    serious_risk = serializers.BooleanField(required=False, allow_null=True, default=None)


class MissingEpisodeFilter(filters.FilterSet):
    child = filters.NumberFilter(field_name="child_id")
    missing = filters.BooleanFilter(
        field_name="returned_at", lookup_expr="isnull", help_text="true: still missing."
    )

    class Meta:
        model = MissingEpisode
        fields = ["child", "missing"]


@extend_schema_view(
    list=extend_schema(summary="Missing episodes on the files you may see, latest first"),
    retrieve=extend_schema(
        summary="One missing episode", responses={200: MissingEpisodeSerializer, 404: NOT_FOUND}
    ),
)
class MissingEpisodeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Missing episodes. A looked-after child missing 48 hours or a child on a CP plan 72
    hours raises a category A escalation; `serious_risk` a category B one."""

    serializer_class = MissingEpisodeSerializer
    filterset_class = MissingEpisodeFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            found.missing_episodes_visible_to(self.request.user)
            .select_related("recorded_by", "child")
            .prefetch_related("escalations")
            .order_by("-missing_from", "-pk")
        )

    def list(self, request, *args, **kwargs):
        access.record_read(request.user, None, "missing episodes", channel="api")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        episode = self.get_object()
        access.record_read(request.user, episode.child, "missing episode", channel="api")
        return Response(self.get_serializer(episode).data)

    @extend_schema(
        summary="Record that a child went missing",
        request=MissingEpisodeCreateSerializer,
        responses={
            201: MissingEpisodeSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def create(self, request):
        body = _parse(request, MissingEpisodeCreateSerializer)
        child = access.child_for_user(request.user, body.pop("child"))
        episode = missing.missing_episode_record(user=request.user, child=child, **body)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=episode.pk)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api-missing-episode-detail", args=[episode.pk])},
        )

    @extend_schema(
        summary="Record the child's return, or mark the missing child at serious risk",
        request=MissingEpisodeUpdateSerializer,
        responses={
            200: MissingEpisodeSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def partial_update(self, request, pk=None):
        episode = self.get_object()
        body = _parse(request, MissingEpisodeUpdateSerializer)
        missing.missing_episode_update(episode=episode, user=request.user, **body)
        return Response(self.get_serializer(self.get_queryset().get(pk=episode.pk)).data)


ROUTES = [
    ("escalation-reasons", EscalationReasonViewSet, "api-escalation-reason"),
    ("escalations", EscalationViewSet, "api-escalation"),
    ("missing-episodes", MissingEpisodeViewSet, "api-missing-episode"),
]
PATHS: list = []
