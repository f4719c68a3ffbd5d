"""Admin for the audit: the checklist questions are the authority's to word; draws and
samples are read only here (they change through the pages and the command)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditAction, AuditAnswer, AuditDraw, AuditQuestion, AuditSample


@admin.register(AuditQuestion)
class AuditQuestionAdmin(admin.ModelAdmin):
    list_display = ["order", "key", "applies_to", "text", "prefill", "active"]
    list_display_links = ["key"]
    list_filter = ["applies_to", "active"]
    ordering = ["applies_to", "order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # retire a question (active off): past answers keep pointing at it


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditDraw)
class AuditDrawAdmin(ReadOnlyAdmin):
    list_display = [
        "quarter",
        "seed",
        "fraction",
        "minimum",
        "drawn_by",
        "created_at",
        "superseded_at",
    ]
    exclude = ["population"]


class AnswerInline(admin.TabularInline):
    model = AuditAnswer
    fields = ["question", "answer", "comment", "suggested", "evidence"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ActionInline(admin.TabularInline):
    model = AuditAction
    fields = ["description", "due_date", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(AuditSample)
class AuditSampleAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["quarter", "kind", "child", "team", "auditor", "status", "grade"]
    list_filter = ["quarter", "kind", "status", "grade"]
    list_select_related = ["child", "team", "auditor"]
    raw_id_fields = ["child", "observation", "auditor", "draw"]
    inlines = [AnswerInline, ActionInline]
