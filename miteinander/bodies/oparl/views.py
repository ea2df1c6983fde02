"""The OParl 1.1 read API: public data of the towns' bodies and meetings (layout in urls.py).

Anonymous GET only, JSON in UTF-8, open to every origin (CORS), as the specification asks.
Lists are `{data, pagination, links}` pages in a stable order (by id), filtered with
`created_since`, `created_until`, `modified_since`, `modified_until` (full date-times with an
offset), shortened with `omit_internal=true` and sized with `limit` (at most 100). Objects that
left the public view (deleted, or made internal) appear as `deleted: true` at their own URL and,
as spec 2.5 requires for synchronisation, in lists asked with `modified_since` (only then).
Anything else answers with an OParl Error object: 400 for a bad parameter, 404 for an unknown
object, another town's object or an internal one.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Max, Min
from django.http import FileResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from miteinander.core.http import READ_ONLY_METHODS, cors_preflight
from miteinander.municipalities.models import Municipality

from .. import visibility
from ..models import OParlTombstone
from . import queries, serializers
from .serializers import Context

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")


class BadRequest(Exception):
    pass


# --- Responses -------------------------------------------------------------------------------
def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str, debug: str = "") -> JsonResponse:
    """The error object of spec 2.9; the message in the language of the content (German)."""
    return _json({"type": ERROR_TYPE, "message": message, "debug": debug}, status=status)


def not_found(request=None, exception=None) -> JsonResponse:
    """The API's 404, also used by the root URLconf's handler404 for every path below /oparl/
    (an unknown path, or an unknown or inactive town the middleware turned away)."""
    with translation.override("de"):
        return _error(
            404,
            _(
                "This OParl address does not exist or the object is not public. Start again "
                "at /oparl/v1.1/ and follow the links."
            ),
            debug=request.path if request is not None else "",
        )


def _canonical_path(request) -> str:
    """The one spelling of the requested address (ids without leading zeros, spec 2.3)."""
    match = request.resolver_match
    kwargs = {name: value for name, value in match.kwargs.items() if name != "kind"}
    if request.municipality is not None:
        kwargs["municipality_slug"] = request.municipality.slug
    return reverse(match.view_name, kwargs=kwargs)


def api_view(view):
    """GET (and HEAD, OPTIONS) only, CORS for everyone, German content, errors as JSON."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return cors_preflight(allow_headers="Accept")
        with translation.override("de"):
            if request.method not in ("GET", "HEAD"):
                response = _error(405, _("This API can only be read (GET)."))
                response["Allow"] = READ_ONLY_METHODS
                return response
            canonical = _canonical_path(request)
            if canonical != request.path:
                query = request.META.get("QUERY_STRING", "")
                response = HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
                response["Access-Control-Allow-Origin"] = "*"
                return response
            try:
                return view(request, *args, **kwargs)
            except BadRequest as error:
                return _error(400, str(error), debug=request.get_full_path())

    return wrapped


# --- Parameters ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListParameters:
    moments: dict[str, datetime.datetime]
    omit_internal: bool
    limit: int
    limit_given: bool
    page: int

    def query(self, page: int) -> str:
        """The canonical query string of a page: fixed order, one spelling per value."""
        pairs = [(name, self.moments[name].isoformat()) for name in FILTERS if name in self.moments]
        if self.omit_internal:
            pairs.append(("omit_internal", "true"))
        if self.limit_given:
            pairs.append(("limit", str(self.limit)))
        if page > 1:
            pairs.append(("page", str(page)))
        return "?" + urlencode(pairs) if pairs else ""


def _moment(request, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    # An unencoded "+" of the offset arrives as a space.
    value = raw.strip().replace(" ", "+")
    try:
        moment = datetime.datetime.fromisoformat(value) if "T" in value else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadRequest(
            _(
                "“%(name)s” must be a date and time with its offset from UTC, such as "
                "2024-01-31T18:00:00+01:00 (URL-encoded: 2024-01-31T18%%3A00%%3A00%%2B01%%3A00)."
            )
            % {"name": name}
        )
    return moment


def _omit_internal(request) -> bool:
    raw = request.GET.get("omit_internal")
    if raw is None:
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise BadRequest(_("“omit_internal” must be true or false."))


def _whole_number(request, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not WHOLE_NUMBER.match(raw) or int(raw) < 1:
        raise BadRequest(_("“%(name)s” must be a whole number of 1 or more.") % {"name": name})
    return int(raw)


def _list_parameters(request) -> ListParameters:
    moments = {name: moment for name in FILTERS if (moment := _moment(request, name)) is not None}
    limit = _whole_number(request, "limit")
    return ListParameters(
        moments=moments,
        omit_internal=_omit_internal(request),
        limit=min(limit or DEFAULT_LIMIT, MAX_LIMIT),
        limit_given=limit is not None,
        page=_whole_number(request, "page") or 1,
    )


def _filtered(queryset, params: ListParameters, *, created="created_at", modified="oparl_modified"):
    lookups = {
        "created_since": f"{created}__gte",
        "created_until": f"{created}__lte",
        "modified_since": f"{modified}__gte",
        "modified_until": f"{modified}__lte",
    }
    conditions = {lookups[name]: moment for name, moment in params.moments.items()}
    return queryset.filter(**conditions) if conditions else queryset


# --- Lists -----------------------------------------------------------------------------------
SerializeMany = Callable[[list, Context], list]


def _each(serialize) -> SerializeMany:
    return lambda rows, ctx: [serialize(row, ctx) for row in rows]


def _page(
    ctx: Context,
    params: ListParameters,
    sources: list[tuple[object, SerializeMany]],
    *,
    list_url: str,
    tombstone_types: tuple[str, ...] = (),
) -> JsonResponse:
    """One page of the concatenated sources (each in id order), removed objects last."""
    parts = [(_filtered(queryset, params), serialize) for queryset, serialize in sources]
    if tombstone_types and "modified_since" in params.moments:
        tombstones = (
            OParlTombstone.objects.for_municipality(ctx.town)
            .filter(object_type__in=tombstone_types)
            .order_by("pk")
        )
        removed = _filtered(tombstones, params, created="created", modified="deleted_at")
        parts.append((removed, _each(serializers.deleted)))
    counts = [queryset.count() for queryset, _serialize in parts]
    total = sum(counts)
    limit, page = params.limit, params.page
    pages = max(1, math.ceil(total / limit))
    start, end = (page - 1) * limit, page * limit
    data, offset = [], 0
    for (queryset, serialize), count in zip(parts, counts, strict=True):
        low, high = max(start - offset, 0), min(end - offset, count)
        if low < high:
            data += serialize(list(queryset[low:high]), ctx)
        offset += count

    def link(number: int) -> str:
        return list_url + params.query(number)

    links = {"first": link(1)}
    if page > 1:
        links["prev"] = link(page - 1)
    links["self"] = link(page)
    if page < pages:
        links["next"] = link(page + 1)
    links["last"] = link(pages)
    return _json(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


@dataclass(frozen=True)
class Kind:
    """One OParl type of a town: where its list and objects live, what reads and serialises them."""

    oparl_type: str
    segment: str
    queryset: Callable
    serialize: Callable
    # Further rows of the same list, after the first ones (institutions after bodies), and the
    # tombstone types of those.
    extra: tuple[tuple[Callable, Callable], ...] = ()
    extra_tombstone_types: tuple[str, ...] = ()

    @property
    def url_name(self) -> str:
        return serializers.URL_NAMES[self.oparl_type]


KINDS = {
    kind.oparl_type: kind
    for kind in (
        Kind(
            "Organization",
            "organizations",
            queries.organizations,
            serializers.organization,
            extra=((queries.institutions, serializers.institution),),
            extra_tombstone_types=("Institution",),
        ),
        Kind("Person", "persons", queries.persons, serializers.person),
        Kind("Membership", "memberships", queries.memberships, serializers.membership),
        Kind("Meeting", "meetings", queries.meetings, serializers.meeting),
        Kind("AgendaItem", "agenda-items", queries.agenda_items, serializers.agenda_item),
        Kind("Paper", "papers", queries.papers, serializers.paper),
        Kind("Consultation", "consultations", queries.consultations, serializers.consultation),
        Kind("File", "files", queries.files, serializers.file),
        Kind("Location", "locations", queries.locations, serializers.location),
        Kind(
            "LegislativeTerm",
            "legislative-terms",
            queries.legislative_terms,
            serializers.legislative_term,
        ),
    )
}


# --- Views -----------------------------------------------------------------------------------
@api_view
def system(request):
    towns = Municipality.objects.active().aggregate(
        created=Min("created_at"), modified=Max("updated_at")
    )
    return _json(serializers.system(Context(), **towns))


def _bodies(rows, ctx: Context) -> list:
    terms = queries.legislative_terms_of(rows)
    return [
        serializers.body(town, terms[town.pk], Context(town=town, omit_internal=ctx.omit_internal))
        for town in rows
    ]


@api_view
def body_list(request):
    params = _list_parameters(request)
    ctx = Context(omit_internal=params.omit_internal)
    return _page(ctx, params, [(queries.bodies(), _bodies)], list_url=ctx.url("bodies"))


@api_view
def body(request):
    town = request.municipality
    row = queries.bodies().get(pk=town.pk)
    return _json(_bodies([row], Context(omit_internal=_omit_internal(request)))[0])


@api_view
def object_list(request, kind: Kind):
    params = _list_parameters(request)
    ctx = Context(town=request.municipality, omit_internal=params.omit_internal)
    sources = [(kind.queryset(ctx.town), _each(kind.serialize))]
    sources += [(queryset(ctx.town), _each(serialize)) for queryset, serialize in kind.extra]
    return _page(
        ctx,
        params,
        sources,
        list_url=ctx.url(kind.segment),
        tombstone_types=(kind.oparl_type, *kind.extra_tombstone_types),
    )


@api_view
def detail(request, pk: int, kind: Kind):
    return _one(request, pk, kind.queryset, kind.serialize, tombstone_type=kind.oparl_type)


@api_view
def institution(request, pk: int):
    return _one(
        request, pk, queries.institutions, serializers.institution, tombstone_type="Institution"
    )


def _one(request, pk: int, queryset, serialize, *, tombstone_type: str) -> JsonResponse:
    """The public object, or what is left of it once it was removed, or a 404."""
    ctx = Context(town=request.municipality, omit_internal=_omit_internal(request))
    row = queryset(ctx.town).filter(pk=pk).first()
    if row is not None:
        return _json(serialize(row, ctx))
    tombstone = (
        OParlTombstone.objects.for_municipality(ctx.town)
        .filter(object_type=tombstone_type, object_id=pk)
        .first()
    )
    if tombstone is not None:
        return _json(serializers.deleted(tombstone, ctx))
    return not_found(request)


@api_view
def organization_meetings(request, pk: int):
    """The meetings of one organization (public body); removed ones are in the town's list."""
    params = _list_parameters(request)
    ctx = Context(town=request.municipality, omit_internal=params.omit_internal)
    if not visibility.public_bodies(ctx.town).filter(pk=pk).exists():
        return not_found(request)
    meetings = queries.meetings(ctx.town).filter(body_id=pk)
    return _page(
        ctx,
        params,
        [(meetings, _each(serializers.meeting))],
        list_url=ctx.url("organization-meetings", pk),
    )


@api_view
def file_download(request, pk: int):
    """A public file as a download (`downloadUrl`): always an attachment with its file name."""
    town = request.municipality
    document = visibility.public_documents(town).filter(pk=pk).first()
    if document is None:
        gone = (
            OParlTombstone.objects.for_municipality(town)
            .filter(object_type="File", object_id=pk)
            .exists()
        )
        if gone:
            return _error(410, _("This file has been removed."), debug=request.path)
        return not_found(request)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        return not_found(request)
    response = FileResponse(
        handle, as_attachment=True, filename=document.file_name, content_type=document.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
