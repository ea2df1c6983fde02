"""The official HSDS 3.0 schemas (vendored in standard/) as ready-made JSON Schema validators.

The entity schemas refer to each other by relative file name ("attribute.json"), the OpenAPI
document by their raw.githubusercontent.com addresses; one `referencing.Registry` holds every
vendored file under both names, so nothing is fetched from the network.

The schemas give the tabular types of date and time fields only as `datapackage_type`, a keyword
JSON Schema does not know. `validator(..., strict=True)` also checks those, and formats the
`jsonschema` package leaves unchecked without extra libraries ("uri", "date-time").
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(__file__).resolve().parent / "standard"
SCHEMA_DIR = STANDARD_DIR / "3.0" / "schema"
DATAPACKAGE_PATH = STANDARD_DIR / "3.0" / "datapackage.json"
EXAMPLES_DIR = STANDARD_DIR / "3.0" / "examples"
UPSTREAM_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"

# HH:MM or HH:MM:SS, fractions and an offset allowed (the offset is not used: times are local).
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")


@functools.cache
def load(name: str) -> dict:
    """A vendored schema file by its path below 3.0/schema/, e.g. "compiled/service.json"."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@functools.cache
def datapackage() -> dict:
    return json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))


@functools.cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        name = path.relative_to(SCHEMA_DIR).as_posix()
        resource = DRAFT202012.create_resource(load(name))
        resources += [(name, resource), (UPSTREAM_BASE + name, resource)]
    return Registry().with_resources(resources)


def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


def is_date_time(value) -> bool:
    """An RFC 3339 date and time with its offset (JSON Schema's "date-time")."""
    return is_local_date_time(value) and datetime.datetime.fromisoformat(value).tzinfo is not None


def is_local_date_time(value) -> bool:
    """A date and time, offset optional (the tabular "datetime": UTC when it has none)."""
    if not isinstance(value, str) or "T" not in value.upper():
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time(value) -> bool:
    return isinstance(value, str) and bool(TIME_PATTERN.match(value))


# Tabular types of datapackage.json (and `datapackage_type` of the schemas) -> check.
TEMPORAL_CHECKS = {"date": is_date, "time": is_time, "datetime": is_local_date_time}

FORMAT_CHECKER = FormatChecker()
FORMAT_CHECKER.checks("uri")(_is_uri)
FORMAT_CHECKER.checks("date-time")(lambda value: not isinstance(value, str) or is_date_time(value))


def _datapackage_type(validator, kind, instance, schema):
    """The `datapackage_type` keyword: date, time and datetime strings must be real ones."""
    if not isinstance(instance, str):
        return
    check = TEMPORAL_CHECKS.get(kind)
    if check is not None and not check(instance):
        yield ValidationError(f"{instance!r} is not a {kind}", validator="datapackage_type")


StrictValidator = validators.extend(Draft202012Validator, {"datapackage_type": _datapackage_type})


def validator(name: str, *, strict: bool = False) -> Draft202012Validator:
    """A validator for a vendored schema ("service.json", "compiled/service_list.json", ...)."""
    cls = StrictValidator if strict else Draft202012Validator
    return cls({"$ref": name}, registry=registry(), format_checker=FORMAT_CHECKER)


def openapi_response_validator(path: str, *, strict: bool = False) -> Draft202012Validator:
    """A validator for the 200 response of GET `path` as the HSDS OpenAPI document defines it."""
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in ("paths", path, "get", "responses", "200", "content", "application/json")
    )
    cls = StrictValidator if strict else Draft202012Validator
    return cls(
        {"$ref": f"openapi.json#/{pointer}/schema"},
        registry=registry(),
        format_checker=FORMAT_CHECKER,
    )
