"""Filters for the API's list of sharing records (django-filter).

Each narrows a queryset that already comes from queries.records_visible_to: filtering
by a child one may not see simply finds nothing.
"""

from django_filters import rest_framework as filters

from caserecords.filters import IdFilter

from .models import SharingRecord, SharingStatus, SharingType


class SharingRecordFilter(filters.FilterSet):
    child = IdFilter(field_name="children", help_text="Records about this child.")
    type = filters.ChoiceFilter(choices=SharingType.choices)
    status = filters.ChoiceFilter(choices=SharingStatus.choices)

    class Meta:
        model = SharingRecord
        fields = ["child", "type", "status"]
