"""The plan a stock-take file becomes: organisations, formats and notes, stored as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext


class Level:
    ERROR = "error"  # the row or entry is rejected
    WARNING = "warning"  # imported, but not quite as the file says
    INFO = "info"  # skipped or read in a particular way


@dataclass
class Note:
    """A remark on one line of the file; the message is an English msgid, rendered on display."""

    line: int | None
    level: str
    code: str
    message: str
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return gettext(self.message) % self.params if self.params else gettext(self.message)


@dataclass
class PlannedOrganisation:
    name: str
    actor_group: str
    parent: str | None
    lines: list[int]

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass
class PlannedFormat:
    organisation: str
    name: str
    kind: str
    frequency: str
    line: int

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass
class Plan:
    source: dict
    groups: list[str] = field(default_factory=list)
    organisations: list[PlannedOrganisation] = field(default_factory=list)
    formats: list[PlannedFormat] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(
            source=dict(data["source"]),
            groups=list(data["groups"]),
            organisations=[PlannedOrganisation(**o) for o in data["organisations"]],
            formats=[PlannedFormat(**f) for f in data["formats"]],
            notes=[Note(**n) for n in data["notes"]],
        )


def name_key(name: str) -> str:
    """What makes two names the same organisation (or format): case folded, spaces collapsed."""
    return " ".join(name.split()).casefold()
