"""Django's admin is the platform administrators' tool; towns work in their workspace."""

from django.contrib import admin

from .models import AuditEntry


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Admin for tenant-owned rows: platform administrators see every town, filterable."""

    list_filter = ["municipality"]
    list_select_related = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).all_municipalities()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "municipality", "action", "object_type", "object_id"]
    list_filter = ["action", "municipality"]
    search_fields = ["summary", "object_id", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
