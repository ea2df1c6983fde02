from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "miteinander.bodies"
    label = "bodies"
    verbose_name = _("Bodies and meetings")

    def ready(self):
        from miteinander.actionplan import sections as measure_sections
        from miteinander.core.navigation import PUBLIC, NavEntry, register
        from miteinander.network import hooks, sections

        from . import graph  # noqa: F401 -- registers the bodies with the network picture
        from .selectors import measure_bodies, organisation_bodies
        from .visibility import tracking_registry_write

        hooks.track_writes(tracking_registry_write)

        register(NavEntry(_("Bodies"), "bodies:list", "bodies.view_bodies", 25))
        register(NavEntry(_("Bodies and meetings"), "bodies-public:list", order=70, area=PUBLIC))
        sections.register(
            sections.OrganisationSection(
                key="bodies.memberships",
                template="bodies/_organisation_bodies.html",
                context=organisation_bodies,
            )
        )
        measure_sections.register(
            measure_sections.MeasureSection(
                key="bodies.measure",
                template="bodies/_measure_bodies.html",
                context=measure_bodies,
            )
        )
