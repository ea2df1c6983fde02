"""Sections that later apps add to an organisation's page (its measures, offerings, bodies ...).

An app registers a section in its AppConfig.ready(); the network app renders what it is given
and needs to know nothing about the apps built on it (see `core.sections`).
"""

from miteinander.core.sections import PageSections, Section

OrganisationSection = Section

_organisation_page = PageSections()
register = _organisation_page.register
for_organisation = _organisation_page.for_object
