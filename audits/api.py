"""The REST API of the audits app: the drawn sample, `/api/audit-samples/?quarter=2027Q1`.

Auditors see the items sampled for them, managers their teams', the director all
(queries.samples_visible_to); one they may not see is a 404.
`ROUTES` (prefix, viewset, basename) are registered on the API router and `PATHS`
added to /api/ by config/api_urls.py.
"""

from django import forms
from django.core.exceptions import ValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from caserecords.api import NOT_FOUND

from . import queries
from .models import AuditSample, SampleKind, SampleStatus
from .quarters import Quarter


class AuditSampleSerializer(serializers.ModelSerializer):
    seed = serializers.IntegerField(
        source="draw.seed", read_only=True, help_text="The draw's seed."
    )

    class Meta:
        model = AuditSample
        fields = [
            "id",
            "quarter",
            "kind",
            "child",
            "observation",
            "team",
            "auditor",
            "status",
            "grade",
            "seed",
            "completed_at",
        ]
        read_only_fields = fields


class QuarterField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return str(Quarter.parse(value))
        except ValueError as error:
            raise ValidationError("Give the quarter like 2027Q1.") from error


class QuarterFilter(filters.CharFilter):
    field_class = QuarterField


class AuditSampleFilter(filters.FilterSet):
    quarter = QuarterFilter(help_text="The quarter drawn, like 2027Q1.")
    kind = filters.ChoiceFilter(choices=SampleKind.choices)
    status = filters.ChoiceFilter(choices=SampleStatus.choices)

    class Meta:
        model = AuditSample
        fields = ["quarter", "kind", "status"]


@extend_schema_view(
    list=extend_schema(
        summary="The quarterly audit sample: the files and supervision records drawn",
        description="Auditors see the items sampled for them, managers their teams', the "
        "director all.",
    ),
    retrieve=extend_schema(
        summary="One sampled item", responses={200: AuditSampleSerializer, 404: NOT_FOUND}
    ),
)
class AuditSampleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AuditSampleSerializer
    filterset_class = AuditSampleFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            queries.samples_visible_to(self.request.user)
            .select_related("draw")
            .order_by("quarter", "team_id", "kind", "pk")
        )


ROUTES = [("audit-samples", AuditSampleViewSet, "api-audit-sample")]
PATHS: list = []
