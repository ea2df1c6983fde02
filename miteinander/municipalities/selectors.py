"""Reads of towns, programmes and memberships."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .models import Membership, Municipality, Programme, Role
from .predicates import roles_by_municipality


def municipalities_public() -> QuerySet[Municipality]:
    """Towns with public pages, by name."""
    return Municipality.objects.active().prefetch_related("programmes")


def municipality_memberships(*, municipality: Municipality, role: str = "") -> QuerySet[Membership]:
    """Who holds which role in one town."""
    queryset = Membership.objects.for_municipality(municipality).select_related(
        "user", "organisation"
    )
    if role:
        queryset = queryset.filter(role=role)
    return queryset


@dataclass(frozen=True)
class Workspace:
    municipality: Municipality
    roles: tuple[str, ...]

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]


def user_workspaces(*, user) -> list[Workspace]:
    """The towns a person holds a role in (every active town for platform administrators)."""
    roles = roles_by_municipality(user)
    if user.is_superuser:
        towns = Municipality.objects.active()
    else:
        towns = Municipality.objects.active().filter(pk__in=roles)
    return [
        Workspace(municipality=town, roles=tuple(sorted(roles.get(town.pk, {})))) for town in towns
    ]


def user_programmes(*, user) -> QuerySet[Programme]:
    """Programmes whose aggregated overview a person may read."""
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user).distinct()


@dataclass(frozen=True)
class ProgrammeTownFigures:
    municipality: Municipality
    staff: int


def programme_town_figures(*, programme: Programme) -> list[ProgrammeTownFigures]:
    """Counts per participating town: aggregates only, never who.

    The reports app adds the programme's indicator figures; this is the overview the
    foundation can already give.
    """
    towns = list(programme.municipalities.order_by("name"))
    staff = dict(
        Membership.objects.filter(municipality__in=towns)
        .values_list("municipality")
        .annotate(n=Count("user", distinct=True))
        .values_list("municipality", "n")
    )
    return [ProgrammeTownFigures(municipality=town, staff=staff.get(town.pk, 0)) for town in towns]
