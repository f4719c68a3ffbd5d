"""Admin: notices and job runs to look at, not to edit (jobs and services write them)."""

from django.contrib import admin

from .models import JobRun, Notification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "dedupe_key", "recipient__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "covering_for"]


@admin.register(JobRun)
class JobRunAdmin(ReadOnly):
    list_display = ["job", "period", "started_at", "finished_at"]
    list_filter = ["job"]
