"""The public offerings directory: the searchable list with its map, and each offering's page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from . import jsonld, selectors
from .hours import Schedule, local
from .models import DirectorySettings, Offering
from .public_forms import DirectoryFilterForm

PER_PAGE = 20


def _map_settings(directory: DirectorySettings) -> dict | None:
    """What the map needs from the town's settings; None: the town shows no map."""
    if not directory.tile_url:
        return None
    return {
        "tile_url": directory.tile_url,
        "attribution": directory.tile_attribution,
        # As plain strings: the template would print decimals the German way (49,68).
        "latitude": "" if directory.map_latitude is None else str(directory.map_latitude),
        "longitude": "" if directory.map_longitude is None else str(directory.map_longitude),
        "zoom": directory.map_zoom,
        "has_centre": directory.map_latitude is not None and directory.map_longitude is not None,
    }


def directory(request):
    town = request.municipality
    language = get_language()
    now = timezone.now()
    form = DirectoryFilterForm(request.GET or None, municipality=town)
    filters = form.filters()
    offerings, facets = selectors.directory_results(
        municipality=town, filters=filters, at=now, language=language
    )
    form.set_kind_counts(facets.kinds)
    paginator = Paginator(offerings, PER_PAGE)
    paginator.count = facets.total  # known from the facets; saves a COUNT over the results
    page = paginator.get_page(request.GET.get("page"))
    entries = selectors.directory_entries(
        page.object_list, municipality=town, language=language, at=now
    )
    map_settings = _map_settings(DirectorySettings.for_town(town))
    markers = selectors.map_markers(entries) if map_settings else []
    return render(
        request,
        "offerings/public/directory.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "elided_pages": page.paginator.get_elided_page_range(page.number),
            "entries": entries,
            "map_settings": map_settings,
            "markers": markers,
            "show_map": bool(map_settings and (markers or map_settings["has_centre"])),
        },
    )


def offering(request, pk: int):
    town = request.municipality
    language = get_language()
    try:
        item = selectors.offering_public(municipality=town, pk=pk, language=language)
    except Offering.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    text = selectors.offering_text(item, language)
    schedule = Schedule(item, municipality=town)
    today = local(now).date()
    provider_url = ""
    if item.provider.is_public:
        provider_url = reverse(
            "network-public:organisation",
            kwargs={"municipality_slug": town.slug, "pk": item.provider_id},
        )
    structured = jsonld.offering_jsonld(
        item,
        text=text,
        schedule=schedule,
        page_url=request.build_absolute_uri(item.get_public_url()),
        provider_url=request.build_absolute_uri(provider_url) if provider_url else "",
        at=now,
    )
    return render(
        request,
        "offerings/public/offering.html",
        {
            "offering": item,
            "text": text,
            "state": schedule.state(now, language=language),
            "week": schedule.week_table(),
            "has_weekly_hours": bool(schedule.weekly),
            "exceptions": schedule.upcoming_exceptions(today),
            "holidays": schedule.upcoming_holidays(today, language=language),
            "sessions": schedule.upcoming_sessions(now),
            "provider_url": provider_url,
            "jsonld": jsonld.script_content(structured),
        },
    )
