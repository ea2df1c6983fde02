"""Writes of the action plan; each is one transaction with an audit row (the measure history)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from miteinander.core.services import audit_record

from .models import (
    FieldOfAction,
    Goal,
    Guideline,
    Indicator,
    IndicatorValue,
    Measure,
    ProgressReport,
    Recommendation,
)

_MEASURE_M2M = ("partners", "target_groups", "recommendations")


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


def _save(instance, data: dict, *, acting_user, action: str, m2m: tuple[str, ...] = ()):
    """Apply `data`, validate, save, set many-to-many fields, audit; return the changes."""
    changes = {}
    for field, value in data.items():
        if field in m2m:
            continue
        before = getattr(instance, field, None)  # None for a relation not yet set
        if before != value:
            changes[field] = [_plain(before), _plain(value)]
            setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    for name in m2m:
        if name in data:
            manager = getattr(instance, name)
            before = sorted(manager.values_list("pk", flat=True))
            after = sorted(obj.pk for obj in data[name])
            if before != after:
                manager.set(data[name])
                changes[name] = [before, after]
    if changes or action.endswith(".create"):
        audit_record(
            actor=acting_user, action=action, target=instance, summary=str(instance)[:300],
            changes=changes,
        )  # fmt: skip
    return changes


@transaction.atomic
def guideline_save(*, municipality, acting_user, guideline: Guideline | None = None, **data):
    guideline = guideline or Guideline(municipality=municipality)
    action = "guideline.update" if guideline.pk else "guideline.create"
    _save(guideline, data, acting_user=acting_user, action=action)
    return guideline


@transaction.atomic
def field_of_action_save(*, municipality, acting_user, field: FieldOfAction | None = None, **data):
    field = field or FieldOfAction(municipality=municipality)
    action = "field_of_action.update" if field.pk else "field_of_action.create"
    _save(field, data, acting_user=acting_user, action=action)
    return field


@transaction.atomic
def goal_save(*, municipality, acting_user, goal: Goal | None = None, **data):
    goal = goal or Goal(municipality=municipality)
    action = "goal.update" if goal.pk else "goal.create"
    _save(goal, data, acting_user=acting_user, action=action)
    return goal


@transaction.atomic
def recommendation_save(
    *, municipality, acting_user, recommendation: Recommendation | None = None, **data
):
    recommendation = recommendation or Recommendation(municipality=municipality)
    action = "recommendation.update" if recommendation.pk else "recommendation.create"
    _save(recommendation, data, acting_user=acting_user, action=action)
    return recommendation


@transaction.atomic
def measure_save(*, municipality, acting_user, measure: Measure | None = None, **data) -> Measure:
    """Create or change a measure (coordination); every change lands in its history."""
    measure = measure or Measure(municipality=municipality)
    action = "measure.update" if measure.pk else "measure.create"
    _save(measure, data, acting_user=acting_user, action=action, m2m=_MEASURE_M2M)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, acting_user) -> None:
    audit_record(actor=acting_user, action="measure.delete", target=measure, summary=str(measure))
    measure.delete()


@transaction.atomic
def measure_report_progress(
    *,
    measure: Measure,
    acting_user,
    status: str,
    progress: int,
    note: str = "",
    indicator_values: list[tuple[Indicator, Decimal, datetime.date]] = (),
) -> ProgressReport:
    """The responsible organisation (or coordination) reports status, progress and figures.

    The report is kept, the measure takes its status and progress, indicator values are added,
    and the reporting date counts as met.
    """
    report = ProgressReport(
        municipality_id=measure.municipality_id,
        measure=measure,
        reported_by=acting_user,
        status=status,
        progress=progress,
        note=note,
    )
    report.full_clean()
    report.save()
    today = timezone.localdate()
    _save(
        measure,
        {"status": status, "progress": progress, "last_reported_on": today, "report_due_on": None},
        acting_user=acting_user,
        action="measure.report",
    )
    for indicator, value, measured_on in indicator_values:
        indicator_value_add(
            indicator=indicator, value=value, measured_on=measured_on, acting_user=acting_user
        )
    return report


@transaction.atomic
def measures_request_reports(*, measures, due_on: datetime.date, acting_user) -> int:
    """Set the date by which the responsible organisations are to report (coordination)."""
    count = 0
    for measure in measures:
        if measure.report_due_on != due_on:
            _save(
                measure, {"report_due_on": due_on}, acting_user=acting_user, action="measure.update"
            )
            count += 1
    return count


@transaction.atomic
def indicator_save(*, measure: Measure, acting_user, indicator: Indicator | None = None, **data):
    indicator = indicator or Indicator(municipality_id=measure.municipality_id, measure=measure)
    action = "indicator.update" if indicator.pk else "indicator.create"
    _save(indicator, data, acting_user=acting_user, action=action)
    return indicator


@transaction.atomic
def indicator_value_add(
    *, indicator: Indicator, value: Decimal, measured_on: datetime.date | None, acting_user, note=""
) -> IndicatorValue:
    entry = IndicatorValue(
        municipality_id=indicator.municipality_id,
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        note=note,
    )
    entry.full_clean()  # a value without a date is refused here
    entry.save()
    audit_record(
        actor=acting_user,
        action="indicator.value",
        target=indicator.measure,
        summary=f"{indicator.name}: {value} ({measured_on})",
    )
    return entry
