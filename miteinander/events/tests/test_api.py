"""The events API: who sees what, filters and windows, dates across the change to summer time,
writes with validation, and the OpenAPI document."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from miteinander.accounts.services import api_token_create
from miteinander.core.models import AuditEntry
from miteinander.events.models import Event, EventStatus
from miteinander.municipalities.models import Role
from tests.factories import (
    EventFactory,
    EventKindFactory,
    EventTranslationFactory,
    MeasureFactory,
    MembershipFactory,
    OfferingFactory,
    OfferingKindFactory,
    OrganisationFactory,
    RegistrationFactory,
    TargetGroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BERLIN = ZoneInfo("Europe/Berlin")
BASE = "/api/v1/municipalities"
URL = f"{BASE}/bensheim/events"
OCCURRENCES = f"{URL}/occurrences"


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def bearer(user, **headers):
    return {"authorization": f"Bearer {api_token_create(user=user, name='t')[1]}", **headers}


def english(user):
    """Token headers asking for English, so that messages can be compared as written."""
    return bearer(user, accept_language="en")


def address(name, event, language="de"):
    """The absolute address of an event's page, as partner websites link to it."""
    with translation.override(language):
        path = reverse(name, kwargs={"municipality_slug": "bensheim", "pk": event.pk})
    return settings.BASE_URL.rstrip("/") + path


def partner_of(town, organisation):
    return MembershipFactory(
        municipality=town, role=Role.NETWORK_PARTNER, organisation=organisation
    ).user


@pytest.fixture
def frozen():
    # Sunday, 1 March 2026, in the morning: "today" for windows that leave out `from`.
    with freeze_time("2026-03-01 09:00:00"):
        yield


@pytest.fixture
def calendar(bensheim):
    """Bensheim's calendar: a festival, a weekly course, a cancelled and a past event, drafts."""
    fest = EventKindFactory(municipality=bensheim, name="Fest")
    course_kind = EventKindFactory(municipality=bensheim, name="Kurs")
    caritas = OrganisationFactory(municipality=bensheim, name="Caritasverband Bensheim")
    vhs = OrganisationFactory(municipality=bensheim, name="Volkshochschule Bergstraße")
    families = TargetGroupFactory(municipality=bensheim, name="Familien")
    women = TargetGroupFactory(municipality=bensheim, name="Frauen")
    festival = EventFactory(
        organiser=caritas,
        kind=fest,
        title="Interkulturelles Fest",
        description="Musik, Essen und Begegnung.",
        starts_at=local(2026, 6, 13, 14, 0),
        ends_at=local(2026, 6, 13, 20, 0),
        languages=["de", "ar"],
        step_free=True,
        childcare=True,
        registration_enabled=True,
        capacity=100,
        registration_closes_at=local(2026, 6, 12, 12, 0),
        latitude="49.681000",
        longitude="8.617000",
    )
    festival.target_groups.set([families])
    festival.co_organisers.set([vhs])
    EventTranslationFactory(event=festival, language="en", title="Intercultural festival")
    RegistrationFactory.create_batch(2, event=festival)
    course = EventFactory(
        organiser=vhs,
        kind=course_kind,
        title="Deutsch am Abend",
        starts_at=local(2026, 3, 17, 18, 0),
        ends_at=local(2026, 3, 17, 20, 0),
        recurrence_rule="FREQ=WEEKLY;COUNT=4",
        is_free=False,
        cost="10 € im Monat",
        interpreted_languages=["uk"],
        is_online=True,
        online_url="https://meet.example.org/deutsch",
    )
    course.target_groups.set([women])
    cancelled = EventFactory(
        organiser=caritas,
        kind=fest,
        title="Frühlingsfest",
        starts_at=local(2026, 5, 2, 15, 0),
        ends_at=local(2026, 5, 2, 18, 0),
        status=EventStatus.CANCELLED,
        cancellation_note="Wegen Unwetter abgesagt.",
    )
    past = EventFactory(
        organiser=caritas, kind=fest, title="Neujahrsempfang",
        starts_at=local(2026, 1, 10, 11, 0), ends_at=local(2026, 1, 10, 13, 0),
    )  # fmt: skip
    draft = EventFactory(
        organiser=caritas, kind=fest, title="Elterncafé (Entwurf)", status=EventStatus.DRAFT,
        published_at=None, starts_at=local(2026, 4, 20, 10, 0), ends_at=local(2026, 4, 20, 12),
    )  # fmt: skip
    vhs_draft = EventFactory(
        organiser=vhs, kind=course_kind, title="Schreibwerkstatt (Entwurf)",
        status=EventStatus.DRAFT, published_at=None,
        starts_at=local(2026, 4, 21, 10, 0), ends_at=local(2026, 4, 21, 12),
    )  # fmt: skip
    return {
        "fest": fest, "course_kind": course_kind, "caritas": caritas, "vhs": vhs,
        "families": families, "women": women, "festival": festival, "course": course,
        "cancelled": cancelled, "past": past, "draft": draft, "vhs_draft": vhs_draft,
    }  # fmt: skip


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def new_event(calendar, **fields):
    return {
        "kind_id": calendar["course_kind"].pk,
        "title": "Sprachtreff",
        "place_name": "Stadtbücherei",
        "street": "Hauptstraße 12",
        "postcode": "64625",
        "city": "Bensheim",
        "starts_at": "2026-04-14T18:00:00",
        "ends_at": "2026-04-14T19:30:00",
        **fields,
    }


# --- Reading ---------------------------------------------------------------------------------
def test_anonymous_callers_get_the_public_calendar_from_today(client, calendar):
    response = client.get(URL)
    assert titles(response) == ["Deutsch am Abend", "Frühlingsfest", "Interkulturelles Fest"]
    data = response.json()
    assert data["count"] == 3
    festival = data["items"][2]
    assert festival["kind"] == {"id": calendar["fest"].pk, "name": "Fest"}
    caritas = calendar["caritas"]
    assert festival["organiser"] == {"id": caritas.pk, "name": "Caritasverband Bensheim"}
    assert festival["co_organisers"] == [
        {"id": calendar["vhs"].pk, "name": "Volkshochschule Bergstraße"}
    ]
    assert festival["starts_at"] == "2026-06-13T14:00:00+02:00"
    assert festival["ends_at"] == "2026-06-13T20:00:00+02:00"
    assert festival["next_dates"] == [
        {"starts_at": "2026-06-13T14:00:00+02:00", "ends_at": "2026-06-13T20:00:00+02:00"}
    ]
    assert festival["place"] == {
        "meeting_place": None, "name": "Bürgerhaus", "street": "Marktplatz 1",
        "postcode": "64625", "city": "Bensheim", "latitude": "49.681000",
        "longitude": "8.617000", "is_online": False, "online_url": None,
    }  # fmt: skip
    assert festival["target_groups"] == [{"id": calendar["families"].pk, "name": "Familien"}]
    assert festival["languages"] == ["de", "ar"] and festival["step_free"] and festival["childcare"]
    registration = festival["registration"]
    assert registration["enabled"] and registration["is_open"]
    assert registration["capacity"] == 100 and registration["places_left"] == 98
    assert registration["closes_at"] == "2026-06-12T12:00:00+02:00"
    assert registration["url"] == address("events-public:register", calendar["festival"])
    assert festival["public_url"] == address("events-public:event", calendar["festival"])
    assert festival["ics_url"] == address("events-public:event_ics", calendar["festival"])
    assert festival["status"] == "published"
    assert festival["language"] == "de" and festival["measure_id"] is None
    cancelled = data["items"][1]
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancellation_note"] == "Wegen Unwetter abgesagt."
    assert cancelled["registration"] == {
        "enabled": False, "is_open": False, "capacity": None, "places_left": None,
        "waiting_list": False, "closes_at": None, "url": None,
    }  # fmt: skip


def test_anonymous_callers_never_get_drafts(client, calendar):
    assert client.get(URL, {"status": "draft"}).json() == {"items": [], "count": 0}
    assert client.get(f"{URL}/{calendar['draft'].pk}").status_code == 404
    assert client.get(f"{URL}/{calendar['festival'].pk}").status_code == 200
    window = {"from": "2026-04-01", "to": "2026-04-30", "status": "draft"}
    assert client.get(OCCURRENCES, window).json() == []


def test_coordination_sees_every_draft(client, coordinator, calendar):
    headers = bearer(coordinator)
    drafts = client.get(URL, {"status": "draft"}, headers=headers)
    assert titles(drafts) == ["Elterncafé (Entwurf)", "Schreibwerkstatt (Entwurf)"]
    detail = client.get(f"{URL}/{calendar['vhs_draft'].pk}", headers=headers)
    assert detail.status_code == 200 and detail.json()["status"] == "draft"
    # Without asking for drafts, the list is the public calendar, also for coordination.
    assert "Elterncafé (Entwurf)" not in titles(client.get(URL, headers=headers))


def test_a_partner_sees_the_drafts_of_their_own_organisation_only(client, bensheim, calendar):
    headers = bearer(partner_of(bensheim, calendar["caritas"]))
    assert titles(client.get(URL, {"status": "draft"}, headers=headers)) == ["Elterncafé (Entwurf)"]
    assert client.get(f"{URL}/{calendar['draft'].pk}", headers=headers).status_code == 200
    assert client.get(f"{URL}/{calendar['vhs_draft'].pk}", headers=headers).status_code == 404


@pytest.mark.parametrize("role", [Role.READER, Role.INTEGRATION_GUIDE, Role.BODY_MEMBER])
def test_roles_without_events_of_their_own_see_no_drafts(
    client, bensheim, member_of, calendar, role
):
    """As in the workspace: only coordination and the organisers see drafts."""
    headers = bearer(member_of(bensheim, role))
    assert client.get(URL, {"status": "draft"}, headers=headers).json()["count"] == 0
    assert client.get(f"{URL}/{calendar['draft'].pk}", headers=headers).status_code == 404
    assert client.get(f"{URL}/{calendar['festival'].pk}", headers=headers).status_code == 200


def test_past_events_are_found_with_an_earlier_window(client, calendar):
    assert titles(client.get(URL, {"from": "2026-01-01", "to": "2026-01-31"})) == [
        "Neujahrsempfang"
    ]
    past = client.get(f"{URL}/{calendar['past'].pk}").json()
    assert past["next_dates"] == [] and past["registration"]["is_open"] is False


def test_the_list_is_filtered(client, calendar):
    def listed(**params):
        return sorted(titles(client.get(URL, params)))

    assert listed(kind=calendar["course_kind"].pk) == ["Deutsch am Abend"]
    assert listed(kind=[calendar["course_kind"].pk, calendar["fest"].pk]) == [
        "Deutsch am Abend", "Frühlingsfest", "Interkulturelles Fest",
    ]  # fmt: skip
    assert listed(target_group=calendar["families"].pk) == ["Interkulturelles Fest"]
    assert listed(language="ar") == ["Interkulturelles Fest"]
    assert listed(language="uk") == ["Deutsch am Abend"]  # interpreted into Ukrainian
    assert listed(language=["ar", "uk"]) == ["Deutsch am Abend", "Interkulturelles Fest"]
    assert listed(free="true") == ["Frühlingsfest", "Interkulturelles Fest"]
    # An organisation's events include those it co-organises.
    assert listed(organiser=calendar["vhs"].pk) == ["Deutsch am Abend", "Interkulturelles Fest"]
    assert listed(organiser=calendar["caritas"].pk) == ["Frühlingsfest", "Interkulturelles Fest"]
    assert listed(step_free="true") == ["Interkulturelles Fest"]
    assert listed(childcare="true") == ["Interkulturelles Fest"]
    assert listed(q="abend deutsch") == ["Deutsch am Abend"]  # every word, in any order
    assert listed(q="FRÜHLINGSFEST") == ["Frühlingsfest"]  # case ignored beyond ASCII
    assert listed(q="begegnung") == ["Interkulturelles Fest"]  # the description
    assert listed(q="Volkshochschule") == ["Deutsch am Abend"]  # the organiser
    assert listed(q="abend fest") == []
    # Titles in the requested language are searched too, with the German ones.
    assert listed(q="intercultural") == []
    assert listed(q="intercultural", lang="en") == ["Intercultural festival"]
    assert listed(q="interkulturelles", lang="en") == ["Intercultural festival"]
    assert listed(status="cancelled") == ["Frühlingsfest"]
    assert client.get(URL, {"kind": "Fest"}).status_code == 422


def test_a_repeating_event_is_listed_only_for_windows_with_one_of_its_dates(client, calendar):
    """The course meets on Tuesdays 17 March to 7 April; its left-out date does not count."""
    assert titles(client.get(URL, {"from": "2026-03-25", "to": "2026-03-30"})) == []
    assert titles(client.get(URL, {"from": "2026-03-31", "to": "2026-03-31"})) == [
        "Deutsch am Abend"
    ]
    course = calendar["course"]
    course.recurrence_exceptions = ["2026-03-31"]
    course.save()
    assert titles(client.get(URL, {"from": "2026-03-31", "to": "2026-03-31"})) == []
    listed = client.get(URL, {"from": "2026-03-25", "to": "2026-04-30"}).json()["items"]
    assert [d["starts_at"] for d in listed[0]["next_dates"]] == ["2026-04-07T18:00:00+02:00"]


def test_the_list_is_ordered_by_each_events_first_date_in_the_window(client, calendar):
    EventFactory(
        organiser=calendar["caritas"], kind=calendar["fest"], title="Osterbrunch",
        starts_at=local(2026, 4, 3, 10, 0), ends_at=local(2026, 4, 3, 13, 0),
    )  # fmt: skip
    # The course began on 17 March, but its next date is 7 April.
    assert titles(client.get(URL, {"from": "2026-04-01", "to": "2026-04-30"})) == [
        "Osterbrunch", "Deutsch am Abend",
    ]  # fmt: skip
    assert titles(client.get(URL, {"from": "2026-03-01", "to": "2026-04-30"})) == [
        "Deutsch am Abend", "Osterbrunch",
    ]  # fmt: skip


def test_a_window_that_ends_before_it_starts_is_refused(client, calendar):
    response = client.get(
        URL, {"from": "2026-05-01", "to": "2026-04-01"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("to: the last day lies before from.")


def test_texts_come_in_the_requested_language_or_in_german(client, calendar):
    items = client.get(URL, {"lang": "en"}).json()["items"]
    by_id = {item["id"]: item for item in items}
    festival, course = by_id[calendar["festival"].pk], by_id[calendar["course"].pk]
    assert festival["title"] == "Intercultural festival" and festival["language"] == "en"
    assert course["title"] == "Deutsch am Abend" and course["language"] == "de"
    assert festival["public_url"] == address("events-public:event", calendar["festival"], "en")
    assert festival["registration"]["url"].endswith(
        f"/en/bensheim/veranstaltungen/{calendar['festival'].pk}/anmelden/"
    )
    detail = client.get(f"{URL}/{calendar['festival'].pk}", {"lang": "en"}).json()
    assert detail["title"] == "Intercultural festival"
    assert detail["title_de"] == "Interkulturelles Fest"
    assert detail["translations"] == [
        {"language": "en", "title": "Intercultural festival", "description": ""}
    ]
    assert client.get(URL, {"lang": "xx"}).status_code == 422


def test_a_weekly_course_keeps_six_in_the_evening_across_the_change_to_summer_time(
    client, calendar
):
    """Clocks go forward on 29 March 2026: the offset changes, the local time does not."""
    response = client.get(OCCURRENCES, {"from": "2026-03-16", "to": "2026-04-12"})
    assert response.status_code == 200, response.content
    course = [entry for entry in response.json() if entry["event_id"] == calendar["course"].pk]
    assert [(entry["starts_at"], entry["ends_at"]) for entry in course] == [
        ("2026-03-17T18:00:00+01:00", "2026-03-17T20:00:00+01:00"),
        ("2026-03-24T18:00:00+01:00", "2026-03-24T20:00:00+01:00"),
        ("2026-03-31T18:00:00+02:00", "2026-03-31T20:00:00+02:00"),
        ("2026-04-07T18:00:00+02:00", "2026-04-07T20:00:00+02:00"),
    ]
    assert course[0]["title"] == "Deutsch am Abend" and course[0]["status"] == "published"
    assert course[0]["kind"]["name"] == "Kurs"
    searched = client.get(OCCURRENCES, {"from": "2026-04-01", "to": "2026-06-30", "q": "fest"})
    assert {entry["title"] for entry in searched.json()} == {
        "Frühlingsfest", "Interkulturelles Fest",
    }  # fmt: skip
    listed = client.get(URL, {"from": "2026-03-16"}).json()["items"][0]
    assert [d["starts_at"] for d in listed["next_dates"]] == [
        "2026-03-17T18:00:00+01:00", "2026-03-24T18:00:00+01:00",
        "2026-03-31T18:00:00+02:00", "2026-04-07T18:00:00+02:00",
    ]  # fmt: skip
    assert listed["starts_at"] == "2026-03-17T18:00:00+01:00"
    assert listed["series_ends_at"] == "2026-04-07T20:00:00+02:00"
    assert listed["recurrence_rule"] == "FREQ=WEEKLY;COUNT=4"


def test_occurrences_list_every_date_of_the_window_in_time_order(client, calendar):
    entries = client.get(OCCURRENCES, {"from": "2026-04-01", "to": "2026-06-30"}).json()
    assert [(e["title"], e["starts_at"][:10]) for e in entries] == [
        ("Deutsch am Abend", "2026-04-07"),
        ("Frühlingsfest", "2026-05-02"),
        ("Interkulturelles Fest", "2026-06-13"),
    ]
    assert entries[1]["status"] == "cancelled"
    english_titles = client.get(
        OCCURRENCES, {"from": "2026-06-13", "to": "2026-06-13", "lang": "en"}
    ).json()
    assert [(e["title"], e["language"]) for e in english_titles] == [
        ("Intercultural festival", "en")
    ]
    # Without a window: from today for 31 days.
    assert [e["starts_at"][:10] for e in client.get(OCCURRENCES).json()] == [
        "2026-03-17", "2026-03-24", "2026-03-31",
    ]  # fmt: skip
    too_long = client.get(
        OCCURRENCES, {"from": "2026-01-01", "to": "2026-12-31"}, headers={"accept-language": "en"}
    )
    assert too_long.status_code == 422 and "at most 92 days" in too_long.json()["detail"]


def test_only_who_may_change_the_event_reads_its_online_link(client, bensheim, calendar):
    url = f"{URL}/{calendar['course'].pk}"
    link = "https://meet.example.org/deutsch"
    assert client.get(url).json()["place"]["online_url"] is None
    other_partner = bearer(partner_of(bensheim, calendar["caritas"]))
    assert client.get(url, headers=other_partner).json()["place"]["online_url"] is None
    own_partner = bearer(partner_of(bensheim, calendar["vhs"]))
    assert client.get(url, headers=own_partner).json()["place"]["online_url"] == link
    listed = client.get(URL, headers=own_partner).json()["items"][0]
    assert listed["place"]["online_url"] == link and listed["place"]["is_online"]


def test_a_full_event_without_waiting_list_takes_no_more_registrations(client, calendar):
    festival = calendar["festival"]
    festival.capacity, festival.waiting_list = 2, False
    festival.save()
    registration = client.get(f"{URL}/{festival.pk}").json()["registration"]
    assert registration["places_left"] == 0 and registration["is_open"] is False
    festival.waiting_list = True
    festival.save()
    registration = client.get(f"{URL}/{festival.pk}").json()["registration"]
    assert registration["places_left"] == 0 and registration["is_open"] is True
    with freeze_time("2026-06-12 12:00:00"):  # 14:00 in Bensheim, after the deadline
        assert client.get(f"{URL}/{festival.pk}").json()["registration"]["is_open"] is False


def test_a_meeting_place_gives_its_address_and_coordinates(client, bensheim, calendar):
    kind = OfferingKindFactory(municipality=bensheim, name="Treffpunkt", is_meeting_place=True)
    cafe = OfferingFactory(
        provider=calendar["caritas"], kind=kind, title="Begegnungscafé Weststadt",
        street="Rodensteinstraße 5", latitude="49.6850", longitude="8.6100",
    )  # fmt: skip
    event = calendar["festival"]
    event.meeting_place = cafe
    event.save()
    place = client.get(f"{URL}/{event.pk}").json()["place"]
    assert place["meeting_place"] == {"id": cafe.pk, "name": "Begegnungscafé Weststadt"}
    assert place["name"] == "Begegnungscafé Weststadt"
    assert place["street"] == "Rodensteinstraße 5" and place["latitude"] == "49.685000"


def test_another_towns_coordination_is_anonymous_here(
    client, bensheim, minden, member_of, calendar
):
    headers = bearer(member_of(minden, Role.COORDINATION))
    assert client.get(URL, {"status": "draft"}, headers=headers).json()["count"] == 0
    draft, festival = calendar["draft"].pk, calendar["festival"].pk
    assert client.get(f"{URL}/{draft}", headers=headers).status_code == 404
    patched = client.patch(
        f"{URL}/{festival}", {"title": "Fremd"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{draft}/publish", headers=headers).status_code == 404
    cancelled = client.post(
        f"{URL}/{festival}/cancel", {}, content_type="application/json", headers=headers
    )
    assert cancelled.status_code == 404
    assert client.delete(f"{URL}/{draft}", headers=headers).status_code == 404
    created = client.post(
        URL, new_event(calendar), content_type="application/json", headers=headers
    )
    assert created.status_code == 404
    # Under their own town's address, Bensheim's events do not exist at all.
    own = f"{BASE}/minden/events"
    assert client.get(f"{own}/{festival}", headers=headers).status_code == 404
    moved = client.patch(
        f"{own}/{festival}", {"title": "Fremd"}, content_type="application/json", headers=headers
    )
    assert moved.status_code == 404
    assert client.post(f"{own}/{draft}/publish", headers=headers).status_code == 404
    assert client.delete(f"{own}/{draft}", headers=headers).status_code == 404
    assert client.get(own, headers=headers).json()["count"] == 0
    assert client.get(f"{own}/occurrences", {"from": "2026-06-13"}, headers=headers).json() == []
    assert client.get(f"{BASE}/unbekannt/events").status_code == 404
    calendar["festival"].refresh_from_db()
    assert calendar["festival"].title == "Interkulturelles Fest"
    assert Event.objects.for_municipality(bensheim).get(pk=draft).status == EventStatus.DRAFT


def test_the_list_is_paginated(client, calendar):
    first = client.get(URL, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["items"]) == 2
    last = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert [item["title"] for item in last["items"]] == ["Interkulturelles Fest"]


def test_the_list_costs_the_same_queries_for_many_events(
    client, bensheim, coordinator, calendar, django_assert_max_num_queries
):
    for number in range(20):
        event = EventFactory(
            organiser=calendar["caritas"], kind=calendar["fest"], title=f"Fest {number}",
            recurrence_rule="FREQ=MONTHLY;COUNT=3",
        )  # fmt: skip
        event.target_groups.set([calendar["families"], calendar["women"]])
        event.co_organisers.set([calendar["vhs"]])
        EventTranslationFactory(event=event, language="en")
    for headers in ({}, bearer(coordinator)):
        with django_assert_max_num_queries(12):
            # The festival alone has a limit of places, which costs one count.
            assert len(client.get(URL, headers=headers).json()["items"]) == 23


def test_the_towns_kinds_of_event(client, bensheim, minden, calendar):
    EventKindFactory(municipality=minden, name="Konferenz")
    kinds = client.get(f"{BASE}/bensheim/event-kinds").json()
    assert sorted(kind["name"] for kind in kinds) == ["Fest", "Kurs"]
    assert client.get(f"{BASE}/unbekannt/event-kinds").status_code == 404


# --- Writing ---------------------------------------------------------------------------------
def test_coordination_creates_a_repeating_event_for_an_organisation(
    client, bensheim, coordinator, calendar
):
    measure = MeasureFactory(goal__field_of_action__municipality=bensheim)
    payload = new_event(
        calendar,
        organiser_id=calendar["vhs"].pk,
        co_organisers=[calendar["caritas"].pk],
        target_groups=[calendar["women"].pk, calendar["families"].pk],
        translations=[{"language": "uk", "title": "Мовне кафе"}],
        languages=["de", "uk"],
        recurrence_rule="rrule:freq=weekly;until=20260505",
        recurrence_exceptions=["2026-04-21"],
        registration_enabled=True,
        capacity=12,
        measure_id=measure.pk,
        is_online=True,
        online_url="https://meet.example.org/treff",
        publish=True,
    )
    response = client.post(
        URL, payload, content_type="application/json", headers=bearer(coordinator)
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "published"
    assert data["organiser"]["name"] == "Volkshochschule Bergstraße"
    assert [o["name"] for o in data["co_organisers"]] == ["Caritasverband Bensheim"]
    # A time without an offset is the town's local time (summer time in April: UTC+2).
    assert data["starts_at"] == "2026-04-14T18:00:00+02:00"
    assert data["recurrence_rule"] == "FREQ=WEEKLY;UNTIL=20260505T215959Z"
    assert data["recurrence_exceptions"] == ["2026-04-21"]
    assert [d["starts_at"][:10] for d in data["next_dates"]] == [
        "2026-04-14", "2026-04-28", "2026-05-05",
    ]  # fmt: skip
    assert data["translations"] == [{"language": "uk", "title": "Мовне кафе", "description": ""}]
    assert data["registration"]["capacity"] == 12 and data["registration"]["places_left"] == 12
    assert data["measure_id"] == measure.pk
    assert data["place"]["online_url"] == "https://meet.example.org/treff"
    event = Event.objects.for_municipality(bensheim).get(pk=data["id"])
    assert event.starts_at == datetime.datetime(2026, 4, 14, 16, tzinfo=datetime.UTC)
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    assert client.get(f"{URL}/{event.pk}").json()["place"]["online_url"] is None


def test_a_new_event_is_a_draft_unless_published(client, bensheim, coordinator, calendar):
    response = client.post(
        URL, new_event(calendar), content_type="application/json", headers=bearer(coordinator)
    )
    assert response.status_code == 201, response.content
    data = response.json()
    # Coordination leaving out the organiser: the town itself organises the event.
    assert data["status"] == "draft" and data["organiser"] is None
    assert client.get(f"{URL}/{data['id']}").status_code == 404
    published = client.post(f"{URL}/{data['id']}/publish", headers=bearer(coordinator))
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.get(f"{URL}/{data['id']}").status_code == 200
    again = client.post(f"{URL}/{data['id']}/publish", headers=english(coordinator))
    assert again.status_code == 422 and again.json()["detail"] == "Only a draft can be published."


def test_a_partner_publishes_for_their_own_organisation_only(client, bensheim, calendar):
    partner = partner_of(bensheim, calendar["caritas"])
    response = client.post(
        URL, new_event(calendar, publish=True), content_type="application/json",
        headers=bearer(partner),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["organiser"]["id"] == calendar["caritas"].pk
    assert response.json()["status"] == "published"
    for organiser_id in (calendar["vhs"].pk, None):  # another organisation, or the town
        foreign = client.post(
            URL, new_event(calendar, organiser_id=organiser_id), content_type="application/json",
            headers=english(partner),
        )  # fmt: skip
        assert foreign.status_code == 403
        assert foreign.json()["detail"] == (
            "organiser_id: you can publish events only for your own organisation."
        )
    moved = client.patch(
        f"{URL}/{response.json()['id']}", {"organiser_id": calendar["vhs"].pk},
        content_type="application/json", headers=english(partner),
    )  # fmt: skip
    assert moved.status_code == 403
    assert Event.objects.for_municipality(bensheim).filter(organiser=calendar["vhs"]).count() == 2


def test_a_co_organiser_may_change_the_event_but_not_hand_it_over(client, bensheim, calendar):
    headers = bearer(partner_of(bensheim, calendar["vhs"]))  # co-organises the festival
    festival = calendar["festival"]
    changed = client.patch(
        f"{URL}/{festival.pk}", {"cost": "Spende erbeten"}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert changed.status_code == 200, changed.content
    assert changed.json()["cost"] == "Spende erbeten"
    handed_over = client.patch(
        f"{URL}/{festival.pk}", {"organiser_id": calendar["caritas"].pk},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert handed_over.status_code == 403


def test_another_partner_cannot_touch_the_event(client, bensheim, calendar):
    headers = bearer(partner_of(bensheim, OrganisationFactory(municipality=bensheim)))
    festival, draft = calendar["festival"].pk, calendar["draft"].pk
    patched = client.patch(
        f"{URL}/{festival}", {"title": "Anders"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{draft}/publish", headers=headers).status_code == 404
    assert (
        client.post(
            f"{URL}/{festival}/cancel", {}, content_type="application/json", headers=headers
        ).status_code
        == 404
    )
    assert client.delete(f"{URL}/{draft}", headers=headers).status_code == 404
    calendar["festival"].refresh_from_db()
    assert calendar["festival"].title == "Interkulturelles Fest"


@pytest.mark.parametrize("role", [Role.READER, Role.INTEGRATION_GUIDE, Role.BODY_MEMBER])
def test_roles_without_events_of_their_own_cannot_write(
    client, bensheim, member_of, calendar, role
):
    headers = bearer(member_of(bensheim, role))
    created = client.post(
        URL, new_event(calendar), content_type="application/json", headers=headers
    )
    assert created.status_code == 404
    festival, draft = calendar["festival"].pk, calendar["draft"].pk
    patched = client.patch(
        f"{URL}/{festival}", {"title": "Anders"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{draft}/publish", headers=headers).status_code == 404
    assert client.delete(f"{URL}/{draft}", headers=headers).status_code == 404
    assert Event.objects.for_municipality(bensheim).count() == 6


def test_anonymous_callers_cannot_write(client, calendar):
    response = client.post(URL, new_event(calendar), content_type="application/json")
    assert response.status_code == 401
    assert client.post(f"{URL}/{calendar['draft'].pk}/publish").status_code == 401
    assert client.delete(f"{URL}/{calendar['draft'].pk}").status_code == 401


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "title: This field cannot be blank."),
        ({"ends_at": "2026-06-13T13:00:00"},
         "ends_at: The end lies before the start. Check the date and time."),
        ({"recurrence_rule": "FREQ=WEEKLY"}, "recurrence_rule: A repeating event needs an end"),
        ({"recurrence_rule": "FREQ=SOMETIMES;COUNT=3"},
         "recurrence_rule: The repetition rule could not be read."),
        ({"recurrence_rule": "FREQ=DAILY;COUNT=600"},
         "recurrence_rule: A series may have at most 520 dates."),
        ({"registration_enabled": False},
         "capacity: A limit of places needs registration. Turn registration on."),
        ({"registration_closes_at": "2026-06-14T10:00:00"},
         "registration_closes_at: Registration must close before the event ends."),
        ({"place_name": "", "street": ""}, "place_name: Give a meeting place, a place with"),
        ({"languages": ["xx"]}, "languages: Choose languages from the list."),
        ({"contact_email": "keine-adresse"}, "contact_email: Enter a valid email address."),
        ({"latitude": "123"}, "latitude: Ensure this value is less than or equal to 90."),
        ({"capacity": 0}, "capacity: Ensure this value is greater than or equal to 1."),
        ({"translations": [{"language": "de", "title": "Doppelt"}]},
         "translations[0].language: use one of en, ar, tr, uk, ru, fa"),
        ({"translations": [{"language": "en", "title": "A"}, {"language": "en", "title": "B"}]},
         "translations[1].language: en is given twice."),
        ({"kind_id": None}, "kind_id: this field is required."),
        ({"is_free": None}, "is_free: this field cannot be null"),
        ({"target_groups": None}, "target_groups: send a list of ids (or []), or leave it out."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_the_field_and_nothing_changes(
    client, coordinator, calendar, change, message
):
    festival = calendar["festival"]
    response = client.patch(
        f"{URL}/{festival.pk}", change, content_type="application/json",
        headers=english(coordinator),
    )  # fmt: skip
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"]
    festival.refresh_from_db()
    assert festival.title == "Interkulturelles Fest" and festival.capacity == 100
    assert festival.recurrence_rule == "" and festival.languages == ["de", "ar"]
    assert festival.translations.get().title == "Intercultural festival"
    assert festival.sequence == 0


def test_a_room_that_is_no_meeting_place_is_refused(client, bensheim, coordinator, calendar):
    counselling = OfferingFactory(provider=calendar["caritas"], title="Beratung")
    response = client.patch(
        f"{URL}/{calendar['festival'].pk}", {"meeting_place_id": counselling.pk},
        content_type="application/json", headers=english(coordinator),
    )  # fmt: skip
    assert response.status_code == 422
    assert "meeting_place_id: Choose one of the town's meeting places." in response.json()["detail"]


def test_missing_fields_and_bad_dates_are_refused_by_the_schema(client, coordinator, calendar):
    payload = new_event(calendar)
    del payload["starts_at"]
    response = client.post(
        URL, payload, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "starts_at"
    payload = new_event(calendar, recurrence_exceptions=["31.03.2026"])
    response = client.post(
        URL, payload, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-2:] == ["recurrence_exceptions", 0]


def test_ids_of_another_town_are_refused(client, bensheim, minden, coordinator, calendar):
    minden_kind = EventKindFactory(municipality=minden, name="Kurs")
    minden_group = TargetGroupFactory(municipality=minden)
    minden_organisation = OrganisationFactory(municipality=minden)
    minden_place = OfferingFactory(
        provider=minden_organisation,
        kind=OfferingKindFactory(municipality=minden, is_meeting_place=True),
    )
    minden_measure = MeasureFactory(goal__field_of_action__municipality=minden)
    payload = new_event(
        calendar, kind_id=minden_kind.pk, organiser_id=minden_organisation.pk,
        meeting_place_id=minden_place.pk, measure_id=minden_measure.pk,
        target_groups=[minden_group.pk], co_organisers=[minden_organisation.pk],
    )  # fmt: skip
    response = client.post(
        URL, payload, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    for name in ("kind_id", "organiser_id", "meeting_place_id", "measure_id", "target_groups",
                 "co_organisers"):  # fmt: skip
        assert f"{name}: " in detail
    assert Event.objects.for_municipality(bensheim).count() == 6


def test_patch_changes_only_what_it_names(client, coordinator, calendar):
    festival = calendar["festival"]
    response = client.patch(
        f"{URL}/{festival.pk}",
        {"cost": None, "is_free": False, "capacity": 120, "starts_at": "2026-06-13T15:00:00"},
        content_type="application/json", headers=bearer(coordinator),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["registration"]["capacity"] == 120 and data["cost"] == ""
    assert data["starts_at"] == "2026-06-13T15:00:00+02:00"
    assert data["title_de"] == "Interkulturelles Fest" and data["status"] == "published"
    assert data["translations"][0]["title"] == "Intercultural festival"
    assert [g["name"] for g in data["target_groups"]] == ["Familien"]
    assert [o["name"] for o in data["co_organisers"]] == ["Volkshochschule Bergstraße"]
    festival.refresh_from_db()
    assert festival.sequence == 1  # calendars replace the entry they hold
    entry = AuditEntry.objects.filter(action="event.update", object_id=str(festival.pk)).get()
    assert set(entry.changes) == {"is_free", "capacity", "starts_at"}


def test_a_draft_is_deleted_but_an_event_with_registrations_is_not(
    client, bensheim, coordinator, calendar
):
    draft = calendar["draft"]
    assert client.delete(f"{URL}/{draft.pk}", headers=bearer(coordinator)).status_code == 204
    assert not Event.objects.for_municipality(bensheim).filter(pk=draft.pk).exists()
    refused = client.delete(f"{URL}/{calendar['festival'].pk}", headers=english(coordinator))
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "People have registered for this event. Cancel it instead, so they are told."
    )
    assert Event.objects.for_municipality(bensheim).filter(pk=calendar["festival"].pk).exists()


def test_the_organiser_cancels_a_published_event_with_a_reason(client, bensheim, calendar):
    headers = english(partner_of(bensheim, calendar["vhs"]))
    course = calendar["course"]
    response = client.post(
        f"{URL}/{course.pk}/cancel", {"reason": "Die Kursleitung ist erkrankt."},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancellation_note"] == "Die Kursleitung ist erkrankt."
    public = client.get(URL, {"status": "cancelled"}).json()["items"]
    assert sorted(item["title"] for item in public) == ["Deutsch am Abend", "Frühlingsfest"]
    draft = client.post(
        f"{URL}/{calendar['draft'].pk}/cancel", {}, content_type="application/json",
        headers=english(partner_of(bensheim, calendar["caritas"])),
    )  # fmt: skip
    assert draft.status_code == 422
    assert "delete a draft instead" in draft.json()["detail"]


def test_event_operations_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    events = "/api/v1/municipalities/{slug}/events"
    assert set(paths[events]) == {"get", "post"}
    assert set(paths[f"{events}/{{event_id}}"]) == {"get", "patch", "delete"}
    assert set(paths[f"{events}/occurrences"]) == {"get"}
    for action in ("publish", "cancel"):
        assert set(paths[f"{events}/{{event_id}}/{action}"]) == {"post"}
    assert set(paths["/api/v1/municipalities/{slug}/event-kinds"]) == {"get"}
    listing = paths[events]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert {"from", "to", "lang", "q", "kind", "target_group", "language", "free", "step_free",
            "childcare", "organiser", "status", "page", "page_size"} <= parameters  # fmt: skip
    assert listing["tags"] == ["events"]
    detail = paths[f"{events}/{{event_id}}"]["get"]
    assert "lang" in {p["name"] for p in detail["parameters"]}
    assert "Registrations are not part of the API" in " ".join(listing["description"].split())
    (tag,) = [tag for tag in document.get("tags", []) if tag["name"] == "events"]
    assert "Registrations are not offered through the API" in tag["description"]
    assert not any("registration" in path for path in paths)
