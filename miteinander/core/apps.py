from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "miteinander.core"
    label = "core"
    verbose_name = _("Core")


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin, for platform administrators only, logging in through allauth (with 2FA)."""

    default = False
    default_site = "miteinander.core.admin_site.PlatformAdminSite"
