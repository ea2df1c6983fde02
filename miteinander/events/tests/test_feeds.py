"""The town's calendar feeds: what they hold, per kind and language, and their caching (a change
to an event shows at once; clients that hold the feed get 304)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import translation
from freezegun import freeze_time
from icalendar import Calendar

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from bench.events_feed import build_requests
from bench.generate_events import generate
from miteinander.events import calendars, feeds, services
from miteinander.events.models import Event
from tests.factories import (
    EventFactory,
    EventKindFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    """From 10:00 in Bensheim on 1 March 2027, with the clock running, as a save moves
    `updated_at` in real life."""
    cache.clear()
    with freeze_time(NOW, tick=True) as clock:
        yield clock
    cache.clear()


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def feed_url(language="de", town="bensheim"):
    return f"/{language}/{town}/veranstaltungen/kalender.ics"


def summaries(response) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def town(bensheim, minden):
    caritas = OrganisationFactory(municipality=bensheim, name="Caritas Bensheim")
    fest = EventKindFactory(municipality=bensheim, name="Fest")
    kurs = EventKindFactory(municipality=bensheim, name="Kurs")
    return {
        "caritas": caritas,
        "fest": fest,
        "kurs": kurs,
        "festival": EventFactory(
            organiser=caritas, kind=fest, title="Stadtfest",
            starts_at=local(2027, 6, 5, 14), ends_at=local(2027, 6, 5, 22),
        ),
        "course": EventFactory(
            organiser=caritas, kind=kurs, title="Deutschkurs",
            starts_at=local(2027, 1, 12, 18), ends_at=local(2027, 1, 12, 20),
            recurrence_rule="FREQ=WEEKLY;COUNT=10",
        ),
        # Its last date was 35 days ago: no longer in the feed.
        "old": EventFactory(
            organiser=caritas, kind=kurs, title="Kurs im Januar",
            starts_at=local(2027, 1, 25, 18), ends_at=local(2027, 1, 25, 20),
        ),
        # 20 days ago: still in the feed.
        "recent": EventFactory(
            organiser=caritas, kind=fest, title="Neujahrsempfang",
            starts_at=local(2027, 2, 9, 18), ends_at=local(2027, 2, 9, 20),
        ),
        "cancelled": EventFactory(
            organiser=caritas, kind=fest, title="Abgesagtes Fest", status="cancelled",
            starts_at=local(2027, 4, 5, 14), ends_at=local(2027, 4, 5, 20),
        ),
        "draft": EventFactory(
            organiser=caritas, kind=fest, title="Entwurf", status="draft",
            starts_at=local(2027, 4, 6, 14), ends_at=local(2027, 4, 6, 20),
        ),
        "foreign": EventFactory(
            organiser=OrganisationFactory(municipality=minden), title="Fest in Minden",
            starts_at=local(2027, 4, 7, 14), ends_at=local(2027, 4, 7, 20),
        ),
    }  # fmt: skip


def test_the_town_feed_holds_its_public_events_of_the_last_30_days_and_ahead(client, town):
    response = client.get(feed_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="veranstaltungen-bensheim.ics"'
    assert summaries(response) == {"Stadtfest", "Deutschkurs", "Neujahrsempfang", "Abgesagtes Fest"}
    calendar = Calendar.from_ical(client.get(feed_url("en")).content)
    assert str(calendar["X-WR-CALNAME"]) == "Events in Bensheim"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"


def test_another_towns_feed_never_holds_bensheims_events(client, town):
    assert summaries(client.get(feed_url(town="minden"))) == {"Fest in Minden"}


def test_the_feed_of_one_kind(client, town):
    response = client.get(f"/en/bensheim/veranstaltungen/art/{town['fest'].pk}/kalender.ics")
    assert response.status_code == 200
    assert summaries(response) == {"Stadtfest", "Neujahrsempfang", "Abgesagtes Fest"}
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == "Fest in Bensheim"
    assert response["Content-Disposition"] == (
        'inline; filename="veranstaltungen-bensheim-fest.ics"'
    )


def test_a_kind_of_another_town_is_not_found(client, town, minden):
    foreign_kind = EventKindFactory(municipality=minden, name="Fest")
    url = f"/de/bensheim/veranstaltungen/art/{foreign_kind.pk}/kalender.ics"
    assert client.get(url).status_code == 404


def test_the_feed_links_each_event_to_its_page(client, town):
    calendar = Calendar.from_ical(client.get(feed_url("tr")).content)
    urls = {str(e["SUMMARY"]): str(e["URL"]) for e in calendar.walk("VEVENT")}
    festival = town["festival"]
    with translation.override("tr"):
        assert urls["Stadtfest"] == calendars.absolute(festival.get_public_url())


def test_a_changed_event_changes_the_feed_at_once(client, town):
    first = client.get(feed_url())
    assert "Stadtfest" in summaries(first)
    festival = town["festival"]
    services.event_save(
        municipality=festival.municipality,
        acting_user=UserFactory(),
        event=festival,
        content=services.EventContent(fields={"title": "Großes Stadtfest"}),
    )
    second = client.get(feed_url())
    assert "Großes Stadtfest" in summaries(second) and "Stadtfest" not in summaries(second)
    assert second["ETag"] != first["ETag"]


def test_a_new_translation_changes_the_feed_in_that_language(client, town):
    assert "Stadtfest" in summaries(client.get(feed_url("en")))
    festival = town["festival"]
    services.event_save(
        municipality=festival.municipality,
        acting_user=UserFactory(),
        event=festival,
        content=services.EventContent(
            fields={},
            translations=[{"language": "en", "title": "Town festival", "description": ""}],
        ),
    )
    assert "Town festival" in summaries(client.get(feed_url("en")))
    assert "Stadtfest" in summaries(client.get(feed_url("de")))


def test_published_cancelled_and_deleted_events_show_at_once(client, town):
    client.get(feed_url())
    user = UserFactory()
    services.event_publish(event=town["draft"], acting_user=user)
    assert "Entwurf" in summaries(client.get(feed_url()))
    services.event_delete(event=town["festival"], acting_user=user)
    assert "Stadtfest" not in summaries(client.get(feed_url()))


def test_the_cached_feed_costs_one_query_for_the_version(
    client, town, django_assert_max_num_queries
):
    client.get(feed_url())
    # The town (middleware) and the version; nothing is built again.
    with django_assert_max_num_queries(2):
        assert client.get(feed_url()).status_code == 200


def test_after_a_change_only_the_changed_event_is_rendered_again(client, town, monkeypatch):
    client.get(feed_url())
    rendered = []
    original = calendars.event_component

    def counting(event, **kwargs):
        rendered.append(event.title)
        return original(event, **kwargs)

    monkeypatch.setattr(calendars, "event_component", counting)
    course = town["course"]
    course.description = "Jetzt mit Kinderbetreuung."
    course.save()
    response = client.get(feed_url())
    assert rendered == ["Deutschkurs"]
    assert len(summaries(response)) == 4
    # The feed of a language not asked for yet is rendered whole.
    client.get(feed_url("fa"))
    assert len(rendered) == 5


def test_a_renamed_organiser_shows_when_the_cached_feed_expires(client, town, clock):
    def organisers():
        events = Calendar.from_ical(client.get(feed_url()).content).walk("VEVENT")
        return {str(event["ORGANIZER"].params["CN"]) for event in events}

    assert organisers() == {"Caritas Bensheim"}
    caritas = town["caritas"]
    caritas.name = "Caritasverband Bensheim"
    caritas.save()
    assert organisers() == {"Caritas Bensheim"}  # still the kept feed
    clock.tick(datetime.timedelta(seconds=feeds.FEED_TIMEOUT + 1))
    assert organisers() == {"Caritasverband Bensheim"}


def test_clients_that_hold_the_feed_get_304(client, town):
    first = client.get(feed_url())
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] in ("public, no-cache", "no-cache, public")
    again = client.get(feed_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(feed_url(), HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change makes the next request a full answer again.
    festival = town["festival"]
    festival.title = "Großes Stadtfest"
    festival.save()
    changed = client.get(feed_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_same_events_give_the_same_feed(client, town, clock):
    """DTSTAMP is the time of the last change, so every server builds the same bytes."""
    first = client.get(feed_url()).content
    cache.clear()
    clock.tick(datetime.timedelta(minutes=5))
    assert client.get(feed_url()).content == first


def test_a_feed_with_no_events_is_a_valid_empty_calendar(client, bensheim):
    response = client.get(feed_url())
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == [] and calendar["PRODID"] == calendars.PRODID


def test_feed_version_moves_with_every_change(town):
    town_ = town["caritas"].municipality
    before = feeds.events_version(town_)
    Event.objects.for_municipality(town_).filter(pk=town["old"].pk).delete()
    assert feeds.events_version(town_) != before
    before = feeds.events_version(town_)
    town["festival"].save()
    assert feeds.events_version(town_) != before


# --- The benchmark's generator and requests keep working (no timing here) -------------------
def test_the_benchmark_calendar_is_valid_and_its_feed_answers(client):
    report = generate(events=40, repeating=6, drafts=3, seed=9, validate_every=1)
    assert (report.public, report.repeating, report.drafts) == (40, 6, 3)
    requests = build_requests(town="bensheim")
    assert {request.kind for request in requests} == {"town", "kind"}
    for request in requests:
        response = client.get(request.path)
        assert response.status_code == 200, request.path
    town_feed = client.get("/de/bensheim/veranstaltungen/kalender.ics")
    assert len(Calendar.from_ical(town_feed.content).walk("VEVENT")) == 40
