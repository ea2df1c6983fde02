"""The messages of the HSDS import: which service, which field, what is wrong.

Built from jsonschema's errors and the tabular checks, in whole sentences, translated lazily so
that they are shown in the language of whoever reads them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_MESSAGES = 20

TYPE_NAMES = {
    "string": _("text"),
    "number": _("a number"),
    "integer": _("a whole number"),
    "array": _("a list"),
    "object": _("an object"),
    "boolean": _("true or false"),
}


def field_path(parts) -> str:
    """["schedules", 0, "opens_at"] -> "schedules[1].opens_at" (positions counted from 1)."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def problems(error) -> list:
    """The lazy messages for one jsonschema error (a `required` error may name several fields)."""
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            _("field “%(field)s” is missing") % {"field": field_path([*path, name])}
            for name in missing
        ]
    field = field_path(path) or "–"
    if error.validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        return [
            _("field “%(field)s” must be %(expected)s")
            % {"field": field, "expected": TYPE_NAMES.get(expected, expected)}
        ]
    if error.validator == "enum":
        return [
            _("field “%(field)s” must be one of: %(choices)s")
            % {"field": field, "choices": ", ".join(f"“{c}”" for c in error.validator_value)}
        ]
    if error.validator in ("format", "datapackage_type"):
        return [format_problem(field, error.validator_value)]
    return [
        _("field “%(field)s” is not valid: %(detail)s") % {"field": field, "detail": error.message}
    ]


def format_problem(field: str, kind: str):
    messages = {
        "uuid": _("field “%(field)s” must be a UUID, such as 3f2b8c1e-5d7a-4e0b-9c61-2a7f0e4d8b15"),
        "email": _("field “%(field)s” is not a valid e-mail address"),
        "uri": _("field “%(field)s” must be a web address starting with https:// or http://"),
        "date-time": _("field “%(field)s” must be a date and time, such as 2025-01-31T09:00:00Z"),
        "datetime": _("field “%(field)s” must be a date and time, such as 2025-01-31T09:00:00Z"),
        "date": _("field “%(field)s” must be a date, such as 2025-01-31"),
        "time": _("field “%(field)s” must be a time of day, such as 09:30:00"),
    }
    message = messages.get(kind, _("field “%(field)s” is not valid"))
    return message % {"field": field}


def service_label(position: int, service) -> str:
    name = service.get("name") if isinstance(service, dict) else None
    if isinstance(name, str) and name.strip():
        return _("Service %(number)s (“%(name)s”)") % {"number": position, "name": name[:80]}
    return _("Service %(number)s") % {"number": position}


def refuse(messages: list) -> ValidationError:
    shown = messages[:MAX_MESSAGES]
    if len(messages) > MAX_MESSAGES:
        rest = len(messages) - MAX_MESSAGES
        shown.append(
            ngettext_lazy(
                "… and %(count)s more problem.", "… and %(count)s more problems.", "count"
            )
            % {"count": rest}
        )
    shown.append(_("Nothing was imported. Correct the file and upload it again."))
    return ValidationError([ValidationError(message, code="invalid") for message in shown])
