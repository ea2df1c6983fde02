"""A town's published offerings as Open Referral HSDS 3.0 objects (JSON and tabular).

Reads only; the API views and the workspace downloads call these. What goes where:

- organization: the provider (network.Organisation); id derived from town slug and primary key.
- service: the offering; id = `Offering.uuid`. German title and description are the service's
  name and description: HSDS has one text per field, so translations travel as attributes of
  the taxonomy "Miteinander: Übersetzungen" whose value is the translated text.
- service_at_location + location: the address with coordinates, district as the address'
  region; an online offering has a virtual location (with its website, if any).
- schedule: weekly opening hours as RRULE parts (freq WEEKLY, byday, opens_at, closes_at; the
  offering's validity as valid_from/valid_to); each exception and each dated session as a dated
  schedule with valid_from/valid_to and a German description; "by appointment" as one schedule
  with only a description.
- language: the languages the offering is held in. accessibility: step-free access, sign
  language, the notes. contact, phone, cost_option: as the offering says.
- attribute + taxonomy_term + taxonomy: kind, target groups, features, translations.

Every id is stable from one export to the next (see vocabulary.py).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone, translation

from miteinander.core.languages import language_label
from miteinander.network.models import Organisation

from ..models import Offering, ScheduleKind
from . import vocabulary as v


def published_offerings(*, municipality) -> QuerySet:
    """What HSDS shows of a town: its published offerings, as the public directory does."""
    return (
        Offering.objects.for_municipality(municipality)
        .published()
        .select_related("provider", "kind", "district")
        .order_by("title", "pk")
    )


def with_details(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        "translations", "opening_hours", "exceptions", "sessions", "target_groups"
    )


def providers(*, municipality) -> QuerySet:
    """The organisations that provide at least one published offering."""
    offerings = Offering.objects.for_municipality(municipality).published()
    return (
        Organisation.objects.for_municipality(municipality)
        .filter(pk__in=offerings.values("provider_id"))
        .order_by("name", "pk")
    )


# --- Objects ---------------------------------------------------------------------------------
def _clean(data: dict) -> dict:
    """Drop empty optional values: HSDS wants a field left out, never null or ""."""
    return {key: value for key, value in data.items() if value not in (None, "")}


def _timestamp(moment: datetime.datetime) -> str:
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S")


def _german_date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def _clock(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def organization_brief(organisation: Organisation, municipality) -> dict:
    """The organization's one-to-one fields (the list form)."""
    with translation.override("de"):
        group = str(organisation.get_actor_group_display())
    data = {
        "id": v.organisation_id(municipality, organisation.pk),
        "name": organisation.name,
        "description": f"Anbieter im Angebotsverzeichnis von {municipality.name} ({group}).",
        "website": organisation.website if organisation.is_public else "",
    }
    return _clean(data)


def organization_full(organisation: Organisation, municipality, services: list[dict]) -> dict:
    return {**organization_brief(organisation, municipality), "services": services}


def _term(key: str, name: str, description: str, code: str = "") -> dict:
    taxonomy_name, taxonomy_description = v.TAXONOMIES[key]
    return _clean(
        {
            "id": v.term_id(key, code or name),
            "code": code,
            "name": name,
            "description": description,
            "taxonomy": taxonomy_name,
            "taxonomy_detail": {
                "id": v.taxonomy_id(key),
                "name": taxonomy_name,
                "description": taxonomy_description,
            },
            "language": "de",
            "taxonomy_id": v.taxonomy_id(key),
        }
    )


def _attribute(service_id: str, term: dict, link_type: str, value: str = "") -> dict:
    return _clean(
        {
            "id": v.child_id(service_id, "attribute", term["id"], link_type),
            "link_id": service_id,
            "taxonomy_term_id": term["id"],
            "link_type": link_type,
            "link_entity": "service",
            "value": value,
            "taxonomy_term": term,
        }
    )


@dataclass
class _Service:
    """Builds the HSDS objects of one offering."""

    offering: Offering
    municipality: object
    id: str = field(init=False)

    def __post_init__(self):
        self.id = str(self.offering.uuid)

    # One-to-one fields -------------------------------------------------------------------
    def brief(self) -> dict:
        o = self.offering
        return _clean(
            {
                "id": self.id,
                "organization_id": v.organisation_id(self.municipality, o.provider_id),
                "name": o.title,
                "description": o.description,
                "url": o.website,
                "email": o.email,
                "status": "active",
                "interpretation_services": v.SIGN_LANGUAGE_TEXT if o.sign_language else "",
                "application_process": o.how_to_register,
                "fees_description": o.cost or (v.FREE_TEXT if o.is_free else v.PAID_TEXT),
                "eligibility_description": self._eligibility(),
                "assured_date": o.last_verified_on.isoformat() if o.last_verified_on else "",
                "last_modified": _timestamp(o.updated_at),
                "organization": organization_brief(o.provider, self.municipality),
            }
        )

    def _eligibility(self) -> str:
        names = [group.name for group in self.offering.target_groups.all()]
        return "Für: " + ", ".join(names) if names else ""

    # Everything --------------------------------------------------------------------------
    def full(self) -> dict:
        return {
            **self.brief(),
            "phones": self.phones(),
            "schedules": self.schedules(),
            "service_at_locations": self.service_at_locations(),
            "languages": self.languages(),
            "cost_options": self.cost_options(),
            "contacts": self.contacts(),
            "attributes": self.attributes(),
        }

    def phones(self) -> list[dict]:
        if not self.offering.phone:
            return []
        return [
            {
                "id": v.child_id(self.id, "phone"),
                "service_id": self.id,
                "number": self.offering.phone,
                "type": "voice",
            }
        ]

    def contacts(self) -> list[dict]:
        o = self.offering
        if not o.contact_name:
            return []
        return [
            _clean(
                {
                    "id": v.child_id(self.id, "contact"),
                    "service_id": self.id,
                    "name": o.contact_name,
                    "email": o.email,
                }
            )
        ]

    def languages(self) -> list[dict]:
        rows = []
        with translation.override("de"):
            for code in self.offering.languages:
                rows.append(
                    {
                        "id": v.child_id(self.id, "language", code),
                        "service_id": self.id,
                        "name": language_label(code),
                        "code": v.ISO_CODES.get(code, code),
                    }
                )
        return rows

    def cost_options(self) -> list[dict]:
        o = self.offering
        option = {
            "id": v.child_id(self.id, "cost_option"),
            "service_id": self.id,
            "option": v.FREE_TEXT if o.is_free else v.PAID_TEXT,
            "currency": "EUR",
            "amount_description": o.cost,
        }
        if o.is_free:
            option["amount"] = 0
        return [_clean(option)]

    # Where -------------------------------------------------------------------------------
    def location(self) -> dict:
        """Every offering has one place: its address and coordinates, or online a virtual one."""
        o = self.offering
        location_id = v.child_id(self.id, "location")
        if o.is_online:
            location = {
                "id": location_id,
                "location_type": "virtual",
                "url": o.website,
                "name": v.ONLINE_NAME,
            }
        else:
            location = {
                "id": location_id,
                "location_type": "physical",
                "name": o.address_line or o.title,
                "description": (
                    f"Raum für bis zu {o.room_capacity} Personen." if o.room_capacity else ""
                ),
                "latitude": float(o.latitude) if o.latitude is not None else None,
                "longitude": float(o.longitude) if o.longitude is not None else None,
                "addresses": self._addresses(location_id),
            }
        location["accessibility"] = self._accessibility(location_id)
        return _clean(location)

    def _addresses(self, location_id: str) -> list[dict]:
        o = self.offering
        state = self.municipality.state
        # HSDS requires street, town, postcode and state; without them there are coordinates only.
        if not (o.street and o.city and o.postcode and state):
            return []
        return [
            _clean(
                {
                    "id": v.child_id(self.id, "address"),
                    "location_id": location_id,
                    "address_1": o.street,
                    "city": o.city,
                    "region": o.district.name if o.district else "",
                    "state_province": state,
                    "postal_code": o.postcode,
                    "country": "DE",
                    "address_type": "physical",
                }
            )
        ]

    def _accessibility(self, location_id: str) -> list[dict]:
        o = self.offering
        entries = [
            ("step_free", v.STEP_FREE_TEXT if o.step_free else ""),
            ("sign_language", v.SIGN_LANGUAGE_TEXT if o.sign_language else ""),
            ("notes", o.accessibility_notes),
        ]
        return [
            {
                "id": v.child_id(self.id, "accessibility", key),
                "location_id": location_id,
                "description": text,
            }
            for key, text in entries
            if text
        ]

    def service_at_locations(self) -> list[dict]:
        location = self.location()
        return [
            {
                "id": v.child_id(self.id, "service_at_location"),
                "service_id": self.id,
                "location_id": location["id"],
                "location": location,
            }
        ]

    # When --------------------------------------------------------------------------------
    def schedules(self) -> list[dict]:
        o = self.offering
        rows = []
        if o.schedule_kind == ScheduleKind.WEEKLY:
            rows += self._weekly()
        elif o.schedule_kind == ScheduleKind.ON_REQUEST:
            rows.append(
                _clean(
                    {
                        "id": v.child_id(self.id, "schedule", "on_request"),
                        "service_id": self.id,
                        "valid_from": o.valid_from.isoformat() if o.valid_from else "",
                        "valid_to": o.valid_to.isoformat() if o.valid_to else "",
                        "description": v.ON_REQUEST_TEXT,
                    }
                )
            )
        rows += [self._exception(exception) for exception in o.exceptions.all()]
        rows += [self._session(session) for session in o.sessions.all()]
        # Two entries with the same content would get the same id: number the repetitions.
        seen: dict[str, int] = {}
        for row in rows:
            count = seen[row["id"]] = seen.get(row["id"], 0) + 1
            if count > 1:
                row["id"] = v.child_id(row["id"], count)
        return rows

    def _weekly(self) -> list[dict]:
        o = self.offering
        groups: dict[tuple, list[int]] = {}
        for hours in o.opening_hours.all():
            days = groups.setdefault((hours.opens, hours.closes), [])
            if hours.weekday not in days:
                days.append(hours.weekday)
        rows = []
        for (opens, closes), days in sorted(groups.items(), key=lambda item: (item[1][0], item[0])):
            days.sort()
            names = ", ".join(v.WEEKDAY_NAMES[day] for day in days)
            rows.append(
                _clean(
                    {
                        "id": v.child_id(
                            self.id, "schedule", "weekly", _time(opens), _time(closes)
                        ),
                        "service_id": self.id,
                        "valid_from": o.valid_from.isoformat() if o.valid_from else "",
                        "valid_to": o.valid_to.isoformat() if o.valid_to else "",
                        "freq": "WEEKLY",
                        "byday": ",".join(v.WEEKDAY_CODES[day] for day in days),
                        "opens_at": _time(opens),
                        "closes_at": _time(closes),
                        "description": f"{names}: {_clock(opens)}–{_clock(closes)} Uhr",
                        "notes": v.HOLIDAYS_TEXT if o.closed_on_public_holidays else "",
                    }
                )
            )
        return rows

    def _exception(self, exception) -> dict:
        if exception.starts_on == exception.ends_on:
            when = f"am {_german_date(exception.starts_on)}"
        else:
            when = f"vom {_german_date(exception.starts_on)} bis {_german_date(exception.ends_on)}"
        if exception.is_closed:
            description = f"Geschlossen {when}"
        else:
            description = (
                f"Geänderte Zeiten {when}: {_clock(exception.opens)}–{_clock(exception.closes)} Uhr"
            )
        return _clean(
            {
                "id": v.child_id(
                    self.id, "schedule", "exception", exception.starts_on, exception.ends_on
                ),
                "service_id": self.id,
                "valid_from": exception.starts_on.isoformat(),
                "valid_to": exception.ends_on.isoformat(),
                "description": description,
                "opens_at": _time(exception.opens) if exception.opens else "",
                "closes_at": _time(exception.closes) if exception.closes else "",
                "notes": exception.note,
            }
        )

    def _session(self, session) -> dict:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        if starts.date() == ends.date():
            description = (
                f"Termin am {_german_date(starts.date())}, "
                f"{_clock(starts.time())}–{_clock(ends.time())} Uhr"
            )
        else:
            description = (
                f"Termin vom {_german_date(starts.date())}, {_clock(starts.time())} Uhr, "
                f"bis {_german_date(ends.date())}, {_clock(ends.time())} Uhr"
            )
        return _clean(
            {
                "id": v.child_id(
                    self.id, "schedule", "session", starts.isoformat(), ends.isoformat()
                ),
                "service_id": self.id,
                "valid_from": starts.date().isoformat(),
                "valid_to": ends.date().isoformat(),
                "dtstart": starts.date().isoformat(),
                "count": 1,
                "freq": "WEEKLY",
                "byday": v.WEEKDAY_CODES[starts.weekday()],
                "description": description,
                "opens_at": _time(starts.time()),
                "closes_at": _time(ends.time()),
                "notes": session.note,
            }
        )

    # What --------------------------------------------------------------------------------
    def attributes(self) -> list[dict]:
        o = self.offering
        kind = o.kind.name
        rows = [
            _attribute(
                self.id,
                _term("kind", kind, f"Angebotsart „{kind}“."),
                v.LINK_TYPES["kind"],
            )
        ]
        for group in o.target_groups.all():
            term = _term("target_group", group.name, f"Zielgruppe „{group.name}“.")
            rows.append(_attribute(self.id, term, v.LINK_TYPES["target_group"]))
        features = {
            "step_free": o.step_free,
            "sign_language": o.sign_language,
            "registration_required": o.registration_required,
            "closed_on_public_holidays": o.closed_on_public_holidays,
            "room_capacity": o.room_capacity is not None,
        }
        for code, present in features.items():
            if present:
                name, description = v.FEATURES[code]
                value = str(o.room_capacity) if code == "room_capacity" else ""
                term = _term("feature", name, description, code=code)
                rows.append(_attribute(self.id, term, v.LINK_TYPES["feature"], value))
        with translation.override("de"):
            for item in o.translations.all():
                name = language_label(item.language)
                term = _term(
                    "translation",
                    name,
                    f"Übersetzung in {name}.",
                    code=v.ISO_CODES.get(item.language, item.language),
                )
                rows.append(_attribute(self.id, term, v.LINK_TRANSLATION_TITLE, item.title))
                if item.description:
                    rows.append(
                        _attribute(self.id, term, v.LINK_TRANSLATION_DESCRIPTION, item.description)
                    )
        return rows


def service_brief(offering: Offering, municipality) -> dict:
    return _Service(offering, municipality).brief()


def service_full(offering: Offering, municipality) -> dict:
    return _Service(offering, municipality).full()


def service_at_location(offering: Offering, municipality, *, full: bool) -> dict:
    """The service_at_location of an offering, with its location and service."""
    builder = _Service(offering, municipality)
    entry = dict(builder.service_at_locations()[0])
    if full:
        entry["service"] = builder.full()
    else:
        entry["location"] = {
            key: value
            for key, value in entry["location"].items()
            if key not in ("addresses", "accessibility")
        }
        entry["service"] = builder.brief()
    return entry


def service_at_location_ids(*, municipality) -> dict[str, int]:
    """{service_at_location id: offering pk} of the town's published offerings."""
    return {
        v.child_id(offering_uuid, "service_at_location"): pk
        for pk, offering_uuid in published_offerings(municipality=municipality).values_list(
            "pk", "uuid"
        )
    }


def organisation_ids(*, municipality) -> dict[str, int]:
    """{organization id: Organisation pk} of the town's providers."""
    return {
        v.organisation_id(municipality, pk): pk
        for pk in providers(municipality=municipality).values_list("pk", flat=True)
    }


# --- Whole exports ---------------------------------------------------------------------------
def services_export(*, municipality) -> list[dict]:
    """Every published offering of the town as a full HSDS service (compiled service schema)."""
    offerings = with_details(published_offerings(municipality=municipality))
    return [service_full(offering, municipality) for offering in offerings]


def organizations_export(*, municipality) -> list[dict]:
    """Every provider of the town as a full HSDS organization with its services (list form)."""
    services: dict[int, list[dict]] = {}
    for offering in with_details(published_offerings(municipality=municipality)):
        services.setdefault(offering.provider_id, []).append(service_brief(offering, municipality))
    return [
        organization_full(organisation, municipality, services.get(organisation.pk, []))
        for organisation in providers(municipality=municipality)
    ]


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
