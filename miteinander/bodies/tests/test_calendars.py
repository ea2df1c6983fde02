"""Calendar files of meetings and the ICS feed of a body, parsed back with `icalendar`.

Neither icalendar nor vobject rejects a calendar without PRODID, VERSION, UID or DTSTAMP, so
these tests check the required properties themselves.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from icalendar import Calendar

from miteinander.bodies import calendars
from miteinander.bodies.models import BodyKind, MeetingState
from miteinander.municipalities.models import Role
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    LocationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def council(bensheim):
    return BodyFactory(
        municipality=bensheim,
        name="Integrationsrat",
        kind=BodyKind.INTEGRATION_COUNCIL,
        purpose="Vertretung der Menschen mit Migrationsgeschichte.",
    )


@pytest.fixture
def meeting(council):
    meeting = MeetingFactory(
        body=council,
        name="12. Sitzung",
        starts_at=at(2026, 12, 3, 17, 0),
        ends_at=at(2026, 12, 3, 19, 30),
        location=LocationFactory(
            municipality=council.municipality,
            description="Rathaus, Großer Sitzungssaal",
            street="Kirchbergstraße 18",
            postcode="64625",
            city="Bensheim",
        ),
    )
    AgendaItemFactory(meeting=meeting, position=1, number="1", title="Begrüßung")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        number="2",
        title="Sachstandsbericht Kommunales Integrationsmanagement",
        presenter="Institut für soziale Innovation, Solingen",
    )
    AgendaItemFactory(
        meeting=meeting, position=3, number="3", title="Personalangelegenheit", is_public=False
    )
    return meeting


def parse(data: bytes) -> Calendar:
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def assert_rfc5545_required(calendar: Calendar):
    """The properties RFC 5545 requires, which the parser does not enforce."""
    assert str(calendar["PRODID"]) == calendars.PRODID
    assert str(calendar["VERSION"]) == "2.0"
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        assert str(event["UID"])
        assert event["DTSTAMP"].dt.tzinfo is not None
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]


def test_a_meeting_file_has_every_required_property(meeting):
    calendar = parse(calendars.meeting_calendar(meeting, internal=False))
    assert_rfc5545_required(calendar)
    assert "METHOD" not in calendar
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@127.0.0.1"
    assert str(event["SUMMARY"]) == "Integrationsrat: 12. Sitzung"
    assert event["DTSTART"].dt == at(2026, 12, 3, 17, 0)
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    assert event["DTEND"].dt == at(2026, 12, 3, 19, 30)
    assert str(event["LOCATION"]) == (
        "Rathaus, Großer Sitzungssaal, Kirchbergstraße 18, 64625 Bensheim"
    )
    assert str(event["URL"]).endswith(f"/bensheim/gremien/sitzungen/{meeting.pk}/")
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_public_file_lists_only_the_public_agenda(meeting):
    (event,) = parse(calendars.meeting_calendar(meeting, internal=False)).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "1. Begrüßung" in description
    assert "2. Sachstandsbericht Kommunales Integrationsmanagement" in description
    assert "Institut für soziale Innovation, Solingen" in description
    assert "Personalangelegenheit" not in description


def test_members_get_the_non_public_part_too(meeting):
    (event,) = parse(calendars.meeting_calendar(meeting, internal=True)).walk("VEVENT")
    assert "3. Personalangelegenheit" in str(event["DESCRIPTION"])


def test_a_cancelled_meeting_is_marked_cancelled(meeting):
    meeting.state = MeetingState.CANCELLED
    meeting.save()
    (event,) = parse(calendars.meeting_calendar(meeting, internal=False)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_online_meeting_names_its_link_as_location(council):
    meeting = MeetingFactory(body=council, online_url="https://meet.example.org/integrationsrat")
    (event,) = parse(calendars.meeting_calendar(meeting, internal=False)).walk("VEVENT")
    assert str(event["LOCATION"]) == "https://meet.example.org/integrationsrat"


def test_the_uid_uses_the_platform_host(meeting):
    with override_settings(BASE_URL="https://miteinander.bensheim.de/"):
        (event,) = parse(calendars.meeting_calendar(meeting, internal=False)).walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@miteinander.bensheim.de"
    assert str(event["URL"]).startswith("https://miteinander.bensheim.de/")


def test_an_invitation_names_organizer_and_attendee(meeting):
    data = calendars.meeting_calendar(
        meeting,
        "REQUEST",
        internal=True,
        attendees=["Ayşe Yılmaz <ayse@example.org>"],
        organizer="Miteinander <noreply@bensheim.example.org>",
    )
    calendar = parse(data)
    assert_rfc5545_required(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:noreply@bensheim.example.org"
    assert event["ORGANIZER"].params["CN"] == "Miteinander"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ayse@example.org"
    assert attendee.params["CN"] == "Ayşe Yılmaz"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_a_cancellation_has_method_cancel_and_status_cancelled(meeting):
    calendar = parse(calendars.meeting_calendar(meeting, "CANCEL", attendees=["a@example.org"]))
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_unknown_method_is_refused(meeting):
    with pytest.raises(ValueError, match="PUBLISHX"):
        calendars.meeting_calendar(meeting, "PUBLISHX")


def test_the_feed_names_the_body_and_holds_its_meetings(council, meeting):
    second = MeetingFactory(body=council, name="13. Sitzung", starts_at=at(2027, 3, 4, 17, 0))
    calendar = parse(calendars.body_feed(council, [meeting, second]))
    assert_rfc5545_required(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "Integrationsrat"
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Integrationsrat: 12. Sitzung", "Integrationsrat: 13. Sitzung"]
    # Summer time in the VTIMEZONE: the spring change between the two meetings is described.
    assert calendar.walk("DAYLIGHT")
    for event in calendar.walk("VEVENT"):
        assert "Personalangelegenheit" not in str(event.get("DESCRIPTION", ""))


# The feed through its address, with the visibility rules of the public pages.


def feed_url(body):
    return f"/en/{body.municipality.slug}/gremien/{body.pk}/kalender.ics"


def test_the_feed_view_serves_text_calendar(client, council, meeting):
    MeetingFactory(body=council, name="Nichtöffentliche Sitzung", is_public=False)
    response = client.get(feed_url(council))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert_rfc5545_required(calendar)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Integrationsrat: 12. Sitzung"]


def test_the_feed_of_a_cancelled_meeting_says_cancelled(client, council, meeting):
    meeting.state = MeetingState.CANCELLED
    meeting.save()
    (event,) = parse(client.get(feed_url(council)).content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_internal_body_has_no_feed_even_for_its_members(client, bensheim, member_of):
    """There is no private feed: the feed of an internal body is not found, for anyone."""
    internal = BodyFactory(municipality=bensheim, is_public=False)
    MeetingFactory(body=internal)
    assert client.get(feed_url(internal)).status_code == 404
    member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=internal, user=member)
    client.force_login(member)
    assert client.get(feed_url(internal)).status_code == 404


def test_the_meeting_file_through_its_address(client, meeting, member_of):
    url = f"/en/bensheim/gremien/sitzungen/{meeting.pk}/sitzung.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = parse(response.content).walk("VEVENT")
    assert "Personalangelegenheit" not in str(event["DESCRIPTION"])
    member = member_of(meeting.municipality, Role.BODY_MEMBER)
    BodyMembershipFactory(body=meeting.body, user=member)
    client.force_login(member)
    response = client.get(url)
    (event,) = parse(response.content).walk("VEVENT")
    assert "Personalangelegenheit" in str(event["DESCRIPTION"])
    assert response["Cache-Control"] == "private, no-store"
