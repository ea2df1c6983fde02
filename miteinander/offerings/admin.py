from django.contrib import admin

from miteinander.core.admin import MunicipalityScopedAdmin

from .models import DirectorySettings, Offering


@admin.register(Offering)
class OfferingAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "provider", "status", "municipality"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(DirectorySettings)
class DirectorySettingsAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "review_required"]
