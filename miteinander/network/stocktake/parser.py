"""Read a stock-take spreadsheet (XLSX or CSV) into a plan of organisations and formats.

The table is the one of Weiterstadt's stock-take (seed 004): Gruppe | Spezifisch | Vorhandene
Formate. This module only reads the file; it never touches the database. Problems with the whole
file raise `ValidationError`; problems with a row or an entry become notes in the plan, so that
the preview can show everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from miteinander.network.models import ActorGroup

from .plan import Level, Note, Plan, PlannedFormat, PlannedOrganisation, name_key
from .reading import HEADER_ALIASES, HEADER_NAMES, Rows, header_columns, read_rows
from .vocabulary import (
    ELLIPSIS,
    GROUP_NAMES,
    actor_group_from_text,
    entries,
    known_group_names,
    parse_format,
    split_actor,
)

NAME_MAX_LENGTH = 200
FREQUENCY_MAX_LENGTH = 100


def parse_stocktake(data: bytes, filename: str) -> Plan:
    """Read an uploaded file into a plan; raise ValidationError if the file cannot be read."""
    rows, source, notes = read_rows(data, filename)
    return _RowReader(source, notes).read(rows)


# --- From rows to a plan ----------------------------------------------------------------------
@dataclass
class _Group:
    code: str | None  # None: the row that set it was rejected
    line: int


class _RowReader:
    def __init__(self, source: dict, notes: list[Note]):
        self.plan = Plan(source=source, notes=list(notes))
        self.organisations: dict[str, PlannedOrganisation] = {}
        self.formats: dict[tuple[str, str], PlannedFormat] = {}

    def note(self, line, level, code, message, **params) -> None:
        self.plan.notes.append(Note(line, level, code, message, params))

    def read(self, rows: Rows) -> Plan:
        header_index = next(i for i, (_, cells) in enumerate(rows) if header_columns(cells))
        header_line, header_cells = rows[header_index]
        columns = header_columns(header_cells)
        missing = [HEADER_NAMES[c] for c in HEADER_ALIASES if c not in columns]
        if missing:
            raise ValidationError(
                _(
                    "The header row (line %(line)s) has no column “%(missing)s”. The table "
                    "needs the columns “Gruppe”, “Spezifisch” and “Vorhandene Formate”."
                ),
                code="missing_column",
                params={"line": header_line, "missing": "”, “".join(missing)},
            )
        self.plan.source["header_line"] = header_line

        def cell(cells: list[str], column: str) -> str:
            index = columns[column]
            return cells[index] if index < len(cells) else ""

        group: _Group | None = None
        empty_lines: list[int] = []
        for line, cells in rows[header_index + 1 :]:
            values = [cell(cells, c) for c in ("group", "actors", "formats")]
            if not any(values):
                empty_lines.append(line)  # noted only if more data follows
                continue
            for empty in empty_lines:
                self.note(
                    empty, Level.INFO, "empty_row", gettext_noop("Empty row; it was skipped.")
                )
            empty_lines = []
            if len(header_columns(values)) >= 2:
                self.note(
                    line,
                    Level.INFO,
                    "repeated_header",
                    gettext_noop("The header row is repeated here; it was skipped."),
                )
                continue
            group = self.read_row(line, *values, group=group)
        self.plan.organisations = list(self.organisations.values())
        self.plan.formats = list(self.formats.values())
        self.plan.notes.sort(key=lambda note: note.line or 0)
        return self.plan

    def read_row(self, line: int, group_text: str, actors: str, formats: str, *, group):
        if group_text:
            code = actor_group_from_text(group_text)
            if code is None:
                self.note(
                    line,
                    Level.ERROR,
                    "unknown_group",
                    gettext_noop(
                        "“%(group)s” is not a known actor group, so this row was not "
                        "imported. Use one of: %(known)s."
                    ),
                    group=" ".join(group_text.split()),
                    known=known_group_names(),
                )
            group = _Group(code, line)
        elif group is None:
            self.note(
                line,
                Level.ERROR,
                "no_group",
                gettext_noop(
                    "The “Gruppe” cell is empty and there is no row above to take the actor "
                    "group from, so this row was not imported. Enter the actor group."
                ),
            )
            return None
        elif group.code is None:
            self.note(
                line,
                Level.ERROR,
                "continues_rejected",
                gettext_noop(
                    "The “Gruppe” cell is empty, so this row continues line %(group_line)s, "
                    "whose actor group is unknown; it was not imported either."
                ),
                group_line=group.line,
            )
            return group
        if group.code is None:
            return group
        if group.code not in self.plan.groups:
            self.plan.groups.append(group.code)

        row_actors = self.read_actors(line, actors, group.code)
        self.read_formats(line, formats, row_actors)
        return group

    # -- Spezifisch --------------------------------------------------------------------------
    def read_actors(self, line: int, cell: str, group: str) -> list[tuple[str, str]]:
        """Add the cell's organisations; return (lookup key, name) for this row's actors."""
        row_actors: list[tuple[str, str]] = []
        items = entries(cell)
        if not items:
            self.note(
                line,
                Level.INFO,
                "no_actors",
                gettext_noop("The “Spezifisch” cell names no actor."),
            )
        for entry in items:
            if ELLIPSIS.match(entry):
                self.note(
                    line,
                    Level.INFO,
                    "ellipsis",
                    gettext_noop("The entry “%(entry)s” names no actor; it was skipped."),
                    entry=entry,
                )
                continue
            name, units, bare_units = split_actor(entry)
            parent = self.add_organisation(line, name, group, parent=None)
            if parent is None:
                continue
            row_actors.append((parent.key, parent.name))
            for unit, bare in zip(units, bare_units, strict=True):
                if ELLIPSIS.match(bare):
                    self.note(
                        line,
                        Level.INFO,
                        "ellipsis",
                        gettext_noop("The entry “%(entry)s” names no actor; it was skipped."),
                        entry=bare,
                    )
                    continue
                if name_key(unit) == parent.key:
                    self.note(
                        line,
                        Level.INFO,
                        "own_unit",
                        gettext_noop("“%(name)s” cannot be a part of itself; it was skipped."),
                        name=unit,
                    )
                    continue
                organisation = self.add_organisation(line, unit, group, parent=parent)
                if organisation is not None:
                    row_actors.append((organisation.key, organisation.name))
                    if name_key(bare) != organisation.key:
                        row_actors.append((name_key(bare), organisation.name))
        return row_actors

    def add_organisation(self, line, name, group, *, parent) -> PlannedOrganisation | None:
        name = " ".join(name.split())
        if len(name) > NAME_MAX_LENGTH:
            self.note(
                line,
                Level.ERROR,
                "name_too_long",
                gettext_noop(
                    "The name “%(name)s…” is longer than %(limit)s characters; the entry was "
                    "not imported. Shorten it."
                ),
                name=name[:60],
                limit=NAME_MAX_LENGTH,
            )
            return None
        parent_name = parent.name if parent else None
        seen = self.organisations.get(name_key(name))
        if seen is None:
            organisation = PlannedOrganisation(name, group, parent_name, [line])
            self.organisations[organisation.key] = organisation
            return organisation
        if line in seen.lines:
            self.note(
                line,
                Level.INFO,
                "duplicate",
                gettext_noop("“%(name)s” is named twice in this row; the entries are merged."),
                name=name,
            )
        else:
            self.note(
                line,
                Level.INFO,
                "duplicate",
                gettext_noop(
                    "“%(name)s” also appears in line %(first)s; the two entries are merged."
                ),
                name=name,
                first=seen.lines[0],
            )
            seen.lines.append(line)
        if seen.actor_group != group:
            self.note(
                line,
                Level.WARNING,
                "duplicate_group",
                gettext_noop(
                    "“%(name)s” keeps the actor group “%(group)s” of line %(first)s; this "
                    "row's actor group is not applied to it."
                ),
                name=seen.name,
                group=GROUP_NAMES[ActorGroup(seen.actor_group)],
                first=seen.lines[0],
            )
        if parent_name and name_key(seen.parent or "") != name_key(parent_name):
            self.note(
                line,
                Level.WARNING,
                "duplicate_parent",
                gettext_noop(
                    "“%(name)s” stays as in line %(first)s and does not become a part of "
                    "“%(parent)s”."
                ),
                name=seen.name,
                first=seen.lines[0],
                parent=parent_name,
            )
        return seen

    # -- Vorhandene Formate --------------------------------------------------------------------
    def read_formats(self, line: int, cell: str, row_actors: list[tuple[str, str]]) -> None:
        actors = dict(row_actors)
        for entry in entries(cell):
            if ELLIPSIS.match(entry):
                self.note(
                    line,
                    Level.INFO,
                    "ellipsis",
                    gettext_noop("The entry “%(entry)s” names no format; it was skipped."),
                    entry=entry,
                )
                continue
            if not row_actors:
                self.note(
                    line,
                    Level.ERROR,
                    "format_without_actor",
                    gettext_noop(
                        "The format “%(format)s” was not imported: this row names no actor it "
                        "could belong to."
                    ),
                    format=entry,
                )
                continue
            owner, text = row_actors[0][1], entry
            actor_text, colon, rest = entry.partition(":")
            if colon and rest.strip():
                named = self.actor_named(actor_text, actors)
                if named:
                    owner, text = named, rest.strip()
                else:
                    self.note(
                        line,
                        Level.INFO,
                        "not_an_actor",
                        gettext_noop(
                            "“%(actor)s” before the colon is no actor of this row, so "
                            "“%(format)s” is taken as the format's name and belongs to "
                            "“%(owner)s”."
                        ),
                        actor=actor_text.strip(),
                        format=entry,
                        owner=owner,
                    )
            self.add_format(line, owner, text)

    @staticmethod
    def actor_named(text: str, actors: dict[str, str]) -> str | None:
        """The row's actor that `text` names: the whole name, or the unique one it begins."""
        key = name_key(text)
        if not key:
            return None
        if key in actors:
            return actors[key]
        starting = {name for k, name in actors.items() if k.startswith(key + " ")}
        return starting.pop() if len(starting) == 1 else None

    def add_format(self, line: int, owner: str, text: str) -> None:
        name, frequency, kind = parse_format(text)
        if len(name) > NAME_MAX_LENGTH or len(frequency) > FREQUENCY_MAX_LENGTH:
            self.note(
                line,
                Level.ERROR,
                "name_too_long",
                gettext_noop(
                    "The name “%(name)s…” is longer than %(limit)s characters; the entry was "
                    "not imported. Shorten it."
                ),
                name=name[:60],
                limit=NAME_MAX_LENGTH if len(name) > NAME_MAX_LENGTH else FREQUENCY_MAX_LENGTH,
            )
            return
        key = (name_key(owner), name_key(name))
        seen = self.formats.get(key)
        if seen is not None:
            self.note(
                line,
                Level.INFO,
                "duplicate_format",
                gettext_noop(
                    "The format “%(name)s” of “%(owner)s” also appears in line %(first)s; it is "
                    "added once."
                ),
                name=name,
                owner=owner,
                first=seen.line,
            )
            return
        self.formats[key] = PlannedFormat(owner, name, kind, frequency, line)
