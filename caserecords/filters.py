"""Filters for lists of children and observations (django-filter), for the API and pages.

Each filter narrows a queryset that already comes from `access.py`; filtering
by a child or team one may not see simply finds nothing.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from .models import (
    Child,
    LegalStatus,
    LegalStatusKind,
    Observation,
    ObservationKind,
    ObservationStatus,
    PlannedContact,
    PlannedContactStatus,
)
from .serializers import MAX_ID

# Words of a search beyond this many are ignored (each one adds a condition).
MAX_SEARCH_WORDS = 5


class IdFilter(filters.NumberFilter):
    """A whole-number id, bounded so that no database is asked for an impossible key."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true or false (also 1 or 0); anything else is an error rather than no filter."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # The plain text widget hands the field what was sent, so it can refuse nonsense.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class ChildFilter(filters.FilterSet):
    team = IdFilter(field_name="team", help_text="The team the child is allocated to.")
    worker = IdFilter(field_name="worker", help_text="The worker who holds the case.")
    legal_status = filters.ChoiceFilter(
        choices=LegalStatusKind.choices,
        method="filter_legal_status",
        help_text="Children with an open episode of this legal status.",
    )
    open = BooleanFilter(method="filter_open", help_text="true: open cases; false: closed cases.")
    search = filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text="Words found in the child's first name, last name or local authority id.",
    )

    class Meta:
        model = Child
        fields = ["team", "worker", "legal_status", "open", "search"]

    def filter_legal_status(self, queryset: QuerySet[Child], name: str, value: str):
        current = LegalStatus.objects.filter(
            child=OuterRef("pk"), kind=value, ended_on__isnull=True
        )
        return queryset.filter(Exists(current))

    def filter_open(self, queryset: QuerySet[Child], name: str, value: bool):
        return queryset.filter(closed_on__isnull=value)

    def filter_search(self, queryset: QuerySet[Child], name: str, value: str):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(la_child_id__icontains=word)
            )
        return queryset


class ObservationFilter(filters.FilterSet):
    child = IdFilter(field_name="child", help_text="Observations on this child's file.")
    status = filters.ChoiceFilter(choices=ObservationStatus.choices)
    kind = filters.ChoiceFilter(choices=ObservationKind.choices)
    overdue = BooleanFilter(
        method="filter_overdue",
        help_text="true: drafts past their due date; false: everything else.",
    )
    contact_group = filters.UUIDFilter(
        help_text="The observations of one contact, one per child who was there."
    )

    class Meta:
        model = Observation
        fields = ["child", "status", "kind", "overdue", "contact_group"]

    def filter_overdue(self, queryset: QuerySet[Observation], name: str, value: bool):
        overdue = Observation.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class PlannedContactFilter(filters.FilterSet):
    child = IdFilter(field_name="child", help_text="Planned contacts in this child's diary.")
    status = filters.ChoiceFilter(choices=PlannedContactStatus.choices)
    overdue = BooleanFilter(
        method="filter_overdue",
        help_text="true: still expected and past their due date; false: everything else.",
    )

    class Meta:
        model = PlannedContact
        fields = ["child", "status", "overdue"]

    def filter_overdue(self, queryset: QuerySet[PlannedContact], name: str, value: bool):
        overdue = Q(pk__in=PlannedContact.objects.overdue(timezone.localdate()).values("pk"))
        return queryset.filter(overdue if value else ~overdue)
