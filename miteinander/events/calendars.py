"""Calendar files (RFC 5545) of events: one event (also attached to e-mails) and the feeds.

A repeating event is one VEVENT with its RRULE and EXDATEs, DTSTART in local time with TZID, so
clients expand it themselves and keep 18:00 at 18:00 across the change to summer time. Every
file of the same event carries the same UID, and SEQUENCE grows with each change of its time or
status, so a calendar updates the entry it holds instead of adding a second one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from .models import Event
from .recurrence import local_zone
from .selectors import texts

PRODID = "-//Miteinander//Veranstaltungen//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often a subscribed calendar should fetch the feed again.
REFRESH = datetime.timedelta(hours=6)


def event_uid(event: Event) -> str:
    host = urlsplit(settings.BASE_URL).hostname or "miteinander"
    return f"event-{event.uuid}@{host}"


def absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def place_text(event: Event, *, with_online_link: bool = False) -> str:
    """Where the event takes place, in one line; the online link only for participants."""
    parts = []
    if event.meeting_place_id:
        place = event.meeting_place
        parts += [place.title, place.address_line]
    else:
        parts += [event.place_name, event.address_line]
    if event.is_online:
        parts.append(event.online_url if with_online_link and event.online_url else "Online")
    return ", ".join(part for part in parts if part)


def _coordinates(event: Event):
    source = event.meeting_place if event.meeting_place_id else event
    if source.latitude is not None and source.longitude is not None:
        return float(source.latitude), float(source.longitude)
    return None


def event_component(
    event: Event,
    *,
    language: str = "de",
    url_path: str | None = None,
    for_participants: bool = False,
) -> VEvent:
    """The event as one VEVENT in `language` (German where it has no translation); the online
    link only in the files sent to registered participants."""
    zone = local_zone()
    text = texts(event, language)
    component = VEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    if event.recurrence_rule:
        component.add("rrule", vRecur.from_ical(event.recurrence_rule))
        first = event.starts_at.astimezone(zone)
        for value in event.recurrence_exceptions:
            day = datetime.date.fromisoformat(value)
            component.add(
                "exdate",
                datetime.datetime.combine(day, first.time().replace(tzinfo=None)).replace(
                    tzinfo=zone
                ),
            )
    component.add("summary", text.title)
    url = absolute(url_path or event.get_public_url())
    description = text.description.strip()
    if event.is_cancelled and event.cancellation_note:
        description = f"{event.cancellation_note}\n\n{description}".strip()
    component.add("description", f"{description}\n\n{url}" if description else url)
    component.add("url", url)
    place = place_text(event, with_online_link=for_participants)
    if place:
        component.add("location", place)
    coordinates = _coordinates(event)
    if coordinates:
        component.add("geo", coordinates)
    component.add("categories", [event.kind.name])
    if event.organiser_id:
        organiser = f"mailto:{event.contact_email}" if event.contact_email else url
        component.add("organizer", organiser, parameters={"CN": event.organiser.name})
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("sequence", event.sequence)
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return component


def _calendar(*, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _finish(calendar: Calendar, events: list[Event]) -> bytes:
    if events:
        zone = local_zone()
        # Only the transitions around the events: a VTIMEZONE since 1970 would be much longer.
        first = min(e.starts_at for e in events).astimezone(zone).date()
        last = max(e.series_ends_at for e in events).astimezone(zone).date()
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def event_calendar(
    event: Event,
    *,
    language: str = "de",
    method: str | None = None,
    for_participants: bool = False,
) -> bytes:
    """One event as a calendar file: to download, or attached to a confirmation (PUBLISH) or a
    cancellation (CANCEL)."""
    calendar = _calendar(method=method)
    component = event_component(event, language=language, for_participants=for_participants)
    if method == "CANCEL":
        component["status"] = "CANCELLED"
    calendar.add_component(component)
    return _finish(calendar, [event])


def feed(events: Iterable[Event], *, name: str, language: str, description: str = "") -> bytes:
    """Events as a calendar to subscribe to."""
    events = list(events)
    calendar = _calendar()
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for event in events:
        calendar.add_component(event_component(event, language=language))
    return _finish(calendar, events)
