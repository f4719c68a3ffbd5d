from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Service, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "service", "is_active"]
    list_filter = ["role", "team", "service", "is_active"]
    list_select_related = ["team", "service"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Role and team", {"fields": ["role", "job_title", "team", "service"]}),
    ]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service"]
    list_filter = ["service"]
    search_fields = ["name"]
