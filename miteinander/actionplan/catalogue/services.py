"""Writes of the measure import: keep an uploaded file's plan, then apply it in one go."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan import services as plan_services
from miteinander.actionplan.models import FieldOfAction, Goal
from miteinander.core.services import (
    pending_import_lock,
    pending_import_mark_applied,
    pending_import_save,
)

from .columns import fold
from .models import MeasureImport
from .parser import file_check, parse_catalogue
from .selectors import import_preview


def measure_import_upload(*, municipality, acting_user, file) -> MeasureImport:
    """Read an uploaded catalogue and keep its plan for the preview; nothing else changes.

    Raises ValidationError for a file that is too large, no XLSX, or cannot be read.
    """
    filename = PurePath(file.name or "").name
    file_check(size=file.size, filename=filename)  # before a single byte is read
    plan = parse_catalogue(file.read(), filename)
    # Parsed outside the transaction: a write transaction locks SQLite while it lasts.
    with transaction.atomic():
        measure_import = pending_import_save(
            model=MeasureImport,
            municipality=municipality,
            acting_user=acting_user,
            filename=filename,
            plan=plan.to_json(),
            action="measure_import.upload",
        )
    return measure_import


@transaction.atomic
def measure_import_apply(*, measure_import: MeasureImport, acting_user) -> dict[str, int]:
    """Create and update the measures of a checked import; return the counts.

    Compares the file with the town's plan again first, so that a measure someone added since
    the preview is updated, not duplicated. Fields of action and goals the file names are
    created. Everything happens in one transaction: if one write fails, none is kept.
    """
    municipality = measure_import.municipality
    locked = pending_import_lock(measure_import)
    preview = import_preview(municipality=municipality, plan=locked.plan)
    fields = {fold(f.name): f for f in FieldOfAction.objects.for_municipality(municipality)}
    position = _next_position(FieldOfAction.objects.for_municipality(municipality))
    for new_field in preview.new_fields:
        with _refused_names_the_line(new_field.line, new_field.name):
            fields[fold(new_field.name)] = plan_services.field_of_action_save(
                municipality=municipality,
                acting_user=acting_user,
                name=new_field.name,
                position=position,
            )
        position += 1
    goals = {}
    for new_goal in preview.new_goals:
        field = fields[fold(new_goal.field_name)]
        with _refused_names_the_line(new_goal.line, new_goal.title):
            goals[(fold(field.name), fold(new_goal.title))] = plan_services.goal_save(
                municipality=municipality,
                acting_user=acting_user,
                field_of_action=field,
                title=new_goal.title,
                position=_next_position(Goal.objects.for_municipality(municipality), field),
            )
    for step in preview.to_create + preview.to_update:
        goal = step.goal or goals[step.goal_key]
        with _refused_names_the_line(step.row.line, step.row.number):
            plan_services.measure_save(
                municipality=municipality,
                acting_user=acting_user,
                measure=step.existing,
                goal=goal,
                **step.data,
            )
    summary = preview.counts
    pending_import_mark_applied(
        locked=locked, summary=summary, acting_user=acting_user, action="measure_import.apply"
    )
    return summary


def _next_position(queryset, field: FieldOfAction | None = None) -> int:
    if field is not None:
        queryset = queryset.filter(field_of_action=field)
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


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
