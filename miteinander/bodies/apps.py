from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "miteinander.bodies"
    label = "bodies"
    verbose_name = _("Bodies and meetings")

    def ready(self):
        # Navigation entries and the organisation page section follow with the pages.
        pass
