"""API operations of the action plan: the plan, measures, progress reports, indicator values.

Anonymous callers see the published measures, without reporting dates, and only the public
organisations among those responsible. People with a role in the town see the whole plan.
Coordination writes measures; coordination and the network partner of the responsible
organisation report progress and figures.
"""

import datetime
from decimal import Decimal
from enum import Enum

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError

from miteinander.accounts.api_auth import token_or_session, token_session_or_anonymous
from miteinander.municipalities.models import Municipality
from miteinander.network.models import ContactPerson, Organisation, TargetGroup

from . import selectors, services
from .models import (
    FundingSource,
    Goal,
    Indicator,
    Measure,
    MeasureStatus,
    Reachability,
    Recommendation,
)

router = Router(tags=["actionplan"])

_INSIDER_ONLY = "Only for people with a role in the town; null for anonymous callers."


def _town(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.active(), slug=slug)


def _is_insider(user, town) -> bool:
    """Whether `user` has a role in `town` (a Municipality or its id)."""
    if isinstance(town, int):
        town = Municipality(pk=town)
    return user.is_authenticated and user.has_perm("actionplan.view_plan", town)


def _sees_all(context, municipality_id: int) -> bool:
    """`_is_insider` for schema resolvers, asked once per request and town."""
    request = context["request"]
    cache = request.__dict__.setdefault("_actionplan_insider", {})
    if municipality_id not in cache:
        cache[municipality_id] = _is_insider(request.auth, municipality_id)
    return cache[municipality_id]


def _require(user, perm: str, obj) -> None:
    if not user.is_authenticated or not user.has_perm(perm, obj):
        raise Http404


def _visible_measure(request, town, measure_id: int) -> Measure:
    """The measure with indicators and values, if the caller may see it; else 404."""
    try:
        measure = selectors.measure_detail(municipality=town, pk=measure_id)
    except Measure.DoesNotExist:
        raise Http404 from None
    if not measure.is_published and not _is_insider(request.auth, town):
        raise Http404
    return measure


class NamedRef(Schema):
    id: int
    name: str


class RecommendationRef(Schema):
    id: int
    title: str


def _organisation_ref(organisation, insider: bool) -> dict | None:
    if organisation is None or not (insider or organisation.is_public):
        return None
    return {"id": organisation.pk, "name": organisation.name}


class MeasureOut(Schema):
    id: int
    number: str
    title: str
    description: str
    goal_id: int
    field_of_action_id: int
    responsible_organisation: NamedRef | None = Field(
        None, description="Null for anonymous callers when the organisation is not public."
    )
    responsible_person_id: int | None = Field(None, description=_INSIDER_ONLY)
    partners: list[NamedRef]
    target_groups: list[NamedRef]
    reachability_focus: str
    working_group: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    budget: Decimal | None
    funding_source: str
    funding_source_label: str
    status: str
    status_label: str
    progress: int
    recommendations: list[RecommendationRef]
    is_published: bool
    report_due_on: datetime.date | None = Field(None, description=_INSIDER_ONLY)
    last_reported_on: datetime.date | None = Field(None, description=_INSIDER_ONLY)
    updated_at: datetime.datetime

    @staticmethod
    def resolve_field_of_action_id(obj):
        return obj.goal.field_of_action_id

    @staticmethod
    def resolve_responsible_organisation(obj, context):
        insider = _sees_all(context, obj.municipality_id)
        return _organisation_ref(obj.responsible_organisation, insider)

    @staticmethod
    def resolve_responsible_person_id(obj, context):
        insider = _sees_all(context, obj.municipality_id)
        return obj.responsible_person_id if insider else None

    @staticmethod
    def resolve_partners(obj, context):
        insider = _sees_all(context, obj.municipality_id)
        refs = (_organisation_ref(o, insider) for o in obj.partners.all())
        return [ref for ref in refs if ref]

    @staticmethod
    def resolve_target_groups(obj):
        return [{"id": t.pk, "name": t.name} for t in obj.target_groups.all()]

    @staticmethod
    def resolve_recommendations(obj):
        return [{"id": r.pk, "title": r.title} for r in obj.recommendations.all()]

    @staticmethod
    def resolve_funding_source_label(obj):
        return str(obj.get_funding_source_display()) if obj.funding_source else ""

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_report_due_on(obj, context):
        insider = _sees_all(context, obj.municipality_id)
        return obj.report_due_on if insider else None

    @staticmethod
    def resolve_last_reported_on(obj, context):
        insider = _sees_all(context, obj.municipality_id)
        return obj.last_reported_on if insider else None


class IndicatorValueOut(Schema):
    id: int
    indicator_id: int
    measured_on: datetime.date
    value: Decimal
    note: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    values: list[IndicatorValueOut]

    @staticmethod
    def resolve_values(obj):
        return list(obj.values.all())


class MeasureDetailOut(MeasureOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())


class GoalOut(Schema):
    id: int
    title: str
    description: str
    measures: list[MeasureOut]


class FieldOfActionOut(Schema):
    id: int
    name: str
    code: str
    description: str
    goals: list[GoalOut]


class GuidelineOut(Schema):
    id: int
    title: str
    text: str = Field(description="Markdown.")


class RecommendationOut(Schema):
    id: int
    title: str
    text: str
    source: str
    field_of_action_id: int | None


class PlanOut(Schema):
    municipality: str
    guidelines: list[GuidelineOut]
    fields_of_action: list[FieldOfActionOut]
    recommendations: list[RecommendationOut]


class MeasureFilter(FilterSchema):
    q: str = ""
    status: MeasureStatus | None = None
    field_of_action: int | None = None
    responsible_organisation: int | None = None
    target_group: int | None = None
    funding_source: FundingSource | None = None


class MeasureIn(Schema):
    goal_id: int
    number: str = ""
    title: str
    description: str = ""
    responsible_organisation_id: int | None = None
    responsible_person_id: int | None = None
    partners: list[int] = []
    target_groups: list[int] = []
    reachability_focus: Reachability | None = None
    working_group: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    budget: Decimal | None = None
    funding_source: FundingSource | None = None
    status: MeasureStatus = MeasureStatus.PLANNED
    progress: int = Field(0, description="Percent, 0 to 100.")
    recommendations: list[int] = []
    is_published: bool = False
    report_due_on: datetime.date | None = None


class MeasurePatch(Schema):
    goal_id: int | None = None
    number: str | None = None
    title: str | None = None
    description: str | None = None
    responsible_organisation_id: int | None = None
    responsible_person_id: int | None = None
    partners: list[int] | None = None
    target_groups: list[int] | None = None
    reachability_focus: Reachability | None = None
    working_group: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    budget: Decimal | None = None
    funding_source: FundingSource | None = None
    status: MeasureStatus | None = None
    progress: int | None = None
    recommendations: list[int] | None = None
    is_published: bool | None = None
    report_due_on: datetime.date | None = None


class ReportedValueIn(Schema):
    indicator_id: int
    value: Decimal
    measured_on: datetime.date


class ProgressReportIn(Schema):
    status: MeasureStatus
    progress: int = Field(description="Percent, 0 to 100.")
    note: str = ""
    indicator_values: list[ReportedValueIn] = []


class ProgressReportOut(Schema):
    id: int
    measure_id: int
    status: str
    progress: int
    note: str
    created_at: datetime.datetime


class IndicatorValueIn(Schema):
    value: Decimal
    measured_on: datetime.date = Field(description="The date the value refers to.")
    note: str = ""


# Text fields that take "" where a caller sends null; the other fields keep null.
_TEXT_FIELDS = {"number", "title", "description", "reachability_focus", "working_group",
                "funding_source"}  # fmt: skip
_FOREIGN_KEYS = {
    "goal_id": ("goal", lambda town: Goal.objects.for_municipality(town)),
    "responsible_organisation_id": (
        "responsible_organisation",
        lambda town: Organisation.objects.for_municipality(town),
    ),
    "responsible_person_id": (
        "responsible_person",
        lambda town: ContactPerson.objects.for_municipality(town),
    ),
}
_MANY = {"partners": Organisation, "target_groups": TargetGroup, "recommendations": Recommendation}


def _resolve_data(town, data: dict) -> dict:
    """Turn ids into rows of the same town: another town's id is "not found" (404 or 422)."""
    resolved = {}
    for name, value in data.items():
        if name in _FOREIGN_KEYS:
            field, queryset = _FOREIGN_KEYS[name]
            resolved[field] = get_object_or_404(queryset(town), pk=value) if value else None
        elif name in _MANY:
            if value is None:
                raise HttpError(422, f"{name}: send a list of ids (or []), or leave it out.")
            ids = set(value)
            rows = list(_MANY[name].objects.for_municipality(town).filter(pk__in=ids))
            if len(rows) != len(ids):
                raise HttpError(
                    422, f"{name}: not every id belongs to this town. Use ids of this town only."
                )
            resolved[name] = rows
        elif isinstance(value, Enum):
            resolved[name] = value.value
        elif name in _TEXT_FIELDS and value is None:
            resolved[name] = ""
        else:
            resolved[name] = value
    return resolved


def _validation_error(error: ValidationError) -> HttpError:
    """422 with the validation messages, each prefixed with the field it concerns."""
    api_names = {field: name for name, (field, _) in _FOREIGN_KEYS.items()}
    if not hasattr(error, "error_dict"):
        return HttpError(422, " ".join(error.messages))
    parts = []
    for field, messages in error.message_dict.items():
        for message in messages:
            if field == NON_FIELD_ERRORS:
                parts.append(message)
            else:
                parts.append(f"{api_names.get(field, field)}: {message}")
    return HttpError(422, " ".join(parts))


def _with_relations(measures: list[Measure]) -> list[Measure]:
    prefetch_related_objects(measures, "partners", "target_groups", "recommendations")
    return measures


@router.get("/municipalities/{slug}/action-plan", response=PlanOut, auth=token_session_or_anonymous)
def get_plan(request, slug: str):
    """The whole plan: guidelines, fields of action with goals and measures, recommendations.

    Anonymous callers get the published measures only.
    """
    town = _town(slug)
    insider = _is_insider(request.auth, town)
    tree = selectors.plan_tree(
        municipality=town, filters=selectors.MeasureFilters(published_only=not insider)
    )
    _with_relations([m for node in tree for goal in node.goals for m in goal.measures])
    return {
        "municipality": town.slug,
        "guidelines": list(selectors.guidelines(municipality=town)),
        "fields_of_action": [
            {
                "id": node.field.pk,
                "name": node.field.name,
                "code": node.field.code,
                "description": node.field.description,
                "goals": [
                    {
                        "id": goal.goal.pk,
                        "title": goal.goal.title,
                        "description": goal.goal.description,
                        "measures": goal.measures,
                    }
                    for goal in node.goals
                ],
            }
            for node in tree
        ],
        "recommendations": list(selectors.recommendations(municipality=town)),
    }


@router.get(
    "/municipalities/{slug}/measures",
    response=list[MeasureOut],
    auth=token_session_or_anonymous,
)
def list_measures(request, slug: str, filters: Query[MeasureFilter]):
    """Measures of a town, filtered; anonymous callers get the published ones."""
    town = _town(slug)
    chosen = selectors.measures(
        municipality=town,
        filters=selectors.MeasureFilters(
            status=filters.status.value if filters.status else "",
            field_of_action=filters.field_of_action,
            responsible_organisation=filters.responsible_organisation,
            target_group=filters.target_group,
            funding_source=filters.funding_source.value if filters.funding_source else "",
            query=filters.q,
            published_only=not _is_insider(request.auth, town),
        ),
    )
    return _with_relations(list(chosen))


@router.get(
    "/municipalities/{slug}/measures/{measure_id}",
    response=MeasureDetailOut,
    auth=token_session_or_anonymous,
)
def get_measure(request, slug: str, measure_id: int):
    """One measure with its indicators and their values."""
    return _visible_measure(request, _town(slug), measure_id)


@router.post(
    "/municipalities/{slug}/measures",
    response={201: MeasureDetailOut},
    auth=token_or_session,
)
def create_measure(request, slug: str, payload: MeasureIn):
    """Add a measure (coordination)."""
    town = _town(slug)
    _require(request.auth, "actionplan.manage_plan", town)
    try:
        measure = services.measure_save(
            municipality=town, acting_user=request.auth, **_resolve_data(town, payload.dict())
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(201, selectors.measure_detail(municipality=town, pk=measure.pk))


@router.patch(
    "/municipalities/{slug}/measures/{measure_id}",
    response=MeasureDetailOut,
    auth=token_or_session,
)
def update_measure(request, slug: str, measure_id: int, payload: MeasurePatch):
    """Change a measure (coordination); only the fields sent change."""
    town = _town(slug)
    _require(request.auth, "actionplan.manage_plan", town)
    measure = get_object_or_404(Measure.objects.for_municipality(town), pk=measure_id)
    try:
        services.measure_save(
            municipality=town,
            acting_user=request.auth,
            measure=measure,
            **_resolve_data(town, payload.dict(exclude_unset=True)),
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return selectors.measure_detail(municipality=town, pk=measure.pk)


@router.post(
    "/municipalities/{slug}/measures/{measure_id}/reports",
    response={201: ProgressReportOut},
    auth=token_or_session,
)
def report_progress(request, slug: str, measure_id: int, payload: ProgressReportIn):
    """Report status, progress and figures: coordination, or the responsible organisation."""
    town = _town(slug)
    measure = get_object_or_404(Measure.objects.for_municipality(town), pk=measure_id)
    _require(request.auth, "actionplan.report_progress", measure)
    indicators = {i.pk: i for i in Indicator.objects.for_municipality(town).filter(measure=measure)}
    values = []
    for entry in payload.indicator_values:
        if entry.indicator_id not in indicators:
            raise HttpError(
                422, "indicator_id: this measure has no such indicator. Use one of its indicators."
            )
        values.append((indicators[entry.indicator_id], entry.value, entry.measured_on))
    try:
        report = services.measure_report_progress(
            measure=measure,
            acting_user=request.auth,
            status=payload.status.value,
            progress=payload.progress,
            note=payload.note,
            indicator_values=values,
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(201, report)


@router.post(
    "/municipalities/{slug}/measures/{measure_id}/indicators/{indicator_id}/values",
    response={201: IndicatorValueOut},
    auth=token_or_session,
)
def add_indicator_value(
    request, slug: str, measure_id: int, indicator_id: int, payload: IndicatorValueIn
):
    """Add a measured value to an indicator: coordination, or the responsible organisation."""
    town = _town(slug)
    measure = get_object_or_404(Measure.objects.for_municipality(town), pk=measure_id)
    _require(request.auth, "actionplan.report_progress", measure)
    indicator = get_object_or_404(
        Indicator.objects.for_municipality(town).filter(measure=measure), pk=indicator_id
    )
    try:
        value = services.indicator_value_add(
            indicator=indicator,
            value=payload.value,
            measured_on=payload.measured_on,
            note=payload.note,
            acting_user=request.auth,
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    value.refresh_from_db()  # the value as stored, with its decimal places
    return Status(201, value)
