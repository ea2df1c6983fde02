from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "miteinander.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from miteinander.core.navigation import PUBLIC, NavEntry, register
        from miteinander.municipalities import setup

        from . import services

        setup.register(services.town_vocabularies_ensure)
        register(NavEntry(_("Network"), "network:organisations", "network.view_registry", 10))
        register(
            NavEntry(_("Organisations"), "network-public:organisations", order=50, area=PUBLIC)
        )
