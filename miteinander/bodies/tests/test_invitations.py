"""Invitations to a meeting and their cancellation, sent through a real SMTP server.

Each member gets an e-mail with the whole agenda and a calendar file (METHOD:REQUEST) naming
them as attendee; sending again updates the same calendar entry with a higher SEQUENCE; the
cancellation (METHOD:CANCEL) carries the same UID.
"""

import datetime
import email
import email.policy
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar

from miteinander.bodies import invitations
from miteinander.bodies.models import BodyKind, Meeting, MeetingState
from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ContactPersonFactory,
    LocationFactory,
    MeetingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Miteinander Bensheim <gremien@bensheim.example.org>"


@pytest.fixture
def meeting(bensheim):
    council = BodyFactory(
        municipality=bensheim, name="Integrationsrat", kind=BodyKind.INTEGRATION_COUNCIL
    )
    meeting = MeetingFactory(
        body=council,
        name="12. Sitzung",
        starts_at=datetime.datetime(2026, 12, 3, 17, 0, tzinfo=BERLIN),
        location=LocationFactory(
            municipality=bensheim,
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
        presenter="Institut für soziale Innovation",
    )
    AgendaItemFactory(
        meeting=meeting, position=3, number="3", title="Vergabe der Zuschüsse", is_public=False
    )
    return meeting


@pytest.fixture
def members(meeting, member_of):
    """Two members with an account, one reached through the contact person, one unreachable."""
    town, council = meeting.municipality, meeting.body
    chair = member_of(town, Role.BODY_MEMBER, email="vorsitz@bensheim.example.org")
    BodyMembershipFactory(
        body=council,
        user=chair,
        person=ContactPersonFactory(organisation__municipality=town, name="Ayşe Demir"),
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(
            organisation__municipality=town, name="Jonas Weber", email="jonas@verein.example.org"
        ),
    )
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(organisation__municipality=town, name="Ohne Mail", email=""),
    )
    # Not a member any more on the day of the meeting.
    BodyMembershipFactory(
        body=council,
        person=ContactPersonFactory(organisation__municipality=town, email="ehemalig@example.org"),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    return {"chair": chair}


def received(inbox) -> dict[str, email.message.EmailMessage]:
    messages = [
        email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in inbox.messages
    ]
    return {m["To"]: m for m in messages}


def calendar_part(message) -> tuple[Calendar, object]:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content()), part


def plain_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def invite(meeting, user):
    return invitations.meeting_invite(meeting=meeting, acting_user=user)


def test_every_member_gets_an_invitation_with_agenda_and_calendar(
    smtp_inbox, meeting, members, coordinator
):
    sent = invite(meeting, coordinator)
    assert sorted(sent) == ["jonas@verein.example.org", "vorsitz@bensheim.example.org"]
    inbox = received(smtp_inbox)
    assert set(inbox) == set(sent)

    message = inbox["vorsitz@bensheim.example.org"]
    assert message["From"] == "Miteinander Bensheim <gremien@bensheim.example.org>"
    assert "Integrationsrat" in message["Subject"]
    assert "12. Sitzung" in message["Subject"]
    assert "3. Dezember 2026" in message["Subject"]
    text = plain_text(message)
    assert "Ayşe Demir" in text
    assert "1. Begrüßung" in text
    assert "2. Sachstandsbericht Kommunales Integrationsmanagement" in text
    assert "Institut für soziale Innovation" in text
    assert "3. Vergabe der Zuschüsse" in text  # members get the non-public part
    assert "Rathaus, Großer Sitzungssaal, Kirchbergstraße 18, 64625 Bensheim" in text
    assert "17:00" in text
    assert f"/de/bensheim/gremien/sitzungen/{meeting.pk}/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Vergabe der Zuschüsse" in html

    calendar, part = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "einladung.ics"
    assert str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert calendar.walk("VTIMEZONE")
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@127.0.0.1"
    assert event["DTSTAMP"].dt
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == datetime.datetime(2026, 12, 3, 17, 0, tzinfo=BERLIN)
    assert str(event["SUMMARY"]) == "Integrationsrat: 12. Sitzung"
    assert str(event["ORGANIZER"]) == "mailto:gremien@bensheim.example.org"
    assert str(event["ATTENDEE"]) == "mailto:vorsitz@bensheim.example.org"
    assert event["ATTENDEE"].params["CN"] == "Ayşe Demir"
    assert "Vergabe der Zuschüsse" in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == 1

    jonas, _ = calendar_part(inbox["jonas@verein.example.org"])
    assert str(jonas.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:jonas@verein.example.org"


def test_the_meeting_records_the_invitation(smtp_inbox, meeting, members, coordinator):
    invite(meeting, coordinator)
    stored = Meeting.objects.for_municipality(meeting.municipality).get(pk=meeting.pk)
    assert stored.state == MeetingState.INVITED
    assert stored.invitation_sent_at is not None
    assert stored.invitation_sequence == 1
    entry = AuditEntry.objects.filter(action="meeting.invite").get()
    assert entry.actor == coordinator
    assert entry.changes == {"recipients": 2, "sequence": 1}


def test_sending_again_updates_the_same_entry_with_a_higher_sequence(
    smtp_inbox, meeting, members, coordinator
):
    invite(meeting, coordinator)
    first, _ = calendar_part(received(smtp_inbox)["vorsitz@bensheim.example.org"])
    smtp_inbox.messages.clear()
    meeting.starts_at = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=BERLIN)
    meeting.ends_at = datetime.datetime(2026, 12, 10, 20, 0, tzinfo=BERLIN)
    invite(meeting, coordinator)
    second, _ = calendar_part(received(smtp_inbox)["vorsitz@bensheim.example.org"])
    old, new = first.walk("VEVENT")[0], second.walk("VEVENT")[0]
    assert str(new["UID"]) == str(old["UID"])
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new["DTSTART"].dt == datetime.datetime(2026, 12, 10, 18, 0, tzinfo=BERLIN)


def test_a_held_meeting_stays_held(smtp_inbox, meeting, members, coordinator):
    meeting.state = MeetingState.HELD
    meeting.save()
    invite(meeting, coordinator)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD


def test_the_cancellation_removes_the_entry_with_the_same_uid(
    smtp_inbox, meeting, members, coordinator
):
    invite(meeting, coordinator)
    invitation, _ = calendar_part(received(smtp_inbox)["jonas@verein.example.org"])
    smtp_inbox.messages.clear()
    sent = invitations.meeting_cancellation_send(meeting=meeting, acting_user=coordinator)
    assert sorted(sent) == ["jonas@verein.example.org", "vorsitz@bensheim.example.org"]
    message = received(smtp_inbox)["jonas@verein.example.org"]
    assert "12. Sitzung" in message["Subject"]
    calendar, part = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    (before,) = invitation.walk("VEVENT")
    assert str(event["UID"]) == str(before["UID"])
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["ATTENDEE"]) == "mailto:jonas@verein.example.org"
    assert str(event["ORGANIZER"]) == "mailto:gremien@bensheim.example.org"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED


def test_a_cancelled_meeting_cannot_be_invited_to(smtp_inbox, meeting, members, coordinator):
    meeting.state = MeetingState.CANCELLED
    meeting.save()
    with pytest.raises(ValidationError):
        invite(meeting, coordinator)
    assert smtp_inbox.messages == []


def test_nobody_to_invite_changes_nothing(smtp_inbox, meeting, coordinator):
    BodyMembershipFactory(
        body=meeting.body,
        person=ContactPersonFactory(organisation__municipality=meeting.municipality, email=""),
    )
    # The message is shown in the page's language; English, as on an /en/ page.
    with pytest.raises(ValidationError) as error, translation.override("en"):
        invite(meeting, coordinator)
    assert "Nobody can be invited" in error.value.messages[0]
    stored = Meeting.objects.for_municipality(meeting.municipality).get(pk=meeting.pk)
    assert stored.invitation_sequence == 0
    assert stored.invitation_sent_at is None
    assert stored.state == MeetingState.PLANNED
    assert not AuditEntry.objects.filter(action="meeting.invite").exists()
    assert smtp_inbox.messages == []


def test_an_inactive_account_falls_back_to_the_contact_persons_address(
    smtp_inbox, meeting, coordinator
):
    gone = UserFactory(email="alt@example.org", is_active=False)
    BodyMembershipFactory(
        body=meeting.body,
        user=gone,
        person=ContactPersonFactory(
            organisation__municipality=meeting.municipality, email="neu@verein.example.org"
        ),
    )
    assert invite(meeting, coordinator) == ["neu@verein.example.org"]


def test_nothing_is_sent_when_the_transaction_rolls_back(meeting, members, coordinator):
    """E-mails leave on commit only: a failure later in the same transaction sends nothing."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        invite(meeting, coordinator)
        raise RuntimeError("something later failed")
    assert mail.outbox == []
    stored = Meeting.objects.for_municipality(meeting.municipality).get(pk=meeting.pk)
    assert stored.invitation_sequence == 0
