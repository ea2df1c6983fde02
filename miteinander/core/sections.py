"""Sections that later apps add to a page of an earlier app (an organisation's, a measure's).

An app registers a section in its AppConfig.ready(); the page renders what it is given and
needs to know nothing about the apps built on it. Each page keeps its own `PageSections`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    # (the page's object, user) -> the template's context, or None to leave the section out
    context: Callable


class PageSections:
    """The sections registered for one kind of page, in the order they were registered."""

    def __init__(self):
        self._sections: list[Section] = []

    def register(self, section: Section) -> None:
        if all(existing.key != section.key for existing in self._sections):
            self._sections.append(section)

    def for_object(self, obj, user) -> list[tuple[Section, dict]]:
        result = []
        for section in self._sections:
            context = section.context(obj, user)
            if context is not None:
                result.append((section, context))
        return result
