"""Admin: administrators keep the list of organisations; sharing records are read only here,
because every change to them goes through the services (and their rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, SharingAmendment, SharingRecord


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "telephone", "active"]
    list_filter = ["active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Records name it; untick "active" to stop offering it instead.
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Browse records and their history; changes are made through the service layer."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SharingRecord)
class SharingRecordAdmin(ReadOnlyAdmin):
    list_display = ["type", "occurred_at", "organisation_name", "consent", "status", "recorded_by"]
    list_filter = ["type", "consent", "status"]
    list_select_related = ["recorded_by"]
    search_fields = ["organisation_name", "name"]
    raw_id_fields = ["recorded_by", "organisation"]


@admin.register(SharingAmendment)
class SharingAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["record", "status", "requested_by", "created_at"]
    list_select_related = ["record", "requested_by"]
