"""Calendar files of events read back by standard libraries: `icalendar` parses them and
`recurring-ical-events` expands the repetitions as calendar clients do, across the change to
summer time, without the left-out dates."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.core.cache import cache
from freezegun import freeze_time
from icalendar import Calendar

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from miteinander.events import calendars
from tests.factories import EventFactory, EventKindFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _first_of_march_2027():
    cache.clear()
    with freeze_time("2027-03-01T09:00:00Z"):
        yield
    cache.clear()


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def course(bensheim):
    """A course every Tuesday at 18:00 from 9 March (winter time) to 13 April (summer time),
    except on 23 March."""
    return EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Volkshochschule"),
        kind=EventKindFactory(municipality=bensheim, name="Kurs"),
        title="Deutsch im Alltag", contact_email="kurse@vhs.example.org",
        starts_at=local(2027, 3, 9, 18), ends_at=local(2027, 3, 9, 20),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU;COUNT=6", recurrence_exceptions=["2027-03-23"],
        sequence=2, latitude="49.681200", longitude="8.617400",
    )  # fmt: skip


def expand(body: bytes, start=datetime.date(2027, 1, 1), end=datetime.date(2028, 1, 1)):
    calendar = Calendar.from_ical(body)
    return calendar, recurring_ical_events.of(calendar).between(start, end)


def starts(occurrences) -> list[str]:
    return [o.decoded("dtstart").isoformat() for o in occurrences]


def feed_body(client, language="de", town="bensheim") -> bytes:
    response = client.get(f"/{language}/{town}/veranstaltungen/kalender.ics")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("source", ["feed", "event"])
def test_a_weekly_event_stays_at_six_across_the_change_to_summer_time(client, course, source):
    if source == "feed":
        body = feed_body(client)
    else:
        body = client.get(f"/de/bensheim/veranstaltungen/{course.pk}/kalender.ics").content
    calendar, occurrences = expand(body)
    assert starts(occurrences) == [
        "2027-03-09T18:00:00+01:00",
        "2027-03-16T18:00:00+01:00",
        # 23 March is left out; the clocks go forward on 28 March
        "2027-03-30T18:00:00+02:00",
        "2027-04-06T18:00:00+02:00",
        "2027-04-13T18:00:00+02:00",
    ]
    for occurrence in occurrences:
        start, end = occurrence.decoded("dtstart"), occurrence.decoded("dtend")
        assert start.tzinfo.key == "Europe/Berlin" or str(start.tzinfo) == "Europe/Berlin"
        assert (start.hour, end.hour) == (18, 20)
        assert end - start == datetime.timedelta(hours=2)


def test_the_file_names_the_event_and_its_time_zone(client, course):
    calendar, _occurrences = expand(feed_body(client))
    assert calendar["PRODID"] == calendars.PRODID
    assert calendar["VERSION"] == "2.0"
    timezones = calendar.walk("VTIMEZONE")
    assert [tz["TZID"] for tz in timezones] == ["Europe/Berlin"]
    # The time zone covers the events' years and their transitions.
    transitions = {c.name for c in timezones[0].subcomponents}
    assert transitions == {"STANDARD", "DAYLIGHT"}
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"event-{course.uuid}@127.0.0.1"
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtstart") == local(2027, 3, 9, 18)
    assert str(event["SUMMARY"]) == "Deutsch im Alltag"
    assert str(event["CATEGORIES"].cats[0]) == "Kurs"
    assert str(event["ORGANIZER"]) == "mailto:kurse@vhs.example.org"
    assert event["ORGANIZER"].params["CN"] == "Volkshochschule"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/de/bensheim/veranstaltungen/{course.pk}/"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (49.6812, 8.6174)
    assert [d.dt for d in event["EXDATE"].dts] == [local(2027, 3, 23, 18)]


def test_the_same_uid_in_the_feed_and_the_single_file(client, course):
    feed_event = Calendar.from_ical(feed_body(client)).walk("VEVENT")[0]
    single = client.get(f"/de/bensheim/veranstaltungen/{course.pk}/kalender.ics")
    assert single["Content-Type"] == "text/calendar; charset=utf-8"
    assert single["Content-Disposition"] == 'inline; filename="deutsch-im-alltag.ics"'
    single_event = Calendar.from_ical(single.content).walk("VEVENT")[0]
    assert single_event["UID"] == feed_event["UID"]
    assert single_event["SEQUENCE"] == feed_event["SEQUENCE"]
    assert Calendar.from_ical(single.content).walk("VTIMEZONE")


def test_a_rule_ending_on_a_date_expands_to_that_date(client, bensheim):
    """UNTIL as the services store it (UTC, end of the local day) includes the last date."""
    EventFactory(
        organiser=OrganisationFactory(municipality=bensheim),
        starts_at=local(2027, 3, 24, 18, 30), ends_at=local(2027, 3, 24, 20),
        recurrence_rule="FREQ=WEEKLY;UNTIL=20270407T215959Z",
    )  # fmt: skip
    _calendar, occurrences = expand(feed_body(client))
    assert starts(occurrences) == [
        "2027-03-24T18:30:00+01:00",
        "2027-03-31T18:30:00+02:00",
        "2027-04-07T18:30:00+02:00",
    ]


def test_a_monthly_rule_on_the_first_tuesday(client, bensheim):
    EventFactory(
        organiser=OrganisationFactory(municipality=bensheim),
        starts_at=local(2027, 3, 2, 19), ends_at=local(2027, 3, 2, 21),
        recurrence_rule="FREQ=MONTHLY;BYDAY=1TU;COUNT=3",
    )  # fmt: skip
    _calendar, occurrences = expand(feed_body(client))
    assert starts(occurrences) == [
        "2027-03-02T19:00:00+01:00",
        "2027-04-06T19:00:00+02:00",
        "2027-05-04T19:00:00+02:00",
    ]


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, course):
    course.status = "cancelled"
    course.cancellation_note = "Die Kursleiterin ist erkrankt."
    course.sequence = 3
    course.save()
    (event,) = Calendar.from_ical(feed_body(client)).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 3
    assert str(event["DESCRIPTION"]).startswith("Die Kursleiterin ist erkrankt.")
    single = client.get(f"/de/bensheim/veranstaltungen/{course.pk}/kalender.ics").content
    assert Calendar.from_ical(single).walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_the_text_is_in_the_language_of_the_address(client, course):
    course.translations.create(language="uk", title="Німецька в повсякденні")
    course.save()  # as services.event_save does with the translations
    (event,) = Calendar.from_ical(feed_body(client, "uk")).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Німецька в повсякденні"
    assert str(event["URL"]).endswith(f"/uk/bensheim/veranstaltungen/{course.pk}/")
    (event,) = Calendar.from_ical(feed_body(client, "ar")).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Deutsch im Alltag"


def test_the_online_link_is_never_in_a_public_file(client, course):
    course.is_online = True
    course.online_url = "https://meet.example.org/geheimer-raum"
    course.save()
    single = client.get(f"/de/bensheim/veranstaltungen/{course.pk}/kalender.ics").content
    for body in (feed_body(client), single):
        assert b"geheimer-raum" not in body
        assert "Online" in str(Calendar.from_ical(body).walk("VEVENT")[0]["LOCATION"])
