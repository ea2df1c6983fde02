"""Reads of the measure catalogue: the measures for the exports, and what an import would do."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from miteinander.actionplan.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    MeasureStatus,
    Recommendation,
)
from miteinander.network.models import ContactPerson, Organisation, TargetGroup
from miteinander.network.stocktake.plan import Level, Note

from .columns import COLUMNS_BY_KEY, PERSON_WITHOUT_ORGANISATION, fold
from .plan import Plan, PlannedRow


# --- The catalogue --------------------------------------------------------------------------------
def catalogue_measures(*, municipality) -> QuerySet[Measure]:
    """Every measure of the town with what the catalogue shows of it, in the plan's order."""
    return (
        Measure.objects.for_municipality(municipality)
        .select_related("goal__field_of_action", "responsible_organisation", "responsible_person")
        .prefetch_related(
            "partners",
            "target_groups",
            "recommendations",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.for_municipality(municipality).prefetch_related(
                    "values"
                ),
            ),
        )
    )


def fields_and_goals(*, municipality) -> QuerySet[FieldOfAction]:
    return FieldOfAction.objects.for_municipality(municipality).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.for_municipality(municipality))
    )


# --- What an import would do ----------------------------------------------------------------------
# Imported columns that are measure fields of their own name; field of action and goal together
# name the goal, and the names of organisations, persons and lists are looked up in the town.
SCALARS = (
    "number", "title", "description", "reachability_focus", "working_group", "starts_on",
    "ends_on", "budget", "funding_source", "status", "progress", "is_published",
    "report_due_on", "last_reported_on",
)  # fmt: skip
DATES = ("starts_on", "ends_on", "report_due_on", "last_reported_on")
RESPONSIBLE = ("responsible_organisation", "responsible_person")
MANY = ("partners", "target_groups", "recommendations")


@dataclass
class NewField:
    name: str
    line: int


@dataclass
class NewGoal:
    field_name: str
    title: str
    line: int


@dataclass
class MeasureStep:
    row: PlannedRow
    existing: Measure | None
    field_name: str
    goal_title: str
    goal: Goal | None  # None: created by the import
    data: dict  # for services.measure_save, without the goal
    changes: list[str] = field(default_factory=list)  # labels of the columns that change

    @property
    def status_label(self) -> str:
        return MeasureStatus(self.row.values["status"]).label

    @property
    def goal_key(self) -> tuple[str, str]:
        return fold(self.field_name), fold(self.goal_title)


@dataclass
class RejectedRow:
    line: int
    number: str
    title: str
    notes: list[Note]

    @property
    def reasons(self) -> list[str]:
        return [note.text for note in self.notes]

    @property
    def codes(self) -> list[str]:
        return [note.code for note in self.notes]


@dataclass
class Preview:
    plan: Plan
    to_create: list[MeasureStep] = field(default_factory=list)
    to_update: list[MeasureStep] = field(default_factory=list)
    unchanged: list[MeasureStep] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    new_fields: list[NewField] = field(default_factory=list)
    new_goals: list[NewGoal] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "fields_created": len(self.new_fields),
            "goals_created": len(self.new_goals),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)


def _damaged() -> ValidationError:
    return ValidationError(
        _("The stored import cannot be read any more. Upload the file again."),
        code="damaged_plan",
    )


def import_preview(*, municipality, plan: dict) -> Preview:
    """Compare a parsed file with the town's plan and registry as they are now."""
    try:
        parsed = Plan.from_json(plan)
    except (KeyError, TypeError, ValueError) as error:
        raise _damaged() from error
    town = _TownData(municipality)
    notes = list(parsed.notes)
    steps: list[MeasureStep] = []
    for row in parsed.rows:
        if not row.values:
            continue  # rejected by the file alone; its notes are in the plan
        try:
            step, reasons = town.step(row, parsed.columns)
        except (KeyError, TypeError, ValueError) as error:
            raise _damaged() from error
        if reasons:
            notes.extend(reasons)
        else:
            steps.append(step)

    preview = Preview(plan=parsed)
    by_line: dict[int, list[Note]] = {}
    for note in notes:
        by_line.setdefault(note.line, []).append(note)
    for row in parsed.rows:
        if row.line in by_line:
            preview.rejected.append(RejectedRow(row.line, row.number, row.title, by_line[row.line]))
    for step in steps:
        if step.existing is None:
            preview.to_create.append(step)
        elif step.changes:
            preview.to_update.append(step)
        else:
            preview.unchanged.append(step)
    fields_seen, goals_seen = set(), set()
    for step in steps:
        field_key, goal_key = step.goal_key
        if field_key not in town.fields and field_key not in fields_seen:
            fields_seen.add(field_key)
            preview.new_fields.append(NewField(step.field_name, step.row.line))
        if step.goal is None and (field_key, goal_key) not in goals_seen:
            goals_seen.add((field_key, goal_key))
            preview.new_goals.append(NewGoal(step.field_name, step.goal_title, step.row.line))
    return preview


class _TownData:
    """The town's plan and registry, read once per preview, keyed by folded names."""

    def __init__(self, municipality):
        self.fields = {
            fold(f.name): f for f in FieldOfAction.objects.for_municipality(municipality)
        }
        self.goals = {
            (fold(g.field_of_action.name), fold(g.title)): g
            for g in Goal.objects.for_municipality(municipality)
            .select_related("field_of_action")
            .order_by("-position", "-id")  # the first of two goals of the same title wins
        }
        self.measures: dict[str, list[Measure]] = {}
        for measure in (
            Measure.objects.for_municipality(municipality)
            .select_related(
                "municipality",
                "goal__field_of_action",
                "responsible_organisation",
                "responsible_person",
            )
            .prefetch_related("partners", "target_groups", "recommendations")
        ):
            self.measures.setdefault(fold(measure.number), []).append(measure)
        self.organisations = {
            fold(o.name): o for o in Organisation.objects.for_municipality(municipality)
        }
        self.persons = {
            (p.organisation_id, fold(p.name)): p
            for p in ContactPerson.objects.for_municipality(municipality)
        }
        self.target_groups = {
            fold(t.name): t for t in TargetGroup.objects.for_municipality(municipality)
        }
        self.recommendations: dict[str, list[Recommendation]] = {}
        for recommendation in Recommendation.objects.for_municipality(municipality):
            self.recommendations.setdefault(fold(recommendation.title), []).append(recommendation)

    def step(self, row: PlannedRow, columns: list[str]) -> tuple[MeasureStep, list[Note]]:
        values = row.values
        reasons: list[Note] = []

        def reject(code, message, **params):
            reasons.append(Note(row.line, Level.ERROR, code, message, params))

        existing = None
        same_number = self.measures.get(fold(values["number"]), [])
        if len(same_number) > 1:
            reject(
                "ambiguous_number",
                gettext_noop(
                    "The town has %(count)s measures with the number %(number)s, so the row "
                    "cannot tell which one to update. Give them distinct numbers first."
                ),
                count=len(same_number),
                number=values["number"],
            )
        elif same_number:
            existing = same_number[0]

        data = {key: _model_value(key, values[key]) for key in columns if key in SCALARS}

        if existing is not None:
            data["number"] = existing.number  # matched with case and spaces folded

        organisation = existing.responsible_organisation if existing is not None else None
        if "responsible_organisation" in columns:
            name = values["responsible_organisation"]
            organisation = self.organisations.get(fold(name)) if name else None
            if name and organisation is None:
                reject(
                    "unknown_organisation",
                    _UNKNOWN_ORGANISATION,
                    name=name,
                    column=_label("responsible_organisation"),
                )
            data["responsible_organisation"] = organisation
        if "responsible_person" in columns:
            name = values["responsible_person"]
            person = None
            if name and organisation is None and "responsible_organisation" not in columns:
                reject("person_without_organisation", PERSON_WITHOUT_ORGANISATION, person=name)
            elif name and organisation is not None:
                person = self.persons.get((organisation.pk, fold(name)))
                if person is None:
                    reject(
                        "unknown_person",
                        gettext_noop(
                            "%(person)s is not a contact person of “%(organisation)s”. Check "
                            "the spelling, or add the person to the organisation's contact "
                            "persons first, then upload the file again."
                        ),
                        person=name,
                        organisation=organisation.name,
                    )
            data["responsible_person"] = person
        elif "responsible_organisation" in columns and existing is not None:
            # The file changes the organisation but says nothing of the person: a person of
            # the former organisation cannot stay responsible.
            if existing.responsible_person and (
                existing.responsible_person.organisation_id != getattr(organisation, "pk", None)
            ):
                data["responsible_person"] = None
        if "partners" in columns:
            data["partners"] = []
            for name in values["partners"]:
                partner = self.organisations.get(fold(name))
                if partner is None:
                    reject(
                        "unknown_organisation",
                        _UNKNOWN_ORGANISATION,
                        name=name,
                        column=_label("partners"),
                    )
                data["partners"].append(partner)
        if "target_groups" in columns:
            data["target_groups"] = []
            for name in values["target_groups"]:
                group = self.target_groups.get(fold(name))
                if group is None:
                    reject(
                        "unknown_target_group",
                        gettext_noop(
                            "“%(name)s” is not one of the town's target groups. Check the "
                            "spelling, or add it to the target groups of the network first."
                        ),
                        name=name,
                    )
                data["target_groups"].append(group)
        if "recommendations" in columns:
            data["recommendations"] = []
            for title in values["recommendations"]:
                found = self.recommendations.get(fold(title), [])
                if not found:
                    reject(
                        "unknown_recommendation",
                        gettext_noop(
                            "“%(name)s” is not one of the town's recommendations. Check the "
                            "spelling, or add the recommendation first."
                        ),
                        name=title,
                    )
                elif len(found) > 1:
                    reject(
                        "ambiguous_recommendation",
                        gettext_noop(
                            "Several recommendations are called “%(name)s”. Give them distinct "
                            "titles so that the file names exactly one."
                        ),
                        name=title,
                    )
                else:
                    data["recommendations"].append(found[0])

        field_name, goal_title = values["field_of_action"], values["goal"]
        existing_field = self.fields.get(fold(field_name))
        step = MeasureStep(
            row=row,
            existing=existing,
            field_name=existing_field.name if existing_field else field_name,
            goal_title=goal_title,
            goal=self.goals.get((fold(field_name), fold(goal_title))),
            data=data,
        )
        if step.goal is not None:
            step.goal_title = step.goal.title
        if existing is not None:
            step.changes = _changes(existing, step)
        return step, reasons


_UNKNOWN_ORGANISATION = gettext_noop(
    "“%(name)s” (%(column)s) is not in the town's registry of organisations. Check the "
    "spelling, or add the organisation to the registry first, then upload the file again."
)


def _label(key: str) -> str:
    return COLUMNS_BY_KEY[key].label


def _model_value(key: str, value):
    if key in DATES and value:
        return datetime.date.fromisoformat(value)
    if key == "budget" and value is not None:
        return Decimal(value)
    return value


def _changes(measure: Measure, step: MeasureStep) -> list[str]:
    """The labels of the columns whose value the import changes."""
    changed = []
    if step.goal is None or step.goal.pk != measure.goal_id:
        changed.append(_label("goal"))
    for name, value in step.data.items():
        if name in MANY:
            before = {obj.pk for obj in getattr(measure, name).all()}
            if before != {obj.pk for obj in value}:
                changed.append(_label(name))
        elif name in RESPONSIBLE:
            if getattr(measure, f"{name}_id") != getattr(value, "pk", None):
                changed.append(_label(name))
        elif _comparable(getattr(measure, name)) != _comparable(value):
            changed.append(_label(name))
    return list(dict.fromkeys(changed))


def _comparable(value):
    """Text as the file reads it: line breaks of a web form (CRLF) are no change."""
    if isinstance(value, str):
        return "\n".join(line.strip() for line in value.replace("\r\n", "\n").split("\n")).strip()
    return value
