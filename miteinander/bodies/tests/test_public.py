"""The public pages of bodies, meetings and papers, per role.

The public (and a reader of the town without a membership, and another town's coordinator) sees
public bodies, their public meetings and agenda items and, once released, the minutes and
decisions of public items. A member of a body sees its internal parts as well; coordination sees
everything of the town. Whatever someone may not see answers 404.
"""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from miteinander.bodies import selectors
from miteinander.bodies.models import (
    BodyKind,
    ConsultationRole,
    DecisionKind,
    MeetingState,
    MembershipRole,
)
from miteinander.municipalities.models import Role
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    ContactPersonFactory,
    DecisionFactory,
    DocumentFactory,
    LocationFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "member", "coordination", "other_town"]
INSIDERS = {"member", "coordination"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(bensheim, minden, member_of, coordinator):
    """Bensheim's Integrationsrat (public) and steering group (internal) with their meetings."""
    now = timezone.now()
    council = BodyFactory(
        municipality=bensheim,
        name="Integrationsrat Bensheim",
        kind=BodyKind.INTEGRATION_COUNCIL,
        purpose="Der Integrationsrat vertritt die Menschen mit Migrationsgeschichte.",
    )
    steering = BodyFactory(
        municipality=bensheim,
        name="Steuerungsgruppe KIM",
        kind=BodyKind.STEERING_GROUP,
        is_public=False,
    )
    member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(
        body=council,
        user=member,
        person=ContactPersonFactory(organisation__municipality=bensheim, name="Ayşe Demir"),
        role=MembershipRole.CHAIR,
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(organisation__municipality=bensheim, name="Jonas Listig"),
        name_is_public=True,
        represents="Jugendliche",
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(
            organisation=OrganisationFactory(municipality=bensheim, name="Stiller Verein"),
            name="Vera Verborgen",
        ),
    )
    BodyMembershipFactory(
        body=council,
        person=None,
        organisation=OrganisationFactory(
            municipality=bensheim, name="Caritasverband Bergstraße", is_public=True
        ),
        role=MembershipRole.ADVISORY,
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(organisation__municipality=bensheim, name="Frühere Person"),
        name_is_public=True,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    place = LocationFactory(
        municipality=bensheim, description="Rathaus, Großer Sitzungssaal", city="Bensheim"
    )
    upcoming = MeetingFactory(
        body=council,
        name="12. Sitzung",
        starts_at=now + datetime.timedelta(days=20),
        location=place,
    )
    upcoming_public = AgendaItemFactory(
        meeting=upcoming,
        position=1,
        number="1",
        title="Sachstandsbericht Kommunales Integrationsmanagement",
        presenter="Institut für soziale Innovation",
        minutes="Frau Demir stellt den Bericht vor (Entwurf).",
    )
    DecisionFactory(agenda_item=upcoming_public, text="Entwurf des Beschlusses zum Bericht.")
    AgendaItemFactory(meeting=upcoming, position=2, title="Personalangelegenheit", is_public=False)
    held = MeetingFactory(
        body=council,
        name="11. Sitzung",
        starts_at=now - datetime.timedelta(days=40),
        state=MeetingState.HELD,
        minutes_released_at=now - datetime.timedelta(days=30),
    )
    held_public = AgendaItemFactory(
        meeting=held,
        position=1,
        number="3",
        title="Handlungskonzept Mehrsprachigkeit",
        minutes="Der Integrationsrat berät das Konzept ausführlich.",
    )
    DecisionFactory(
        agenda_item=held_public,
        kind=DecisionKind.RESOLVED,
        text="Der Integrationsrat beschließt das Handlungskonzept.",
        votes_for=7,
        votes_against=1,
        abstentions=2,
    )
    held_private = AgendaItemFactory(
        meeting=held, position=2, number="4", title="Vergabe Zuschüsse", is_public=False
    )
    DecisionFactory(agenda_item=held_private, text="Vertraulicher Zuschussbeschluss.")
    closed = MeetingFactory(
        body=council, name="Klausurtagung", is_public=False, starts_at=now + timedelta_days(5)
    )
    internal = MeetingFactory(
        body=steering, name="4. Treffen Steuerungsgruppe", starts_at=now + timedelta_days(10)
    )
    paper = PaperFactory(
        municipality=bensheim,
        reference="IR/2026/004",
        title="Sachstandsbericht KIM 2026",
        summary="Bericht über den Stand des Kommunalen Integrationsmanagements.",
    )
    ConsultationFactory(
        paper=paper,
        body=steering,
        meeting=internal,
        position=1,
        role=ConsultationRole.DELIBERATION,
        result=DecisionKind.RECOMMENDED,
    )
    ConsultationFactory(
        paper=paper,
        body=council,
        meeting=held,
        agenda_item=held_public,
        position=2,
        result=DecisionKind.NOTED,
    )
    ConsultationFactory(
        paper=paper,
        body=council,
        meeting=upcoming,
        agenda_item=upcoming_public,
        position=3,
        role=ConsultationRole.DECISION,
        authoritative=True,
        result=DecisionKind.REJECTED,
    )
    town_council = BodyFactory(
        municipality=bensheim, name="Stadtverordnetenversammlung", kind=BodyKind.TOWN_COUNCIL
    )
    ConsultationFactory(paper=paper, body=town_council, position=4)
    internal_paper = PaperFactory(
        municipality=bensheim, title="Interne Vorlage Steuerung", is_public=False
    )
    ConsultationFactory(paper=internal_paper, body=steering, meeting=internal)
    main_document = DocumentFactory(paper=paper, title="Bericht (PDF)", is_main_file=True)
    internal_document = DocumentFactory(paper=paper, title="Interne Anlage Zahlen", is_public=False)
    measure = MeasureFactory(
        goal__field_of_action__municipality=bensheim,
        title="Sprachkurse für Eltern",
        is_published=True,
    )
    paper.measures.add(measure)
    users = {
        "anonymous": None,
        "reader": member_of(bensheim, Role.READER),
        "member": member,
        "coordination": coordinator,
        "other_town": member_of(minden, Role.COORDINATION),
    }
    return SimpleNamespace(**locals())


def timedelta_days(days):
    return datetime.timedelta(days=days)


def login(client, world, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


BASE = "/en/bensheim/gremien"


# Which pages each role reaches at all.


@pytest.mark.parametrize("role", ROLES)
def test_public_things_are_reachable_for_every_role(client, world, role):
    login(client, world, role)
    for url in (
        f"{BASE}/",
        f"{BASE}/{world.council.pk}/",
        f"{BASE}/{world.council.pk}/kalender.ics",
        f"{BASE}/sitzungen/{world.upcoming.pk}/",
        f"{BASE}/sitzungen/{world.upcoming.pk}/sitzung.ics",
        f"{BASE}/sitzungen/{world.held.pk}/",
        f"{BASE}/vorlagen/{world.paper.pk}/",
        f"{BASE}/dokumente/{world.main_document.pk}/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_internal_things_answer_404_to_outsiders(client, world, role):
    login(client, world, role)
    expected = {
        # The Integrationsrat's non-public meeting: its members and coordination.
        f"{BASE}/sitzungen/{world.closed.pk}/": role in INSIDERS,
        f"{BASE}/sitzungen/{world.closed.pk}/sitzung.ics": role in INSIDERS,
        # The internal steering group: only coordination (the member sits in the council).
        f"{BASE}/{world.steering.pk}/": role == "coordination",
        f"{BASE}/sitzungen/{world.internal.pk}/": role == "coordination",
        f"{BASE}/sitzungen/{world.internal.pk}/sitzung.ics": role == "coordination",
        f"{BASE}/vorlagen/{world.internal_paper.pk}/": role == "coordination",
        # The paper's internal attachment: readers of a body that consults the paper.
        f"{BASE}/dokumente/{world.internal_document.pk}/": role in INSIDERS,
        # There is no private feed, for anyone.
        f"{BASE}/{world.steering.pk}/kalender.ics": False,
    }
    for url, visible in expected.items():
        assert client.get(url).status_code == (200 if visible else 404), (role, url)


def test_other_towns_address_finds_nothing_of_bensheim(client, world):
    client.force_login(world.users["other_town"])
    for url in (
        f"/en/minden/gremien/{world.council.pk}/",
        f"/en/minden/gremien/sitzungen/{world.upcoming.pk}/",
        f"/en/minden/gremien/vorlagen/{world.paper.pk}/",
        f"/en/minden/gremien/{world.council.pk}/kalender.ics",
    ):
        assert client.get(url).status_code == 404, url


def test_pages_refuse_writes(client, world):
    assert client.post(f"{BASE}/sitzungen/{world.upcoming.pk}/").status_code == 405


# What each role sees on the pages.


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_bodies_by_kind_and_upcoming_meetings(client, world, role):
    html = page(login(client, world, role), f"{BASE}/")
    assert "Integrationsrat Bensheim" in html
    assert "Integration council / foreigners&#x27; council" in html
    assert "Stadtverordnetenversammlung" in html
    assert "Der Integrationsrat vertritt" in html
    assert "12. Sitzung" in html
    assert "11. Sitzung" not in html  # past
    assert ("Steuerungsgruppe KIM" in html) == (role == "coordination")
    assert ("Klausurtagung" in html) == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_body_page_lists_members_as_the_role_may_see_them(client, world, role):
    html = page(login(client, world, role), f"{BASE}/{world.council.pk}/")
    assert "Der Integrationsrat vertritt" in html
    assert "Jonas Listig" in html and "Jugendliche" in html
    assert "Caritasverband Bergstraße" in html
    assert (
        f"/en/bensheim/organisations/{world.council.memberships.get(person=None).organisation_id}/"
        in html
    )
    assert ("Ayşe Demir" in html) == (role in INSIDERS)
    assert ("Vera Verborgen" in html) == (role in INSIDERS)
    assert ("Stiller Verein" in html) == (role in INSIDERS)
    assert "Frühere Person" in html  # former members, listed by consent
    assert "12. Sitzung" in html and "11. Sitzung" in html
    assert ("Klausurtagung" in html) == (role in INSIDERS)
    assert f"{BASE}/{world.council.pk}/kalender.ics" in html


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_before_the_minutes_are_released(client, world, role):
    html = page(login(client, world, role), f"{BASE}/sitzungen/{world.upcoming.pk}/")
    assert "Integrationsrat Bensheim" in html
    assert "Sachstandsbericht Kommunales Integrationsmanagement" in html
    assert "Institut für soziale Innovation" in html
    assert "Rathaus, Großer Sitzungssaal" in html
    assert f"{BASE}/vorlagen/{world.paper.pk}/" in html
    assert f"{BASE}/sitzungen/{world.upcoming.pk}/tagesordnung.pdf" in html
    assert f"{BASE}/sitzungen/{world.upcoming.pk}/sitzung.ics" in html
    insider = role in INSIDERS
    assert ("Personalangelegenheit" in html) == insider
    assert ("Non-public part" in html) == insider
    # Minutes and decisions wait for the release, except for members and coordination.
    assert ("Frau Demir stellt den Bericht vor" in html) == insider
    assert ("Entwurf des Beschlusses" in html) == insider
    assert (f"{BASE}/sitzungen/{world.upcoming.pk}/niederschrift.pdf" in html) == insider


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_after_the_minutes_are_released(client, world, role):
    html = page(login(client, world, role), f"{BASE}/sitzungen/{world.held.pk}/")
    assert "Der Integrationsrat berät das Konzept ausführlich." in html
    assert "Der Integrationsrat beschließt das Handlungskonzept." in html
    assert "Resolved (Beschluss)" in html
    assert "Votes: 7 for, 1 against, 2 abstentions" in html
    assert f"{BASE}/sitzungen/{world.held.pk}/niederschrift.pdf" in html
    insider = role in INSIDERS
    assert ("Vergabe Zuschüsse" in html) == insider
    assert ("Vertraulicher Zuschussbeschluss" in html) == insider


def test_meeting_page_marks_content_german_and_times_local(client, world):
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    local = timezone.localtime(world.upcoming.starts_at, timezone.get_default_timezone())
    assert local.strftime("%H:%M") in html
    assert '<bdi lang="de">12. Sitzung</bdi>' in html
    assert "All times are local times in Bensheim." in html


def test_meeting_page_carries_event_json_ld(client, world):
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Event"
    assert data["name"] == "Integrationsrat Bensheim: 12. Sitzung"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Rathaus, Großer Sitzungssaal"


def test_json_ld_cannot_end_the_script_element(client, world):
    world.upcoming.name = "</script><script>alert(1)</script>"
    world.upcoming.save()
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    assert "</script><script>alert(1)" not in html


def test_a_cancelled_meeting_is_clearly_marked(client, world):
    world.upcoming.state = MeetingState.CANCELLED
    world.upcoming.save()
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    assert "This meeting has been cancelled and does not take place." in html
    assert "EventCancelled" in html
    assert "cancelled" in page(client, f"{BASE}/{world.council.pk}/")


def test_an_online_meeting_shows_its_link(client, world):
    world.upcoming.location = None
    world.upcoming.online_url = "https://meet.example.org/ir"
    world.upcoming.save()
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    assert 'href="https://meet.example.org/ir"' in html


def test_internal_documents_are_never_linked_for_the_public(client, world):
    doc = DocumentFactory(
        paper=None,
        municipality=world.bensheim,
        agenda_item=world.held.agenda_items.get(is_public=True),
        title="Interne Tischvorlage",
        is_public=False,
    )
    public_doc = DocumentFactory(
        paper=None,
        municipality=world.bensheim,
        meeting=world.held,
        title="Öffentliche Einladung",
        is_public=True,
    )
    html = page(client, f"{BASE}/sitzungen/{world.held.pk}/")
    assert f"{BASE}/dokumente/{public_doc.pk}/" in html
    assert f"{BASE}/dokumente/{doc.pk}/" not in html
    assert "Interne Tischvorlage" not in html
    client.force_login(world.member)
    assert f"{BASE}/dokumente/{doc.pk}/" in page(client, f"{BASE}/sitzungen/{world.held.pk}/")


@pytest.mark.parametrize("role", ROLES)
def test_paper_page_follows_the_paper_through_the_bodies(client, world, role):
    html = page(login(client, world, role), f"{BASE}/vorlagen/{world.paper.pk}/")
    assert "IR/2026/004" in html and "Sachstandsbericht KIM 2026" in html
    assert "Bericht über den Stand" in html
    assert "Status report" in html
    assert f"{BASE}/dokumente/{world.main_document.pk}/" in html
    assert (f"{BASE}/dokumente/{world.internal_document.pk}/" in html) == (role in INSIDERS)
    assert "Sprachkurse für Eltern" in html
    way = html[html.index('id="way-heading"') :]
    stations = ["Integrationsrat Bensheim", "Stadtverordnetenversammlung"]
    if role == "coordination":
        stations.insert(0, "Steuerungsgruppe KIM")
    positions = [way.index(name) for name in stations]
    assert positions == sorted(positions)
    assert ("Steuerungsgruppe KIM" in way) == (role == "coordination")
    assert "Taken note of (Kenntnisnahme)" in way  # released minutes
    # The decision of the meeting whose minutes are not released yet stays hidden.
    assert ("Rejected (Ablehnung)" in way) == (role in INSIDERS)
    assert "not yet scheduled" in way
    assert f"{BASE}/sitzungen/{world.held.pk}/" in way


def test_an_unreleased_meetings_minutes_pdf_is_not_found_for_the_public(client, world):
    assert client.get(f"{BASE}/sitzungen/{world.upcoming.pk}/niederschrift.pdf").status_code == 404


def test_feed_link_only_for_public_bodies(client, world):
    client.force_login(world.coordinator)
    html = page(client, f"{BASE}/{world.steering.pk}/")
    assert "kalender.ics" not in html
    assert "This body works internally" in html


def test_a_member_of_the_internal_body_sees_it(client, world, member_of):
    insider = member_of(world.bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=world.steering, user=insider)
    client.force_login(insider)
    assert "4. Treffen Steuerungsgruppe" in page(client, f"{BASE}/{world.steering.pk}/")
    assert client.get(f"{BASE}/sitzungen/{world.internal.pk}/").status_code == 200
    assert client.get(f"{BASE}/vorlagen/{world.internal_paper.pk}/").status_code == 200
    # ... but not the council's non-public part.
    html = page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")
    assert "Personalangelegenheit" not in html


def test_a_former_member_no_longer_sees_internals(client, world, member_of):
    former = member_of(world.bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(
        body=world.council,
        user=former,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    client.force_login(former)
    assert client.get(f"{BASE}/sitzungen/{world.closed.pk}/").status_code == 404
    assert "Personalangelegenheit" not in page(client, f"{BASE}/sitzungen/{world.upcoming.pk}/")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_pages_render_in_the_visitors_language(client, world, language):
    html = page(client, f"/{language}/bensheim/gremien/sitzungen/{world.held.pk}/")
    assert f'<html lang="{language}"' in html
    assert '<bdi lang="de">Handlungskonzept Mehrsprachigkeit</bdi>' in html


def test_organisation_section_lists_the_bodies_it_sits_in(world):
    """The section for an organisation's page in the network, as its selector feeds it."""
    caritas = world.council.memberships.get(person=None).organisation
    BodyMembershipFactory(body=world.steering, person=None, organisation=caritas)
    for user, sees_internal in ((world.users["reader"], False), (world.coordinator, True)):
        data = selectors.organisation_bodies(caritas, user)
        html = render_to_string(
            "bodies/_organisation_bodies.html",
            {"data": data, "municipality": world.bensheim},
        )
        assert f"/bensheim/workspace/bodies/{world.council.pk}/" in html
        assert "Integrationsrat Bensheim" in html
        assert ("Steuerungsgruppe KIM" in html) == sees_internal
