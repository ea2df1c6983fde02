"""The event page's JSON-LD uses only real schema.org types and properties, where they belong.

The vocabulary check is the offerings' (schema.org's own release file from
/work/shared/standards, skipped where that folder is missing).
"""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from miteinander.network.models import ActorGroup
from miteinander.offerings.tests.test_jsonld import needs_vocabulary, vocabulary
from tests.factories import (
    EventFactory,
    EventKindFactory,
    EventTranslationFactory,
    MeasureFactory,
    OfferingFactory,
    OfferingKindFactory,
    OrganisationFactory,
    RegistrationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _first_of_march_2027():
    with freeze_time("2027-03-01T09:00:00Z"):
        yield


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def jsonld_of(client, event, language="de") -> dict:
    html = client.get(f"/{language}/bensheim/veranstaltungen/{event.pk}/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.fixture
def festival(bensheim):
    """A paid festival at an address, organised by an association with the town, with
    registration, target groups and a translation."""
    association = OrganisationFactory(
        municipality=bensheim, name="Kulturverein </script><b>", is_public=True
    )
    town_office = OrganisationFactory(
        municipality=bensheim, name="Stadt Bensheim", actor_group=ActorGroup.ADMINISTRATION,
        website="https://bensheim.example.org",
    )  # fmt: skip
    event = EventFactory(
        organiser=association, kind=EventKindFactory(municipality=bensheim, name="Fest"),
        title="Interkulturelles Fest", description="Musik und Essen aus vielen Ländern.",
        starts_at=local(2027, 6, 5, 14), ends_at=local(2027, 6, 5, 22),
        place_name="Marktplatz", street="Marktplatz 1", postcode="64625", city="Bensheim",
        latitude="49.681200", longitude="8.617400", step_free=True, is_free=False,
        cost="5 €, Kinder frei", languages=["de", "tr"], registration_enabled=True,
        capacity=100, registration_closes_at=local(2027, 6, 4, 12),
    )  # fmt: skip
    event.co_organisers.set([town_office])
    event.target_groups.set(
        [
            TargetGroupFactory(municipality=bensheim, name="Familien"),
            TargetGroupFactory(municipality=bensheim, name="Jugendliche"),
        ]
    )
    event.measure = MeasureFactory(goal__municipality=bensheim, is_published=True)
    event.save()
    EventTranslationFactory(event=event, language="ar", title="مهرجان الثقافات")
    RegistrationFactory(event=event, municipality=bensheim)
    return event


@pytest.fixture
def online_course(bensheim):
    """A weekly online course run by the town itself, with left-out dates, free of charge."""
    return EventFactory(
        organiser=None, municipality=bensheim,
        kind=EventKindFactory(municipality=bensheim, name="Kurs"), title="Deutsch online",
        place_name="", street="", postcode="", city="", is_online=True,
        online_url="https://meet.example.org/geheim",
        starts_at=local(2027, 3, 9, 18), ends_at=local(2027, 3, 9, 19, 30),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8",
        recurrence_exceptions=["2027-03-16", "2027-03-25"],
    )  # fmt: skip


@pytest.fixture
def hybrid_meeting(bensheim):
    """A monthly network meeting at a meeting place of the directory, online as well."""
    place = OfferingFactory(
        provider=OrganisationFactory(municipality=bensheim),
        kind=OfferingKindFactory(municipality=bensheim, is_meeting_place=True),
        title="Stadtteilcafé", latitude="49.690000", longitude="8.620000",
    )  # fmt: skip
    return EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Netzwerk Vielfalt"),
        kind=EventKindFactory(municipality=bensheim, name="Netzwerktreffen"),
        title="Netzwerktreffen", meeting_place=place, place_name="", street="", city="",
        is_online=True, starts_at=local(2027, 3, 2, 17), ends_at=local(2027, 3, 2, 19),
        recurrence_rule="FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270706T215959Z", status="cancelled",
    )  # fmt: skip


@needs_vocabulary
@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_type_and_property_is_schema_org_and_in_its_place(
    client, festival, online_course, hybrid_meeting, language
):
    for event in (festival, online_course, hybrid_meeting):
        data = jsonld_of(client, event, language)
        assert data["@context"] == "https://schema.org"
        assert vocabulary().problems(data) == [], event.title


@needs_vocabulary
def test_the_checker_finds_misplaced_event_terms():
    """The vocabulary check can fail for the terms used here."""
    problems = vocabulary().problems(
        {
            "@type": "Event",
            "repeatFrequency": "P1W",  # a property of schedules, not events
            "eventSchedule": {"@type": "Schedule", "byDay": 2},  # neither a day nor text
            "location": {"@type": "VirtualLocation", "address": "Online"},  # not of places online
        }
    )
    assert len(problems) == 3, problems


def test_a_single_event_with_dates_place_offer_and_audience(client, festival):
    data = jsonld_of(client, festival)
    assert data["@type"] == "Event"
    assert data["name"] == "Interkulturelles Fest"
    assert data["description"] == "Musik und Essen aus vielen Ländern."
    assert data["url"] == f"http://testserver/de/bensheim/veranstaltungen/{festival.pk}/"
    assert data["startDate"] == "2027-06-05T14:00:00+02:00"
    assert data["endDate"] == "2027-06-05T22:00:00+02:00"
    assert "eventSchedule" not in data
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place", "name": "Marktplatz",
        "address": {
            "@type": "PostalAddress", "streetAddress": "Marktplatz 1", "postalCode": "64625",
            "addressLocality": "Bensheim", "addressCountry": "DE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 49.6812, "longitude": 8.6174},
        "amenityFeature": {
            "@type": "LocationFeatureSpecification", "name": "Stufenloser Zugang", "value": True,
        },
    }  # fmt: skip
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "Kulturverein </script><b>",
            "url": f"http://testserver/de/bensheim/organisations/{festival.organiser_id}/",
        },
        {
            "@type": "GovernmentOrganization",
            "name": "Stadt Bensheim",
            "url": "https://bensheim.example.org",
        },
    ]
    assert data["offers"] == {
        "@type": "Offer", "url": data["url"], "description": "5 €, Kinder frei",
        "availability": "https://schema.org/InStock",
        "validThrough": "2027-06-04T12:00:00+02:00",
    }  # fmt: skip
    assert data["isAccessibleForFree"] is False
    assert data["inLanguage"] == ["de", "tr"]
    assert data["audience"] == [
        {"@type": "Audience", "audienceType": "Familien"},
        {"@type": "Audience", "audienceType": "Jugendliche"},
    ]
    assert data["maximumAttendeeCapacity"] == 100
    assert data["remainingAttendeeCapacity"] == 99
    assert data["keywords"] == "Fest"


def test_a_repeating_event_has_a_schedule_in_local_time(client, online_course):
    data = jsonld_of(client, online_course)
    assert "startDate" not in data and "endDate" not in data
    assert data["eventSchedule"] == {
        "@type": "Schedule",
        "startDate": "2027-03-09",
        "endDate": "2027-04-01",
        "startTime": "18:00:00",
        "endTime": "19:30:00",
        "scheduleTimezone": "Europe/Berlin",
        "repeatFrequency": "P1W",
        "byDay": ["https://schema.org/Tuesday", "https://schema.org/Thursday"],
        "repeatCount": 8,
        "exceptDate": ["2027-03-16", "2027-03-25"],
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "name": "Online"}
    assert data["organizer"] == {"@type": "GovernmentOrganization", "name": "Bensheim"}
    assert data["offers"] == {
        "@type": "Offer", "url": data["url"], "price": "0", "priceCurrency": "EUR",
    }  # fmt: skip
    assert data["isAccessibleForFree"] is True


def test_a_cancelled_hybrid_monthly_meeting(client, hybrid_meeting):
    data = jsonld_of(client, hybrid_meeting)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Stadtteilcafé"
    place_url = f"http://testserver/de/bensheim/angebote/{hybrid_meeting.meeting_place_id}/"
    assert place["url"] == place_url
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 49.69, "longitude": 8.62}
    assert online == {"@type": "VirtualLocation", "name": "Online"}
    schedule = data["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1M"
    assert schedule["byDay"] == "1TU"  # iCal's notation for the first Tuesday
    assert (schedule["startDate"], schedule["endDate"]) == ("2027-03-02", "2027-07-06")
    assert "repeatCount" not in schedule


def test_the_text_in_the_visitors_language(client, festival):
    assert jsonld_of(client, festival, "ar")["name"] == "مهرجان الثقافات"
    assert jsonld_of(client, festival, "uk")["name"] == "Interkulturelles Fest"


def test_the_online_link_and_markup_never_reach_the_script(client, festival, online_course):
    html = client.get(f"/de/bensheim/veranstaltungen/{online_course.pk}/").content.decode()
    assert "meet.example.org" not in html
    html = client.get(f"/de/bensheim/veranstaltungen/{festival.pk}/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in script and "<b>" not in script
    assert "\\u003C/script\\u003E" in script


def test_a_full_event_is_sold_out(client, festival):
    festival.capacity = 1
    festival.save()
    data = jsonld_of(client, festival)
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["remainingAttendeeCapacity"] == 0
