"""The offering page's JSON-LD uses only real schema.org types and properties, where they belong.

The vocabulary is schema.org's own release file from /work/shared/standards (not vendored); the
vocabulary tests skip where that folder is missing, as on CI machines without it.
"""

import datetime
import json
import re
from functools import cache
from pathlib import Path

import pytest
from freezegun import freeze_time

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from miteinander.network.models import ActorGroup
from miteinander.offerings.models import (
    OfferingTranslation,
    OpeningHours,
    ScheduleException,
    Session,
)
from tests.factories import OfferingFactory, OrganisationFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

STANDARDS = Path("/work/shared/standards/schemaorg")
CANDIDATES = [
    STANDARDS / "schemaorg-current-https.jsonld",
    STANDARDS / "data/releases/30.0/schemaorg-current-https.jsonld",
]
VOCABULARY = next((path for path in CANDIDATES if path.exists()), None)
needs_vocabulary = pytest.mark.skipif(
    VOCABULARY is None, reason=f"schema.org vocabulary not found at {STANDARDS}"
)
SCHEMA = "https://schema.org/"
TEXT_TYPES = {"Text", "URL"}
NUMBER_TYPES = {"Number", "Integer", "Float"}


# --- A small checker for schema.org JSON-LD -----------------------------------------------------
class Vocabulary:
    def __init__(self, path: Path):
        self.superclasses: dict[str, set[str]] = {}
        self.properties: dict[str, tuple[set[str], set[str]]] = {}
        self.members: dict[str, set[str]] = {}
        for node in json.loads(path.read_text())["@graph"]:
            if not node["@id"].startswith("schema:"):
                continue
            name = node["@id"].removeprefix("schema:")
            types = _as_list(node["@type"])
            if "rdfs:Class" in types:
                self.superclasses[name] = _names(node.get("rdfs:subClassOf"))
            if "rdf:Property" in types:
                domains = _names(node.get("schema:domainIncludes"))
                self.properties[name] = (domains, _names(node.get("schema:rangeIncludes")))
            schema_types = {t.removeprefix("schema:") for t in types if t.startswith("schema:")}
            if schema_types - {"DataType"}:
                self.members[name] = schema_types - {"DataType"}

    def ancestors(self, name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.superclasses.get(current, ()))
        return seen

    def problems(self, node, path="$") -> list[str]:
        """Everything in `node` (a JSON-LD object) that schema.org does not define so."""
        found = []
        node_type = node.get("@type")
        if node_type not in self.superclasses:
            return [f"{path}: unknown type {node_type!r}"]
        for key, value in node.items():
            if key.startswith("@"):
                continue
            where = f"{path}.{key}"
            if key not in self.properties:
                found.append(f"{where}: unknown property")
                continue
            domains, ranges = self.properties[key]
            if not self.ancestors(node_type) & domains:
                found.append(f"{where}: not a property of {node_type}")
            for item in _as_list(value):
                found += self._value_problems(item, ranges, where)
        return found

    def _value_problems(self, value, ranges: set[str], where: str) -> list[str]:
        if isinstance(value, dict):
            if not self.ancestors(value.get("@type", "")) & ranges:
                return [f"{where}: a {value.get('@type')} is not one of {sorted(ranges)}"]
            return self.problems(value, where)
        if isinstance(value, bool):
            return [] if "Boolean" in ranges else [f"{where}: no Boolean allowed"]
        if isinstance(value, int | float):
            return [] if ranges & NUMBER_TYPES else [f"{where}: no number allowed"]
        if value.startswith(SCHEMA) and value.removeprefix(SCHEMA) in self.members:
            member_types = self.members[value.removeprefix(SCHEMA)]
            if any(self.ancestors(t) & ranges for t in member_types):
                return []
            return [f"{where}: {value} is not one of {sorted(ranges)}"]
        if ranges & TEXT_TYPES:
            return []
        for kind, parse in (
            ("Date", datetime.date.fromisoformat),
            ("Time", datetime.time.fromisoformat),
            ("DateTime", datetime.datetime.fromisoformat),
        ):
            if kind in ranges:
                try:
                    parse(value)
                except ValueError:
                    continue
                return []
        if ranges & NUMBER_TYPES and re.fullmatch(r"-?\d+(\.\d+)?", value):
            return []
        return [f"{where}: text {value!r} is not one of {sorted(ranges)}"]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _names(value) -> set[str]:
    return {
        item["@id"].removeprefix("schema:")
        for item in _as_list(value)
        if item["@id"].startswith("schema:")
    }


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(VOCABULARY)


# --- The offerings ---------------------------------------------------------------------------
def jsonld_of(client, offering, language="de") -> dict:
    html = client.get(f"/{language}/bensheim/angebote/{offering.pk}/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.fixture
def administration_course(bensheim):
    """A paid course of the town administration with every detail filled in."""
    provider = OrganisationFactory(
        municipality=bensheim, name="Stadt Bensheim, Fachbereich Integration",
        actor_group=ActorGroup.ADMINISTRATION, is_public=True,
    )  # fmt: skip
    offering = OfferingFactory(
        provider=provider, title="Deutsch im Alltag </script><b>", is_free=False,
        cost="20 € pro Kurs", languages=["de", "ar", "gsg"], latitude="49.681200",
        longitude="8.617400", is_online=True, website="https://bensheim.example.org/kurs",
        phone="06251 14-0", email="integration@bensheim.example.org", contact_name="Bürgerbüro",
        room_capacity=None, step_free=True, valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2099, 12, 31),
    )  # fmt: skip
    offering.target_groups.set([TargetGroupFactory(municipality=bensheim, name="Frauen")])
    for weekday, opens, closes in ((0, 9, 12), (0, 14, 16), (3, 18, 20)):
        OpeningHours.objects.create(
            offering=offering, weekday=weekday, opens=datetime.time(opens),
            closes=datetime.time(closes),
        )  # fmt: skip
    ScheduleException.objects.create(
        offering=offering, starts_on=datetime.date(2026, 4, 13),
        ends_on=datetime.date(2026, 4, 17), note="Osterferien",
    )  # fmt: skip
    ScheduleException.objects.create(
        offering=offering, starts_on=datetime.date(2026, 4, 25), ends_on=datetime.date(2026, 4, 25),
        opens=datetime.time(10), closes=datetime.time(13),
    )  # fmt: skip
    Session.objects.create(
        offering=offering,
        starts_at=datetime.datetime(2026, 4, 22, 16, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 4, 22, 18, 0, tzinfo=datetime.UTC),
    )
    OfferingTranslation.objects.create(offering=offering, language="ar", title="الألمانية يوميًا")
    return offering


@pytest.fixture
def online_counselling(bensheim):
    return OfferingFactory(
        provider=OrganisationFactory(municipality=bensheim, name="Beratungsnetz"),
        title="Online-Beratung", is_online=True, street="", postcode="", city="",
        website="https://beratung.example.org", room_capacity=None,
    )  # fmt: skip


@pytest.fixture
def meeting_place(bensheim):
    from tests.factories import OfferingKindFactory

    kind = OfferingKindFactory(municipality=bensheim, name="Treffpunkt", is_meeting_place=True)
    offering = OfferingFactory(
        provider=OrganisationFactory(municipality=bensheim), kind=kind, title="Stadtteilcafé",
        room_capacity=40,
    )  # fmt: skip
    OpeningHours.objects.create(
        offering=offering, weekday=4, opens=datetime.time(15), closes=datetime.time(18)
    )
    return offering


@needs_vocabulary
@freeze_time("2026-04-01T10:00:00Z")
@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_type_and_property_is_schema_org_and_in_its_place(
    client, administration_course, online_counselling, meeting_place, language
):
    for offering in (administration_course, online_counselling, meeting_place):
        data = jsonld_of(client, offering, language)
        assert data["@context"] == "https://schema.org"
        assert vocabulary().problems(data) == [], offering.title


@needs_vocabulary
def test_the_checker_finds_what_schema_org_does_not_define():
    """The vocabulary check above can fail: made-up and misplaced terms are reported."""
    problems = vocabulary().problems(
        {
            "@type": "Service",
            "isAccessibleForFree": True,  # a property of places, events, creative works
            "availableLanguage": "de",  # a property of channels, not services
            "openingHours": "Mo 09:00-12:00",  # neither
            "colour": "blue",  # not schema.org at all
            "provider": {"@type": "Place", "name": "x"},  # a place provides nothing
            "availableChannel": {
                "@type": "ServiceChannel",
                "serviceLocation": {
                    "@type": "Place",
                    "openingHoursSpecification": {
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": "https://schema.org/Funday",
                        "opens": "nine",
                    },
                },
            },
        }
    )
    assert len(problems) == 7, problems
    assert any("colour: unknown property" in problem for problem in problems)


@freeze_time("2026-04-01T10:00:00Z")
def test_administration_course_as_government_service(client, administration_course):
    data = jsonld_of(client, administration_course)
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Deutsch im Alltag </script><b>"
    assert data["url"] == f"http://testserver/de/bensheim/angebote/{administration_course.pk}/"
    assert data["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "Stadt Bensheim, Fachbereich Integration",
        "url": f"http://testserver/de/bensheim/organisations/{administration_course.provider_id}/",
    }
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Frauen"}]
    assert data["offers"] == {
        "@type": "Offer", "description": "20 € pro Kurs", "validFrom": "2026-01-01",
        "validThrough": "2099-12-31",
    }  # fmt: skip
    place_channel, online_channel = data["availableChannel"]
    assert online_channel["serviceUrl"] == "https://bensheim.example.org/kurs"
    for channel in (place_channel, online_channel):
        assert channel["availableLanguage"] == ["de", "ar", "gsg"]
    assert place_channel["servicePhone"]["telephone"] == "06251 14-0"
    place = place_channel["serviceLocation"]
    assert place["address"] == {
        "@type": "PostalAddress", "streetAddress": "Marktplatz 1", "postalCode": "64625",
        "addressLocality": "Bensheim", "addressCountry": "DE",
    }  # fmt: skip
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 49.6812, "longitude": 8.6174}
    regular = place["openingHoursSpecification"]
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in regular] == [
        ("https://schema.org/Monday", "09:00:00", "12:00:00"),
        ("https://schema.org/Monday", "14:00:00", "16:00:00"),
        ("https://schema.org/Thursday", "18:00:00", "20:00:00"),
    ]  # fmt: skip
    special = [
        (s["validFrom"], s["validThrough"], s["opens"], s["closes"])
        for s in place["specialOpeningHoursSpecification"]
    ]
    assert special == [
        ("2026-04-13", "2026-04-17", "00:00:00", "00:00:00"),  # the Easter break
        ("2026-04-25", "2026-04-25", "10:00:00", "13:00:00"),  # a Saturday
        ("2026-04-06", "2026-04-06", "00:00:00", "00:00:00"),  # Easter Monday
        ("2026-05-14", "2026-05-14", "00:00:00", "00:00:00"),  # Ascension Day, a Thursday
        ("2026-05-25", "2026-05-25", "00:00:00", "00:00:00"),  # Whit Monday
        ("2026-04-22", "2026-04-22", "18:00:00", "20:00:00"),  # the session, in local time
    ]


def test_script_cannot_be_closed_by_the_text(client, administration_course):
    html = client.get(f"/de/bensheim/angebote/{administration_course.pk}/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in script and "<b>" not in script
    assert "\\u003C/script\\u003E" in script


def test_text_in_the_visitors_language(client, administration_course):
    assert jsonld_of(client, administration_course, "ar")["name"] == "الألمانية يوميًا"
    assert jsonld_of(client, administration_course, "uk")["name"].startswith("Deutsch im Alltag")


def test_free_online_offering_has_hours_on_the_service_and_a_free_offer(client, online_counselling):
    OpeningHours.objects.create(
        offering=online_counselling, weekday=2, opens=datetime.time(10), closes=datetime.time(12)
    )
    data = jsonld_of(client, online_counselling)
    assert data["@type"] == "Service"
    assert data["provider"] == {"@type": "Organization", "name": "Beratungsnetz"}
    assert data["offers"] == {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    assert data["availableChannel"] == {
        "@type": "ServiceChannel",
        "serviceUrl": "https://beratung.example.org",
    }
    assert data["hoursAvailable"][0]["dayOfWeek"] == "https://schema.org/Wednesday"


def test_meeting_place_has_its_capacity(client, meeting_place):
    place = jsonld_of(client, meeting_place)["availableChannel"]["serviceLocation"]
    assert place["maximumAttendeeCapacity"] == 40
