"""Admin: absences and filed emails to browse, with their history. Changes go through the
services (pages and API), which check who may act and start and end cover."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Absence, FiledEmail


class ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Absence)
class AbsenceAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["user", "kind", "starts_on", "ends_on", "cover", "ended_early_at"]
    list_filter = ["kind", "planned"]
    list_select_related = ["user", "cover"]
    search_fields = ["user__username", "user__last_name", "cover__username"]
    date_hierarchy = "starts_on"


@admin.register(FiledEmail)
class FiledEmailAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["subject", "sender", "sent_at", "filed_by", "filed_at"]
    list_select_related = ["filed_by"]
    search_fields = ["subject", "sender"]
