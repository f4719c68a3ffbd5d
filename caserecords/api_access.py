"""The REST API of emergency access and the access log.

`POST /api/children/{id}/break-glass/` opens time-limited access to a child's file with a
stated reason (400 without one); `GET /api/children/{id}/access-log/` lists who read the
file, for the managers of the child's team and service only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import access
from .api import FORBIDDEN, NOT_FOUND, ErrorSerializer
from .models import AccessLog, Child
from .services.access_grants import break_glass_open


class BreakGlassSerializer(serializers.Serializer):
    reason = serializers.CharField(
        help_text="Why you need this child's file now: kept with every read, sent to the "
        "child's team leader.",
        trim_whitespace=True,
        allow_blank=False,
    )


class BreakGlassResultSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="Null when your role already gives you the file."
    )
    notices = serializers.ListField(
        child=serializers.CharField(), help_text="Who of those told is away, and who covers."
    )


class BreakGlassView(APIView):
    @extend_schema(
        summary="Open emergency (break-glass) access to a child's file",
        request=BreakGlassSerializer,
        responses={
            200: OpenApiResponse(
                BreakGlassResultSerializer, description="Already yours to see: nothing opened."
            ),
            201: BreakGlassResultSerializer,
            400: OpenApiResponse(ErrorSerializer, description="No reason given."),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, pk: int):
        child = get_object_or_404(Child.objects.select_related("team"), pk=pk)
        data = BreakGlassSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if access.children_visible_to(request.user).filter(pk=child.pk).exists():
            result = {"child": child.pk, "expires_at": None, "notices": []}
            return Response(BreakGlassResultSerializer(result).data)
        grant, away = break_glass_open(
            user=request.user, child=child, reason=data.validated_data["reason"]
        )
        result = {"child": child.pk, "expires_at": grant.expires_at, "notices": map(str, away)}
        return Response(BreakGlassResultSerializer(result).data, status=status.HTTP_201_CREATED)


class AccessLogEntrySerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = AccessLog
        fields = ["user", "at", "what", "why", "reason", "channel"]
        read_only_fields = fields


@extend_schema(
    summary="Who has read a child's file: for the managers of its team and service",
    responses={200: AccessLogEntrySerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
)
class AccessLogView(generics.ListAPIView):
    serializer_class = AccessLogEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator's dry run
            return AccessLog.objects.none()
        child = access.child_for_user(self.request.user, self.kwargs["pk"])
        if not access.is_manager_of(self.request.user, child):
            raise PermissionDenied("Only the managers of the child's team see who read the file.")
        return AccessLog.objects.filter(child=child).select_related("user")


ROUTES: list = []
PATHS = [
    path("children/<int:pk>/break-glass/", BreakGlassView.as_view(), name="api-break-glass"),
    path("children/<int:pk>/access-log/", AccessLogView.as_view(), name="api-access-log"),
]
