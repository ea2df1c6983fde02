"""schema.org JSON-LD for an offering's public page, so search engines and aggregators read it.

An offering is a `Service` (a `GovernmentService` when the provider is part of the
administration) by its provider `Organization`. Where it takes place is a `ServiceChannel` whose
`serviceLocation` is a `Place` with address, coordinates and opening hours; an online offering
has a channel with its web address. Languages are on the channels (`availableLanguage` belongs to
ServiceChannel, not Service), and "free of charge" is an `Offer` with price 0
(`isAccessibleForFree` is defined for places, events and creative works, not services).
tests/test_jsonld.py checks every type and property against the schema.org vocabulary.
"""

from __future__ import annotations

import datetime
import json

from django.utils.safestring import SafeString, mark_safe

from miteinander.network.models import ActorGroup

from .hours import Schedule, local
from .selectors import OfferingText

CONTEXT = "https://schema.org"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Characters that could end the <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S")


def _hours(day: int, opens, closes, *, valid_from=None, valid_through=None) -> dict:
    spec = {"@type": "OpeningHoursSpecification", "opens": _time(opens), "closes": _time(closes)}
    if day is not None:
        spec["dayOfWeek"] = f"{CONTEXT}/{DAYS[day]}"
    if valid_from is not None:
        spec["validFrom"] = valid_from.isoformat()
        spec["validThrough"] = (valid_through or valid_from).isoformat()
    return spec


def _closed(starts_on: datetime.date, ends_on: datetime.date) -> dict:
    # schema.org's way to say "closed": opens and closes at midnight for the period.
    midnight = datetime.time(0, 0)
    return _hours(None, midnight, midnight, valid_from=starts_on, valid_through=ends_on)


def _regular_hours(schedule: Schedule) -> list[dict]:
    return [
        _hours(row.weekday, interval.opens, interval.closes)
        for row in schedule.week_table()
        for interval in row.intervals
    ]


def _special_hours(schedule: Schedule, at: datetime.datetime) -> list[dict]:
    today = local(at).date()
    specs = []
    for exception in schedule.upcoming_exceptions(today):
        if exception.is_closed:
            specs.append(_closed(exception.starts_on, exception.ends_on))
        else:
            specs.append(
                _hours(
                    None,
                    exception.opens,
                    exception.closes,
                    valid_from=exception.starts_on,
                    valid_through=exception.ends_on,
                )  # fmt: skip
            )
    for holiday in schedule.upcoming_holidays(today, language="de"):
        specs.append(_closed(holiday.day, holiday.day))
    for session in schedule.upcoming_sessions(at):
        starts, ends = local(session.starts_at), local(session.ends_at)
        if starts.date() == ends.date():  # a session across midnight has no such description
            specs.append(_hours(None, starts.time(), ends.time(), valid_from=starts.date()))
    return specs


def _provider(offering, provider_url: str) -> dict:
    provider = offering.provider
    is_administration = provider.actor_group == ActorGroup.ADMINISTRATION
    data = {
        "@type": "GovernmentOrganization" if is_administration else "Organization",
        "name": provider.name,
    }
    if provider_url or provider.website:
        data["url"] = provider_url or provider.website
    return data


def _offer(offering) -> dict | None:
    offer: dict = {"@type": "Offer"}
    if offering.is_free:
        offer.update({"price": "0", "priceCurrency": "EUR"})
    if offering.cost:
        offer["description"] = offering.cost
    if offering.valid_from:
        offer["validFrom"] = offering.valid_from.isoformat()
    if offering.valid_to:
        offer["validThrough"] = offering.valid_to.isoformat()
    return offer if len(offer) > 1 else None


def _place(offering, text: OfferingText, hours: list[dict], special: list[dict]) -> dict:
    place: dict = {"@type": "Place", "name": text.title}
    if offering.street or offering.postcode or offering.city:
        address = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", offering.street),
            ("postalCode", offering.postcode),
            ("addressLocality", offering.city or offering.municipality.name),
        ):
            if value:
                address[key] = value
        if not offering.outside_germany_confirmed:
            address["addressCountry"] = "DE"
        place["address"] = address
    if offering.latitude is not None and offering.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(offering.latitude),
            "longitude": float(offering.longitude),
        }
    if hours:
        place["openingHoursSpecification"] = hours
    if special:
        place["specialOpeningHoursSpecification"] = special
    if offering.room_capacity:
        place["maximumAttendeeCapacity"] = offering.room_capacity
    if offering.step_free:
        place["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "Stufenloser Zugang",
            "value": True,
        }
    return place


def offering_jsonld(
    offering,
    *,
    text: OfferingText,
    schedule: Schedule,
    page_url: str,
    provider_url: str = "",
    at: datetime.datetime,
) -> dict:
    """The offering as a schema.org Service; URLs must be absolute."""
    is_administration = offering.provider.actor_group == ActorGroup.ADMINISTRATION
    data: dict = {
        "@context": CONTEXT,
        "@type": "GovernmentService" if is_administration else "Service",
        "name": text.title,
        "url": page_url,
        "serviceType": offering.kind.name,
        "provider": _provider(offering, provider_url),
        "areaServed": {"@type": "City", "name": offering.municipality.name},
    }
    if text.description:
        data["description"] = text.description
    audiences = [
        {"@type": "Audience", "audienceType": group.name} for group in offering.target_groups.all()
    ]
    if audiences:
        data["audience"] = audiences
    offer = _offer(offering)
    if offer:
        data["offers"] = offer

    hours, special = _regular_hours(schedule), _special_hours(schedule, at)
    channels = []
    has_place = bool(offering.street or offering.latitude is not None or offering.city)
    if has_place:
        channels.append(
            {"@type": "ServiceChannel", "serviceLocation": _place(offering, text, hours, special)}
        )
    if offering.is_online:
        online: dict = {"@type": "ServiceChannel"}
        if offering.website:
            online["serviceUrl"] = offering.website
        channels.append(online)
    if not has_place and (hours or special):
        data["hoursAvailable"] = hours + special
    if offering.phone:
        contact = {"@type": "ContactPoint", "telephone": offering.phone}
        if offering.email:
            contact["email"] = offering.email
        if offering.contact_name:
            contact["name"] = offering.contact_name
        if not channels:
            channels.append({"@type": "ServiceChannel"})
        channels[0]["servicePhone"] = contact
    for channel in channels:
        if offering.languages:
            channel["availableLanguage"] = list(offering.languages)
    if channels:
        data["availableChannel"] = channels if len(channels) > 1 else channels[0]
    return data


def script_content(data: dict) -> SafeString:
    """JSON for inside <script type="application/ld+json">, safe against "</script>"."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308
