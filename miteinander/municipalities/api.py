"""API operations on towns, programmes, memberships and the current person."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from miteinander.accounts.api_auth import token_or_session

from . import selectors
from .models import Municipality, Programme
from .predicates import roles_by_municipality

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    slug: str
    name: str
    state: str
    claim: str
    primary_colour: str
    secondary_colour: str
    website: str
    programmes: list[str]

    @staticmethod
    def resolve_programmes(obj: Municipality) -> list[str]:
        return [programme.slug for programme in obj.programmes.all()]


class ProgrammeOut(Schema):
    slug: str
    short_name: str
    name: str
    funder: str
    starts_on: str | None
    ends_on: str | None
    municipalities: list[str]

    @staticmethod
    def resolve_municipalities(obj: Programme) -> list[str]:
        return [town.slug for town in obj.municipalities.all() if town.is_active]

    @staticmethod
    def resolve_starts_on(obj: Programme) -> str | None:
        return obj.starts_on.isoformat() if obj.starts_on else None

    @staticmethod
    def resolve_ends_on(obj: Programme) -> str | None:
        return obj.ends_on.isoformat() if obj.ends_on else None


class RoleOut(Schema):
    municipality: str
    roles: list[str]


class MeOut(Schema):
    email: str
    name: str
    is_platform_admin: bool
    municipalities: list[RoleOut]
    programmes: list[str]


class MembershipOut(Schema):
    id: int
    email: str
    name: str
    role: str
    organisation: str | None


@router.get("/municipalities", response=list[MunicipalityOut], auth=None)
def list_municipalities(request):
    """Towns with public pages."""
    return selectors.municipalities_public()


@router.get("/municipalities/{slug}", response=MunicipalityOut, auth=None)
def get_municipality(request, slug: str):
    return get_object_or_404(selectors.municipalities_public(), slug=slug)


@router.get("/programmes", response=list[ProgrammeOut], auth=None)
def list_programmes(request):
    """Funding programmes and the towns taking part."""
    return Programme.objects.prefetch_related("municipalities")


@router.get("/me", response=MeOut, auth=token_or_session)
def me(request):
    """The authenticated person and the roles they hold."""
    user = request.auth
    roles = roles_by_municipality(user)
    towns = Municipality.objects.filter(pk__in=roles).order_by("name")
    return {
        "email": user.email,
        "name": user.get_full_name(),
        "is_platform_admin": user.is_superuser,
        "municipalities": [
            {"municipality": town.slug, "roles": sorted(roles[town.pk])} for town in towns
        ],
        "programmes": [p.slug for p in selectors.user_programmes(user=user)],
    }


@router.get(
    "/municipalities/{slug}/memberships", response=list[MembershipOut], auth=token_or_session
)
def list_memberships(request, slug: str):
    """Who holds which role in a town (coordinators only)."""
    town = get_object_or_404(Municipality.objects.active(), slug=slug)
    if not request.auth.has_perm("municipalities.manage_team", town):
        raise Http404
    return [
        {
            "id": m.pk,
            "email": m.user.email,
            "name": m.user.get_full_name(),
            "role": m.role,
            "organisation": m.organisation.name if m.organisation else None,
        }
        for m in selectors.municipality_memberships(municipality=town)
    ]
