"""How the JSON API words a refused write: 422 with each message prefixed by the field it
concerns, in the names the API uses (``organiser_id`` where the model says ``organiser``)."""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja.errors import HttpError


def validation_messages(
    error: ValidationError, *, prefix: str = "", names: Mapping[str, str] | None = None
) -> list[str]:
    names = names or {}
    if not hasattr(error, "error_dict"):
        return [f"{prefix.rstrip('.')}: {m}" if prefix else m for m in error.messages]
    parts = []
    for field, messages in error.message_dict.items():
        for message in messages:
            if field == NON_FIELD_ERRORS:
                parts.append(f"{prefix.rstrip('.')}: {message}" if prefix else message)
            else:
                parts.append(f"{prefix}{names.get(field, field)}: {message}")
    return parts


def validation_error(error: ValidationError, *, names: Mapping[str, str] | None = None):
    """The 422 answer to raise for a ValidationError from a service."""
    return HttpError(422, " ".join(validation_messages(error, names=names)))
