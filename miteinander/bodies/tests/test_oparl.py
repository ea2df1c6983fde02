"""The OParl 1.1 API: a crawl from the System object validates every object against both
official schema sets and finds nothing internal; focused tests for sync, paging and errors.

`oparl_town` builds Bensheim's bodies as the public and the members see them: a public
Integrationsrat with a working group, an internal steering group, a town council; members named
and unnamed; public, internal and cancelled meetings; public and non-public agenda items; minutes
released and not; a paper that goes through three bodies, with files; a meeting deleted through
the service, which leaves a tombstone.
"""

import datetime
import json
from collections import deque
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from miteinander.bodies import services
from miteinander.bodies.models import (
    BodyKind,
    ConsultationRole,
    Decision,
    DecisionKind,
    MeetingState,
    MembershipRole,
    OParlTombstone,
    PaperType,
)
from miteinander.bodies.oparl import schemas
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    ContactPersonFactory,
    DecisionFactory,
    DocumentFactory,
    LegislativeTermFactory,
    LocationFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

API = "/oparl/v1.1/"
BASE = settings.BASE_URL.rstrip("/")

# Nothing of these may ever appear in an answer of the API.
SECRETS = (
    "Lenkungskreis Interna",  # the internal body
    "Klausur des Lenkungskreises",  # its meeting
    "Klausurtagung ohne Öffentlichkeit",  # an internal meeting of the public council
    "Personalangelegenheit Hausmeister",  # a non-public agenda item
    "Geheime Beratung zur Personalie",  # its decision
    "Entwurf, noch nicht freigegeben",  # a decision whose minutes are not released
    "Thomas Unbenannt",  # a member whose name is not public
    "Petra Ohne-Einwilligung",  # a person without consent
    "demir@caritas-bergstrasse.example.org",  # a listed person's e-mail address
    "0621 123456",  # and phone number
    "Vertrauliche Vorlage",  # an internal paper
    "Interne Anlage",  # an internal file of a public paper
    "Moscheeverein Intern",  # an organisation that is not public
    "Jugendzentrum Hinterhaus",  # a place only the internal body uses
)


def _at(day: str, hour: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def oparl_town(bensheim, minden, coordinator):
    town = bensheim
    term = LegislativeTermFactory(
        municipality=town, name="Wahlperiode 2021–2026", starts_on=datetime.date(2021, 11, 1)
    )
    town_hall = LocationFactory(
        municipality=town,
        description="Rathaus, Großer Sitzungssaal",
        street="Kirchbergstraße 18",
        postcode="64625",
        city="Bensheim",
        room="2.14",
        latitude=Decimal("49.681000"),
        longitude=Decimal("8.617000"),
    )
    backroom = LocationFactory(municipality=town, description="Jugendzentrum Hinterhaus")
    caritas = OrganisationFactory(
        municipality=town, name="Caritasverband Bergstraße", is_public=True
    )
    mosque = OrganisationFactory(municipality=town, name="Moscheeverein Intern", is_public=False)
    institute = OrganisationFactory(
        municipality=town, name="Institut für soziale Innovation", is_public=True
    )
    ayse = ContactPersonFactory(
        organisation=caritas,
        name="Ayşe Demir",
        email="demir@caritas-bergstrasse.example.org",
        phone="0621 123456",
    )
    thomas = ContactPersonFactory(organisation=caritas, name="Thomas Unbenannt")
    petra = ContactPersonFactory(
        organisation=mosque, name="Petra Ohne-Einwilligung", consent_given_on=None
    )

    council = BodyFactory(
        municipality=town,
        name="Integrationsrat Bensheim",
        short_name="IR",
        kind=BodyKind.INTEGRATION_COUNCIL,
        location=town_hall,
        starts_on=datetime.date(2021, 11, 15),
    )
    working_group = BodyFactory(municipality=town, name="AG Bildung und Erziehung", parent=council)
    steering = BodyFactory(
        municipality=town,
        name="Lenkungskreis Interna",
        kind=BodyKind.STEERING_GROUP,
        is_public=False,
        location=backroom,
    )
    town_council = BodyFactory(
        municipality=town, name="Stadtverordnetenversammlung", kind=BodyKind.TOWN_COUNCIL
    )

    listed = BodyMembershipFactory(
        body=council,
        person=ayse,
        organisation=caritas,
        role=MembershipRole.CHAIR,
        name_is_public=True,
    )
    unnamed = BodyMembershipFactory(body=council, person=thomas, organisation=caritas)
    hidden = BodyMembershipFactory(body=council, person=petra, organisation=mosque)
    org_only = BodyMembershipFactory(
        body=working_group, person=None, organisation=caritas, has_voting_right=False
    )
    internal_membership = BodyMembershipFactory(
        body=steering, person=ayse, organisation=caritas, name_is_public=True
    )

    held = MeetingFactory(
        body=council,
        name="12. Sitzung des Integrationsrates",
        starts_at=_at("2025-03-12", 17),
        location=town_hall,
        state=MeetingState.HELD,
        invitation_sent_at=_at("2025-03-01", 9),
        minutes_released_at=_at("2025-03-20", 10),
    )
    report_item = AgendaItemFactory(
        meeting=held, position=1, number="1", title="Sachstandsbericht KIM"
    )
    secret_item = AgendaItemFactory(
        meeting=held,
        position=2,
        number="2",
        title="Personalangelegenheit Hausmeister",
        is_public=False,
    )
    other_item = AgendaItemFactory(meeting=held, position=3, number="3", title="Verschiedenes")
    noted = DecisionFactory(
        agenda_item=report_item,
        kind=DecisionKind.NOTED,
        text="Der Integrationsrat nimmt den Sachstandsbericht zur Kenntnis.",
        votes_for=9,
        votes_against=0,
        abstentions=1,
    )
    DecisionFactory(agenda_item=secret_item, text="Geheime Beratung zur Personalie")

    invited = MeetingFactory(
        body=council,
        name="13. Sitzung des Integrationsrates",
        starts_at=_at("2025-06-18", 17),
        location=town_hall,
        state=MeetingState.HELD,
        invitation_sent_at=_at("2025-06-05", 9),
    )
    unreleased_item = AgendaItemFactory(meeting=invited, position=1, title="Haushalt 2026")
    DecisionFactory(agenda_item=unreleased_item, text="Entwurf, noch nicht freigegeben")

    closed = MeetingFactory(body=council, name="Klausurtagung ohne Öffentlichkeit", is_public=False)
    AgendaItemFactory(meeting=closed, position=1)
    steering_meeting = MeetingFactory(
        body=steering, name="Klausur des Lenkungskreises", location=backroom
    )
    steering_item = AgendaItemFactory(meeting=steering_meeting, position=1, title="Vorberatung")
    cancelled = MeetingFactory(
        body=working_group,
        name="Sitzungsrunde 2",
        starts_at=_at("2025-09-10", 18),
        location=town_hall,
    )
    services.meeting_cancel(meeting=cancelled, acting_user=coordinator)
    council_meeting = MeetingFactory(
        body=town_council, name="Sitzung der Stadtverordnetenversammlung",
        starts_at=_at("2025-07-03", 18),
    )  # fmt: skip
    council_item = AgendaItemFactory(
        meeting=council_meeting, position=1, title="Sachstandsbericht KIM"
    )
    doomed = MeetingFactory(body=working_group, name="Sitzungsrunde 3 (entfällt ersatzlos)")

    paper = PaperFactory(
        municipality=town,
        reference="IR/2025/004",
        title="Sachstandsbericht Kommunales Integrationsmanagement",
        paper_type=PaperType.STATUS_REPORT,
        date=datetime.date(2025, 2, 20),
        originator_body=steering,
        originator_organisation=caritas,
    )
    ConsultationFactory(
        paper=paper,
        body=steering,
        meeting=steering_meeting,
        agenda_item=steering_item,
        position=1,
        role=ConsultationRole.DELIBERATION,
    )
    council_consultation = ConsultationFactory(
        paper=paper,
        body=council,
        meeting=held,
        agenda_item=report_item,
        position=2,
        role=ConsultationRole.INFORMATION,
        result=DecisionKind.NOTED,
    )
    final_consultation = ConsultationFactory(
        paper=paper,
        body=town_council,
        meeting=council_meeting,
        agenda_item=council_item,
        position=3,
        role=ConsultationRole.DECISION,
        authoritative=True,
    )
    main_file = DocumentFactory(
        paper=paper,
        title="Sachstandsbericht",
        is_main_file=True,
        sha1="a" * 40,
        sha512="b" * 128,
    )
    annex = DocumentFactory(
        paper=paper,
        title="Anlage Kennzahlen",
        file_name="kennzahlen.xlsx",
        mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    DocumentFactory(paper=paper, title="Interne Anlage", is_public=False)
    invitation = DocumentFactory(
        municipality=town, paper=None, meeting=held, title="Einladung zur 12. Sitzung"
    )
    item_file = DocumentFactory(
        municipality=town, paper=None, agenda_item=report_item, title="Präsentation KIM"
    )
    DocumentFactory(municipality=town, paper=None, agenda_item=secret_item, title="Interne Anlage")
    secret_paper = PaperFactory(
        municipality=town, title="Vertrauliche Vorlage", is_public=False, reference=""
    )
    ConsultationFactory(paper=secret_paper, body=council, meeting=held, agenda_item=other_item)

    # Minden: public data of another town, which Bensheim's API must never serve.
    minden_body = BodyFactory(municipality=minden, name="Integrationsrat Minden")
    minden_meeting = MeetingFactory(body=minden_body, name="Sitzung in Minden")

    doomed_pk = doomed.pk
    services.meeting_delete(meeting=doomed, acting_user=coordinator)
    return {
        "town": town,
        "term": term,
        "town_hall": town_hall,
        "backroom": backroom,
        "caritas": caritas,
        "mosque": mosque,
        "institute": institute,
        "ayse": ayse,
        "thomas": thomas,
        "council": council,
        "working_group": working_group,
        "steering": steering,
        "town_council": town_council,
        "listed": listed,
        "unnamed": unnamed,
        "hidden": hidden,
        "org_only": org_only,
        "internal_membership": internal_membership,
        "held": held,
        "report_item": report_item,
        "secret_item": secret_item,
        "other_item": other_item,
        "noted": noted,
        "invited": invited,
        "unreleased_item": unreleased_item,
        "closed": closed,
        "steering_meeting": steering_meeting,
        "cancelled": cancelled,
        "council_meeting": council_meeting,
        "doomed_pk": doomed_pk,
        "paper": paper,
        "council_consultation": council_consultation,
        "final_consultation": final_consultation,
        "main_file": main_file,
        "annex": annex,
        "invitation": invitation,
        "item_file": item_file,
        "secret_paper": secret_paper,
        "minden_meeting": minden_meeting,
    }


def path_of(url: str) -> str:
    assert url.startswith(BASE + "/"), url
    return url[len(BASE) :]


def town_url(rest: str = "") -> str:
    return f"{BASE}{API}bodies/bensheim/{rest}"


def get(client, url: str, status: int = 200, **params):
    response = client.get(path_of(url) if url.startswith("http") else url, params)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def objects_in(document):
    """Every OParl object in an answer, embedded ones included (GeoJSON has its own types)."""
    if isinstance(document, dict):
        if str(document.get("type", "")).startswith(schemas.SCHEMA_BASE):
            yield document
        for value in document.values():
            yield from objects_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from objects_in(value)


def api_urls(document):
    if isinstance(document, dict):
        for value in document.values():
            yield from api_urls(value)
    elif isinstance(document, list):
        for value in document:
            yield from api_urls(value)
    elif isinstance(document, str) and document.startswith(BASE + API):
        yield document


def validate(document):
    problems = [problem for obj in objects_in(document) for problem in schemas.errors(obj)]
    assert not problems, problems


def list_ids(client, url: str, **params) -> list[str]:
    page = get(client, url, **params)
    return [obj["id"] for obj in page["data"]]


# --- The crawl -------------------------------------------------------------------------------
def test_a_crawl_from_the_system_object_finds_only_valid_public_objects(client, oparl_town):
    """Every URL the API names is followed (lists with and without modified_since, next links,
    ids, references); every object validates against both schema sets; each object answers at
    its id with the same content; nothing internal appears anywhere."""
    since = urlencode({"modified_since": "2000-01-01T00:00:00+00:00"})
    queue = deque([BASE + API])
    seen_urls: set[str] = set()
    listed: dict[str, dict] = {}
    embedded: dict[str, dict] = {}
    answers = []
    answered_types = set()
    while queue:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        if "/download/" in url:
            response = client.get(path_of(url))
            assert response.status_code == 200, url
            assert response["Content-Disposition"].startswith("attachment;"), url
            continue
        response = client.get(path_of(url))
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        text = response.content.decode()
        answers.append((url, text))
        document = json.loads(text)
        validate(document)
        if "data" in document:
            assert set(document) == {"data", "pagination", "links"}, url
            assert document["links"]["self"] == url
            if document["pagination"]["currentPage"] < document["pagination"]["totalPages"]:
                assert "next" in document["links"], url
            for obj in document["data"]:
                listed.setdefault(obj["id"], obj)
            tops = document["data"]
        else:
            tops = [document]
            answered_types.add(document["type"])
            if document["type"] == schemas.type_url("Body"):
                for key in ("organization", "person", "meeting", "paper", "agendaItem",
                            "consultation", "file", "locationList", "legislativeTermList",
                            "membership"):  # fmt: skip
                    queue.append(f"{document[key]}?{since}")
        for top in tops:
            for obj in objects_in(top):
                if obj is not top:
                    embedded.setdefault(obj["id"], obj)
        queue.extend(u for u in api_urls(document) if u not in seen_urls)

    # Every object at its own id: the same as in its list; embedded ones exist with that id.
    for object_id, obj in listed.items():
        assert get(client, object_id) == obj, object_id
    for object_id, obj in embedded.items():
        alone = get(client, object_id)
        assert (alone["id"], alone["type"], alone["created"]) == (
            obj["id"],
            obj["type"],
            obj["created"],
        )

    everything = "\n".join(text for _url, text in answers)
    for secret in SECRETS:
        assert secret not in everything, secret

    # The crawl reached every kind of object, the deleted meeting and both kinds of organization.
    kinds = {obj["type"] for obj in [*listed.values(), *embedded.values()]}
    assert kinds == {schemas.type_url(name) for name in schemas.TYPES} - {
        schemas.type_url("System")
    }
    assert answered_types == {schemas.type_url(name) for name in schemas.TYPES}
    assert any(obj.get("deleted") for obj in listed.values())
    assert {o.get("organizationType") for o in listed.values()} >= {"Gremium", "Institution"}
    assert len(answers) > 40


# --- Objects ---------------------------------------------------------------------------------
def test_the_system_object_points_to_the_list_of_bodies(client, oparl_town):
    system = get(client, API)
    assert system["id"] == BASE + API
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["body"] == BASE + API + "bodies/"
    bodies = get(client, system["body"])
    assert [b["name"] for b in bodies["data"]] == ["Bensheim", "Minden"]
    validate(system)


def test_each_active_town_is_a_body_with_its_lists_and_electoral_terms(client, oparl_town):
    body = get(client, town_url())
    assert body["organization"] == town_url("organizations/")
    assert body["locationList"] == town_url("locations/")
    assert [t["name"] for t in body["legislativeTerm"]] == ["Wahlperiode 2021–2026"]
    assert "body" not in body["legislativeTerm"][0]  # no back-reference when embedded
    term = get(client, body["legislativeTerm"][0]["id"])
    assert term["body"] == town_url()

    town = oparl_town["town"]
    town.is_active = False
    town.save()
    assert get(client, town_url(), status=404)["type"] == "https://schema.oparl.org/1.1/Error"
    assert [b["name"] for b in get(client, API + "bodies/")["data"]] == ["Minden"]


def test_bodies_are_organizations_and_network_partners_are_institutions(client, oparl_town):
    data = oparl_town
    council = get(client, town_url(f"organizations/{data['council'].pk}/"))
    with translation.override("de"):
        kind = str(BodyKind.INTEGRATION_COUNCIL.label)
        chair = str(MembershipRole.CHAIR.label)
    assert council["organizationType"] == "Gremium"
    assert council["classification"] == kind
    assert council["startDate"] == "2021-11-15"
    assert council["location"]["geojson"]["geometry"] == {
        "type": "Point",
        "coordinates": [8.617, 49.681],
    }
    assert council["membership"] == [
        town_url(f"memberships/{data['listed'].pk}/"),
        town_url(f"memberships/{data['unnamed'].pk}/"),
    ]
    group = get(client, town_url(f"organizations/{data['working_group'].pk}/"))
    assert group["subOrganizationOf"] == council["id"]
    meetings = get(client, group["meeting"])
    assert [m["name"] for m in meetings["data"]] == ["Sitzungsrunde 2"]

    listed = get(client, town_url(f"memberships/{data['listed'].pk}/"))
    assert listed["person"] == town_url(f"persons/{data['ayse'].pk}/")
    assert listed["role"] == chair
    assert listed["onBehalfOf"] == town_url(f"institutions/{data['caritas'].pk}/")
    caritas = get(client, listed["onBehalfOf"])
    assert (caritas["name"], caritas["organizationType"]) == (
        "Caritasverband Bergstraße",
        "Institution",
    )
    unnamed = get(client, town_url(f"memberships/{data['unnamed'].pk}/"))
    assert "person" not in unnamed
    assert unnamed["onBehalfOf"] == caritas["id"]


def test_a_person_shows_only_the_name_and_the_memberships_that_list_it(client, oparl_town):
    data = oparl_town
    person = get(client, town_url(f"persons/{data['ayse'].pk}/"))
    assert set(person) == {"id", "type", "body", "name", "membership", "created", "modified"}
    assert person["name"] == "Ayşe Demir"
    # Her membership of the internal steering group is not there.
    assert [m["id"] for m in person["membership"]] == [
        town_url(f"memberships/{data['listed'].pk}/")
    ]
    assert "person" not in person["membership"][0]
    assert get(client, town_url("persons/"))["pagination"]["totalElements"] == 1


def test_meetings_show_public_items_and_results_only_after_the_minutes_are_released(
    client, oparl_town
):
    data = oparl_town
    held = get(client, town_url(f"meetings/{data['held'].pk}/"))
    assert held["meetingState"] == "durchgeführt"
    assert held["cancelled"] is False
    assert held["start"] == "2025-03-12T17:00:00+01:00"
    assert held["organization"] == [town_url(f"organizations/{data['council'].pk}/")]
    assert held["location"]["description"] == "Rathaus, Großer Sitzungssaal"
    items = held["agendaItem"]
    # The non-public item 2 is left out; `order` counts the public items from 0.
    assert [(i["number"], i["order"], i["name"]) for i in items] == [
        ("1", 0, "Sachstandsbericht KIM"),
        ("3", 1, "Verschiedenes"),
    ]
    with translation.override("de"):
        noted = str(DecisionKind.NOTED.label)
    assert items[0]["result"] == noted
    assert (
        "Der Integrationsrat nimmt den Sachstandsbericht zur Kenntnis."
        in (items[0]["resolutionText"])
    )
    assert all(count in items[0]["resolutionText"] for count in ("9", "0", "1"))
    assert items[0]["consultation"] == town_url(f"consultations/{data['council_consultation'].pk}/")
    assert [f["name"] for f in items[0]["auxiliaryFile"]] == ["Präsentation KIM"]
    assert [f["name"] for f in held["auxiliaryFile"]] == ["Einladung zur 12. Sitzung"]
    assert "meeting" not in items[0]
    alone = get(client, items[1]["id"])
    assert alone["meeting"] == held["id"]
    assert alone["order"] == 1

    invited = get(client, town_url(f"meetings/{data['invited'].pk}/"))
    assert invited["meetingState"] == "eingeladen"
    assert "result" not in invited["agendaItem"][0]
    assert "resolutionText" not in invited["agendaItem"][0]

    cancelled = get(client, town_url(f"meetings/{data['cancelled'].pk}/"))
    assert cancelled["cancelled"] is True
    assert cancelled["start"] == "2025-09-10T18:00:00+02:00"


def test_a_paper_shows_its_public_path_through_the_bodies_and_its_files(client, oparl_town):
    data = oparl_town
    paper = get(client, town_url(f"papers/{data['paper'].pk}/"))
    with translation.override("de"):
        status_report = str(PaperType.STATUS_REPORT.label)
    assert paper["reference"] == "IR/2025/004"
    assert paper["paperType"] == status_report
    assert paper["date"] == "2025-02-20"
    # The internal steering group, which drafted it and discussed it first, is not named.
    assert paper["originatorOrganization"] == [town_url(f"institutions/{data['caritas'].pk}/")]
    assert [c["organization"] for c in paper["consultation"]] == [
        [town_url(f"organizations/{data['council'].pk}/")],
        [town_url(f"organizations/{data['town_council'].pk}/")],
    ]
    assert [c["authoritative"] for c in paper["consultation"]] == [False, True]
    assert paper["mainFile"]["name"] == "Sachstandsbericht"
    assert paper["mainFile"]["sha512Checksum"] == "b" * 128
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Anlage Kennzahlen"]

    consultation = get(client, paper["consultation"][1]["id"])
    assert consultation["paper"] == paper["id"]
    assert consultation["meeting"] == town_url(f"meetings/{data['council_meeting'].pk}/")

    file = get(client, paper["mainFile"]["id"])
    assert file["paper"] == [paper["id"]]
    assert file["accessUrl"] == f"{BASE}/de/bensheim/gremien/dokumente/{data['main_file'].pk}/"
    access = client.get(path_of(file["accessUrl"]))
    assert access.status_code == 200
    assert not access["Content-Disposition"].startswith("attachment")
    download = client.get(path_of(file["downloadUrl"]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="sachstand.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_omit_internal_leaves_out_the_embedded_lists(client, oparl_town):
    data = oparl_town
    meetings = get(client, town_url("meetings/"), omit_internal="true")
    assert meetings["data"]
    assert not any("agendaItem" in m or "auxiliaryFile" in m for m in meetings["data"])
    assert "omit_internal=true" in meetings["links"]["self"]
    person = get(client, town_url(f"persons/{data['ayse'].pk}/"), omit_internal="true")
    assert "membership" not in person
    paper = get(client, town_url(f"papers/{data['paper'].pk}/"), omit_internal="true")
    assert "auxiliaryFile" not in paper
    assert paper["mainFile"]
    validate(meetings)
    validate(paper)


# --- Synchronisation -------------------------------------------------------------------------
def test_modified_since_returns_changes_and_removals_and_nothing_else(
    client, oparl_town, coordinator
):
    """Released minutes, a deleted item and a body made internal all reach a syncing client."""
    data = oparl_town
    mark = timezone.now()
    deleted_item = data["other_item"].pk
    services.minutes_release(meeting=data["invited"], acting_user=coordinator)
    services.agenda_item_delete(item=data["other_item"], acting_user=coordinator)
    group = data["working_group"]
    group.is_public = False
    services.body_save(body=group, acting_user=coordinator)

    since = {"modified_since": mark.isoformat()}
    items = get(client, town_url("agenda-items/"), **since)["data"]
    held, invited = (town_url(f"meetings/{data[name].pk}/") for name in ("held", "invited"))
    unreleased = town_url(f"agenda-items/{data['unreleased_item'].pk}/")
    live = {i["id"]: i for i in items if not i.get("deleted")}
    assert live[unreleased]["resolutionText"] == "Entwurf, noch nicht freigegeben"
    # The deletion may renumber the other items of its meeting; nothing else changed.
    assert {i["meeting"] for i in live.values()} <= {held, invited}
    assert items[-1] == {
        "id": town_url(f"agenda-items/{deleted_item}/"),
        "type": "https://schema.oparl.org/1.1/AgendaItem",
        "created": items[-1]["created"],
        "modified": items[-1]["modified"],
        "deleted": True,
    }
    assert datetime.datetime.fromisoformat(items[-1]["modified"]) >= mark.replace(microsecond=0)

    meetings = get(client, town_url("meetings/"), **since)["data"]
    changed = {(m["id"], m.get("deleted", False)) for m in meetings}
    assert {(invited, False), (town_url(f"meetings/{data['cancelled'].pk}/"), True)} <= changed
    assert changed <= {
        (invited, False),
        (held, False),
        (town_url(f"meetings/{data['cancelled'].pk}/"), True),
    }
    organizations = get(client, town_url("organizations/"), **since)["data"]
    assert [(o["id"], o.get("deleted")) for o in organizations] == [
        (town_url(f"organizations/{group.pk}/"), True)
    ]
    memberships = get(client, town_url("memberships/"), **since)["data"]
    assert [m["id"] for m in memberships] == [town_url(f"memberships/{data['org_only'].pk}/")]
    validate(items)
    validate(meetings)

    # At its own address the removed body keeps its id, type and creation time.
    removed = get(client, town_url(f"organizations/{group.pk}/"))
    created = timezone.localtime(group.created_at).isoformat(timespec="seconds")
    assert removed["deleted"] is True
    assert removed["created"] == created

    # Without modified_since, removed objects are not listed (spec 2.5), whatever else is asked.
    for params in ({}, {"created_since": "2000-01-01T00:00:00+00:00"}):
        for name in ("meetings/", "agenda-items/", "organizations/", "memberships/"):
            listed = get(client, town_url(name), **params)["data"]
            assert not any(o.get("deleted") for o in listed), (name, params)
            assert town_url(f"meetings/{data['cancelled'].pk}/") not in [o["id"] for o in listed]


def test_a_change_inside_an_object_moves_its_modified_time(client, oparl_town, coordinator):
    """A new decision changes the agenda item, the meeting embedding it and the paper whose
    consultation takes the result; nothing else is reported as modified."""
    data = oparl_town
    mark = timezone.now()
    services.decision_save(
        decision=Decision(
            municipality=data["town"],
            agenda_item=data["report_item"],
            kind=DecisionKind.RECOMMENDED,
            text="Der Integrationsrat empfiehlt der Stadtverordnetenversammlung den Beschluss.",
        ),
        acting_user=coordinator,
    )
    since = {"modified_since": mark.isoformat()}
    assert list_ids(client, town_url("agenda-items/"), **since) == [
        town_url(f"agenda-items/{data['report_item'].pk}/")
    ]
    assert list_ids(client, town_url("meetings/"), **since) == [
        town_url(f"meetings/{data['held'].pk}/")
    ]
    assert list_ids(client, town_url("papers/"), **since) == [
        town_url(f"papers/{data['paper'].pk}/")
    ]
    assert list_ids(client, town_url("consultations/"), **since) == [
        town_url(f"consultations/{data['council_consultation'].pk}/")
    ]
    assert list_ids(client, town_url("organizations/"), **since) == []
    item = get(client, town_url(f"agenda-items/{data['report_item'].pk}/"))
    with translation.override("de"):
        assert item["result"] == str(DecisionKind.RECOMMENDED.label)
    assert "empfiehlt der Stadtverordnetenversammlung" in item["resolutionText"]
    assert datetime.datetime.fromisoformat(item["modified"]) >= mark.replace(microsecond=0)


def test_the_meeting_deleted_through_the_service_is_a_tombstone(client, oparl_town):
    pk = oparl_town["doomed_pk"]
    assert (
        OParlTombstone.objects.for_municipality(oparl_town["town"])
        .filter(object_type="Meeting", object_id=pk)
        .exists()
    )
    meeting = get(client, town_url(f"meetings/{pk}/"))
    assert meeting["deleted"] is True
    assert set(meeting) == {"id", "type", "created", "modified", "deleted"}
    assert meeting["id"] == town_url(f"meetings/{pk}/")
    validate(meeting)
    assert town_url(f"meetings/{pk}/") in list_ids(
        client, town_url("meetings/"), modified_since="2000-01-01T00:00:00+00:00"
    )
    assert town_url(f"meetings/{pk}/") not in list_ids(client, town_url("meetings/"))


def test_a_removed_institution_is_a_deleted_organization(client, oparl_town):
    """Network organisations have ids of their own; their tombstones are Organizations, too."""
    mosque = oparl_town["mosque"]
    OParlTombstone.objects.create(
        municipality=oparl_town["town"],
        object_type="Institution",
        object_id=mosque.pk,
        created=mosque.created_at,
    )
    removed = get(client, town_url(f"institutions/{mosque.pk}/"))
    assert removed["type"] == "https://schema.oparl.org/1.1/Organization"
    assert removed["deleted"] is True
    since = {"modified_since": "2000-01-01T00:00:00+00:00"}
    assert removed in get(client, town_url("organizations/"), **since)["data"]
    assert removed not in get(client, town_url("organizations/"))["data"]


def test_created_and_modified_filters_bound_the_list(client, oparl_town):
    data = oparl_town
    later = timezone.now() + datetime.timedelta(days=1)
    earlier = timezone.now() - datetime.timedelta(days=1)
    everything = list_ids(client, town_url("meetings/"))
    assert len(everything) == 4
    assert list_ids(client, town_url("meetings/"), created_since=later.isoformat()) == []
    assert list_ids(client, town_url("meetings/"), created_until=earlier.isoformat()) == []
    assert list_ids(client, town_url("meetings/"), modified_until=later.isoformat()) == everything
    assert list_ids(client, town_url("meetings/"), created_since=earlier.isoformat()) == everything
    assert data["held"].pk < data["invited"].pk  # the order is the id order


# --- Lists -----------------------------------------------------------------------------------
def test_pages_link_to_each_other_and_keep_the_filters(client, oparl_town):
    council = oparl_town["council"]
    for day in range(1, 8):
        MeetingFactory(
            body=council, name=f"Sondersitzung {day}", starts_at=_at(f"2025-10-0{day}", 9)
        )
    params = {"modified_since": "2000-01-01T00:00:00+00:00", "omit_internal": "true", "limit": "3"}
    first = get(client, town_url("meetings/"), **params)
    assert first["pagination"] == {
        "totalElements": 12,  # 11 public meetings and the deleted one
        "elementsPerPage": 3,
        "currentPage": 1,
        "totalPages": 4,
    }
    assert "prev" not in first["links"]
    expected_query = "?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00&omit_internal=true&limit=3"
    assert first["links"]["self"] == town_url("meetings/") + expected_query
    assert first["links"]["first"] == first["links"]["self"]
    assert first["links"]["last"] == town_url("meetings/") + expected_query + "&page=4"
    ids, page, pages = [], first, 1
    while True:
        ids += [m["id"] for m in page["data"]]
        if "next" not in page["links"]:
            break
        assert page["links"]["next"].startswith(town_url("meetings/") + expected_query)
        page = get(client, page["links"]["next"])
        pages += 1
        assert page["links"]["prev"]
    assert pages == 4
    assert len(ids) == len(set(ids)) == 12
    assert page["links"]["self"] == first["links"]["last"]
    live = [int(i.rstrip("/").rsplit("/", 1)[1]) for i in ids[:-1]]
    assert live == sorted(live)

    # Beyond the last page there is nothing more, and no next link.
    beyond = get(client, town_url("meetings/"), page="9", limit="3")
    assert beyond["data"] == []
    assert "next" not in beyond["links"]


def test_a_large_limit_is_capped_and_a_missing_one_has_a_default(client, oparl_town):
    capped = get(client, town_url("meetings/"), limit="5000")
    assert capped["pagination"]["elementsPerPage"] == 100
    assert capped["links"]["self"].endswith("?limit=100")
    assert get(client, town_url("meetings/"))["pagination"]["elementsPerPage"] == 50


@pytest.mark.parametrize(
    "params",
    [
        {"modified_since": "gestern"},
        {"modified_since": "2025-01-01"},  # a date is not a date-time
        {"created_since": "2025-01-01T10:00:00"},  # no offset
        {"created_until": "2025-13-01T10:00:00+01:00"},
        {"modified_until": ""},
        {"limit": "0"},
        {"limit": "ten"},
        {"limit": "-5"},
        {"page": "0"},
        {"page": "2.5"},
        {"omit_internal": "vielleicht"},
    ],
)
def test_a_bad_filter_value_is_a_400_error_object(client, oparl_town, params):
    error = get(client, town_url("meetings/"), status=400, **params)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert error["message"].endswith(".")
    assert next(iter(params)) in error["message"]


def test_an_unencoded_plus_in_the_offset_is_understood(client, oparl_town):
    """A client that forgets to encode "+" sends a space; the moment is still understood."""
    response = client.get(
        town_url("meetings/").removeprefix(BASE) + "?created_since=2000-01-01T00:00:00+01:00"
    )
    assert response.status_code == 200
    assert response.json()["pagination"]["totalElements"] == 4


def test_lists_need_a_fixed_number_of_queries(client, oparl_town, django_assert_max_num_queries):
    """No query per object: a page with many meetings, items, papers costs what one does."""
    council, town = oparl_town["council"], oparl_town["town"]

    def counts() -> dict[str, int]:
        result = {}
        for name in ("organizations/", "persons/", "memberships/", "meetings/", "agenda-items/",
                     "papers/", "consultations/", "files/", "locations/"):  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                get(client, town_url(name), modified_since="2000-01-01T00:00:00+00:00")
            result[name] = len(queries)
        return result

    before = counts()
    for n in range(6):
        meeting = MeetingFactory(
            body=council, name=f"Sitzung {n}", location=oparl_town["town_hall"]
        )
        item = AgendaItemFactory(meeting=meeting, position=1)
        DecisionFactory(agenda_item=item)
        DocumentFactory(municipality=town, paper=None, agenda_item=item)
        paper = PaperFactory(municipality=town, originator_organisation=oparl_town["caritas"])
        ConsultationFactory(paper=paper, body=council, meeting=meeting, agenda_item=item)
        DocumentFactory(paper=paper, is_main_file=True)
        person = ContactPersonFactory(organisation=oparl_town["caritas"])
        BodyMembershipFactory(body=council, person=person, name_is_public=True)
    assert counts() == before
    with django_assert_max_num_queries(10):
        get(client, town_url("meetings/"))


# --- Errors ----------------------------------------------------------------------------------
def test_unknown_foreign_and_internal_objects_are_404_error_objects(client, oparl_town):
    data = oparl_town
    minden_meeting = data["minden_meeting"]
    hidden = [
        "meetings/999999/",
        f"meetings/{minden_meeting.pk}/",  # Minden's, asked under Bensheim
        f"meetings/{data['closed'].pk}/",  # internal meeting of a public body
        f"meetings/{data['steering_meeting'].pk}/",  # meeting of an internal body
        f"organizations/{data['steering'].pk}/",
        f"organizations/{data['steering'].pk}/meetings/",
        f"agenda-items/{data['secret_item'].pk}/",
        f"papers/{data['secret_paper'].pk}/",
        f"memberships/{data['hidden'].pk}/",
        f"memberships/{data['internal_membership'].pk}/",
        f"persons/{data['thomas'].pk}/",
        f"locations/{data['backroom'].pk}/",
        f"institutions/{data['mosque'].pk}/",
        f"institutions/{data['institute'].pk}/",  # public, but sits in no body
        "meetings/abc/",
        "sitzungen/",
    ]
    for rest in hidden:
        error = get(client, town_url(rest), status=404)
        assert error["type"] == "https://schema.oparl.org/1.1/Error", rest
        assert error["message"]
    for path in ("/oparl/v1.1/bodies/nowhere/", "/oparl/v1.1/unknown/", "/oparl/v2/"):
        assert get(client, path, status=404)["type"] == "https://schema.oparl.org/1.1/Error"
    # Under its own town's address, Minden's meeting is there.
    assert get(client, f"{API}bodies/minden/meetings/{minden_meeting.pk}/")["name"] == (
        "Sitzung in Minden"
    )


def test_files_of_internal_things_cannot_be_downloaded_and_removed_ones_are_gone(
    client, oparl_town, coordinator
):
    data = oparl_town
    internal = data["paper"].documents.get(title="Interne Anlage")
    assert get(client, town_url(f"files/{internal.pk}/download/"), status=404)
    annex = data["annex"].pk
    services.document_delete(document=data["annex"], acting_user=coordinator)
    assert get(client, town_url(f"files/{annex}/download/"), status=410)
    assert get(client, town_url(f"files/{annex}/"))["deleted"] is True


def test_a_non_canonical_address_redirects_to_the_canonical_one(client, oparl_town):
    pk = oparl_town["held"].pk
    response = client.get(f"{API}bodies/bensheim/meetings/00{pk}/?omit_internal=true")
    assert response.status_code == 301
    assert response["Location"] == f"{API}bodies/bensheim/meetings/{pk}/?omit_internal=true"


def test_the_api_can_only_be_read(client, oparl_town):
    response = client.post(town_url("meetings/").removeprefix(BASE))
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
    preflight = client.options(town_url("meetings/").removeprefix(BASE))
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
