"""Calendar files (RFC 5545) of meetings: one meeting, an invitation or its cancellation, and a
body's feed.

Every file of the same meeting carries the same UID, so a calendar that holds the meeting updates
its entry (a new time, a new place, the cancellation) instead of adding a second one; SEQUENCE
tells it which version is newer. Times are local times of Europe/Berlin with the VTIMEZONE that
describes them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from .models import AgendaItem, Body, Meeting

PRODID = "-//Miteinander//Gremien und Sitzungen//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"
METHODS = (None, "REQUEST", "CANCEL")
# How often a subscribed calendar should fetch the feed again.
REFRESH = datetime.timedelta(hours=6)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def uid_host() -> str:
    """The host part of the UIDs: the platform's own host name, stable across requests."""
    return urlsplit(settings.BASE_URL).hostname or "miteinander"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{uid_host()}"


def meeting_page_url(meeting: Meeting) -> str:
    """The meeting's public page (members see its internal part there after signing in)."""
    path = reverse(
        "bodies-public:meeting",
        kwargs={"municipality_slug": meeting.municipality.slug, "pk": meeting.pk},
    )
    return settings.BASE_URL.rstrip("/") + path


def place_text(meeting: Meeting) -> str:
    """Where the meeting takes place, in one line: the place with its address, or the link."""
    if meeting.location_id:
        location = meeting.location
        return ", ".join(part for part in (str(location), location.address) if part)
    return meeting.online_url or ""


def agenda_items(meeting: Meeting, *, internal: bool) -> list[AgendaItem]:
    """The agenda in order: every item for members, else the public part only."""
    items = AgendaItem.objects.for_municipality(meeting.municipality_id).filter(meeting=meeting)
    if not internal:
        items = items.filter(is_public=True)
    return list(items.order_by("position"))


def agenda_text(meeting: Meeting, *, internal: bool) -> str:
    """The agenda as plain text, the non-public part under its own heading."""
    items = agenda_items(meeting, internal=internal)
    lines = []
    if meeting.is_cancelled:
        lines += [_("This meeting has been cancelled."), ""]
    if items:
        lines.append(_("Agenda"))
        public = [item for item in items if item.is_public]
        private = [item for item in items if not item.is_public]
        if private:
            lines.append(_("Public part"))
        lines += [_agenda_line(item) for item in public]
        if private:
            lines += ["", _("Non-public part")]
            lines += [_agenda_line(item) for item in private]
    if meeting.online_url:
        lines += ["", _("Online: %(link)s") % {"link": meeting.online_url}]
    return "\n".join(lines).strip()


def _agenda_line(item: AgendaItem) -> str:
    line = f"{item.number or item.position}. {item.title}"
    if item.presenter:
        line += " – " + _("presented by %(presenter)s") % {"presenter": item.presenter}
    return line


def meeting_event(meeting: Meeting, *, internal: bool) -> Event:
    """The meeting as a VEVENT; `internal` adds the non-public part of the agenda."""
    zone = local_zone()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    if meeting.ends_at:
        event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"{meeting.body.name}: {meeting.name}")
    place = place_text(meeting)
    if place:
        event.add("location", place)
    location = meeting.location
    if location is not None and location.latitude is not None and location.longitude is not None:
        event.add("geo", (float(location.latitude), float(location.longitude)))
    url = meeting_page_url(meeting)
    event.add("url", url)
    description = agenda_text(meeting, internal=internal)
    event.add("description", f"{description}\n\n{url}" if description else url)
    event.add("sequence", meeting.invitation_sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if meeting.created_at:
        event.add("created", meeting.created_at.astimezone(datetime.UTC))
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    return event


def _address(value: str | tuple[str, str], *, role: str | None = None) -> vCalAddress:
    """A calendar address from "Name <a@b.example>", "a@b.example" or a (name, address) pair."""
    name, email = value if isinstance(value, tuple) else parseaddr(value)
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    if role:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        # Replies are not processed: the organiser address does not read mail.
        address.params["RSVP"] = "FALSE"
    return address


def _calendar(*, method: str | None = None) -> Calendar:
    if method not in METHODS:
        raise ValueError(f"Unknown calendar method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _finish(calendar: Calendar, meetings: Iterable[Meeting]) -> bytes:
    starts = [m.starts_at.astimezone(local_zone()).date() for m in meetings]
    if starts:
        # Only the transitions around the meetings: a VTIMEZONE since 1970 would be much longer.
        first = min(starts) - datetime.timedelta(days=366)
        last = max(starts) + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def meeting_calendar(
    meeting: Meeting,
    method: str | None = None,
    *,
    internal: bool = False,
    attendees: Iterable[str | tuple[str, str]] = (),
    organizer: str | tuple[str, str] | None = None,
) -> bytes:
    """One meeting as a calendar file: to download (no method), an invitation (REQUEST) or its
    cancellation (CANCEL). Addresses are "Name <address>", plain addresses or (name, address)."""
    calendar = _calendar(method=method)
    event = meeting_event(meeting, internal=internal)
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    if organizer:
        event.add("organizer", _address(organizer))
    for attendee in attendees:
        event.add("attendee", _address(attendee, role="REQ-PARTICIPANT"))
    calendar.add_component(event)
    return _finish(calendar, [meeting])


def body_feed(body: Body, meetings: Iterable[Meeting]) -> bytes:
    """A body's meetings as a calendar to subscribe to (public agenda items only)."""
    meetings = list(meetings)
    calendar = _calendar()
    calendar.add("x-wr-calname", body.name)
    calendar.add("name", body.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if body.purpose:
        calendar.add("x-wr-caldesc", body.purpose)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, internal=False))
    return _finish(calendar, meetings)
