"""The public calendar (list, month and week), each event's page, and the calendar files.

Everything here is public: draft events and other towns' events answer 404. The calendar shows
the dates of repeating events one by one (`Event.occurrences`), in the town's local time.
"""

from __future__ import annotations

import calendar as gregorian
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from miteinander.offerings.models import Offering

from .. import calendars, feeds, jsonld, selectors
from ..models import Event, EventKind
from ..public_filters import CalendarFilterForm, CalendarFilters
from ..recurrence import local_zone

VIEWS = ("list", "month", "week")
LIST_DAYS = 28  # one period of the list
LIST_LIMIT = 60  # dates on one page of the list; a longer period continues on the next
DATES_SHOWN = 12  # dates of a series listed before "show all dates"
MONTH_CELL_LIMIT = 4  # dates in a day of the month grid; the week view shows all


# --- What the templates show ------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One date of one event as the calendar lists it, with the text in the visitor's language."""

    event: Event
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    text: selectors.Texts
    place: str

    @property
    def ends_another_day(self) -> bool:
        last_moment = self.ends_at - datetime.timedelta(microseconds=1)
        return last_moment.date() != self.starts_at.date()


@dataclass
class Day:
    date: datetime.date
    items: list[Item] = field(default_factory=list)
    in_month: bool = True
    is_today: bool = False
    # In the month grid: the items shown in the day's cell, and how many more the week shows.
    shown: list[Item] = field(default_factory=list)
    more: int = 0


def _short_place(event: Event) -> str:
    if event.meeting_place_id:
        return event.meeting_place.title
    return event.place_name or event.city


def _items(events: list[Event], start, end, *, language: str) -> list[Item]:
    """Every date in [start, end) of `events`, in time order (as selectors.calendar_entries)."""
    items = []
    for event in events:
        text = selectors.texts(event, language)
        place = _short_place(event)
        for occurrence in event.occurrences(start, end):
            items.append(Item(event, occurrence.starts_at, occurrence.ends_at, text, place))
    items.sort(key=lambda item: (item.starts_at, item.text.title, item.event.pk))
    return items


def _days(
    items: list[Item], first: datetime.date, last: datetime.date, today, *, every_day=True
) -> list[Day]:
    """The days from `first` to `last`, each with the items that take place on it.

    An event over several days (an exhibition) is on each of its days, or with
    `every_day=False` (the list) on the first of them only.
    """
    days = {}
    day = first
    while day <= last:
        days[day] = Day(date=day, is_today=day == today)
        day += datetime.timedelta(days=1)
    for item in items:
        end = item.ends_at - datetime.timedelta(microseconds=1)  # ending at midnight: not that day
        day = max(item.starts_at.date(), first)
        last_day = min(end.date(), last) if every_day else day
        while day <= last_day:
            days[day].items.append(item)
            day += datetime.timedelta(days=1)
    return list(days.values())


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=local_zone())


def _anchor(request, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today


# --- The calendar -----------------------------------------------------------------------------
@require_safe
def calendar_page(request):
    town = request.municipality
    language = get_language()
    now = timezone.now()
    today = timezone.localdate(now)
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "list"
    anchor = _anchor(request, today)
    form = CalendarFilterForm(request.GET or None, municipality=town)
    filters = form.filters()

    if view == "month":
        period = _month_period(anchor, today)
    elif view == "week":
        period = _week_period(anchor, today)
    else:
        period = _list_period(anchor, today, now)

    candidates = filters.apply(
        selectors.public_events(municipality=town), now=now, with_kind=False
    ).overlapping(period["start"], period["end"])
    events = [event for event in candidates if filters.matches(event, language=language)]
    items = _items(events, period["start"], period["end"], language=language)
    # Next to each kind: how many events of this period the other filters leave.
    form.set_kind_counts(Counter(event.kind_id for event in _unique_events(items)))
    if filters.kind is not None:
        items = [item for item in items if item.event.kind_id == filters.kind]

    context = {
        "form": form,
        "filters": filters,
        "view": view,
        "period": period,
        "today": today,
        "item_count": len(items),
        **_feed_links(request, town, filters),
    }
    if not items:
        context["town_has_events"] = selectors.public_events(municipality=town).exists()
    if view == "list":
        context.update(_list_context(request, items, period, filters, now=now))
    else:
        days = _days(items, period["first_day"], period["last_day"], today)
        if view == "month":
            for day in days:
                day.in_month = day.date.month == period["month"]
                day.shown = day.items[:MONTH_CELL_LIMIT]
                day.more = len(day.items) - len(day.shown)
            month_start = _local_midnight(period["first_of_month"])
            month_end = _local_midnight(period["next"])
            context["month_item_count"] = sum(
                1 for item in items if item.starts_at < month_end and item.ends_at > month_start
            )
            context["weeks"] = [days[i : i + 7] for i in range(0, len(days), 7)]

            context["weekdays"] = [day.date for day in days[:7]]
        context["days"] = days
    return render(request, "events/public/calendar.html", context)


def _unique_events(items: list[Item]) -> list[Event]:
    seen = {}
    for item in items:
        seen.setdefault(item.event.pk, item.event)
    return list(seen.values())


def _month_period(anchor: datetime.date, today: datetime.date) -> dict:
    first_of_month = anchor.replace(day=1)
    days_in_month = gregorian.monthrange(anchor.year, anchor.month)[1]
    last_of_month = first_of_month.replace(day=days_in_month)
    # Whole weeks from Monday to Sunday, so the grid has no holes.
    first_day = first_of_month - datetime.timedelta(days=first_of_month.weekday())
    last_day = last_of_month + datetime.timedelta(days=6 - last_of_month.weekday())
    previous_month = (first_of_month - datetime.timedelta(days=1)).replace(day=1)
    next_month = last_of_month + datetime.timedelta(days=1)
    return {
        "start": _local_midnight(first_day),
        "end": _local_midnight(last_day + datetime.timedelta(days=1)),
        "first_day": first_day,
        "last_day": last_day,
        "month": anchor.month,
        "first_of_month": first_of_month,
        "previous": previous_month,
        "next": next_month,
        "is_current": first_of_month == today.replace(day=1),
    }


def _week_period(anchor: datetime.date, today: datetime.date) -> dict:
    monday = anchor - datetime.timedelta(days=anchor.weekday())
    sunday = monday + datetime.timedelta(days=6)
    return {
        "start": _local_midnight(monday),
        "end": _local_midnight(sunday + datetime.timedelta(days=1)),
        "first_day": monday,
        "last_day": sunday,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "is_current": monday <= today <= sunday,
        "week_number": monday.isocalendar().week,
    }


def _list_period(anchor: datetime.date, today: datetime.date, now) -> dict:
    """Upcoming dates: from now (or a later day) for LIST_DAYS days."""
    first_day = max(anchor, today)
    start = now if first_day == today else _local_midnight(first_day)
    last_day = first_day + datetime.timedelta(days=LIST_DAYS - 1)
    return {
        "start": start,
        "end": _local_midnight(last_day + datetime.timedelta(days=1)),
        "first_day": first_day,
        "last_day": last_day,
        "is_current": first_day == today,
    }


def _list_context(request, items: list[Item], period: dict, filters, *, now) -> dict:
    """The list groups the dates by day; a long period is cut after a whole day."""
    all_days = _days(items, period["first_day"], period["last_day"], None, every_day=False)
    days = [day for day in all_days if day.items]
    shown, count = [], 0
    for day in days:
        if count >= LIST_LIMIT:
            break
        shown.append(day)
        count += len(day.items)
    cut = len(shown) < len(days)
    if cut:
        more_from = shown[-1].date + datetime.timedelta(days=1)
    else:
        more_from = period["last_day"] + datetime.timedelta(days=1)
    # Is anything left after this period? (The database's conditions only; good enough for a
    # "more" link, and the next period explains itself when it is empty.)
    later = cut or (
        filters.apply(selectors.public_events(municipality=request.municipality), now=now)
        .filter(series_ends_at__gt=_local_midnight(more_from))
        .exists()
    )
    return {
        "list_days": shown,
        "more_from": more_from if later else None,
        "list_cut": cut,
        "shown_until": shown[-1].date if cut else period["last_day"],
    }


def _feed_links(request, town, filters: CalendarFilters) -> dict:
    """The town's feed, and the kind's when the calendar shows one kind, to subscribe to."""
    path = reverse("events-public:feed", kwargs={"municipality_slug": town.slug})
    links = [{"title": feeds.feed_name(municipality=town), **_subscription(request, path)}]
    if filters.kind is not None:
        kind = EventKind.objects.for_municipality(town).filter(pk=filters.kind).first()
        if kind is not None:
            path = reverse(
                "events-public:kind_feed",
                kwargs={"municipality_slug": town.slug, "kind_pk": kind.pk},
            )
            title = feeds.feed_name(municipality=town, kind=kind)
            links.append({"title": title, **_subscription(request, path)})
    return {"feeds": links}


def _subscription(request, path: str) -> dict:
    url = request.build_absolute_uri(path)
    return {"path": path, "url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


# --- One event --------------------------------------------------------------------------------
def _public_event(request, pk: int) -> Event:
    try:
        return (
            selectors.public_events(municipality=request.municipality)
            .select_related("measure")
            .get(pk=pk)
        )
    except Event.DoesNotExist:
        raise Http404 from None


def _organisation_url(request, organisation) -> str:
    if not organisation.is_public:
        return ""
    return reverse(
        "network-public:organisation",
        kwargs={"municipality_slug": request.municipality.slug, "pk": organisation.pk},
    )


@require_safe
def event_page(request, pk: int):
    town = request.municipality
    language = get_language()
    now = timezone.now()
    event = _public_event(request, pk)
    text = selectors.texts(event, language)

    upcoming = event.occurrences(now, None)
    past = not upcoming
    dates = upcoming or event.occurrences()[-DATES_SHOWN:]
    organisers = []
    if event.organiser_id:
        organisers.append((event.organiser, _organisation_url(request, event.organiser)))
    for organisation in event.co_organisers.order_by("name"):
        organisers.append((organisation, _organisation_url(request, organisation)))

    meeting_place_url = ""
    if event.meeting_place_id:
        published = Offering.objects.for_municipality(town).published()
        if published.filter(pk=event.meeting_place_id).exists():
            meeting_place_url = event.meeting_place.get_public_url()
    measure_url = ""
    if event.measure_id and event.measure.is_published:
        measure_url = reverse(
            "actionplan-public:measure",
            kwargs={"municipality_slug": town.slug, "pk": event.measure_id},
        )

    places_left = selectors.places_left(event) if event.registration_enabled else None
    registration_open = event.registration_is_open(now=now)
    page_url = request.build_absolute_uri(event.get_public_url())
    structured = jsonld.event_jsonld(
        event,
        text=text,
        page_url=page_url,
        organisers=[
            (organisation, request.build_absolute_uri(url) if url else "")
            for organisation, url in organisers
        ],
        place_url=request.build_absolute_uri(meeting_place_url) if meeting_place_url else "",
        places_left=places_left,
    )
    return render(
        request,
        "events/public/event.html",
        {
            "event": event,
            "text": text,
            "show_fallback_notice": language != "de" and text.language == "de",
            "description_lang": text.description_language,
            "dates": dates[:DATES_SHOWN],
            "more_dates": dates[DATES_SHOWN:],
            "is_past": past,
            "organisers": organisers,
            "meeting_place_url": meeting_place_url,
            "measure": event.measure if measure_url else None,
            "measure_url": measure_url,
            "target_groups": list(event.target_groups.all()),
            "places_left": places_left,
            "registration_open": registration_open,
            "can_register": registration_open
            and (places_left is None or places_left > 0 or event.waiting_list),
            "feeds": _feed_links(request, town, CalendarFilters())["feeds"],
            "jsonld": jsonld.script_content(structured),
        },
    )


# --- Calendar files ---------------------------------------------------------------------------
@require_safe
def event_ics(request, pk: int):
    """One event to add to one's calendar (without the online link: that is for participants)."""
    event = _public_event(request, pk)
    body = calendars.event_calendar(event, language=get_language())
    response = HttpResponse(body, content_type=calendars.CONTENT_TYPE)
    name = slugify(event.title)[:60] or "veranstaltung"
    # Inline: a phone offers to add it to the calendar; the download link asks to save it.
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def _feed_response(request, *, kind: EventKind | None = None) -> HttpResponse:
    """The feed, or 304 Not Modified when the client holds it already (ETag, Last-Modified)."""
    town = request.municipality
    built = feeds.town_feed(municipality=town, language=get_language(), kind=kind)
    last_modified = int(built.built_at.timestamp())
    etag = f'"{built.etag}"'
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(built.body, content_type=calendars.CONTENT_TYPE)
        name = f"veranstaltungen-{town.slug}" + (f"-{slugify(kind.name)}" if kind else "")
        response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Clients and proxies may keep it, but must ask (cheaply, with the ETag) before using it.
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def feed(request):
    return _feed_response(request)


@require_safe
def kind_feed(request, kind_pk: int):
    kind = EventKind.objects.for_municipality(request.municipality).filter(pk=kind_pk).first()
    if kind is None:
        raise Http404
    return _feed_response(request, kind=kind)
