from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "miteinander.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities and programmes")

    def ready(self):
        from miteinander.core.navigation import PUBLIC, NavEntry, register

        register(NavEntry(_("Overview"), "workspace:home", "municipalities.view_workspace", 0))
        register(NavEntry(_("Team"), "workspace:team", "municipalities.manage_team", 90))
        register(NavEntry(_("Start"), "public:home", order=0, area=PUBLIC))
