"""The read-only HSDS 3.0 API of one town, as the HSDS OpenAPI document describes it.

Anonymous GET only, JSON, open to every origin (CORS). Lists are paginated with `page` and
`per_page` and answer with total_items, total_pages, page_number, size, first_page, last_page,
empty and contents. Only published offerings and their providers appear; an unknown id, or one
of another town, is a JSON 404.
"""

from __future__ import annotations

import copy
import datetime
import functools
import math
import uuid

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from miteinander.core.http import READ_ONLY_METHODS, cors_preflight
from miteinander.network.models import TargetGroup

from ..models import Offering, OfferingKind
from ..search import search_offerings
from . import export, schemas
from . import vocabulary as v

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
API_PATHS = (
    "/",
    "/services",
    "/services/{id}",
    "/organizations",
    "/organizations/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
)


class BadRequest(Exception):
    pass


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def not_found(request=None, exception=None) -> JsonResponse:
    """The API's 404. Also fit for the root URLconf's handler404 under /hsds/: the middleware
    answers 404 for an inactive town before any view of this API runs."""
    return _json({"detail": "Not found."}, status=404)


def api_view(view):
    """GET (and HEAD, OPTIONS) only, CORS for everyone, bad parameters as a JSON 400."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return cors_preflight()
        if request.method not in ("GET", "HEAD"):
            response = _json({"detail": "This API is read-only."}, status=405)
            response["Allow"] = READ_ONLY_METHODS
            return response
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _json({"detail": str(error)}, status=400)

    return wrapped


def _flag(request, name: str) -> bool:
    return request.GET.get(name, "").lower() in ("true", "1", "yes")


def _number(request, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a whole number.") from None
    if value < 1:
        raise BadRequest(f"'{name}' must be 1 or more.")
    return value


def _page(request, items, render) -> JsonResponse:
    """One page of a queryset in the HSDS Page form."""
    page = _number(request, "page", 1)
    per_page = min(_number(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = items.count()
    total_pages = max(1, math.ceil(total / per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(chunk),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": [render(item) for item in chunk],
        }
    )


def _uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


# --- Views -----------------------------------------------------------------------------------
@api_view
def api_root(request):
    town = request.municipality
    return _json(
        {
            "version": schemas.HSDS_VERSION,
            "profile": schemas.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(
                reverse("hsds:openapi", kwargs={"municipality_slug": town.slug})
            ),
        }
    )


@api_view
def openapi(request):
    """The HSDS OpenAPI document, narrowed to what this API answers, for this town."""
    town = request.municipality
    document = copy.deepcopy(schemas.load("openapi.json"))
    document["info"] = {
        "title": f"Angebote in {town.name} (Open Referral HSDS {schemas.HSDS_VERSION})",
        "version": schemas.HSDS_VERSION,
        "summary": f"Die veröffentlichten Angebote des Angebotsverzeichnisses von {town.name}.",
        "license": {"name": "Nutzungsbedingungen der Kommune", "url": town.website or ""},
    }
    if not town.website:
        document["info"]["license"].pop("url")
    document["servers"] = [
        {
            "url": request.build_absolute_uri(
                reverse("hsds:root", kwargs={"municipality_slug": town.slug})
            ).rstrip("/")
        }
    ]
    document["paths"] = {p: document["paths"][p] for p in API_PATHS}
    return _json(document)


def _service_queryset(request):
    town = request.municipality
    offerings = export.published_offerings(municipality=town)
    if text := request.GET.get("search", "").strip():
        # The directory's own full-text search: word forms, one typo, every language.
        offerings = search_offerings(offerings, text)
    if organization := request.GET.get("organization_id"):
        pk = export.organisation_ids(municipality=town).get(_uuid(organization) or "")
        offerings = offerings.filter(provider_id=pk) if pk else offerings.none()
    if term := request.GET.get("taxonomy_term_id"):
        offerings = _with_term(offerings, town, _uuid(term) or "")
    if taxonomy := request.GET.get("taxonomy_id"):
        if taxonomy == v.taxonomy_id("target_group"):
            offerings = offerings.filter(target_groups__isnull=False).distinct()
        elif taxonomy != v.taxonomy_id("kind"):
            offerings = offerings.none()
    if modified := request.GET.get("modified_after"):
        try:
            moment = datetime.datetime.fromisoformat(modified)
        except ValueError:
            raise BadRequest("'modified_after' must be a date and time (ISO 8601).") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        offerings = offerings.filter(updated_at__gte=moment)
    return offerings


def _with_term(offerings, town, term: str):
    for kind in OfferingKind.objects.for_municipality(town):
        if v.term_id("kind", kind.name) == term:
            return offerings.filter(kind=kind)
    for group in TargetGroup.objects.for_municipality(town):
        if v.term_id("target_group", group.name) == term:
            return offerings.filter(target_groups=group)
    return offerings.none()


@api_view
def service_list(request):
    town = request.municipality
    offerings = _service_queryset(request)
    if _flag(request, "full"):
        offerings = export.with_details(offerings)
        return _page(request, offerings, lambda o: export.service_full(o, town))
    offerings = offerings.prefetch_related("target_groups")
    return _page(request, offerings, lambda o: export.service_brief(o, town))


def _published(town, service_id: str) -> Offering | None:
    identifier = _uuid(service_id)
    if identifier is None:
        return None
    return (
        export.with_details(export.published_offerings(municipality=town))
        .filter(uuid=identifier)
        .first()
    )


@api_view
def service_detail(request, service_id: str):
    town = request.municipality
    offering = _published(town, service_id)
    if offering is None:
        return not_found()
    return _json(export.service_full(offering, town))


@api_view
def organization_list(request):
    town = request.municipality
    organisations = export.providers(municipality=town)
    if text := request.GET.get("search", "").strip():
        organisations = organisations.filter(name__icontains=text)
    return _page(request, organisations, lambda o: export.organization_brief(o, town))


@api_view
def organization_detail(request, organization_id: str):
    town = request.municipality
    pk = export.organisation_ids(municipality=town).get(_uuid(organization_id) or "")
    if pk is None:
        return not_found()
    organisation = export.providers(municipality=town).get(pk=pk)
    offerings = export.published_offerings(municipality=town).filter(provider_id=pk)
    if _flag(request, "full_service"):
        services = [export.service_full(o, town) for o in export.with_details(offerings)]
    else:
        offerings = offerings.prefetch_related("target_groups")
        services = [export.service_brief(o, town) for o in offerings]
    return _json(export.organization_full(organisation, town, services))


@api_view
def service_at_location_list(request):
    town = request.municipality
    full = _flag(request, "full")
    # Every published offering has exactly one place: its address, or online a virtual one.
    offerings = _service_queryset(request)
    if full:
        offerings = export.with_details(offerings)
    else:
        offerings = offerings.prefetch_related("target_groups")
    return _page(request, offerings, lambda o: export.service_at_location(o, town, full=full))


@api_view
def service_at_location_detail(request, service_at_location_id: str):
    town = request.municipality
    pk = export.service_at_location_ids(municipality=town).get(_uuid(service_at_location_id) or "")
    if pk is None:
        return not_found()
    offering = export.with_details(export.published_offerings(municipality=town)).get(pk=pk)
    return _json(export.service_at_location(offering, town, full=True))


@api_view
def unknown(request, path: str = ""):
    return not_found()
