"""The HSDS tabular data package: written from the services, and read back from an upload.

Writing follows the official datapackage.json: one CSV per resource, its fields in order, empty
resources with their header row. Reading checks each cell against the same fields (required,
type, format, enum, unique) and every foreign key, then nests the rows into service objects.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from . import export, schemas
from .messages import format_problem

# Nested keys of HSDS objects -> the tabular resource their items become.
RESOURCE_OF_KEY = {
    "organization": "organization",
    "phones": "phone",
    "schedules": "schedule",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "cost_options": "cost_option",
    "contacts": "contact",
    "attributes": "attribute",
    "location": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
}


def tabular_rows(services: Iterable[dict]) -> dict[str, list[dict]]:
    """Flatten nested service objects into the rows of each tabular resource (by its name)."""
    rows: dict[str, dict[str, dict]] = {}

    def walk(resource: str, obj: dict) -> None:
        rows.setdefault(resource, {}).setdefault(obj["id"], obj)
        for key, value in obj.items():
            child = RESOURCE_OF_KEY.get(key)
            if child is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                walk(child, item)

    for service in services:
        walk("service", service)
    return {resource: list(by_id.values()) for resource, by_id in rows.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def datapackage_zip(*, municipality) -> bytes:
    """The tabular data package: datapackage.json and one CSV per resource, as HSDS defines it."""
    rows = tabular_rows(export.services_export(municipality=municipality))
    package = dict(schemas.datapackage())
    package["title"] = f"Angebote in {municipality.name} (HSDS 3.0)"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "datapackage.json", export.json_bytes(package))
        for resource in package["resources"]:
            names = [f["name"] for f in resource["schema"]["fields"]]
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(names)
            for row in rows.get(resource["name"], []):
                writer.writerow([_cell(row.get(name)) for name in names])
            _add(archive, resource["path"], text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    # A fixed date: the same data gives the same file, byte for byte.
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


# --- Reading ---------------------------------------------------------------------------------
class TableReader:
    """Reads the CSV files of a data package, checking each cell against the official fields."""

    def __init__(self, resources: list[dict], *, max_rows: int):
        self.max_rows = max_rows
        self.resources = {resource["name"]: resource for resource in resources}
        self.rows: dict[str, list[tuple[int, dict]]] = {}
        self.files: dict[str, str] = {}
        self.messages: list = []

    def problem(self, file: str, line: int, row: dict | None, problem) -> None:
        name = (row or {}).get("name")
        if isinstance(name, str) and name:
            where = _("File “%(file)s”, line %(line)s (“%(name)s”)") % {
                "file": file,
                "line": line,
                "name": name[:80],
            }
        else:
            where = _("File “%(file)s”, line %(line)s") % {"file": file, "line": line}
        self.messages.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})

    def read(self, resource: dict, path: str, raw: bytes) -> None:
        name = resource["name"]
        self.files[name] = path
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.messages.append(
                _("File “%(file)s” is not UTF-8 text. Save it as CSV in UTF-8 and try again.")
                % {"file": path}
            )
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            self.rows[name] = []
            return
        header = [cell.strip() for cell in header]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for required in (f for f in fields.values() if f["constraints"].get("required")):
            if required["name"] not in header:
                self.messages.append(
                    _("File “%(file)s”: column “%(column)s” is missing")
                    % {"file": path, "column": required["name"]}
                )
        rows = []
        unique = [f["name"] for f in fields.values() if f["constraints"].get("unique")]
        seen: dict[str, dict] = {column: {} for column in unique}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            raw_row = {
                column: cells[index].strip() if index < len(cells) else ""
                for index, column in enumerate(header)
            }
            row = {"name": raw_row.get("name")}
            typed = {}
            for column, value in raw_row.items():
                spec = fields.get(column)
                if spec is None:
                    continue
                if value == "":
                    if spec["constraints"].get("required"):
                        self.problem(
                            path, line, row, _("field “%(field)s” is missing") % {"field": column}
                        )
                    continue
                converted, problem = convert_cell(column, value, spec)
                if problem is not None:
                    self.problem(path, line, row, problem)
                else:
                    typed[column] = converted
            for column in unique:
                value = typed.get(column)
                if value is None:
                    continue
                if value in seen[column]:
                    self.problem(
                        path,
                        line,
                        row,
                        _("field “%(field)s”: “%(value)s” is already used in line %(other)s")
                        % {"field": column, "value": value, "other": seen[column][value]},
                    )
                seen[column].setdefault(value, line)
            rows.append((line, typed))
            if len(rows) > self.max_rows:
                self.messages.append(_("File “%(file)s” has too many lines.") % {"file": path})
                break
        self.rows[name] = rows

    def check_references(self) -> None:
        """Every foreign key must point at a row of the package (as datapackage.json says)."""
        ids = {name: {row.get("id") for _line, row in rows} for name, rows in self.rows.items()}
        for name, rows in self.rows.items():
            for foreign in self.resources[name]["schema"].get("foreignKeys", []):
                column = foreign["fields"]
                target = foreign["reference"]["resource"]
                for line, row in rows:
                    value = row.get(column)
                    if value is not None and value not in ids.get(target, set()):
                        self.problem(
                            self.files[name],
                            line,
                            row,
                            _("field “%(field)s” refers to “%(id)s”, which is not in %(file)s")
                            % {
                                "field": column,
                                "id": value,
                                "file": self.files.get(target, self.resources[target]["path"]),
                            },
                        )

    def services(self) -> list[tuple[int, dict]]:
        """(line, service): the rows nested into HSDS service objects, as JSON has them."""
        by = _Index(self.rows)
        entries = []
        for line, row in self.rows.get("service", []):
            service = dict(row)
            if row.get("organization_id") in by.ids("organization"):
                service["organization"] = by.one("organization", row["organization_id"])
            service_id = row.get("id")
            service["phones"] = [
                p for p in by.many("phone", "service_id", service_id) if not p.get("contact_id")
            ]
            service["schedules"] = by.many("schedule", "service_id", service_id)
            service["languages"] = by.many("language", "service_id", service_id)
            service["cost_options"] = by.many("cost_option", "service_id", service_id)
            service["contacts"] = [
                by.contact(c) for c in by.many("contact", "service_id", service_id)
            ]
            service["attributes"] = [
                by.attribute(a)
                for a in by.many("attribute", "link_id", service_id)
                if a.get("link_entity", "service") == "service"
            ]
            service["service_at_locations"] = [
                by.service_at_location(s)
                for s in by.many("service_at_location", "service_id", service_id)
            ]
            entries.append((line, service))
        return entries


class _Index:
    """The rows of each resource by id, and by any column they are looked up by."""

    def __init__(self, rows: dict[str, list[tuple[int, dict]]]):
        self.rows = {name: [row for _line, row in found] for name, found in rows.items()}
        self._by_id = {
            name: {row["id"]: row for row in found if "id" in row}
            for name, found in self.rows.items()
        }
        self._by_column: dict[tuple[str, str], dict] = {}

    def ids(self, name: str) -> dict:
        return self._by_id.get(name, {})

    def one(self, name: str, identifier) -> dict:
        return dict(self._by_id[name][identifier])

    def many(self, name: str, column: str, value) -> list[dict]:
        if value is None:
            return []
        if (name, column) not in self._by_column:
            index: dict = {}
            for row in self.rows.get(name, []):
                index.setdefault(row.get(column), []).append(row)
            self._by_column[name, column] = index
        return [dict(row) for row in self._by_column[name, column].get(value, [])]

    def contact(self, contact: dict) -> dict:
        contact["phones"] = self.many("phone", "contact_id", contact.get("id"))
        return contact

    def attribute(self, attribute: dict) -> dict:
        term_id = attribute.get("taxonomy_term_id")
        if term_id in self.ids("taxonomy_term"):
            term = self.one("taxonomy_term", term_id)
            if term.get("taxonomy_id") in self.ids("taxonomy"):
                term["taxonomy_detail"] = self.one("taxonomy", term["taxonomy_id"])
            attribute["taxonomy_term"] = term
        return attribute

    def service_at_location(self, entry: dict) -> dict:
        entry_id = entry.get("id")
        for key, resource in (("phones", "phone"), ("schedules", "schedule")):
            entry[key] = self.many(resource, "service_at_location_id", entry_id)
        entry["contacts"] = [
            self.contact(c) for c in self.many("contact", "service_at_location_id", entry_id)
        ]
        location_id = entry.get("location_id")
        if location_id in self.ids("location"):
            location = self.one("location", location_id)
            location["addresses"] = self.many("address", "location_id", location_id)
            location["accessibility"] = self.many("accessibility", "location_id", location_id)
            location["languages"] = self.many("language", "location_id", location_id)
            location["phones"] = self.many("phone", "location_id", location_id)
            location["schedules"] = [
                s
                for s in self.many("schedule", "location_id", location_id)
                if not s.get("service_id")
            ]
            entry["location"] = location
        return entry


def convert_cell(column: str, value: str, spec: dict):
    """(typed value, None) or (None, problem) for one CSV cell of a field of datapackage.json."""
    kind = spec.get("type", "string")
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return None, _("field “%(field)s” must be a number") % {"field": column}
        if number != number or number in (float("inf"), float("-inf")):
            return None, _("field “%(field)s” must be a number") % {"field": column}
        return (int(number) if number.is_integer() and "." not in value else number), None
    if kind in ("date", "time", "datetime"):
        if not schemas.TEMPORAL_CHECKS[kind](value):
            return None, format_problem(column, kind)
        return value, None
    enum = spec["constraints"].get("enum")
    if enum and value not in enum:
        return None, _("field “%(field)s” must be one of: %(choices)s") % {
            "field": column,
            "choices": ", ".join(f"“{choice}”" for choice in enum),
        }
    fmt = spec.get("format")
    if fmt and not schemas.FORMAT_CHECKER.conforms(value, fmt):
        return None, format_problem(column, fmt)
    return value, None
