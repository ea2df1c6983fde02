"""API operations of the network registry: organisations, contact persons, formats, alliances.

Anonymous callers see organisations and alliances marked public, never contact persons.
People with a role in the town see the whole registry; contact persons as on the pages.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError

from miteinander.accounts.api_auth import token_or_session, token_session_or_anonymous
from miteinander.municipalities.models import Municipality

from . import selectors, services
from .models import ActorGroup, FieldOfWork, Format, Organisation, Staffing, TargetGroup

router = Router(tags=["network"])


def _town(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.active(), slug=slug)


def _is_insider(user, town) -> bool:
    """Whether `user` has a role in `town` (a Municipality or its id)."""
    if isinstance(town, int):
        town = Municipality(pk=town)
    return user.is_authenticated and user.has_perm("network.view_registry", town)


def _require(user, perm: str, obj) -> None:
    if not user.is_authenticated or not user.has_perm(perm, obj):
        raise Http404


class NamedRef(Schema):
    id: int
    name: str


class FormatOut(Schema):
    id: int
    organisation_id: int
    name: str
    kind: str
    frequency: str
    description: str


class OrganisationOut(Schema):
    id: int
    name: str
    actor_group: str
    actor_group_label: str
    parent_id: int | None
    fields_of_work: list[NamedRef]
    staffing: str
    street: str
    postcode: str
    city: str
    website: str
    languages: list[str]
    is_public: bool
    amplifier_for: list[NamedRef]
    notes: str | None = Field(None, description="Internal notes; only for people with a role.")

    @staticmethod
    def resolve_notes(obj, context):
        user = context["request"].auth
        return obj.notes if _is_insider(user, obj.municipality_id) else None

    @staticmethod
    def resolve_actor_group_label(obj):
        return str(obj.get_actor_group_display())

    @staticmethod
    def resolve_fields_of_work(obj):
        return [{"id": f.pk, "name": f.name} for f in obj.fields_of_work.all()]

    @staticmethod
    def resolve_amplifier_for(obj):
        return [{"id": t.pk, "name": t.name} for t in obj.amplifier_for.all()]


class OrganisationIn(Schema):
    name: str
    actor_group: ActorGroup = ActorGroup.CIVIL_SOCIETY
    parent_id: int | None = None
    fields_of_work: list[int] = []
    staffing: Staffing | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    website: str = ""
    languages: list[str] = []
    notes: str = ""
    is_public: bool = False
    amplifier_for: list[int] = []


class OrganisationPatch(Schema):
    name: str | None = None
    actor_group: ActorGroup | None = None
    parent_id: int | None = None
    fields_of_work: list[int] | None = None
    staffing: Staffing | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    website: str | None = None
    languages: list[str] | None = None
    notes: str | None = None
    is_public: bool | None = None
    amplifier_for: list[int] | None = None


class OrganisationFilter(FilterSchema):
    q: str = ""
    actor_group: ActorGroup | None = None
    field_of_work: int | None = None
    language: str = ""
    alliance: int | None = None


class ContactPersonOut(Schema):
    id: int
    organisation_id: int
    name: str
    function: str
    email: str
    phone: str
    consent_given_on: datetime.date | None
    consent_purpose: str


class AllianceMemberOut(Schema):
    organisation_id: int
    organisation: str
    member_since: datetime.date | None


class AllianceOut(Schema):
    id: int
    name: str
    description: str
    coordinator_id: int | None
    founded_on: datetime.date | None
    is_public: bool
    members: list[AllianceMemberOut]


class VocabularyOut(Schema):
    id: int
    name: str


def _resolve_data(town, data: dict) -> dict:
    """Turn ids into rows of the same town; an id of another town is "not found"."""
    resolved = dict(data)
    if "parent_id" in resolved:
        parent_id = resolved.pop("parent_id")
        resolved["parent"] = (
            get_object_or_404(Organisation.objects.for_municipality(town), pk=parent_id)
            if parent_id
            else None
        )
    for name, model in (("fields_of_work", FieldOfWork), ("amplifier_for", TargetGroup)):
        if name in resolved and resolved[name] is not None:
            ids = set(resolved[name])
            rows = list(model.objects.for_municipality(town).filter(pk__in=ids))
            if len(rows) != len(ids):
                raise HttpError(422, f"Unknown {name} id for this town.")
            resolved[name] = rows
    if resolved.get("staffing") is None and "staffing" in resolved:
        resolved["staffing"] = ""
    return resolved


def _validation_error(error: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(error.messages))


@router.get(
    "/municipalities/{slug}/organisations",
    response=list[OrganisationOut],
    auth=token_session_or_anonymous,
)
def list_organisations(request, slug: str, filters: Query[OrganisationFilter]):
    """Organisations of a town; anonymous callers get the public ones."""
    town = _town(slug)
    insider = _is_insider(request.auth, town)
    organisations = selectors.organisations_list(
        municipality=town,
        filters=selectors.OrganisationFilters(
            query=filters.q,
            actor_group=filters.actor_group or "",
            field_of_work=filters.field_of_work,
            language=filters.language,
            alliance=filters.alliance,
            public_only=not insider,
        ),
    ).prefetch_related("amplifier_for")
    return organisations


@router.get(
    "/municipalities/{slug}/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=token_session_or_anonymous,
)
def get_organisation(request, slug: str, organisation_id: int):
    town = _town(slug)
    insider = _is_insider(request.auth, town)
    try:
        organisation = selectors.organisation_detail(municipality=town, pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not insider and not organisation.is_public:
        raise Http404
    return organisation


@router.post(
    "/municipalities/{slug}/organisations",
    response={201: OrganisationOut},
    auth=token_or_session,
)
def create_organisation(request, slug: str, payload: OrganisationIn):
    """Add an organisation (coordination)."""
    town = _town(slug)
    _require(request.auth, "network.manage_registry", town)
    try:
        organisation = services.organisation_create(
            municipality=town, acting_user=request.auth, **_resolve_data(town, payload.dict())
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(201, selectors.organisation_detail(municipality=town, pk=organisation.pk))


@router.patch(
    "/municipalities/{slug}/organisations/{organisation_id}",
    response=OrganisationOut,
    auth=token_or_session,
)
def update_organisation(request, slug: str, organisation_id: int, payload: OrganisationPatch):
    """Change an organisation: coordination any; a network partner their own, not its class."""
    town = _town(slug)
    organisation = get_object_or_404(
        Organisation.objects.for_municipality(town), pk=organisation_id
    )
    _require(request.auth, "network.change_organisation", organisation)
    data = payload.dict(exclude_unset=True)
    if not request.auth.has_perm("network.manage_registry", town):
        forbidden = set(data) & {"actor_group", "parent_id", "is_public", "amplifier_for"}
        if forbidden:
            raise HttpError(403, f"Only coordination may change: {', '.join(sorted(forbidden))}.")
    try:
        services.organisation_update(
            organisation=organisation, acting_user=request.auth, **_resolve_data(town, data)
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return selectors.organisation_detail(municipality=town, pk=organisation.pk)


@router.get(
    "/municipalities/{slug}/organisations/{organisation_id}/contact-persons",
    response=list[ContactPersonOut],
    auth=token_or_session,
)
def list_contact_persons(request, slug: str, organisation_id: int):
    """Contact persons the caller may see: with consent for every role, all for coordination."""
    town = _town(slug)
    _require(request.auth, "network.view_registry", town)
    organisation = get_object_or_404(
        Organisation.objects.for_municipality(town), pk=organisation_id
    )
    return selectors.contact_persons_visible(organisation=organisation, user=request.auth)


@router.get(
    "/municipalities/{slug}/formats", response=list[FormatOut], auth=token_session_or_anonymous
)
def list_formats(request, slug: str):
    """Existing formats; anonymous callers see those of public organisations."""
    town = _town(slug)
    formats = Format.objects.for_municipality(town).order_by("organisation__name", "name")
    if not _is_insider(request.auth, town):
        formats = formats.filter(organisation__is_public=True)
    return formats


@router.get(
    "/municipalities/{slug}/alliances", response=list[AllianceOut], auth=token_session_or_anonymous
)
def list_alliances(request, slug: str):
    """Alliances with their members; anonymous callers see public alliances and public members."""
    town = _town(slug)
    insider = _is_insider(request.auth, town)
    alliances = selectors.alliances_list(municipality=town).prefetch_related(
        "memberships__organisation"
    )
    if not insider:
        alliances = alliances.filter(is_public=True)
    return [
        {
            "id": a.pk,
            "name": a.name,
            "description": a.description,
            "coordinator_id": a.coordinator_id,
            "founded_on": a.founded_on,
            "is_public": a.is_public,
            "members": [
                {
                    "organisation_id": m.organisation_id,
                    "organisation": m.organisation.name,
                    "member_since": m.member_since,
                }
                for m in a.memberships.all()
                if insider or m.organisation.is_public
            ],
        }
        for a in alliances
    ]


@router.get("/municipalities/{slug}/fields-of-work", response=list[VocabularyOut], auth=None)
def list_fields_of_work(request, slug: str):
    return selectors.fields_of_work(municipality=_town(slug))


@router.get("/municipalities/{slug}/target-groups", response=list[VocabularyOut], auth=None)
def list_target_groups(request, slug: str):
    return selectors.target_groups(municipality=_town(slug))
