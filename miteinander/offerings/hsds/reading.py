"""Read an uploaded HSDS file and check it against the official HSDS 3.0 schemas.

Takes JSON (a page of the /services API, a list of services, or one service) or a tabular data
package (a zip with datapackage.json and CSV files). Returns the services as nested HSDS objects,
each valid against the official service schema. A file that is too large, cannot be read, or
breaks the schema is refused as a whole with messages naming the service and the field; nothing
is kept of it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import schemas
from .messages import problems, refuse, service_label
from .tabular import TableReader

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNPACKED_SIZE = 50 * 1024 * 1024  # all CSV files of a data package together
MAX_ZIP_MEMBERS = 200
MAX_SERVICES = 5000


@dataclass
class Entry:
    """One service of the file: its place there and the nested HSDS object."""

    position: int
    line: int | None
    service: dict


@dataclass
class Source:
    kind: str  # "json" or "datapackage"
    form: str  # "page", "list", "single", "datapackage"
    entries: list[Entry]
    notes: list[str]


# --- Messages --------------------------------------------------------------------------------
def check_services(entries: list[Entry], label=None) -> list:
    """Validate every service against the official service schema; return the messages."""
    validator = schemas.validator("service.json", strict=True)
    messages = []
    for entry in entries:
        errors = sorted(
            validator.iter_errors(entry.service), key=lambda e: [str(p) for p in e.absolute_path]
        )
        seen = set()
        for error in errors:
            for problem in problems(error):
                key = str(problem)
                if key in seen:
                    continue
                seen.add(key)
                prefix = label(entry) if label else service_label(entry.position, entry.service)
                messages.append(
                    _("%(service)s: %(problem)s") % {"service": prefix, "problem": problem}
                )
    return messages


# --- The file --------------------------------------------------------------------------------
def file_check(*, size: int) -> None:
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _(
                "The file is %(size)s, but at most %(limit)s can be imported. Split the services "
                "into several files and upload them one after the other."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_SIZE)},
        )


def read(data: bytes, filename: str) -> Source:
    """Read and check an uploaded file; raise ValidationError with every problem found."""
    file_check(size=len(data))
    if data[:4] == b"PK\x03\x04":
        return _read_datapackage(data, filename)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(
            _(
                "“%(name)s” is neither an HSDS JSON file nor a tabular data package (zip). "
                "Upload the services as JSON (UTF-8) or the data package as it was exported."
            ),
            code="unknown_type",
            params={"name": filename},
        ) from error
    return _read_json(document, filename)


def _read_json(document, filename: str) -> Source:
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        form, services = "page", document["contents"]
    elif isinstance(document, list):
        form, services = "list", document
    elif isinstance(document, dict) and ("id" in document or "name" in document):
        form, services = "single", [document]
    else:
        services, form = None, ""
    if services is not None and any(
        isinstance(item, dict) and "services" in item and "status" not in item for item in services
    ):
        services = None
    if services is None:
        raise ValidationError(
            _(
                "“%(name)s” holds no HSDS services. Upload a list of services, a page of the "
                "/services API, a single service or a tabular data package; a file of "
                "organizations alone cannot be imported."
            ),
            code="no_services",
            params={"name": filename},
        )
    _count_check(len(services))
    entries = [Entry(position, None, item) for position, item in enumerate(services, start=1)]
    not_objects = [
        _("%(service)s: it must be an object with the service's fields")
        % {"service": _("Service %(number)s") % {"number": entry.position}}
        for entry in entries
        if not isinstance(entry.service, dict)
    ]
    messages = not_objects or check_services(entries)
    if messages:
        raise refuse(messages)
    return Source("json", form, entries, [])


def _count_check(count: int) -> None:
    if count == 0:
        raise ValidationError(
            _("The file holds no services. Check that you chose the right file."), code="empty"
        )
    if count > MAX_SERVICES:
        raise ValidationError(
            _(
                "The file holds %(count)s services, at most %(limit)s can be imported at once. "
                "Split it into several files."
            ),
            code="too_many",
            params={"count": count, "limit": MAX_SERVICES},
        )


# --- Tabular data package --------------------------------------------------------------------
def _broken_zip(filename: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” cannot be read as a zip file; it may be damaged. Export the data "
            "package again and upload it as it is."
        ),
        code="broken_zip",
        params={"name": filename},
    )


def _read_datapackage(data: bytes, filename: str) -> Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise _broken_zip(filename) from error
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_SIZE:
        raise ValidationError(
            _(
                "“%(name)s” unpacks to more than %(limit)s. Split the data package into "
                "several smaller ones."
            ),
            code="too_large",
            params={"name": filename, "limit": filesizeformat(MAX_UNPACKED_SIZE)},
        )
    names = {m.filename for m in members if not m.is_dir()}
    descriptors = sorted(
        (name for name in names if PurePosixPath(name).name == "datapackage.json"),
        key=lambda name: name.count("/"),
    )
    notes = []
    official = schemas.datapackage()["resources"]
    paths = {resource["name"]: resource["path"] for resource in official}
    prefix = ""
    if descriptors:
        prefix = descriptors[0][: -len("datapackage.json")]
        try:
            package = json.loads(archive.read(descriptors[0]).decode("utf-8-sig"))
            for resource in package.get("resources", []):
                if resource.get("name") in paths and isinstance(resource.get("path"), str):
                    paths[resource["name"]] = resource["path"]
        except (UnicodeDecodeError, ValueError, AttributeError, zipfile.BadZipFile) as error:
            raise ValidationError(
                _("The datapackage.json in “%(name)s” cannot be read as JSON."),
                code="broken_descriptor",
                params={"name": filename},
            ) from error
    else:
        notes.append("no_descriptor")
    tables = {}
    for resource in official:
        path = prefix + paths[resource["name"]]
        if path in names:
            try:
                raw = archive.read(path)
            except (zipfile.BadZipFile, OSError, RuntimeError) as error:
                raise _broken_zip(filename) from error
            tables[resource["name"]] = (paths[resource["name"]], raw)
    if "service" not in tables:
        raise ValidationError(
            _(
                "The data package “%(name)s” has no %(file)s. Export the data package again "
                "or upload the services as JSON."
            ),
            code="no_services",
            params={"name": filename, "file": paths["service"]},
        )
    reader = TableReader(official, max_rows=MAX_SERVICES * 20)
    for resource in official:
        if resource["name"] in tables:
            reader.read(resource, *tables[resource["name"]])
    reader.check_references()
    if reader.messages:
        raise refuse(reader.messages)
    entries = [
        Entry(position, line, service)
        for position, (line, service) in enumerate(reader.services(), start=1)
    ]
    _count_check(len(entries))
    messages = check_services(entries)
    if messages:
        raise refuse(messages)
    return Source("datapackage", "datapackage", entries, notes)
