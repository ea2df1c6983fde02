"""Reads of the action plan; every function takes the town explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet

from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import roles_in

from .models import (
    FieldOfAction,
    Goal,
    Guideline,
    Indicator,
    Measure,
    MeasureStatus,
    Recommendation,
)


@dataclass(frozen=True)
class MeasureFilters:
    status: str = ""
    field_of_action: int | None = None
    responsible_organisation: int | None = None
    target_group: int | None = None
    funding_source: str = ""
    query: str = ""
    published_only: bool = False


def measures(*, municipality, filters: MeasureFilters = MeasureFilters()) -> QuerySet[Measure]:
    queryset = Measure.objects.for_municipality(municipality).select_related(
        "goal", "goal__field_of_action", "responsible_organisation"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.field_of_action:
        queryset = queryset.filter(goal__field_of_action=filters.field_of_action)
    if filters.responsible_organisation:
        queryset = queryset.filter(responsible_organisation=filters.responsible_organisation)
    if filters.target_group:
        queryset = queryset.filter(target_groups=filters.target_group).distinct()
    if filters.funding_source:
        queryset = queryset.filter(funding_source=filters.funding_source)
    if filters.query:
        for word in filters.query.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(number__icontains=word)
                | Q(description__icontains=word)
            )
    if filters.published_only:
        queryset = queryset.filter(is_published=True)
    return queryset


@dataclass
class GoalNode:
    goal: Goal
    measures: list[Measure] = field(default_factory=list)


@dataclass
class FieldNode:
    field: FieldOfAction
    goals: list[GoalNode] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(g.measures) for g in self.goals)


def plan_tree(*, municipality, filters: MeasureFilters = MeasureFilters()) -> list[FieldNode]:
    """Fields of action -> goals -> the measures that pass the filters (three queries)."""
    chosen = list(measures(municipality=municipality, filters=filters))
    by_goal: dict[int, list[Measure]] = {}
    for measure in chosen:
        by_goal.setdefault(measure.goal_id, []).append(measure)
    filtering = filters != MeasureFilters(published_only=filters.published_only)
    tree = []
    fields = FieldOfAction.objects.for_municipality(municipality).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.for_municipality(municipality))
    )
    for field_of_action in fields:
        node = FieldNode(field_of_action)
        for goal in field_of_action.goals.all():
            goal_measures = by_goal.get(goal.pk, [])
            if goal_measures or not filtering:
                node.goals.append(GoalNode(goal, goal_measures))
        if node.goals or not filtering:
            tree.append(node)
    return tree


def measure_detail(*, municipality, pk: int) -> Measure:
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
            "reports__reported_by",
        )
        .get(pk=pk)
    )


def measure_history(*, measure: Measure) -> QuerySet[AuditEntry]:
    """Who changed what and when, newest first."""
    return AuditEntry.objects.filter(
        municipality_id=measure.municipality_id,
        object_type=measure._meta.label_lower,
        object_id=str(measure.pk),
    ).select_related("actor")


def board(
    *, municipality, filters: MeasureFilters = MeasureFilters()
) -> list[tuple[str, str, list]]:
    """Measures in columns by status."""
    columns = {value: [] for value in MeasureStatus.values}
    for measure in measures(municipality=municipality, filters=filters):
        columns[measure.status].append(measure)
    return [(value, label, columns[value]) for value, label in MeasureStatus.choices]


@dataclass(frozen=True)
class FieldFigures:
    field: FieldOfAction
    total: int
    by_status: dict[str, int]
    average_progress: float


def dashboard(*, municipality) -> list[FieldFigures]:
    """Counts by status and average progress per field of action."""
    rows = (
        Measure.objects.for_municipality(municipality)
        .values("goal__field_of_action", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["goal__field_of_action"], {})[row["status"]] = row["n"]
    averages = dict(
        Measure.objects.for_municipality(municipality)
        .values_list("goal__field_of_action")
        .annotate(avg=Avg("progress"))
        .values_list("goal__field_of_action", "avg")
    )
    return [
        FieldFigures(
            field=field_of_action,
            total=sum(counts.get(field_of_action.pk, {}).values()),
            by_status={
                s: counts.get(field_of_action.pk, {}).get(s, 0) for s in MeasureStatus.values
            },
            average_progress=round(averages.get(field_of_action.pk) or 0, 1),
        )
        for field_of_action in FieldOfAction.objects.for_municipality(municipality)
    ]


def reports_due(*, municipality, user=None) -> QuerySet[Measure]:
    """Measures whose report is due; for a network partner only those of their organisation."""
    queryset = (
        Measure.objects.for_municipality(municipality)
        .report_due()
        .select_related("responsible_organisation")
        .order_by("report_due_on", "number")
    )
    if user is not None and not user.has_perm("actionplan.manage_plan", municipality):
        organisation_id = roles_in(user, municipality).get(Role.NETWORK_PARTNER)
        queryset = queryset.filter(responsible_organisation_id=organisation_id)
    return queryset


def guidelines(*, municipality) -> QuerySet[Guideline]:
    return Guideline.objects.for_municipality(municipality)


def recommendations(*, municipality) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.for_municipality(municipality)
        .select_related("field_of_action")
        .annotate(measure_count=Count("measures"))
    )


def last_update(*, municipality):
    """When the published plan last changed (for the public page)."""
    return (
        Measure.objects.for_municipality(municipality)
        .published()
        .aggregate(last=Max("updated_at"))["last"]
    )


def organisation_measures(organisation, user) -> dict | None:
    """The measures an organisation is responsible for or a partner in (organisation page)."""
    if not user.has_perm("actionplan.view_plan", organisation.municipality):
        return None
    queryset = Measure.objects.for_municipality(organisation.municipality_id).select_related(
        "goal__field_of_action"
    )
    return {
        "responsible": list(queryset.filter(responsible_organisation=organisation)),
        "partner": list(queryset.filter(partners=organisation)),
    }
