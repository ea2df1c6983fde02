from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "miteinander.events"
    label = "events"
    verbose_name = _("Events and participation")

    def ready(self):
        from miteinander.actionplan import sections as measure_sections
        from miteinander.core.navigation import PUBLIC, NavEntry, register
        from miteinander.municipalities import setup
        from miteinander.network import sections as organisation_sections

        from . import sections
        from .services import event_kinds_ensure

        setup.register(event_kinds_ensure)
        register(NavEntry(_("Events"), "events:list", "events.view_events", 30))
        register(NavEntry(_("Events"), "events-public:calendar", order=45, area=PUBLIC))
        organisation_sections.register(
            organisation_sections.OrganisationSection(
                key="events.events",
                template="events/_organisation_events.html",
                context=sections.organisation_events,
            )
        )
        measure_sections.register(
            measure_sections.MeasureSection(
                key="events.measure",
                template="events/_measure_events.html",
                context=sections.measure_events,
            )
        )
