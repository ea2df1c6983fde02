from django.contrib import admin

from miteinander.core.admin import MunicipalityScopedAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name"]
