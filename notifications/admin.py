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


# Need to Know ----------------------------------------------------------------------------

from simple_history.admin import SimpleHistoryAdmin  # noqa: E402

from .models import Escalation, EscalationEvent, EscalationReason, MissingEpisode  # noqa: E402


@admin.register(EscalationReason)
class EscalationReasonAdmin(admin.ModelAdmin):
    """The reasons are the authority's to word: editable, never deleted (escalations cite them)."""

    list_display = ["label", "category", "code", "active", "order"]
    list_filter = ["category", "active"]
    list_editable = ["active", "order"]
    search_fields = ["label", "code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        # The code is what integrations and the missing-child job use: fixed once made.
        return ["code"] if obj is not None else []


class EscalationEventInline(admin.TabularInline):
    model = EscalationEvent
    fields = ["at", "kind", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(SimpleHistoryAdmin, ReadOnly):
    """Escalations to look at: pages, the API and the jobs write them, through the services."""

    list_display = [
        "pk",
        "category",
        "reason",
        "child",
        "status",
        "raised_at",
        "sent_to_director_at",
    ]
    list_filter = ["category", "status"]
    list_select_related = ["reason", "child"]
    date_hierarchy = "raised_at"
    raw_id_fields = ["child", "raised_by", "missing_episode"]
    inlines = [EscalationEventInline]


@admin.register(MissingEpisode)
class MissingEpisodeAdmin(SimpleHistoryAdmin, ReadOnly):
    list_display = ["child", "missing_from", "returned_at", "serious_risk", "recorded_by"]
    list_filter = ["serious_risk"]
    list_select_related = ["child", "recorded_by"]
    raw_id_fields = ["child", "recorded_by"]
