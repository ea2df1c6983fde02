"""Writes shared by every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    municipality=None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row; call it inside the transaction of the write it describes."""
    if municipality is None and target is not None:
        municipality = getattr(target, "municipality", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        municipality=municipality,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        changes=changes or {},
    )


def pending_import_save(
    *, model, municipality, acting_user, filename: str, plan: dict, action: str
):
    """Keep an uploaded file's parsed plan for its preview (a `PendingImport` subclass)."""
    pending = model(
        municipality=municipality, uploaded_by=acting_user, filename=filename[:255], plan=plan
    )
    pending.full_clean()
    pending.save()
    audit_record(actor=acting_user, action=action, target=pending, summary=pending.filename)
    return pending


def pending_import_lock(pending):
    """Lock a pending import for applying it; an import is applied once only.

    Call inside the transaction that applies it.
    """
    locked = (
        type(pending)
        .objects.for_municipality(pending.municipality_id)
        .select_for_update()
        .get(pk=pending.pk)
    )
    if locked.status != locked.Status.PENDING:
        raise ValidationError(
            _("This file has already been imported. Upload it again to import it once more."),
            code="already_applied",
        )
    return locked


def pending_import_mark_applied(*, locked, summary: dict, acting_user, action: str) -> None:
    locked.status = locked.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.summary = summary
    locked.full_clean()
    locked.save()
    audit_record(
        actor=acting_user, action=action, target=locked, summary=locked.filename, changes=summary
    )
