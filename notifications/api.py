"""The REST API of the inbox: the signed-in user's own notices, and marking them read.

Someone else's notice is a 404, exactly like one that does not exist.
"""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from caserecords.api import NOT_FOUND
from caserecords.filters import BooleanFilter

from . import queries, services
from .models import Notification, NotificationKind


class NotificationSerializer(serializers.ModelSerializer):
    link = serializers.CharField(read_only=True, help_text="The path of the item it is about.")
    covering_for = serializers.IntegerField(
        source="covering_for_id",
        read_only=True,
        allow_null=True,
        help_text="The absent colleague (user id) it was sent to, when it reached you as cover.",
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "created_at", "read_at", "link", "covering_for"]
        read_only_fields = fields


class NotificationFilter(filters.FilterSet):
    unread = BooleanFilter(
        field_name="read_at", lookup_expr="isnull", help_text="true: unread only; false: read."
    )
    kind = filters.ChoiceFilter(choices=NotificationKind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


class MarkedRead(serializers.Serializer):
    marked_read = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(summary="Your notifications, unread first, newest first"),
    retrieve=extend_schema(
        summary="One of your notifications", responses={200: NotificationSerializer, 404: NOT_FOUND}
    ),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Notification]:
        return queries.inbox(self.request.user)

    @extend_schema(
        summary="Mark one of your notifications read",
        request=None,
        responses={200: NotificationSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()
        services.notification_mark_read(notification=notice)
        return Response(self.get_serializer(notice).data)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses={200: OpenApiResponse(MarkedRead, description="How many were unread.")},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": services.notification_mark_all_read(user=request.user)})


ROUTES = [("notifications", NotificationViewSet, "api-notification")]
PATHS: list = []
