"""The official OParl 1.1 schemas (vendored in standard/) as ready-made JSON Schema validators.

Two sets, both checked, because neither checks everything on its own:

- `v1.1.1/schema/` is the official release. It names embedded objects with a keyword of its own
  (`"schema": "File.json"`) that standard validators skip, so `OfficialValidator` teaches the
  validator that keyword. Its patterns are Python-flavoured (`\\:`), which is what the `jsonschema`
  package uses anyway.
- `json-schema-draft-7/schema/` is the same content with real `$id`/`$ref` (an unmerged upstream
  branch); one `referencing.Registry` holds each file under its `$id` with and without ".json", so
  every `$ref` resolves offline.

Both use `"format": "url"`, which JSON Schema does not know; `FORMAT_CHECKER` checks it (an
absolute http(s) URL), and `date`/`date-time` in OParl's own form (`yyyy-mm-ddThh:mm:ss±hh:mm`).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

STANDARD_DIR = Path(__file__).resolve().parent / "standard"
OFFICIAL_DIR = STANDARD_DIR / "v1.1.1" / "schema"
DRAFT7_DIR = STANDARD_DIR / "json-schema-draft-7" / "schema"
SCHEMA_BASE = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA_BASE

TYPES = (
    "AgendaItem",
    "Body",
    "Consultation",
    "File",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "Paper",
    "Person",
    "System",
)

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def type_url(name: str) -> str:
    return SCHEMA_BASE + name


@functools.cache
def load_official(name: str) -> dict:
    return json.loads((OFFICIAL_DIR / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def load_draft7(name: str) -> dict:
    return json.loads((DRAFT7_DIR / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def registry() -> Registry:
    resources = []
    for name in TYPES:
        contents = load_draft7(name)
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources += [(contents["$id"], resource), (contents["$id"] + ".json", resource)]
    return Registry().with_resources(resources)


# --- Formats ---------------------------------------------------------------------------------
def is_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_TIME.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("url")(is_url)
FORMAT_CHECKER.checks("uri")(is_url)
FORMAT_CHECKER.checks("date-time")(is_date_time)
FORMAT_CHECKER.checks("date")(is_date)


# --- Validators ------------------------------------------------------------------------------
def _schema_keyword(validator, name, instance, schema):
    """The official files' `"schema": "File.json"`: the value is an object of that type."""
    if not validator.is_type(instance, "object"):
        return
    embedded = validator.evolve(schema=load_official(name.removesuffix(".json")))
    yield from embedded.iter_errors(instance)


OfficialValidator = validators.extend(Draft7Validator, {"schema": _schema_keyword})


@functools.cache
def official_validator(name: str) -> Draft7Validator:
    """A validator for the official v1.1.1 schema of one type ("Meeting")."""
    return OfficialValidator(load_official(name), format_checker=FORMAT_CHECKER)


@functools.cache
def draft7_validator(name: str) -> Draft7Validator:
    """A validator for the draft-7 schema of one type; embedded objects follow `$ref`."""
    return Draft7Validator(
        {"$ref": type_url(name)}, registry=registry(), format_checker=FORMAT_CHECKER
    )


def errors(document: dict) -> list[str]:
    """Everything both schema sets find wrong with one OParl object, as readable lines.

    The type comes from the object's own `type`; an object of an unknown type is an error. A
    deleted object keeps only id, type, created and modified (spec 2.8 allows dropping the rest),
    so properties the schema requires otherwise are not missed there.
    """
    oparl_type = document.get("type", "") if isinstance(document, dict) else ""
    name = oparl_type.removeprefix(SCHEMA_BASE)
    if not oparl_type.startswith(SCHEMA_BASE) or name not in TYPES:
        return [f"unknown type {oparl_type!r}"]
    deleted = document.get("deleted") is True
    found = []
    for label, validator in (
        ("v1.1.1", official_validator(name)),
        ("draft-7", draft7_validator(name)),
    ):
        for error in validator.iter_errors(document):
            if deleted and _only_missing_optional_after_deletion(error):
                continue
            path = "/".join(str(part) for part in error.absolute_path)
            found.append(f"{label} {name} /{path}: {error.message}")
    return found


def _only_missing_optional_after_deletion(error: ValidationError) -> bool:
    return (
        error.validator == "required"
        and not error.absolute_path
        and not any(f"'{kept}'" in error.message for kept in ("id", "type"))
    )
