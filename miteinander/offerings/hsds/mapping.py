"""Turn one schema-valid HSDS service into a planned offering (see export.py for the mapping).

This reads the service only; what needs the town's data (organisations, kinds, existing
offerings) happens in preview.py. Anything of the service the directory cannot hold becomes a
note; a service that cannot become an offering gets an error note and is not imported.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_noop

from miteinander.core.languages import CODES

from . import vocabulary as v
from .messages import field_path
from .plan import Level, PlannedService

LIMITS = {"contact_name": 200, "phone": 50, "cost": 200, "note": 200, "title": 200}


def plan_service(service: dict, *, position: int, line: int | None = None) -> PlannedService:
    planned = PlannedService(
        position=position,
        line=line,
        service_id=str(service["id"]).lower(),
        name=(service.get("name") or "").strip(),
    )
    _Mapper(service, planned).run()
    return planned


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _time(value) -> datetime.time | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.time.fromisoformat(value[:8])
    except ValueError:
        return None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Mapper:
    def __init__(self, service: dict, planned: PlannedService):
        self.service = service
        self.planned = planned
        self.fields = planned.fields

    def note(self, level, message, path="", **params):
        self.planned.note(level, message, path, **params)

    def run(self) -> None:
        s = self.service
        p = self.planned
        if p.name == "":
            self.note(Level.ERROR, gettext_noop("the name is empty"), "name")
        status = s.get("status", "active")
        if status != "active":
            self.note(
                Level.ERROR,
                gettext_noop("its status is “%(status)s”; only active services are imported"),
                "status",
                status=status,
            )
        p.from_miteinander = any(
            self._taxonomy_of(attribute) == "kind" for attribute in s.get("attributes", [])
        )
        self.fields["title"] = p.name
        self.fields["description"] = _text(s.get("description"))
        self.fields["website"] = _text(s.get("url"))
        self.fields["how_to_register"] = _text(s.get("application_process"))
        self._organization()
        self._contact()
        self._location()
        self._languages()
        self._cost()
        self._attributes()
        self._schedules()
        self.planned.paths.update(
            {
                "title": "name",
                "description": "description",
                "website": "url",
                "email": "email",
                "how_to_register": "application_process",
                "cost": "fees_description",
                "languages": "languages",
            }
        )

    # Who ---------------------------------------------------------------------------------
    def _organization(self) -> None:
        organization = self.service.get("organization")
        if isinstance(organization, dict) and _text(organization.get("name")):
            self.planned.organization = {
                "id": _text(organization.get("id")),
                "name": " ".join(organization["name"].split())[:200],
                "website": _text(organization.get("website")),
            }
        else:
            self.note(
                Level.ERROR,
                gettext_noop(
                    "it names no providing organisation; give “organization” with at least "
                    "its “name”"
                ),
                "organization",
            )

    def _contact(self) -> None:
        s = self.service
        contacts = list(s.get("contacts", []))
        phones = list(s.get("phones", []))
        for entry in s.get("service_at_locations", []):
            contacts += entry.get("contacts", [])
            phones += entry.get("phones", [])
            phones += entry.get("location", {}).get("phones", [])
        for contact in contacts:
            phones += contact.get("phones", [])
        contact = contacts[0] if contacts else {}
        self.fields["email"] = _text(s.get("email")) or _text(contact.get("email"))
        name = (
            _text(contact.get("name"))
            or _text(contact.get("title"))
            or _text(contact.get("department"))
        )
        self.fields["contact_name"] = self._shorten("contact_name", name, "contacts[1].name")
        number = _text(phones[0].get("number")).strip("\"'") if phones else ""
        self.fields["phone"] = self._shorten("phone", number, "phones[1].number")
        self.planned.paths.update({"contact_name": "contacts[1].name", "phone": "phones[1].number"})

    def _shorten(self, name: str, text: str, path: str) -> str:
        limit = LIMITS[name]
        if len(text) <= limit:
            return text
        self.note(
            Level.WARNING,
            gettext_noop("field “%(field)s” is shortened to %(limit)s characters"),
            path,
            field=path,
            limit=limit,
        )
        return text[: limit - 1].rstrip() + "…"

    # Where -------------------------------------------------------------------------------
    def _location(self) -> None:
        candidates = [
            (index, entry["location"])
            for index, entry in enumerate(self.service.get("service_at_locations", []))
            if isinstance(entry.get("location"), dict)
        ]
        physical = [
            (index, location)
            for index, location in candidates
            if location.get("location_type") in ("physical", "postal")
            and (location.get("addresses") or location.get("latitude") is not None)
        ]
        virtual = [item for item in candidates if item[1].get("location_type") == "virtual"]
        self.fields.update(
            {
                "is_online": False,
                "street": "",
                "postcode": "",
                "city": "",
                "latitude": None,
                "longitude": None,
                "accessibility_notes": "",
            }
        )
        for name in ("street", "postcode", "city", "latitude", "longitude"):
            self.planned.paths[name] = "service_at_locations"
        if physical:
            index, location = physical[0]
            self._place(index, location)
            if len(physical) > 1:
                self.note(
                    Level.WARNING,
                    gettext_noop("it has %(count)s places; the directory keeps the first one only"),
                    "service_at_locations",
                    count=len(physical),
                )
            self._accessibility(location)
        elif virtual:
            location = virtual[0][1]
            self.fields["is_online"] = True
            if not self.fields["website"] and _text(location.get("url")):
                self.fields["website"] = _text(location["url"])
            self._accessibility(location)

    def _place(self, index: int, location: dict) -> None:
        base = ["service_at_locations", index, "location"]
        addresses = location.get("addresses", [])
        if addresses:
            physical = [a for a in addresses if a.get("address_type") == "physical"]
            address = (physical or addresses)[0]
            position = addresses.index(address)
            street = _text(address.get("address_1"))
            if _text(address.get("address_2")):
                street = f"{street}, {_text(address['address_2'])}"
            self.fields["street"] = street
            self.fields["postcode"] = _text(address.get("postal_code"))
            self.fields["city"] = _text(address.get("city"))
            self.planned.district_name = _text(address.get("region"))
            for name, column in (
                ("street", "address_1"),
                ("postcode", "postal_code"),
                ("city", "city"),
            ):
                self.planned.paths[name] = field_path([*base, "addresses", position, column])
        for name in ("latitude", "longitude"):
            value = location.get(name)
            if value is None:
                continue
            try:
                number = Decimal(str(value)).quantize(Decimal("0.000001"), ROUND_HALF_UP)
            except InvalidOperation:
                continue
            self.fields[name] = str(number)
            self.planned.paths[name] = field_path([*base, name])

    def _accessibility(self, location: dict) -> None:
        ours = {v.STEP_FREE_TEXT, v.SIGN_LANGUAGE_TEXT}
        notes = []
        for entry in location.get("accessibility", []):
            text = "\n".join(
                part
                for part in (_text(entry.get("description")), _text(entry.get("details")))
                if part
            )
            if text and text not in ours:
                notes.append(text)
        self.fields["accessibility_notes"] = "\n".join(notes)

    # Languages ---------------------------------------------------------------------------
    def _languages(self) -> None:
        entries = [
            ("languages", index, e) for index, e in enumerate(self.service.get("languages", []))
        ]
        for position, entry in enumerate(self.service.get("service_at_locations", [])):
            location = entry.get("location") or {}
            for index, language in enumerate(location.get("languages", [])):
                entries.append(
                    (f"service_at_locations[{position + 1}].location.languages", index, language)
                )
        codes = []
        for path, index, language in entries:
            code = _language_code(language.get("code"))
            if code is None:
                self.note(
                    Level.WARNING,
                    gettext_noop(
                        "the language “%(language)s” is not in the directory's list; left out"
                    ),
                    f"{path}[{index + 1}]",
                    language=language.get("name") or language.get("code") or "?",
                )
            elif code not in codes:
                codes.append(code)
        self.fields["languages"] = codes

    # Cost --------------------------------------------------------------------------------
    def _cost(self) -> None:
        options = self.service.get("cost_options", [])
        fees = _text(self.service.get("fees_description"))
        amounts = [o.get("amount") for o in options if o.get("amount") is not None]
        described = [_text(o.get("amount_description")) for o in options]
        described = [text for text in described if text]
        if amounts:
            is_free = all(amount == 0 for amount in amounts)
        elif fees:
            is_free = fees.casefold() in v.FREE_WORDS
        else:
            is_free = any(_text(o.get("option")).casefold() in v.FREE_WORDS for o in options)
        cost = described[0] if described else ""
        if not cost and fees and fees.casefold() not in v.FREE_WORDS | {v.PAID_TEXT}:
            cost = fees
        if not cost and not is_free:
            paid = [o for o in options if o.get("amount")]
            if paid:
                cost = f"{paid[0]['amount']} {_text(paid[0].get('currency')) or 'EUR'}"
        self.fields["is_free"] = is_free
        self.fields["cost"] = self._shorten("cost", cost, "fees_description")

    # Attributes: kind, target groups, features, translations -----------------------------
    @staticmethod
    def _term(attribute: dict) -> dict:
        term = attribute.get("taxonomy_term")
        return term if isinstance(term, dict) else {}

    def _taxonomy_of(self, attribute: dict) -> str | None:
        term = self._term(attribute)
        detail = (
            term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
        )
        taxonomy = term.get("taxonomy_id") or detail.get("id")
        for key in v.TAXONOMIES:
            if taxonomy == v.taxonomy_id(key):
                return key
        return None

    def _feature(self, attribute: dict) -> str | None:
        if self._taxonomy_of(attribute) != "feature":
            return None
        code = self._term(attribute).get("code")
        return code if code in v.FEATURES else None

    def _attributes(self) -> None:
        attributes = self.service.get("attributes", [])
        kinds, groups, other, features = [], [], [], set()
        translations: dict[str, dict] = {}
        for attribute in attributes:
            term = self._term(attribute)
            name = _text(term.get("name"))
            taxonomy = self._taxonomy_of(attribute)
            if taxonomy == "kind" and name:
                kinds.append(name)
            elif taxonomy == "target_group" and name:
                groups.append(name)
            elif taxonomy == "feature" and self._feature(attribute):
                features.add(self._feature(attribute))
            elif taxonomy == "translation":
                self._translation(attribute, term, translations)
            elif name:
                other.append(name)
        # A term of another taxonomy may still name one of the town's kinds or target groups.
        self.planned.kind_names = kinds + other
        self.planned.target_group_names = groups + other
        self.planned.translations = [t for t in translations.values() if t.get("title")]
        for translation in translations.values():
            if not translation.get("title"):
                self.note(
                    Level.WARNING,
                    gettext_noop("the translation into “%(language)s” has no title; left out"),
                    "attributes",
                    language=translation["language"],
                )
        if self.planned.from_miteinander:
            for code in ("step_free", "sign_language", "registration_required"):
                self.fields[code] = code in features
            self.fields["closed_on_public_holidays"] = "closed_on_public_holidays" in features
            self.fields["room_capacity"] = None
            for attribute in attributes:
                if self._feature(attribute) == "room_capacity":
                    self._room_capacity(attribute)

    def _room_capacity(self, attribute: dict) -> None:
        try:
            self.fields["room_capacity"] = int(attribute.get("value", ""))
        except ValueError:
            self.note(
                Level.WARNING,
                gettext_noop("the room capacity “%(value)s” is not a number; left out"),
                "attributes",
                value=attribute.get("value", ""),
            )

    def _translation(self, attribute: dict, term: dict, translations: dict) -> None:
        code = _language_code(term.get("code"))
        if code is None or code == "de":
            self.note(
                Level.WARNING,
                gettext_noop("a translation into “%(language)s” cannot be kept; left out"),
                "attributes",
                language=term.get("name") or term.get("code") or "?",
            )
            return
        entry = translations.setdefault(code, {"language": code, "title": "", "description": ""})
        value = attribute.get("value") or ""
        if attribute.get("link_type") == v.LINK_TRANSLATION_TITLE:
            entry["title"] = value[: LIMITS["title"]]
        elif attribute.get("link_type") == v.LINK_TRANSLATION_DESCRIPTION:
            entry["description"] = value

    # When --------------------------------------------------------------------------------
    def _schedules(self) -> None:
        schedules = [
            ("schedules", index, s) for index, s in enumerate(self.service.get("schedules", []))
        ]
        for position, entry in enumerate(self.service.get("service_at_locations", [])):
            for index, schedule in enumerate(entry.get("schedules", [])):
                schedules.append(
                    (f"service_at_locations[{position + 1}].schedules", index, schedule)
                )
        if not schedules:
            # Nothing about when: an offering keeps its hours, a new one has none yet.
            self.planned.has_schedules = False
            return
        validity = None
        on_request = False
        for base, index, schedule in schedules:
            path = f"{base}[{index + 1}]"
            freq = schedule.get("freq")
            if _text(schedule.get("description")) == v.ON_REQUEST_TEXT and not freq:
                on_request = True
                validity = validity or schedule
            elif freq == "WEEKLY" and schedule.get("count") == 1:
                self._session(path, schedule)
            elif freq == "WEEKLY":
                if self._weekly(path, schedule):
                    validity = validity or schedule
            elif freq is None and (schedule.get("valid_from") or schedule.get("valid_to")):
                self._exception(path, schedule)
            else:
                self._unreadable(path, schedule)
        if self.planned.opening_hours:
            kind = "weekly"
        elif self.planned.sessions:
            kind = "sessions"
        elif on_request:
            kind = "on_request"
        else:
            kind = "weekly"
        self.fields["schedule_kind"] = kind
        for name in ("valid_from", "valid_to"):
            found = _date(validity.get(name)) if validity is not None else None
            self.fields[name] = found.isoformat() if found else None
            self.planned.paths[name] = f"schedules.{name}"

    def _unreadable(self, path: str, schedule: dict) -> None:
        self.note(
            Level.WARNING,
            gettext_noop(
                "the schedule “%(text)s” cannot be read as weekly hours, an exception or a "
                "date; add it to the offering by hand"
            ),
            path,
            text=_text(schedule.get("description")) or path,
        )

    def _weekly(self, path: str, schedule: dict) -> bool:
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        days = [part.strip().upper() for part in (schedule.get("byday") or "").split(",")]
        interval = schedule.get("interval") or 1
        if not opens or not closes or interval != 1 or not all(d in v.WEEKDAY_CODES for d in days):
            self._unreadable(path, schedule)
            return False
        for day in days:
            self.planned.opening_hours.append(
                {
                    "weekday": v.WEEKDAY_CODES.index(day),
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "path": path,
                }
            )
        return True

    def _exception(self, path: str, schedule: dict) -> None:
        starts = _date(schedule.get("valid_from")) or _date(schedule.get("valid_to"))
        ends = _date(schedule.get("valid_to")) or starts
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        note = _text(schedule.get("notes")) or (
            "" if self.planned.from_miteinander else _text(schedule.get("description"))
        )
        self.planned.exceptions.append(
            {
                "starts_on": starts.isoformat(),
                "ends_on": ends.isoformat(),
                "opens": opens.isoformat() if opens else None,
                "closes": closes.isoformat() if closes else None,
                "note": self._shorten("note", note, f"{path}.notes"),
                "path": path,
            }
        )

    def _session(self, path: str, schedule: dict) -> None:
        day = _date(schedule.get("dtstart")) or _date(schedule.get("valid_from"))
        last_day = _date(schedule.get("valid_to")) or day
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        if not day or not opens or not closes:
            self._unreadable(path, schedule)
            return
        if not self.planned.from_miteinander:
            # One occurrence: it ends the same day, or the next if it closes before it opens.
            last_day = day + datetime.timedelta(days=1 if closes <= opens else 0)
        starts = timezone.make_aware(datetime.datetime.combine(day, opens))
        ends = timezone.make_aware(datetime.datetime.combine(last_day, closes))
        self.planned.sessions.append(
            {
                "starts_at": starts.isoformat(),
                "ends_at": ends.isoformat(),
                "note": self._shorten("note", _text(schedule.get("notes")), f"{path}.notes"),
                "path": path,
            }
        )


def _language_code(code) -> str | None:
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().lower().replace("_", "-")
    code = v.CODE_ALIASES.get(code, code)
    if code not in CODES:
        code = v.CODE_ALIASES.get(code.split("-")[0], code.split("-")[0])
    return code if code in CODES else None
