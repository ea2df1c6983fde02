"""Reads of the network registry; every function takes the town explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    ActorGroup,
    Alliance,
    AllianceMembership,
    ContactPerson,
    FieldOfWork,
    Format,
    Organisation,
    TargetGroup,
)


@dataclass(frozen=True)
class OrganisationFilters:
    query: str = ""
    actor_group: str = ""
    field_of_work: int | None = None
    staffing: str = ""
    language: str = ""
    alliance: int | None = None
    amplifier_for: int | None = None
    public_only: bool = False


def organisations_list(
    *, municipality, filters: OrganisationFilters = OrganisationFilters()
) -> QuerySet[Organisation]:
    """The town's organisations, searched and filtered, with what the list shows prefetched."""
    queryset = Organisation.objects.for_municipality(municipality).select_related("parent")
    if filters.query:
        words = filters.query.split()
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(parent__name__icontains=word)
                | Q(formats__name__icontains=word)
                | Q(fields_of_work__name__icontains=word)
            )
    if filters.actor_group:
        queryset = queryset.filter(actor_group=filters.actor_group)
    if filters.field_of_work:
        queryset = queryset.filter(fields_of_work=filters.field_of_work)
    if filters.staffing:
        queryset = queryset.filter(staffing=filters.staffing)
    if filters.language:
        # A JSON list of codes. `contains` on JSON is PostgreSQL-only; matching the quoted code
        # in the JSON text works on PostgreSQL and SQLite alike.
        queryset = queryset.filter(languages__icontains=f'"{filters.language}"')
    if filters.alliance:
        queryset = queryset.filter(alliances=filters.alliance)
    if filters.amplifier_for:
        queryset = queryset.filter(amplifier_for=filters.amplifier_for)
    if filters.public_only:
        queryset = queryset.filter(is_public=True)
    return queryset.distinct().prefetch_related("fields_of_work").order_by("name")


def organisation_detail(*, municipality, pk: int) -> Organisation:
    """One organisation with its sub-units, formats and alliances (raises DoesNotExist)."""
    return (
        Organisation.objects.for_municipality(municipality)
        .select_related("parent")
        .prefetch_related(
            "fields_of_work",
            "amplifier_for",
            "sub_units",
            "formats",
            Prefetch(
                "alliance_memberships",
                queryset=AllianceMembership.objects.for_municipality(municipality)
                .select_related("alliance")
                .order_by("alliance__name"),
            ),
        )
        .get(pk=pk)
    )


def contact_persons_visible(*, organisation: Organisation, user) -> list[ContactPerson]:
    """The contact persons this person may see (without consent: coordination and own editor)."""
    return [
        person
        for person in organisation.contact_persons.all()
        if user.has_perm("network.view_contact_person", person)
    ]


def fields_of_work(*, municipality) -> QuerySet[FieldOfWork]:
    return FieldOfWork.objects.for_municipality(municipality)


def target_groups(*, municipality) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.for_municipality(municipality)


def alliances_list(*, municipality) -> QuerySet[Alliance]:
    return (
        Alliance.objects.for_municipality(municipality)
        .select_related("coordinator")
        .annotate(member_count=Count("memberships"))
    )


def alliance_detail(*, municipality, pk: int) -> Alliance:
    return (
        Alliance.objects.for_municipality(municipality)
        .select_related("coordinator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=AllianceMembership.objects.for_municipality(municipality)
                .select_related("organisation")
                .order_by("organisation__name"),
            )
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class MatrixCell:
    actor_group: str
    count: int


@dataclass(frozen=True)
class MatrixRow:
    field_of_work: FieldOfWork | None
    cells: list[MatrixCell]
    total: int


@dataclass(frozen=True)
class Matrix:
    groups: list[tuple[str, str]]
    rows: list[MatrixRow]
    column_totals: list[int]
    organisations: int


def fields_by_actor_group(*, municipality) -> Matrix:
    """Counts of organisations per field of work (rows) and actor group (columns).

    An organisation with several fields counts once in each; the last row holds the
    organisations without a field of work.
    """
    groups = list(ActorGroup.choices)
    fields = list(fields_of_work(municipality=municipality))
    through = Organisation.fields_of_work.through
    pairs = (
        through.objects.filter(organisation__municipality=municipality)
        .values_list("fieldofwork_id", "organisation__actor_group")
        .annotate(n=Count("organisation_id", distinct=True))
    )
    counts = {(field_id, group): n for field_id, group, n in pairs}
    without = dict(
        Organisation.objects.for_municipality(municipality)
        .filter(fields_of_work__isnull=True)
        .values_list("actor_group")
        .annotate(n=Count("id"))
        .values_list("actor_group", "n")
    )
    rows = []
    for field in fields:
        cells = [MatrixCell(code, counts.get((field.pk, code), 0)) for code, _ in groups]
        rows.append(MatrixRow(field, cells, sum(cell.count for cell in cells)))
    cells = [MatrixCell(code, without.get(code, 0)) for code, _ in groups]
    rows.append(MatrixRow(None, cells, sum(cell.count for cell in cells)))
    by_group = dict(
        Organisation.objects.for_municipality(municipality)
        .values_list("actor_group")
        .annotate(n=Count("id"))
        .values_list("actor_group", "n")
    )
    return Matrix(
        groups=groups,
        rows=rows,
        column_totals=[by_group.get(code, 0) for code, _ in groups],
        organisations=sum(by_group.values()),
    )


def formats_of(*, organisation: Organisation) -> QuerySet[Format]:
    return organisation.formats.all()
