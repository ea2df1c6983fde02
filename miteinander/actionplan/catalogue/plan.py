"""The plan a measure catalogue file becomes: one entry per row, stored as JSON until confirmed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from miteinander.network.stocktake.plan import Note


@dataclass
class PlannedRow:
    """A row of the file. `values` holds what it says, normalised (codes, ISO dates, lists);
    it is empty for a row the file alone already rejects."""

    line: int
    number: str
    title: str
    values: dict = field(default_factory=dict)


@dataclass
class Plan:
    source: dict
    columns: list[str] = field(default_factory=list)  # the imported columns the file has
    rows: list[PlannedRow] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # why rows are rejected

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(
            source=dict(data["source"]),
            columns=list(data["columns"]),
            rows=[PlannedRow(**row) for row in data["rows"]],
            notes=[Note(**note) for note in data["notes"]],
        )
