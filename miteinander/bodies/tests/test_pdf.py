"""The agenda and the minutes of a meeting as PDF, read back with pypdf.

The PDF shows what the meeting page shows to the person asking: the public part for the public,
the non-public part (marked as such) for members and coordination, the minutes only once they
may be read.
"""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from miteinander.bodies import pdf
from miteinander.bodies.models import BodyKind, DecisionKind, MeetingState
from miteinander.municipalities.models import Role
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    DecisionFactory,
    LocationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(bensheim):
    council = BodyFactory(
        municipality=bensheim, name="Integrationsrat", kind=BodyKind.INTEGRATION_COUNCIL
    )
    meeting = MeetingFactory(
        body=council,
        name="12. Sitzung",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        location=LocationFactory(municipality=bensheim, description="Rathaus Bensheim"),
    )
    public = AgendaItemFactory(
        meeting=meeting,
        position=1,
        number="1",
        title="Sachstandsbericht Integrationsmanagement",
        presenter="Institut Solingen",
        minutes="Der Bericht wird vorgestellt und diskutiert.",
    )
    DecisionFactory(
        agenda_item=public,
        kind=DecisionKind.NOTED,
        text="Der Integrationsrat nimmt den Bericht zur Kenntnis.",
        votes_for=9,
        votes_against=0,
        abstentions=1,
    )
    ConsultationFactory(paper__municipality=bensheim, paper__reference="IR/2026/007",
                        body=council, meeting=meeting, agenda_item=public)  # fmt: skip
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        number="2",
        title="Vertrauliche Personalsache",
        is_public=False,
        minutes="Vertrauliches Protokoll.",
    )
    DecisionFactory(agenda_item=secret, text="Geheimer Beschluss zur Personalsache.")
    return meeting


def text_of(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def url(meeting, kind):
    name = {"agenda": "tagesordnung", "minutes": "niederschrift"}[kind]
    return f"/en/{meeting.municipality.slug}/gremien/sitzungen/{meeting.pk}/{name}.pdf"


def test_public_agenda_pdf_leaves_out_the_non_public_part(client, meeting):
    text = text_of(client.get(url(meeting, "agenda")))
    assert "Integrationsrat: 12. Sitzung" in text
    assert "Sachstandsbericht Integrationsmanagement" in text
    assert "Institut Solingen" in text
    assert "IR/2026/007" in text
    assert "Rathaus Bensheim" in text
    assert "Vertrauliche Personalsache" not in text
    # The agenda does not anticipate the minutes.
    assert "Der Bericht wird vorgestellt" not in text


def test_members_get_the_non_public_part_marked_as_such(client, meeting, member_of):
    member = member_of(meeting.municipality, Role.BODY_MEMBER)
    BodyMembershipFactory(body=meeting.body, user=member)
    client.force_login(member)
    response = client.get(url(meeting, "agenda"))
    text = text_of(response)
    assert "Vertrauliche Personalsache" in text
    # PDFs are always German, whatever the page language; the label is set in capitals.
    assert "nicht öffentlich – nur für mitglieder" in text.lower()
    assert response["Cache-Control"] == "private, no-store"


def test_minutes_pdf_is_not_found_before_release(client, meeting, coordinator):
    assert client.get(url(meeting, "minutes")).status_code == 404
    client.force_login(coordinator)
    text = text_of(client.get(url(meeting, "minutes")))
    assert "Entwurf: Die Niederschrift ist noch nicht freigegeben." in text


def test_released_minutes_pdf_shows_decisions_of_the_public_part(client, meeting):
    meeting.minutes_released_at = timezone.now()
    meeting.state = MeetingState.HELD
    meeting.save()
    text = text_of(client.get(url(meeting, "minutes")))
    assert "Der Bericht wird vorgestellt und diskutiert." in text
    assert "Der Integrationsrat nimmt den Bericht zur Kenntnis." in text
    # The kind of decision heads its text; PDFs are German whatever the page language.
    assert "Kenntnisnahme Der Integrationsrat nimmt den Bericht zur Kenntnis." in text
    assert "Abstimmung: 9 Ja-Stimmen, 0 Nein-Stimmen, 1 Enthaltungen" in text
    assert "Vertrauliche Personalsache" not in text
    assert "Geheimer Beschluss" not in text
    assert "Vertrauliches Protokoll" not in text


def test_minutes_pdf_for_coordination_has_everything(client, meeting, coordinator):
    meeting.minutes_released_at = timezone.now()
    meeting.save()
    client.force_login(coordinator)
    text = text_of(client.get(url(meeting, "minutes")))
    assert "Geheimer Beschluss zur Personalsache." in text
    assert "Vertrauliches Protokoll." in text


def test_a_cancelled_meeting_says_so_in_its_agenda(client, meeting):
    meeting.state = MeetingState.CANCELLED
    meeting.save()
    assert "Diese Sitzung wurde abgesagt." in text_of(client.get(url(meeting, "agenda")))


def test_an_internal_meetings_pdf_is_not_found_for_the_public(client, meeting):
    meeting.is_public = False
    meeting.save()
    assert client.get(url(meeting, "agenda")).status_code == 404


def test_the_pdf_is_german_whatever_the_page_language(client, meeting):
    response = client.get(url(meeting, "agenda").replace("/en/", "/ar/"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('inline; filename="tagesordnung-')


def test_without_weasyprint_a_friendly_page_explains(client, meeting, monkeypatch):
    def unavailable(context):
        raise pdf.PdfUnavailable("no pango")

    monkeypatch.setattr(pdf, "agenda_pdf", unavailable)
    response = client.get(url(meeting, "agenda"))
    assert response.status_code == 503
    assert b"The PDF cannot be made on this server" in response.content
    assert f"/gremien/sitzungen/{meeting.pk}/".encode() in response.content


def test_minutes_pdf_refuses_a_context_without_minutes(meeting):
    with pytest.raises(ValueError):
        pdf.minutes_pdf({"meeting": meeting, "show_minutes": False})
