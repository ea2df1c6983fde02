"""schema.org JSON-LD for an event's public page, so search engines and calendars read it.

An event is an `Event` with its status, attendance mode, organisers (`Organization`, the town
as `GovernmentOrganization` when it organises itself), where it takes place (a `Place` with
`PostalAddress` and `GeoCoordinates`, a `VirtualLocation` without the link, which only
registered participants get, or both), an `Offer` for the cost, the languages spoken and the
target groups as `Audience`.

A repeating event has an `eventSchedule` (`Schedule`) instead of `startDate`/`endDate`: schema.org
asks that an event with a schedule not carry them, so there is one place that says when. The
schedule gives the rule as repeat frequency, days, count and the left-out dates, with the local
start and end time and the time zone; `startDate` and `endDate` of a single event carry the
UTC offset of that day. tests/test_jsonld.py checks every type and property against the
schema.org vocabulary.
"""

from __future__ import annotations

import datetime

from miteinander.network.models import ActorGroup
from miteinander.offerings.jsonld import CONTEXT, script_content

from . import recurrence
from .models import Event
from .selectors import Texts

__all__ = ["event_jsonld", "script_content"]

_FREQUENCIES = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
_DAYS = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
    "SA": "Saturday", "SU": "Sunday",
}  # fmt: skip


def _schema(name: str) -> str:
    return f"{CONTEXT}/{name}"


def _address(event: Event, source) -> dict | None:
    if not (source.street or source.postcode or source.city):
        return None
    address = {"@type": "PostalAddress"}
    for key, value in (
        ("streetAddress", source.street),
        ("postalCode", source.postcode),
        ("addressLocality", source.city or event.municipality.name),
    ):
        if value:
            address[key] = value
    address["addressCountry"] = "DE"
    return address


def _place(event: Event, place_url: str) -> dict | None:
    """The meeting place of the directory, or the place given on the event."""
    if event.meeting_place_id:
        source = event.meeting_place
        place: dict = {"@type": "Place", "name": source.title}
        if place_url:
            place["url"] = place_url
    elif event.street or event.place_name or event.city:
        source = event
        place = {"@type": "Place", "name": event.place_name or event.address_line}
    else:
        return None
    address = _address(event, source)
    if address:
        place["address"] = address
    if source.latitude is not None and source.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(source.latitude),
            "longitude": float(source.longitude),
        }
    if event.step_free:
        place["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "Stufenloser Zugang",
            "value": True,
        }
    return place


def _location(event: Event, place_url: str) -> tuple[list[dict], str]:
    """The locations and the attendance mode."""
    locations = []
    place = _place(event, place_url)
    if place:
        locations.append(place)
    if event.is_online:
        # The link itself goes only to registered participants.
        locations.append({"@type": "VirtualLocation", "name": "Online"})
    if place and event.is_online:
        mode = "MixedEventAttendanceMode"
    elif event.is_online:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    return locations, _schema(mode)


def _organisers(event: Event, organisers: list[tuple]) -> list[dict]:
    result = []
    for organisation, url in organisers:
        is_administration = organisation.actor_group == ActorGroup.ADMINISTRATION
        data = {
            "@type": "GovernmentOrganization" if is_administration else "Organization",
            "name": organisation.name,
        }
        url = url or organisation.website
        if url:
            data["url"] = url
        result.append(data)
    if not event.organiser_id:
        # Without an organiser the town itself organises the event.
        result.insert(0, {"@type": "GovernmentOrganization", "name": event.municipality.name})
    return result


def _offer(event: Event, page_url: str, places_left: int | None) -> dict | None:
    offer: dict = {"@type": "Offer", "url": page_url}
    if event.is_free:
        offer.update({"price": "0", "priceCurrency": "EUR"})
    if event.cost:
        offer["description"] = event.cost
    if event.registration_enabled:
        full = places_left == 0
        offer["availability"] = _schema("SoldOut" if full else "InStock")
        offer["validThrough"] = _local(event.registration_deadline).isoformat()
    return offer if len(offer) > 2 else None


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(recurrence.local_zone())


def _schedule(event: Event) -> dict:
    """The repetition as a schema.org Schedule, in local time with the time zone named."""
    parts = recurrence.rule_parts(event.recurrence_rule)
    dates = event.occurrences()
    first = _local(event.starts_at)
    schedule: dict = {
        "@type": "Schedule",
        "startDate": dates[0].date.isoformat() if dates else first.date().isoformat(),
        "endDate": dates[-1].date.isoformat() if dates else first.date().isoformat(),
        "startTime": first.time().strftime("%H:%M:%S"),
        "endTime": _local(event.ends_at).time().strftime("%H:%M:%S"),
        "scheduleTimezone": str(recurrence.local_zone()),
    }
    frequency = _FREQUENCIES.get(parts.get("FREQ", ""))
    if frequency:
        schedule["repeatFrequency"] = f"P{int(parts.get('INTERVAL') or 1)}{frequency}"
    days = []
    for value in filter(None, parts.get("BYDAY", "").split(",")):
        # A plain day is a schema.org DayOfWeek; "1TU" (the first Tuesday) stays iCal text.
        days.append(_schema(_DAYS[value]) if value in _DAYS else value)
    if days:
        schedule["byDay"] = days if len(days) > 1 else days[0]
    for key, name in (("BYMONTHDAY", "byMonthDay"), ("BYMONTH", "byMonth")):
        numbers = [int(v) for v in parts.get(key, "").split(",") if v.lstrip("-").isdigit()]
        if numbers:
            schedule[name] = numbers if len(numbers) > 1 else numbers[0]
    if parts.get("COUNT", "").isdigit():
        schedule["repeatCount"] = int(parts["COUNT"])
    if event.recurrence_exceptions:
        schedule["exceptDate"] = list(event.recurrence_exceptions)
    return schedule


def event_jsonld(
    event: Event,
    *,
    text: Texts,
    page_url: str,
    organisers: list[tuple] = (),
    place_url: str = "",
    places_left: int | None = None,
) -> dict:
    """The event as a schema.org Event; URLs must be absolute.

    `organisers`: (organisation, absolute URL of its public page or "") for the organiser and
    the co-organisers.
    """
    data: dict = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": text.title,
        "url": page_url,
        "eventStatus": _schema("EventCancelled" if event.is_cancelled else "EventScheduled"),
    }
    if text.description:
        data["description"] = text.description
    if event.is_recurring:
        data["eventSchedule"] = _schedule(event)
    else:
        data["startDate"] = _local(event.starts_at).isoformat()
        data["endDate"] = _local(event.ends_at).isoformat()
    locations, mode = _location(event, place_url)
    data["eventAttendanceMode"] = mode
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    data["organizer"] = _organisers(event, list(organisers))
    if len(data["organizer"]) == 1:
        data["organizer"] = data["organizer"][0]
    data["keywords"] = event.kind.name
    offer = _offer(event, page_url, places_left)
    if offer:
        data["offers"] = offer
    data["isAccessibleForFree"] = event.is_free
    if event.languages:
        data["inLanguage"] = event.languages if len(event.languages) > 1 else event.languages[0]
    audiences = [
        {"@type": "Audience", "audienceType": group.name} for group in event.target_groups.all()
    ]
    if audiences:
        data["audience"] = audiences if len(audiences) > 1 else audiences[0]
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
        if places_left is not None:
            data["remainingAttendeeCapacity"] = places_left
    return data
