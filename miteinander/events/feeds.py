"""The town's calendar feeds (every public event, or one kind's), cached until an event changes.

A feed holds the public events (published, and cancelled ones marked so) whose series ended
less than `FEED_PAST` ago or not yet: a subscriber still sees last month's dates, and a
cancellation stays visible for a while after the date.

Caching, in Django's cache:

- The finished feed is kept per town, kind and language with the town's *event version* it was
  built for: the latest `updated_at` of its events and their number, read with one aggregate
  query on every request. Every write to an event saves the event row
  (`services.event_save` saves it with its translations, target groups and co-organisers), so
  its `updated_at` moves; a deleted event lowers the count. A changed event therefore changes
  the feed with the next request. What an event only refers to (an organiser's or a kind's
  name, a meeting place's address) does not move the version, nor would a save on a server
  whose clock lags behind the others', so a feed is kept for `FEED_TIMEOUT` at most.
- Each event's VEVENT is kept too, per town and language, with the `updated_at` of the event, its
  organiser, its kind and its meeting place it was rendered from. A build renders only the
  events where one of them differs and takes the others as they are: after a change that is
  one event, not two thousand (see docs/benchmarks.md for what either costs).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Count, Max, Prefetch, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Timezone

from . import calendars
from .models import Event, EventKind, EventTranslation
from .recurrence import local_zone

FEED_PAST = datetime.timedelta(days=30)
FEED_TIMEOUT = 60 * 60  # seconds
# The kept VEVENTs know what they were made from, so they need no time limit; unused, they go.
PIECES_TIMEOUT = 24 * 60 * 60
# Above this share of events to render, one query for the whole feed beats a long IN list.
_WHOLE_FEED_SHARE = 0.2


@dataclass(frozen=True)
class Feed:
    """A finished feed: its bytes, an ETag made from them, and when it was put together."""

    body: bytes
    etag: str
    built_at: datetime.datetime
    event_count: int


def events_version(municipality) -> str:
    """Changes whenever one of the town's events is saved, created or deleted (one query)."""
    figures = Event.objects.for_municipality(municipality).aggregate(
        latest=Max("updated_at"), count=Count("pk")
    )
    latest = figures["latest"].timestamp() if figures["latest"] else 0
    return f"{latest:.6f}-{figures['count']}"


def feed_events(*, municipality, kind: EventKind | None = None, now=None) -> QuerySet:
    """The events of a town's feed: public ones whose series ends after (now - 30 days)."""
    now = now or timezone.now()
    events = (
        Event.objects.for_municipality(municipality)
        .public()
        .filter(series_ends_at__gt=now - FEED_PAST)
    )
    if kind is not None:
        events = events.filter(kind=kind)
    return events.order_by("starts_at", "pk")


def town_feed(*, municipality, language: str, kind: EventKind | None = None, now=None) -> Feed:
    """The town's feed (or one kind's) in `language`, from the cache while no event changed.

    One entry per town, kind and language holds the feed with the version it was built for,
    so a town whose events change often does not fill the cache with outdated feeds.
    """
    key = f"events-feed:{municipality.pk}:{kind.pk if kind else 'all'}:{language}"
    version = events_version(municipality)
    kept = cache.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    feed = build_feed(municipality=municipality, language=language, kind=kind, now=now)
    cache.set(key, (version, feed), FEED_TIMEOUT)
    return feed


def feed_name(*, municipality, kind: EventKind | None = None) -> str:
    """The calendar's name as clients show it, in the active language."""
    if kind is None:
        return gettext("Events in %(town)s") % {"town": municipality.name}
    return gettext("%(kind)s in %(town)s") % {"kind": kind.name, "town": municipality.name}


def build_feed(*, municipality, language: str, kind: EventKind | None = None, now=None) -> Feed:
    """Put the feed together, rendering only the events whose kept VEVENT is missing or stale."""
    now = now or timezone.now()
    rows = list(
        feed_events(municipality=municipality, kind=kind, now=now)
        .annotate(stamp=_stamp())
        .values_list("pk", "stamp")
    )
    pieces_key = f"events-vevents:{municipality.pk}:{language}"
    pieces: dict[int, _Piece] = cache.get(pieces_key) or {}
    stale = {pk: stamp for pk, stamp in rows if pk not in pieces or pieces[pk].stamp != stamp}
    if stale:
        with translation.override(language):
            prefix = reverse(
                "events-public:calendar", kwargs={"municipality_slug": municipality.slug}
            )
            for event in _events_to_render(
                municipality=municipality, kind=kind, now=now, pks=stale, total=len(rows),
                language=language,
            ):  # fmt: skip
                # The event page's path as calendar_urls lays it out (tests compare the two);
                # reversing it for each of 2,000 events costs a noticeable share of a build.
                body = vevent(event, language=language, url_path=f"{prefix}{event.pk}/")
                pieces[event.pk] = _Piece(
                    stamp=stale[event.pk],
                    first_year=_local_year(event.starts_at),
                    last_year=_local_year(event.series_ends_at),
                    body=body,
                )
    changed = bool(stale)
    if kind is None and len(pieces) != len(rows):
        # The town's feed holds every kept event; forget those that left it (deleted, past).
        in_feed = {pk for pk, _stamp in rows}
        pieces = {pk: piece for pk, piece in pieces.items() if pk in in_feed}
        changed = True
    if changed:
        cache.set(pieces_key, pieces, PIECES_TIMEOUT)

    with translation.override(language):
        head = calendars.feed(
            [],
            name=feed_name(municipality=municipality, kind=kind),
            language=language,
            description=gettext("Public events of %(town)s") % {"town": municipality.name},
        )
    kept = [pieces[pk] for pk, _stamp in rows if pk in pieces]
    parts = [head.removesuffix(b"END:VCALENDAR\r\n")]
    if kept:
        first = min(piece.first_year for piece in kept)
        parts.append(_vtimezone(first, max(piece.last_year for piece in kept)))
    parts += [piece.body for piece in kept]
    parts.append(b"END:VCALENDAR\r\n")
    body = b"".join(parts)
    return Feed(
        body=body,
        etag=hashlib.sha256(body).hexdigest()[:32],
        built_at=now,
        event_count=len(kept),
    )


@dataclass(frozen=True)
class _Piece:
    """One event's VEVENT as kept in the cache, with what it was rendered from."""

    stamp: str
    first_year: int
    last_year: int
    body: bytes


def _stamp():
    """When the event, its organiser, its kind and its meeting place last changed, as one text.

    Compared as text: converting 8,000 timestamps of a large town to datetimes would cost more
    than the rest of a rebuild.
    """

    def text(name):
        return Coalesce(Cast(name, output_field=CharField()), Value(""))

    return Concat(
        text("updated_at"), Value("|"), text("organiser__updated_at"), Value("|"),
        text("kind__updated_at"), Value("|"), text("meeting_place__updated_at"),
        output_field=CharField(),
    )  # fmt: skip


def _local_year(moment: datetime.datetime) -> int:
    return moment.astimezone(local_zone()).year


def _events_to_render(*, municipality, kind, now, pks: dict[int, str], total: int, language: str):
    events = feed_events(municipality=municipality, kind=kind, now=now)
    if len(pks) <= total * _WHOLE_FEED_SHARE:
        events = events.filter(pk__in=list(pks))
    events = events.select_related("kind", "organiser", "meeting_place")
    if language != settings.LANGUAGE_CODE:
        events = events.prefetch_related(
            Prefetch("translations", queryset=EventTranslation.objects.filter(language=language))
        )
    for event in events:
        if event.pk in pks:
            yield event


def vevent(event: Event, *, language: str, url_path: str | None = None) -> bytes:
    """The event as a VEVENT for the public feed.

    The online link goes only to registered participants, so it stays out of public files.
    In a calendar without METHOD, DTSTAMP is the time the event's information was last changed
    (RFC 5545, 3.8.7.2), so the same event renders the same on every server.
    """
    component = calendars.event_component(event, language=language, url_path=url_path)
    component.pop("DTSTAMP", None)
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    return component.to_ical()


@functools.lru_cache(maxsize=16)
def _vtimezone(first_year: int, last_year: int) -> bytes:
    """The town's VTIMEZONE with the transitions from a year before to a year after the events.

    Whole years keep it the same for most feeds, so it is built once per process.
    """
    component = Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=datetime.date(first_year - 1, 1, 1),
        last_date=datetime.date(last_year + 1, 12, 31),
    )
    return component.to_ical()
