from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "miteinander.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from miteinander.municipalities import setup

        from . import services

        setup.register(services.town_vocabularies_ensure)
