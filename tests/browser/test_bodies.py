"""axe-core finds no WCAG 2.1 A/AA violation on the public pages of bodies and meetings."""

import datetime

import pytest
from django.utils import timezone

from miteinander.bodies.models import BodyKind, DecisionKind, MeetingState
from miteinander.municipalities.models import Role
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    ContactPersonFactory,
    DecisionFactory,
    DocumentFactory,
    LocationFactory,
    MeetingFactory,
    OrganisationFactory,
)

from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def council(bensheim, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    council = BodyFactory(
        municipality=bensheim,
        name="Integrationsrat Bensheim",
        kind=BodyKind.INTEGRATION_COUNCIL,
        purpose="Der Integrationsrat vertritt die Menschen mit Migrationsgeschichte.\n\n"
        "Er berät den Magistrat in allen Fragen der Integration.",
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(organisation__municipality=bensheim, name="Jonas Weber"),
        name_is_public=True,
        represents="Jugendliche",
    )
    BodyMembershipFactory(
        body=council,
        person=None,
        organisation=OrganisationFactory(
            municipality=bensheim, name="Caritasverband Bergstraße", is_public=True
        ),
    )
    place = LocationFactory(municipality=bensheim, description="Rathaus, Großer Sitzungssaal")
    MeetingFactory(body=council, name="13. Sitzung", starts_at=now + datetime.timedelta(days=30))
    MeetingFactory(
        body=council,
        name="Sondersitzung",
        starts_at=now + datetime.timedelta(days=10),
        state=MeetingState.CANCELLED,
    )
    held = MeetingFactory(
        body=council,
        name="12. Sitzung",
        starts_at=now - datetime.timedelta(days=14),
        location=place,
        state=MeetingState.HELD,
        minutes_released_at=now - datetime.timedelta(days=7),
    )
    item = AgendaItemFactory(
        meeting=held,
        position=1,
        number="1",
        title="Sachstandsbericht Kommunales Integrationsmanagement",
        presenter="Institut für soziale Innovation",
        minutes="Der Bericht wird vorgestellt.",
    )
    DecisionFactory(
        agenda_item=item, kind=DecisionKind.NOTED, votes_for=9, votes_against=0, abstentions=1
    )
    ConsultationFactory(paper__municipality=bensheim, body=council, meeting=held, agenda_item=item)
    DocumentFactory(paper=None, municipality=bensheim, agenda_item=item, title="Präsentation")
    AgendaItemFactory(meeting=held, position=2, title="Vergabe Zuschüsse", is_public=False)
    return council


def login(page, live_server, user):
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_body_pages_have_no_axe_violations(live_server, council, page, language, screenshot):
    held = council.meetings.get(name="12. Sitzung")
    base = f"{live_server.url}/{language}/bensheim/gremien"
    for name, path in (
        ("list", "/"),
        ("body", f"/{council.pk}/"),
        ("meeting", f"/sitzungen/{held.pk}/"),
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], path
        screenshot(page, f"bodies-{name}-{language}")
    assert page.locator("h1").inner_text() == "12. Sitzung"
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.get_by_text("Vergabe Zuschüsse").count() == 0


def test_the_members_view_of_a_meeting_has_no_axe_violations(
    live_server, council, page, member_of, screenshot
):
    member = member_of(council.municipality, Role.BODY_MEMBER)
    BodyMembershipFactory(body=council, user=member)
    login(page, live_server, member)
    held = council.meetings.get(name="12. Sitzung")
    page.goto(f"{live_server.url}/ar/bensheim/gremien/sitzungen/{held.pk}/")
    assert page.get_by_text("Vergabe Zuschüsse").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "bodies-meeting-member-ar")
