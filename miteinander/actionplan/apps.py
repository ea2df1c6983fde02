from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "miteinander.actionplan"
    label = "actionplan"
    verbose_name = _("Action plan")

    def ready(self):
        from miteinander.core.navigation import PUBLIC, NavEntry, register

        register(NavEntry(_("Action plan"), "actionplan:plan", "actionplan.view_plan", 20))
        register(NavEntry(_("Action plan"), "actionplan-public:progress", order=60, area=PUBLIC))

        from miteinander.network import sections

        from .selectors import organisation_measures

        sections.register(
            sections.OrganisationSection(
                key="actionplan.measures",
                template="actionplan/_organisation_measures.html",
                context=organisation_measures,
            )
        )
