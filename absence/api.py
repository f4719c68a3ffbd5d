"""The REST API of the absence app: who I am, the staff I may see (with who is away and who
covers), and absences (record, list, end early).

`ROUTES` (prefix, viewset, basename) are registered on the API router and `PATHS`
added to /api/ by config/api_urls.py. Lists say who is away with subqueries, never a
query per person.
"""

from django.urls import path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from caserecords.api import FIELD_ERRORS, FORBIDDEN, NOT_FOUND, _parse
from staff.models import User

from . import queries, services
from .models import Absence, AbsenceKind

# People --------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True, allow_null=True)
    absent = serializers.BooleanField(read_only=True, help_text="Away now.")
    cover = serializers.IntegerField(
        source="cover_id",
        read_only=True,
        allow_null=True,
        help_text="Who covers while they are away (user id); null when not away.",
    )
    away_until = serializers.DateField(
        read_only=True, allow_null=True, help_text="Their last day away; null if open-ended."
    )

    class Meta:
        model = User
        fields = ["id", "username", "name", "role", "team", "absent", "cover", "away_until"]
        read_only_fields = fields


class MeView(APIView):
    @extend_schema(
        summary="Who you are, and whether you are recorded as away", responses=PersonSerializer
    )
    def get(self, request):
        me = queries.with_absence(User.objects.filter(pk=request.user.pk), timezone.now()).get()
        return Response(PersonSerializer(me).data)


@extend_schema_view(
    get=extend_schema(summary="The staff you may see, with who is away and who covers")
)
class StaffList(generics.ListAPIView):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return queries.staff_list(self.request.user, timezone.now())


# Absences ------------------------------------------------------------------------------


class AbsenceSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    cover = serializers.IntegerField(source="cover_id", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    active = serializers.SerializerMethodField(help_text="Running now.")

    class Meta:
        model = Absence
        fields = [
            "id",
            "user",
            "starts_on",
            "ends_on",
            "planned",
            "kind",
            "message",
            "cover",
            "recorded_by",
            "ended_early_at",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, absence: Absence) -> bool:
        return absence.is_active()


class AbsenceCreatedSerializer(AbsenceSerializer):
    notices = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Who of those told about it was away, and who covers for them.",
    )

    class Meta(AbsenceSerializer.Meta):
        fields = [*AbsenceSerializer.Meta.fields, "notices"]
        read_only_fields = fields


class AbsenceCreateSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="Who is away (user id); you, if left out.",
    )
    starts_on = serializers.DateField(help_text="The first day away.")
    ends_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The last day away; null if not known.",
    )
    planned = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    message = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    cover = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Who covers (user id); their team leader, if left out.",
    )


class AbsenceFilter(filters.FilterSet):
    STATES = [("current", "Away now"), ("upcoming", "Coming up"), ("past", "Ended")]
    state = filters.ChoiceFilter(choices=STATES, method="filter_state")
    user = filters.NumberFilter(field_name="user_id")

    class Meta:
        model = Absence
        fields = ["state", "user"]

    def filter_state(self, queryset, name, value):
        return queries.absences_filtered(queryset, state=value, at=timezone.now())


@extend_schema_view(
    list=extend_schema(summary="Absences of the staff you may see"),
    retrieve=extend_schema(
        summary="One absence", responses={200: AbsenceSerializer, 404: NOT_FOUND}
    ),
)
class AbsenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Absences: a worker records their own; a team leader or business support one for a
    member of their team. Nothing is deleted: an absence is ended early instead."""

    serializer_class = AbsenceSerializer
    filterset_class = AbsenceFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return queries.absences_visible_to(self.request.user).order_by("-starts_on", "-pk")

    @extend_schema(
        summary="Record an absence",
        request=AbsenceCreateSerializer,
        responses={201: AbsenceCreatedSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN},
    )
    def create(self, request):
        data = _parse(request, AbsenceCreateSerializer)
        data["user"] = data.get("user") or request.user
        absence, away = services.absence_create(recorded_by=request.user, **data)
        body = AbsenceSerializer(absence).data | {"notices": [str(note) for note in away]}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End an absence early (the worker is back), or withdraw one not begun",
        request=None,
        responses={200: AbsenceSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        absence = services.absence_end(absence=self.get_object(), user=request.user)
        return Response(AbsenceSerializer(absence).data)


ROUTES = [("absences", AbsenceViewSet, "api-absence")]
PATHS = [
    path("me/", MeView.as_view(), name="api-me"),
    path("staff/", StaffList.as_view(), name="api-staff"),
]
