"""The REST API of the sharing app: /api/sharing-records/.

`ROUTES` (prefix, viewset, basename) are registered on the API router and `PATHS`
added to /api/ by config/api_urls.py. Querysets come from sharing.queries (a record about
no child one may see is a 404), writes go through sharing.services; the caserecords
exception handler turns a broken rule into 400 with field messages, a completed record
into 409.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from caserecords import access
from caserecords.api import FIELD_ERRORS, FORBIDDEN, NOT_FOUND, ErrorSerializer, _parse
from caserecords.api_pagination import NewestFirstPagination
from caserecords.models import Child

from . import queries, services
from .filters import SharingRecordFilter
from .serializers import (
    SharingRecordCreatedSerializer,
    SharingRecordCreateSerializer,
    SharingRecordSerializer,
    SharingRecordUpdateSerializer,
    SharingRecordWriteSerializer,
)


def _children(user, ids: list[int]) -> list[Child]:
    """The children's files, each one the recorder may see; any other id is a 400."""
    wanted = set(ids)
    found = list(access.children_visible_to(user).filter(pk__in=wanted))
    missing = wanted - {child.pk for child in found}
    if missing:
        listed = ", ".join(str(pk) for pk in sorted(missing))
        raise exceptions.ValidationError(
            {"children": [f"You can only record on files you have access to: {listed}."]}
        )
    return found


LOCKED = OpenApiResponse(ErrorSerializer, description="The record is already completed.")


@extend_schema_view(
    list=extend_schema(summary="List sharing records about the children you may see"),
    retrieve=extend_schema(
        summary="One sharing record", responses={200: SharingRecordSerializer, 404: NOT_FOUND}
    ),
)
class SharingRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Disclosures, requests received and requests made (seed 001 §3). Drafts are edited by
    the person who made the entry; completing locks them. Nothing is deleted.
    """

    serializer_class = SharingRecordSerializer
    filterset_class = SharingRecordFilter
    pagination_class = NewestFirstPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        records = queries.records_visible_to(user).select_related("recorded_by")
        return queries.with_visible_children(records, user).order_by("-occurred_at", "-pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access.record_read(request.user, None, "sharing records", channel="api")
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        access.record_read(
            request.user, record.visible_children[0], f"sharing record {record.pk}", channel="api"
        )
        return Response(self.get_serializer(record).data)

    @extend_schema(
        summary="Record a disclosure, request received or request made (a draft)",
        request=SharingRecordCreateSerializer,
        responses={
            201: SharingRecordCreatedSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
        },
    )
    def create(self, request):
        body = _parse(request, SharingRecordCreateSerializer)
        children = _children(request.user, body["children"])
        record, away = services.sharing_record_create(
            user=request.user,
            type=body["type"],
            children=children,
            data=SharingRecordWriteSerializer.record_data(body),
        )
        record = self.get_queryset().get(pk=record.pk)
        data = SharingRecordCreatedSerializer(record, context={"away": away}).data
        location = reverse("api-sharing-record-detail", args=[record.pk])
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Replace a draft (the person who made the entry only)",
        request=SharingRecordUpdateSerializer,
        responses={
            200: SharingRecordSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    def update(self, request, pk=None, partial=False):
        record = self.get_object()
        body = _parse(request, SharingRecordUpdateSerializer, partial=partial)
        children = _children(request.user, body["children"]) if "children" in body else None
        services.sharing_record_update(
            record=record,
            user=request.user,
            data=SharingRecordWriteSerializer.record_data(body),
            children=children,
        )
        return self._render(record.pk)

    @extend_schema(
        summary="Change some answers of a draft (the person who made the entry only)",
        request=SharingRecordUpdateSerializer(partial=True),
        responses={
            200: SharingRecordSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(
        summary="Complete (lock) a draft; the outcome must be recorded",
        request=None,
        responses={
            200: SharingRecordSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: LOCKED,
        },
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        record = self.get_object()
        services.sharing_record_complete(record=record, user=request.user)
        return self._render(record.pk)

    def _render(self, pk: int) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


ROUTES = [("sharing-records", SharingRecordViewSet, "api-sharing-record")]
PATHS: list = []
