"""The REST API of the child's record: children (read only), observations, planned contacts.

Every queryset comes from `access.py` (what one may not see is a 404) and
every write goes through `services.py`; the views parse, call, render. The
services' exceptions become HTTP answers in `exception_handler`, in one place.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from staff import twofactor
from staff.throttles import SignInRateThrottle

from . import access, services
from .api_pagination import (
    LatestReadFirstPagination,
    NewestFirstPagination,
    SoonestFirstPagination,
)
from .filters import ChildFilter, ObservationFilter, PlannedContactFilter
from .models import Allocation, FileRead, LegalStatus
from .serializers import (
    ChildDetailSerializer,
    ChildSummarySerializer,
    FileReadCreateSerializer,
    FileReadSerializer,
    ObservationCompleteSerializer,
    ObservationCreateSerializer,
    ObservationSerializer,
    ObservationWriteSerializer,
    PlannedContactCancelSerializer,
    PlannedContactCreateSerializer,
    PlannedContactSerializer,
)

# Errors --------------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is locked and cannot be changed this way."
    default_code = "conflict"


def _field_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
        for field, messages in error.message_dict.items()
    }


def exception_handler(exc, context):
    """DRF's handler, plus the services' exceptions: a locked record is 409, a rule 400.

    Django's PermissionDenied (403) and Http404 are already handled by DRF.
    """
    if isinstance(exc, services.RecordLocked):
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_field_messages(exc))
    return drf_exception_handler(exc, context)


def _parse(request, serializer_class, **kwargs) -> dict:
    """The request body, validated by `serializer_class` (a 400 with field messages if not)."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: `{"field": ["message", ...]}`, or `non_field_errors`.',
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Not found, or not yours to see.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Signed in, but not allowed to do this.")
LOCKED = OpenApiResponse(ErrorSerializer, description="The observation is already completed.")
NOT_PLANNED = OpenApiResponse(
    ErrorSerializer, description="The planned contact is already recorded or cancelled."
)


# Sign-in -------------------------------------------------------------------------


class TokenRequestSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The 6-digit code from the authenticator app: managers, when two-factor "
        "sign-in is required.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


@extend_schema_view(
    post=extend_schema(
        summary="Exchange a username and password for an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: FIELD_ERRORS,
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many attempts: wait, or the account is locked for a while.",
            ),
        },
    )
)
class TokenView(ObtainAuthToken):
    """Exchange a username and password for a token; send it as `Authorization: Token ...`.

    Guarded like the sign-in page: failed attempts count towards django-axes' lockout
    (the request passes through `authenticate`, so AxesStandaloneBackend sees it), and
    a throttle slows down guessing from one address.
    """

    # The password is the credential here: no other authentication applies, so a
    # browser's session cookie brings no CSRF check with it.
    authentication_classes = []
    serializer_class = TokenRequestSerializer
    throttle_classes = [SignInRateThrottle]

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": ACCOUNT_LOCKED}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if not valid:
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        if needs_second_factor_for_token(user):
            try:
                twofactor.totp_verify(user=user, token=serializer.validated_data.get("otp_token"))
            except DjangoValidationError as error:
                raise exceptions.ValidationError({"otp_token": error.messages}) from error
        # A sign-in like any other: last_login, and axes clears the failed attempts.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


ACCOUNT_LOCKED = (
    "Too many failed sign-in attempts: this account is locked for a while. "
    "Try again later, or ask your administrator to unlock it."
)


def needs_second_factor_for_token(user) -> bool:
    return bool(getattr(settings, "OTP_REQUIRED_FOR_MANAGERS", False) and user.is_manager)


# Children ------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List the children whose files you may see"),
    retrieve=extend_schema(
        summary="The front of a child's file",
        responses={200: ChildDetailSerializer, 404: NOT_FOUND},
    ),
)
class ChildViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = ChildFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        open_statuses = LegalStatus.objects.filter(ended_on__isnull=True).order_by("kind")
        children = (
            access.children_visible_to(self.request.user)
            .select_related("team", "worker")
            .prefetch_related(
                Prefetch("legal_statuses", queryset=open_statuses, to_attr="open_legal_statuses")
            )
            .order_by("last_name", "first_name", "pk")
        )
        if self.action == "retrieve":
            current = Allocation.objects.filter(ended_on__isnull=True).select_related(
                "team", "worker"
            )
            children = children.prefetch_related(
                Prefetch("allocations", queryset=current, to_attr="current_allocations")
            )
        return children

    def get_serializer_class(self):
        return ChildDetailSerializer if self.action == "retrieve" else ChildSummarySerializer

    def retrieve(self, request, *args, **kwargs):
        child = self.get_object()
        access.record_read(request.user, child, "child file", channel="api")
        return Response(self.get_serializer(child).data)


# Observations --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List observations on the files you may see"),
    retrieve=extend_schema(
        summary="One observation", responses={200: ObservationSerializer, 404: NOT_FOUND}
    ),
)
class ObservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Observations (case notes). Drafts are edited by their author; completing locks them.

    Nothing is deleted: there is no DELETE.
    """

    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    pagination_class = NewestFirstPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            access.observations_visible_to(self.request.user)
            .select_related("child__team", "author")
            .prefetch_related("participants", "actions")
        )

    def retrieve(self, request, *args, **kwargs):
        observation = self.get_object()
        access.record_read(
            request.user, observation.child, f"observation {observation.pk}", channel="api"
        )
        return Response(self.get_serializer(observation).data)

    @extend_schema(
        summary="Record an observation (a draft), on the child's file and each sibling's",
        request=ObservationCreateSerializer,
        responses={201: ObservationSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request):
        body = _parse(self.request, ObservationCreateSerializer)
        child = access.child_for_user(request.user, body.pop("child"))
        siblings = self._siblings(body.pop("siblings"), exclude=child.pk)
        participants, actions = body.pop("participants"), body.pop("actions")
        observations = services.observation_create(
            author=request.user,
            child=child,
            data=body,
            participants=participants,
            actions=actions,
            siblings=siblings,
        )
        observation = self.get_queryset().get(pk=observations[0].pk)
        location = reverse("api-observation-detail", args=[observation.pk])
        return Response(
            self.get_serializer(observation).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    @extend_schema(
        summary="Replace a draft (its author only)",
        request=ObservationWriteSerializer,
        responses={
            200: ObservationSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    def update(self, request, pk=None, partial=False):
        observation = self.get_object()
        body = _parse(self.request, ObservationWriteSerializer, partial=partial)
        participants, actions = body.pop("participants", None), body.pop("actions", None)
        services.observation_update(
            observation=observation,
            user=request.user,
            data=body,
            participants=participants,
            actions=actions,
        )
        return self._render(observation.pk)

    @extend_schema(
        summary="Change some fields of a draft (its author only)",
        request=ObservationWriteSerializer(partial=True),
        responses={
            200: ObservationSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(
        summary="Complete (lock) a draft; after its due date, say why it is late",
        request=ObservationCompleteSerializer,
        responses={
            200: ObservationSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        observation = self.get_object()
        body = _parse(self.request, ObservationCompleteSerializer)
        services.observation_complete(
            observation=observation, user=request.user, late_reason=body["late_reason"]
        )
        return self._render(observation.pk)

    def _siblings(self, ids: list[int], *, exclude: int) -> list:
        """The siblings' files, each one the author may see; any other id is a 400."""
        wanted = set(ids) - {exclude}
        found = list(access.children_visible_to(self.request.user).filter(pk__in=wanted))
        missing = wanted - {sibling.pk for sibling in found}
        if missing:
            listed = ", ".join(str(pk) for pk in sorted(missing))
            raise exceptions.ValidationError(
                {"siblings": [f"You can only record on files you have access to: {listed}."]}
            )
        return found

    def _render(self, pk: int) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


# Planned contacts (the diary) ----------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List planned contacts in the diaries you may see"),
    retrieve=extend_schema(
        summary="One planned contact", responses={200: PlannedContactSerializer, 404: NOT_FOUND}
    ),
)
class PlannedContactViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Planned visits, calls and meetings. Once its date has passed, a planned contact
    expects a recording by `due_by`; it can be cancelled with a reason. It is marked
    recorded when an observation records it. Nothing is deleted: there is no DELETE.
    """

    serializer_class = PlannedContactSerializer
    filterset_class = PlannedContactFilter
    pagination_class = SoonestFirstPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            access.planned_contacts_visible_to(self.request.user)
            .select_related("created_by")
            .order_by("planned_for", "pk")
        )

    @extend_schema(
        summary="Plan a contact in a child's diary",
        request=PlannedContactCreateSerializer,
        responses={
            201: PlannedContactSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def create(self, request):
        body = _parse(self.request, PlannedContactCreateSerializer)
        child = access.child_for_user(request.user, body.pop("child"))
        planned = services.planned_contact_create(user=request.user, child=child, **body)
        location = reverse("api-planned-contact-detail", args=[planned.pk])
        return Response(
            self.get_serializer(self.get_queryset().get(pk=planned.pk)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    @extend_schema(
        summary="Cancel a planned contact, with the reason",
        request=PlannedContactCancelSerializer,
        responses={
            200: PlannedContactSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: NOT_PLANNED,
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        planned = self.get_object()
        body = _parse(self.request, PlannedContactCancelSerializer)
        services.planned_contact_cancel(
            planned_contact=planned, user=request.user, reason=body["reason"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=planned.pk)).data)


# Management oversight: file reads -------------------------------------------------


CHILD_PARAMETER = OpenApiParameter(
    "child", int, description="Only the reads of this child's file.", required=False
)


@extend_schema_view(
    list=extend_schema(
        summary="List managers' reads of the files you may see, newest first",
        parameters=[CHILD_PARAMETER],
        responses={200: FileReadSerializer(many=True), 400: FIELD_ERRORS, 404: NOT_FOUND},
    ),
)
class FileReadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """File reads (team leader monitoring): each is also a completed observation of kind
    file_read on the child's file. Only a manager of the child's team records one."""

    serializer_class = FileReadSerializer
    pagination_class = LatestReadFirstPagination

    def get_queryset(self):
        reads = FileRead.objects.filter(
            child__in=access.children_visible_to(self.request.user)
        ).select_related("read_by")
        return reads.order_by("-read_at", "-pk")

    def list(self, request, *args, **kwargs):
        reads, child = self.get_queryset(), None
        raw = request.query_params.get("child")
        if raw is not None:
            if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 2**63:
                raise exceptions.ValidationError({"child": ["Enter a child's id."]})
            child = access.child_for_user(request.user, int(raw))
            reads = reads.filter(child=child)
        page = self.paginate_queryset(reads)
        access.record_read(request.user, child, "file reads", channel="api")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Record a read of a child's file (a manager of the child's team)",
        request=FileReadCreateSerializer,
        responses={201: FileReadSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request):
        body = _parse(self.request, FileReadCreateSerializer)
        child = access.child_for_user(request.user, body["child"])
        read = services.file_read_record(
            child=child,
            user=request.user,
            purpose=body["purpose"],
            what_was_read=body["notes"],
            decisions=body["decisions"],
            actions=body["actions"],
            read_at=body.get("read_at"),
            late_reason=body["late_reason"],
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=read.pk)).data,
            status=status.HTTP_201_CREATED,
        )


ROUTES = [
    ("children", ChildViewSet, "api-child"),
    ("observations", ObservationViewSet, "api-observation"),
    ("planned-contacts", PlannedContactViewSet, "api-planned-contact"),
    ("file-reads", FileReadViewSet, "api-file-read"),
]
PATHS: list = []
