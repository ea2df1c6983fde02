"""HSDS 3.0 export: every object valid against the official schemas, stable ids, the data package.

`hsds_town` builds a realistic directory used by the API and import tests as well.
"""

import csv
import datetime
import io
import json
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from miteinander.municipalities.models import Role
from miteinander.network.models import ActorGroup, TargetGroup
from miteinander.network.services import town_vocabularies_ensure
from miteinander.offerings import services
from miteinander.offerings.hsds import export, messages, reading, schemas, tabular
from miteinander.offerings.hsds import vocabulary as v
from miteinander.offerings.models import OfferingKind, OfferingStatus
from miteinander.offerings.services import OfferingContent, directory_setup
from tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SHARED_STANDARD = Path(__file__).resolve().parents[4] / "shared" / "standards" / "hsds"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build_directory(town, user, *, district="Innenstadt") -> dict:
    """A town's directory as coordination keeps it: three published offerings and some noise."""
    directory_setup(municipality=town)
    town_vocabularies_ensure(municipality=town)
    kinds = {k.name: k for k in OfferingKind.objects.for_municipality(town)}
    groups = {g.name: g for g in TargetGroup.objects.for_municipality(town)}
    districts = {district: DistrictFactory(municipality=town, name=district)}
    caritas = OrganisationFactory(
        municipality=town,
        name="Caritasverband Darmstadt",
        is_public=True,
        website="https://www.caritas-darmstadt.de",
    )
    city = OrganisationFactory(
        municipality=town, name="Stadtverwaltung, Fachdienst Integration",
        actor_group=ActorGroup.ADMINISTRATION,
    )  # fmt: skip

    def save(fields, **children):
        return services.offering_save(
            municipality=town,
            acting_user=user,
            content=OfferingContent(fields=fields, **children),
            publish=True,
        )

    cafe = save(
        {
            "provider": caritas,
            "kind": kinds["Begegnung und Treffpunkt"],
            "title": "Sprachcafé am Marktplatz",
            "description": "Deutsch üben bei Kaffee und Kuchen, ohne Anmeldung und ohne Noten.",
            "languages": ["de", "ar", "uk", "fa"],
            "street": "Hauptstraße 53",
            "postcode": "64625",
            "city": town.name,
            "district": districts[district],
            "latitude": Decimal("49.681234"),
            "longitude": Decimal("8.617012"),
            "room_capacity": 25,
            "schedule_kind": "weekly",
            "closed_on_public_holidays": True,
            "valid_from": datetime.date(2025, 1, 1),
            "is_free": True,
            "cost": "",
            "step_free": True,
            "sign_language": True,
            "accessibility_notes": "Rampe am Seiteneingang, barrierefreies WC im Erdgeschoss.",
            "registration_required": True,
            "how_to_register": "Kurze E-Mail an das Team genügt.",
            "contact_name": "Team Sprachcafé",
            "email": "sprachcafe@caritas-darmstadt.de",
            "phone": "+49 6251 123450",
            "website": "https://www.caritas-darmstadt.de/sprachcafe",
        },
        target_groups=[groups["Geflüchtete"], groups["Frauen"]],
        translations=[
            {
                "language": "en",
                "title": "Language café at the market square",
                "description": "Practise German over coffee and cake.",
            },
            {"language": "ar", "title": "مقهى اللغة", "description": "تدرّب على الألمانية."},
            {"language": "uk", "title": "Мовне кафе", "description": ""},
        ],
        opening_hours=[
            {"weekday": 0, "opens": datetime.time(9), "closes": datetime.time(12)},
            {"weekday": 2, "opens": datetime.time(9), "closes": datetime.time(12)},
            {"weekday": 3, "opens": datetime.time(15), "closes": datetime.time(18, 30)},
        ],
        exceptions=[
            {
                "starts_on": datetime.date(2025, 12, 22),
                "ends_on": datetime.date(2026, 1, 6),
                "opens": None,
                "closes": None,
                "note": "Weihnachtsferien",
            },
            {
                "starts_on": datetime.date(2026, 3, 30),
                "ends_on": datetime.date(2026, 3, 30),
                "opens": datetime.time(10),
                "closes": datetime.time(11),
                "note": "Nach der Zeitumstellung kürzer",
            },
        ],
    )
    training = save(
        {
            "provider": city,
            "kind": kinds["Arbeit und Ausbildung"],
            "title": "Online-Bewerbungstraining",
            "description": "Lebenslauf und Anschreiben gemeinsam am Bildschirm.",
            "languages": ["de", "en", "ti"],
            "is_online": True,
            "schedule_kind": "sessions",
            "is_free": False,
            "cost": "20 € pro Termin, ermäßigt 5 €",
            "contact_name": "Fachdienst Integration",
            "email": "integration@stadt.example.org",
            "website": "https://meet.example.org/bewerbung",
        },
        target_groups=[groups["Arbeitsuchende"]],
        sessions=[
            {
                "starts_at": _at(datetime.date(2026, 3, 28), 18),
                "ends_at": _at(datetime.date(2026, 3, 28), 20),
                "note": "Vor der Zeitumstellung",
            },
            {
                "starts_at": _at(datetime.date(2026, 3, 31), 23),
                "ends_at": _at(datetime.date(2026, 4, 1), 1),
                "note": "",
            },
        ],
    )
    counselling = save(
        {
            "provider": caritas,
            "kind": kinds["Beratung"],
            "title": "Migrationsberatung für Erwachsene",
            "description": "Beratung zu Aufenthalt, Arbeit, Wohnen und Familie.",
            "languages": ["de", "tr", "zh-hans"],
            "street": "Rodensteinstraße 2",
            "postcode": "64625",
            "city": town.name,
            "schedule_kind": "on_request",
            "valid_from": datetime.date(2025, 1, 1),
            "valid_to": datetime.date(2099, 12, 31),
            "is_free": True,
            "cost": "Spende willkommen",
            "phone": "06251 98765",
        },
        target_groups=[groups["Drittstaatsangehörige"]],
    )
    draft = services.offering_save(
        municipality=town,
        acting_user=user,
        content=OfferingContent(
            fields={
                "provider": caritas,
                "kind": kinds["Sonstiges"],
                "title": "Entwurf: Nähcafé",
                "street": "Hauptstraße 1",
            }
        ),
    )
    archived = save(
        {
            "provider": caritas,
            "kind": kinds["Sonstiges"],
            "title": "Archiviert: Fahrradwerkstatt",
            "street": "Hauptstraße 2",
        }
    )
    services.offering_archive(offering=archived, acting_user=user)
    expired = save(
        {
            "provider": city,
            "kind": kinds["Sonstiges"],
            "title": "Abgelaufen: Sommerfest",
            "street": "Hauptstraße 3",
            "valid_from": datetime.date(2020, 1, 1),
            "valid_to": datetime.date(2020, 8, 1),
        }
    )
    lonely = OrganisationFactory(municipality=town, name="Verein ohne Angebote")
    return {
        "cafe": cafe,
        "training": training,
        "counselling": counselling,
        "draft": draft,
        "archived": archived,
        "expired": expired,
        "caritas": caritas,
        "city": city,
        "lonely": lonely,
    }


def directory_with_coordinator(town, member_of) -> dict:
    """The town, a coordinator of it, and the offerings and organisations of build_directory."""
    user = member_of(town, Role.COORDINATION)
    return {"town": town, "user": user, **build_directory(town, user)}


@pytest.fixture
def hsds_town(bensheim, member_of):
    return directory_with_coordinator(bensheim, member_of)


def schema_errors(schema: str, instance, *, strict: bool = True) -> list[str]:
    validator = schemas.validator(schema, strict=strict)
    return [
        f"{messages.field_path(e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def unknown_fields(schema: dict, instance, path: str = "") -> list[str]:
    """Fields a compiled (ref-free) schema does not define; HSDS's strict check refuses them."""
    found = []
    if isinstance(instance, dict) and "properties" in schema:
        for key, value in instance.items():
            if key not in schema["properties"]:
                found.append(f"{path}.{key}")
            else:
                found += unknown_fields(schema["properties"][key], value, f"{path}.{key}")
    elif isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            found += unknown_fields(schema["items"], item, f"{path}[{index}]")
    return found


def all_ids(data) -> list[str]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id":
                found.append(value)
            found += all_ids(value)
    elif isinstance(data, list):
        for item in data:
            found += all_ids(item)
    return found


def nested(obj, key):
    """Every object under `key` anywhere inside obj."""
    found = []
    if isinstance(obj, dict):
        for k, value in obj.items():
            if k == key:
                found += value if isinstance(value, list) else [value]
            found += nested(value, key)
    elif isinstance(obj, list):
        for item in obj:
            found += nested(item, key)
    return found


# --- The standard's files --------------------------------------------------------------------
@pytest.mark.skipif(not SHARED_STANDARD.is_dir(), reason="no shared standards folder here")
def test_the_vendored_files_equal_the_shared_standard():
    """Every vendored file is byte for byte the one in ../shared/standards/hsds."""
    vendored = [
        p for p in sorted(schemas.STANDARD_DIR.rglob("*")) if p.is_file() and p.name != "SOURCE.txt"
    ]
    assert len(vendored) > 40
    for path in vendored:
        relative = path.relative_to(schemas.STANDARD_DIR)
        assert path.read_bytes() == (SHARED_STANDARD / relative).read_bytes(), relative
    commit = "279fd2eb3552c349bf698c07c00cc25f5fc8249b"
    assert commit in (schemas.STANDARD_DIR / "SOURCE.txt").read_text()
    assert commit in (SHARED_STANDARD / "SOURCE.txt").read_text()


def test_the_validators_accept_the_upstream_examples_and_refuse_broken_ones():
    """The registry resolves every $ref offline: the examples pass, a broken service fails."""
    examples = schemas.EXAMPLES_DIR
    for schema, name in [
        ("service.json", "service_full.json"),
        ("compiled/service.json", "service_full.json"),
        ("compiled/organization.json", "organization_full.json"),
        ("compiled/service_at_location.json", "service_at_location_full.json"),
    ]:
        assert schema_errors(schema, json.loads((examples / name).read_text())) == []
    page = schemas.openapi_response_validator("/services", strict=True)
    assert not list(page.iter_errors(json.loads((examples / "service_list.json").read_text())))

    broken = json.loads((examples / "service_full.json").read_text())
    broken["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = 64625
    broken["schedules"][0]["opens_at"] = "25:00"
    del broken["status"]
    errors = schema_errors("service.json", broken)
    assert any("service_at_locations[1].location.addresses[1].postal_code" in e for e in errors)
    assert any(e.startswith("schedules[1].opens_at") for e in errors)
    assert any("'status' is a required property" in e for e in errors)


# --- JSON export -----------------------------------------------------------------------------
def test_every_exported_service_and_organization_is_valid_hsds(hsds_town):
    """Entity schemas (with their $refs), compiled schemas and the list forms all accept them."""
    town = hsds_town["town"]
    services_json = export.services_export(municipality=town)
    assert len(services_json) == 3
    for service in services_json:
        assert schema_errors("service.json", service) == []
        assert schema_errors("compiled/service.json", service) == []
        assert unknown_fields(schemas.load("compiled/service.json"), service) == []
        brief = export.service_brief(
            export.published_offerings(municipality=town).get(uuid=service["id"]), town
        )
        assert schema_errors("compiled/service_list.json", brief) == []
        assert unknown_fields(schemas.load("compiled/service_list.json"), brief) == []
        for key, schema in [
            ("schedules", "schedule.json"),
            ("languages", "language.json"),
            ("phones", "phone.json"),
            ("contacts", "contact.json"),
            ("cost_options", "cost_option.json"),
            ("attributes", "attribute.json"),
            ("service_at_locations", "service_at_location.json"),
            ("addresses", "address.json"),
            ("accessibility", "accessibility.json"),
            ("location", "location.json"),
            ("taxonomy_term", "taxonomy_term.json"),
            ("taxonomy_detail", "taxonomy.json"),
            ("organization", "organization.json"),
        ]:
            for item in nested(service, key):
                assert schema_errors(schema, item) == [], (key, item)
    organizations = export.organizations_export(municipality=town)
    assert sorted(o["name"] for o in organizations) == [
        "Caritasverband Darmstadt",
        "Stadtverwaltung, Fachdienst Integration",
    ]
    for organization in organizations:
        assert schema_errors("organization.json", organization) == []
        assert schema_errors("compiled/organization.json", organization) == []
        assert unknown_fields(schemas.load("compiled/organization.json"), organization) == []
        brief = {k: val for k, val in organization.items() if k != "services"}
        assert schema_errors("compiled/organization_list.json", brief) == []


def test_the_export_maps_the_offering_as_documented(hsds_town):
    town = hsds_town["town"]
    cafe = hsds_town["cafe"]
    service = export.service_full(
        export.with_details(export.published_offerings(municipality=town)).get(pk=cafe.pk), town
    )
    assert service["id"] == str(cafe.uuid)
    assert service["name"] == "Sprachcafé am Marktplatz"
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Caritasverband Darmstadt"
    assert service["organization_id"] == service["organization"]["id"]
    assert service["organization_id"] == v.organisation_id(town, hsds_town["caritas"].pk)
    assert service["email"] == "sprachcafe@caritas-darmstadt.de"
    assert service["url"] == "https://www.caritas-darmstadt.de/sprachcafe"
    assert service["application_process"] == "Kurze E-Mail an das Team genügt."
    assert service["fees_description"] == "kostenlos"
    assert service["cost_options"][0]["amount"] == 0
    assert service["assured_date"] == timezone.localdate().isoformat()
    assert service["last_modified"].endswith("Z")
    assert "accreditations" not in service

    [entry] = service["service_at_locations"]
    location = entry["location"]
    assert location["location_type"] == "physical"
    assert (location["latitude"], location["longitude"]) == (49.681234, 8.617012)
    [address] = location["addresses"]
    assert address == {
        "id": address["id"],
        "location_id": location["id"],
        "address_1": "Hauptstraße 53",
        "city": "Bensheim",
        "region": "Innenstadt",
        "state_province": "Hessen",
        "postal_code": "64625",
        "country": "DE",
        "address_type": "physical",
    }
    assert [a["description"] for a in location["accessibility"]] == [
        "Stufenloser Zugang",
        "Gebärdensprachdolmetschung",
        "Rampe am Seiteneingang, barrierefreies WC im Erdgeschoss.",
    ]

    weekly = [s for s in service["schedules"] if s.get("byday") and "count" not in s]
    assert [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("WEEKLY", "MO,WE", "09:00:00", "12:00:00"),
        ("WEEKLY", "TH", "15:00:00", "18:30:00"),
    ]
    assert weekly[0]["valid_from"] == "2025-01-01"
    assert weekly[0]["description"] == "Montag, Mittwoch: 09:00–12:00 Uhr"
    assert weekly[0]["notes"] == "An gesetzlichen Feiertagen geschlossen."
    holidays, shorter = [s for s in service["schedules"] if "freq" not in s]
    assert (holidays["valid_from"], holidays["valid_to"]) == ("2025-12-22", "2026-01-06")
    assert "opens_at" not in holidays and holidays["notes"] == "Weihnachtsferien"
    assert holidays["description"] == "Geschlossen vom 22.12.2025 bis 06.01.2026"
    assert (shorter["opens_at"], shorter["closes_at"]) == ("10:00:00", "11:00:00")

    languages = [(lang["code"], lang["name"].split(" (")[0]) for lang in service["languages"]]
    assert languages == [
        ("de", "Deutsch"),
        ("ar", "Arabisch"),
        ("uk", "Ukrainisch"),
        ("fa", "Persisch"),
    ]
    assert [p["number"] for p in service["phones"]] == ["+49 6251 123450"]
    assert service["contacts"][0]["name"] == "Team Sprachcafé"

    by_type = {}
    for attribute in service["attributes"]:
        by_type.setdefault(attribute["link_type"], []).append(attribute)
    assert [a["taxonomy_term"]["name"] for a in by_type["service_type"]] == [
        "Begegnung und Treffpunkt"
    ]
    assert sorted(a["taxonomy_term"]["name"] for a in by_type["audience"]) == [
        "Frauen",
        "Geflüchtete",
    ]
    features = {a["taxonomy_term"]["code"]: a.get("value") for a in by_type["feature"]}
    assert features == {
        "step_free": None,
        "sign_language": None,
        "registration_required": None,
        "closed_on_public_holidays": None,
        "room_capacity": "25",
    }
    titles = {a["taxonomy_term"]["code"]: a["value"] for a in by_type["translation_title"]}
    assert titles == {
        "en": "Language café at the market square",
        "ar": "مقهى اللغة",
        "uk": "Мовне кафе",
    }
    assert sorted(a["taxonomy_term"]["code"] for a in by_type["translation_description"]) == [
        "ar",
        "en",
    ]


def test_online_sessions_and_on_request_offerings(hsds_town):
    town = hsds_town["town"]
    offerings = export.with_details(export.published_offerings(municipality=town))
    training = export.service_full(offerings.get(pk=hsds_town["training"].pk), town)
    [entry] = training["service_at_locations"]
    assert entry["location"]["location_type"] == "virtual"
    assert entry["location"]["url"] == "https://meet.example.org/bewerbung"
    assert "addresses" not in entry["location"]
    assert training["fees_description"] == "20 € pro Termin, ermäßigt 5 €"
    assert "amount" not in training["cost_options"][0]
    first, overnight = training["schedules"]
    # Local time on both sides of the change to summer time (29 March 2026).
    assert (first["dtstart"], first["opens_at"], first["closes_at"]) == (
        "2026-03-28",
        "18:00:00",
        "20:00:00",
    )
    assert (first["freq"], first["count"], first["byday"]) == ("WEEKLY", 1, "SA")
    assert (overnight["valid_from"], overnight["valid_to"]) == ("2026-03-31", "2026-04-01")
    assert (overnight["opens_at"], overnight["closes_at"]) == ("23:00:00", "01:00:00")
    assert [lang["code"] for lang in training["languages"]] == ["de", "en", "ti"]

    counselling = export.service_full(offerings.get(pk=hsds_town["counselling"].pk), town)
    [on_request] = counselling["schedules"]
    assert on_request["description"] == "Termine nach Vereinbarung"
    assert (on_request["valid_from"], on_request["valid_to"]) == ("2025-01-01", "2099-12-31")
    assert [lang["code"] for lang in counselling["languages"]] == ["de", "tr", "zh"]
    assert counselling["fees_description"] == "Spende willkommen"


def test_only_published_offerings_of_the_town_are_exported(hsds_town, minden, member_of):
    other = build_directory(minden, member_of(minden, Role.COORDINATION))
    town = hsds_town["town"]
    names = {s["name"] for s in export.services_export(municipality=town)}
    assert names == {
        "Sprachcafé am Marktplatz",
        "Online-Bewerbungstraining",
        "Migrationsberatung für Erwachsene",
    }
    assert hsds_town["draft"].status == OfferingStatus.DRAFT
    ids = set(all_ids(export.services_export(municipality=town)))
    for hidden in ("draft", "archived", "expired"):
        assert str(hsds_town[hidden].uuid) not in ids
    assert str(other["cafe"].uuid) not in ids
    organizations = {o["id"] for o in export.organizations_export(municipality=town)}
    assert v.organisation_id(town, hsds_town["lonely"].pk) not in organizations
    assert v.organisation_id(minden, other["caritas"].pk) not in organizations


def test_ids_are_uuids_unique_and_stable_across_exports(hsds_town):
    """A second export, and one after an unchanged save, gives every object the same id."""
    town = hsds_town["town"]
    first = export.services_export(municipality=town)
    ids = all_ids(first)
    assert all(str(uuid.UUID(i)) == i for i in ids)
    shared = {t["id"] for s in first for t in nested(s, "taxonomy_term")}
    shared |= {t["id"] for s in first for t in nested(s, "taxonomy_detail")}
    shared |= {s["organization"]["id"] for s in first}
    own = [i for i in ids if i not in shared]
    assert len(own) == len(set(own))

    cafe = hsds_town["cafe"]
    services.offering_verify(offering=cafe, acting_user=hsds_town["user"])
    second = export.services_export(municipality=town)
    assert all_ids(second) == ids
    assert [{k: x for k, x in s.items() if k != "last_modified"} for s in second] == [
        {k: x for k, x in s.items() if k != "last_modified"} for s in first
    ]


# --- Tabular data package --------------------------------------------------------------------
def unpack(content: bytes) -> tuple[dict, dict[str, list[dict]], dict[str, list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    package = json.loads(archive.read("datapackage.json"))
    tables, headers = {}, {}
    for resource in package["resources"]:
        text = archive.read(resource["path"]).decode("utf-8")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        tables[resource["name"]] = list(reader)
        headers[resource["name"]] = reader.fieldnames
    return package, tables, headers


def test_the_data_package_follows_the_official_datapackage(hsds_town):
    """Every resource as a CSV with the official columns in order; cells as the fields say."""
    content = tabular.datapackage_zip(municipality=hsds_town["town"])
    package, tables, headers = unpack(content)
    official = schemas.datapackage()
    assert package["resources"] == official["resources"]
    assert package["profile"] == "tabular-data-package"
    assert set(zipfile.ZipFile(io.BytesIO(content)).namelist()) == {
        "datapackage.json",
        *(r["path"] for r in official["resources"]),
    }
    ids = {}
    for resource in official["resources"]:
        name = resource["name"]
        fields = resource["schema"]["fields"]
        assert headers[name] == [f["name"] for f in fields]
        ids[name] = [row["id"] for row in tables[name]]
        assert len(ids[name]) == len(set(ids[name])), name
        for line, row in enumerate(tables[name], start=2):
            for spec in fields:
                value = row[spec["name"]]
                if value == "":
                    assert not spec["constraints"].get("required"), (name, line, spec["name"])
                    continue
                converted, problem = tabular.convert_cell(spec["name"], value, spec)
                assert problem is None, (name, line, spec["name"], value)
    for resource in official["resources"]:
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]["resource"]
            for row in tables[resource["name"]]:
                value = row[foreign["fields"]]
                assert value == "" or value in ids[target], (resource["name"], foreign)
    assert len(tables["service"]) == 3
    assert len(tables["organization"]) == 2
    assert len(tables["location"]) == 3 and len(tables["address"]) == 2
    assert {row["byday"] for row in tables["schedule"]} >= {"MO,WE", "TH", "SA", "TU"}
    assert len(tables["taxonomy"]) == 4
    # Tables without data still have their header row.
    assert tables["program"] == [] and headers["program"][0] == "id"

    # Our own reader accepts it: each cell against datapackage.json, each nested service
    # against the official service schema.
    source = reading.read(content, "hsds.zip")
    assert len(source.entries) == 3
    assert content == tabular.datapackage_zip(municipality=hsds_town["town"])
