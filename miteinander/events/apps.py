from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "miteinander.events"
    label = "events"
    verbose_name = _("Events and participation")

    def ready(self):
        from miteinander.municipalities import setup

        from .services import event_kinds_ensure

        setup.register(event_kinds_ensure)
