"""Admin: local closure days and families are edited here; the case record itself is
read-only, because every change to it goes through the services (and their rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AmendmentRequest,
    Approval,
    Child,
    ChronologyEntry,
    ClosureDay,
    Document,
    Family,
    FileRead,
    Observation,
    Supervision,
)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Browse records and their history; changes are made through the service layer."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = ["la_child_id", "first_name", "last_name", "team", "worker", "closed_on"]
    list_filter = ["team"]
    list_select_related = ["team", "worker"]
    search_fields = ["la_child_id", "first_name", "last_name"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["child", "kind", "occurred_at", "status", "due_by", "author"]
    list_filter = ["status", "kind", "safeguarding"]
    list_select_related = ["child", "author"]
    raw_id_fields = ["child", "author"]


@admin.register(AmendmentRequest)
class AmendmentRequestAdmin(ReadOnlyAdmin):
    list_display = ["observation", "kind", "status", "requested_by", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(ChronologyEntry)
class ChronologyEntryAdmin(ReadOnlyAdmin):
    list_display = ["child", "occurred_at", "category", "headline"]
    list_filter = ["category"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["child", "document_type", "title", "document_date", "uploaded_by"]
    exclude = ["file"]


@admin.register(FileRead)
class FileReadAdmin(ReadOnlyAdmin):
    list_display = ["child", "read_at", "purpose", "read_by"]
    list_filter = ["purpose"]
    list_select_related = ["child", "read_by"]
    raw_id_fields = ["child", "observation", "read_by"]


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ["worker", "supervisor", "held_at"]
    list_select_related = ["worker", "supervisor"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["child", "kind", "status", "submitted_by", "submitted_at", "decided_by"]
    list_filter = ["kind", "status"]
    list_select_related = ["child", "submitted_by", "decided_by"]
    raw_id_fields = ["child", "document", "acceptance_document"]
