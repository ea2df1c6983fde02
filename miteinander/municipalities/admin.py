from django.contrib import admin

from miteinander.core.admin import MunicipalityScopedAdmin

from .models import Membership, Municipality, Programme, ProgrammeMembership, ProgrammeParticipation
from .setup import municipality_setup


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "state", "claim", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            municipality_setup(municipality=obj)


class ProgrammeParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "starts_on", "ends_on"]
    inlines = [ProgrammeParticipationInline]


@admin.register(Membership)
class MembershipAdmin(MunicipalityScopedAdmin):
    list_display = ["user", "municipality", "role", "organisation"]
    list_filter = ["municipality", "role"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["organisation"]


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "role"]
    autocomplete_fields = ["user"]
