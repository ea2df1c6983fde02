from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "miteinander.bodies"
    label = "bodies"
    verbose_name = _("Bodies and meetings")

    def ready(self):
        from miteinander.core.navigation import NavEntry, register

        from . import graph  # noqa: F401 -- registers the bodies with the network picture

        register(NavEntry(_("Bodies"), "bodies:list", "bodies.view_bodies", 25))
