"""Writes of the stock-take import: keep an uploaded file's plan, then apply it in one go."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path, PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from miteinander.core.services import (
    pending_import_lock,
    pending_import_mark_applied,
    pending_import_save,
)
from miteinander.network import services as network_services

from .models import StocktakeImport
from .parser import parse_stocktake
from .plan import name_key
from .reading import size_check
from .selectors import stocktake_preview

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_NAME = "bestandsaufnahme-weiterstadt"


def stocktake_upload(*, municipality, acting_user, file) -> StocktakeImport:
    """Read an uploaded stock-take file and keep its plan for the preview; nothing else changes.

    Raises ValidationError for a file that is too large or cannot be read.
    """
    size_check(file.size)  # before a single byte is read
    filename = PurePath(file.name or "").name
    plan = parse_stocktake(file.read(), filename)
    # Parsed outside the transaction: a write transaction locks SQLite while it lasts.
    with transaction.atomic():
        stocktake = pending_import_save(
            model=StocktakeImport,
            municipality=municipality,
            acting_user=acting_user,
            filename=filename,
            plan=plan.to_json(),
            action="stocktake.upload",
        )
    return stocktake


@transaction.atomic
def stocktake_apply(*, stocktake: StocktakeImport, acting_user) -> dict[str, int]:
    """Create the new organisations, sub-units and formats of a checked import; return counts.

    Compares the plan with the registry again first, so that an organisation someone added
    since the preview is merged, not duplicated. Existing organisations keep their actor group
    and parent. Everything happens in one transaction: if one write fails, none is kept.
    """
    locked = pending_import_lock(stocktake)
    summary = _apply_plan(
        municipality=stocktake.municipality, plan=locked.plan, acting_user=acting_user
    )
    pending_import_mark_applied(
        locked=locked, summary=summary, acting_user=acting_user, action="stocktake.apply"
    )
    return summary


def _apply_plan(*, municipality, plan: dict, acting_user) -> dict[str, int]:
    """Write what the plan adds to the registry as it is now; the caller holds the transaction."""
    preview = stocktake_preview(municipality=municipality, plan=plan)
    organisations = {}
    for step in preview.organisations:
        planned = step.planned
        if step.existing is not None:
            organisations[planned.key] = step.existing
            continue
        with _refused_names_the_line(planned.lines[0], planned.name):
            organisations[planned.key] = network_services.organisation_create(
                municipality=municipality,
                acting_user=acting_user,
                name=planned.name,
                actor_group=planned.actor_group,
                parent=organisations[name_key(planned.parent)] if planned.parent else None,
            )
    for step in preview.formats_to_add:
        planned = step.planned
        with _refused_names_the_line(planned.line, planned.name):
            network_services.format_save(
                organisation=organisations[name_key(planned.organisation)],
                acting_user=acting_user,
                name=planned.name,
                kind=planned.kind,
                frequency=planned.frequency,
            )
    return preview.counts


@contextlib.contextmanager
def _refused_names_the_line(line: int, name: str) -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            _("Line %(line)s, “%(name)s”: %(reason)s"),
            code="refused",
            params={"line": line, "name": name[:60], "reason": " ".join(error.messages)},
        ) from error


@transaction.atomic
def import_sample_for_demo(*, municipality) -> dict[str, int]:
    """Import the Weiterstadt sample file into a demo town, as the system, without a preview."""
    path = SAMPLE_DIR / f"{SAMPLE_NAME}.xlsx"
    plan = parse_stocktake(path.read_bytes(), path.name)
    return _apply_plan(municipality=municipality, plan=plan.to_json(), acting_user=None)
