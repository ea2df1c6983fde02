from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferingsConfig(AppConfig):
    name = "miteinander.offerings"
    label = "offerings"
    verbose_name = _("Offerings")

    def ready(self):
        from miteinander.core.navigation import PUBLIC, NavEntry, register
        from miteinander.municipalities import setup

        from . import services

        setup.register(services.directory_setup)
        register(NavEntry(_("Offerings"), "offerings:list", "offerings.view_directory", 15))
        register(NavEntry(_("Offerings"), "offerings-public:directory", order=40, area=PUBLIC))

        from miteinander.network import hooks, sections

        from .search.index import provider_reindex

        hooks.on_organisation_renamed(provider_reindex)

        from .workspace_selectors import organisation_offerings

        sections.register(
            sections.OrganisationSection(
                key="offerings.offerings",
                template="offerings/_organisation_offerings.html",
                context=organisation_offerings,
            )
        )
