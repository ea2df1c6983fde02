"""Sections that later apps add to an organisation's page (its measures, offerings, bodies ...).

An app registers a section in its AppConfig.ready(); the network app renders what it is given
and needs to know nothing about the apps built on it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationSection:
    key: str
    template: str
    # (organisation, user) -> the template's context, or None to leave the section out
    context: Callable


_sections: list[OrganisationSection] = []


def register(section: OrganisationSection) -> None:
    if all(existing.key != section.key for existing in _sections):
        _sections.append(section)


def for_organisation(organisation, user) -> list[tuple[OrganisationSection, dict]]:
    result = []
    for section in _sections:
        context = section.context(organisation, user)
        if context is not None:
            result.append((section, context))
    return result
