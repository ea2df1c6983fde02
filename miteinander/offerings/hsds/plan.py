"""The plan an HSDS file becomes: one planned offering per service, kept as JSON between upload
and confirmation (in `HsdsImport.plan`).

Messages are stored as English msgids with their parameters and translated when shown, so the
preview speaks the language of whoever looks at it. A parameter may itself be a message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext

PLAN_VERSION = 1


class Level:
    ERROR = "error"  # the service is not imported
    WARNING = "warning"  # imported, but not everything the file says
    INFO = "info"


@dataclass
class Note:
    level: str
    message: str
    params: dict = field(default_factory=dict)
    field: str = ""  # the HSDS field path it is about, if any

    @property
    def text(self) -> str:
        return render(self.message, self.params)


def render(message: str, params: dict | None = None) -> str:
    text = gettext(message)
    if not params:
        return text
    return text % {key: _param(value) for key, value in params.items()}


def _param(value):
    if isinstance(value, dict) and "message" in value:
        return render(value["message"], value.get("params"))
    return value


def nested(message: str, **params) -> dict:
    """A message used as the parameter of another one."""
    return {"message": message, "params": params}


@dataclass
class PlannedService:
    """What one HSDS service says, in the offering's terms; no database lookups yet."""

    position: int  # 1-based, in the order of the file
    service_id: str
    name: str
    line: int | None = None  # the line in services.csv, for a data package
    organization: dict | None = None  # id, name, website
    kind_names: list[str] = field(default_factory=list)
    target_group_names: list[str] = field(default_factory=list)
    district_name: str = ""
    fields: dict = field(default_factory=dict)  # Offering field -> JSON value
    paths: dict = field(default_factory=dict)  # Offering field -> HSDS field path
    translations: list[dict] = field(default_factory=list)
    opening_hours: list[dict] = field(default_factory=list)  # + "path"
    exceptions: list[dict] = field(default_factory=list)  # + "path"
    sessions: list[dict] = field(default_factory=list)  # + "path"
    from_miteinander: bool = False  # an export of this software: it says everything
    has_schedules: bool = True  # False: the file says nothing about when
    notes: list[Note] = field(default_factory=list)

    @property
    def errors(self) -> list[Note]:
        return [note for note in self.notes if note.level == Level.ERROR]

    def note(self, level: str, message: str, field_path: str = "", **params) -> None:
        self.notes.append(Note(level, message, params, field_path))


@dataclass
class Plan:
    source: dict
    services: list[PlannedService] = field(default_factory=list)
    version: int = PLAN_VERSION

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        if data.get("version") != PLAN_VERSION:
            raise ValueError("plan version")
        services = []
        for item in data["services"]:
            item = dict(item)
            item["notes"] = [Note(**note) for note in item["notes"]]
            services.append(PlannedService(**item))
        return cls(source=dict(data["source"]), services=services, version=data["version"])
