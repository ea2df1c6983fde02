"""Sections that later apps add to a measure's page (the bodies' tasks and papers on it ...).

An app registers a section in its AppConfig.ready(); the action plan renders what it is given
and needs to know nothing about the apps built on it (see `core.sections`).
"""

from miteinander.core.sections import PageSections, Section

MeasureSection = Section

_measure_page = PageSections()
register = _measure_page.register
for_measure = _measure_page.for_object
