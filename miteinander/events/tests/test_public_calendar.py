"""The public calendar (list, month, week), its filters and search, and each event's page."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from miteinander.events.models import EventTranslation
from miteinander.events.views import public
from miteinander.network.models import ActorGroup
from tests.factories import (
    EventFactory,
    EventKindFactory,
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
def _monday_1_march_2027():
    """10:00 in Bensheim on Monday, 1 March 2027."""
    with freeze_time("2027-03-01T09:00:00Z"):
        yield


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def calendar_url(language="de", town="bensheim"):
    return f"/{language}/{town}/veranstaltungen/"


def titles(response) -> list[str]:
    """The titles of the listed dates, in order (one per date)."""
    html = response.content.decode()
    return re.findall(r'class="kern-link calendar-item__title"[^>]*>([^<]+)</a>', html)


def month_entries(response) -> dict[int, list[str]]:
    """Day of the month -> titles linked in that day's cell of the month grid (this month only)."""
    html = response.content.decode()
    days = {}
    cells = re.findall(r'<td class="calendar-day(?P<classes>[^"]*)"[^>]*>(.*?)</td>', html, re.S)
    for classes, cell in cells:
        if "other-month" in classes:
            continue
        number = int(re.search(r'calendar-day__number" aria-hidden="true">(\d+)<', cell).group(1))
        days[number] = re.findall(r"<bdi[^>]*>([^<]+)</bdi>", cell)
    return days


@pytest.fixture
def town(bensheim, minden):
    """Bensheim's calendar around the beginning of March 2027 (and one event in Minden)."""
    caritas = OrganisationFactory(municipality=bensheim, name="Caritas Bensheim", is_public=True)
    vhs = OrganisationFactory(
        municipality=bensheim, name="Volkshochschule", actor_group=ActorGroup.ADMINISTRATION
    )
    kinds = {
        name: EventKindFactory(municipality=bensheim, name=name)
        for name in ("Kurs", "Fest", "Workshop", "Vortrag", "Ausstellung")
    }
    families = TargetGroupFactory(municipality=bensheim, name="Familien")
    data = {"caritas": caritas, "vhs": vhs, "kinds": kinds, "families": families}
    data["cafe"] = EventFactory(
        organiser=caritas, kind=kinds["Kurs"], title="Sprachcafé",
        description="Deutsch üben bei Kaffee und Tee.",
        starts_at=local(2027, 3, 2, 18), ends_at=local(2027, 3, 2, 20),
        recurrence_rule="FREQ=WEEKLY;COUNT=6", recurrence_exceptions=["2027-03-16"],
        languages=["de", "ar"],
    )  # fmt: skip
    data["fest"] = EventFactory(
        organiser=caritas, kind=kinds["Fest"], title="Interkulturelles Fest",
        description="Musik, Essen und Spiele für alle Familien.",
        starts_at=local(2027, 3, 13, 14), ends_at=local(2027, 3, 13, 20),
        step_free=True, childcare=True, languages=["de"],
    )  # fmt: skip
    data["fest"].target_groups.set([families])
    EventTranslation.objects.create(
        event=data["fest"], language="uk", title="Міжкультурне свято", description="Для всіх."
    )
    EventTranslation.objects.create(
        event=data["fest"], language="en", title="Intercultural festival"
    )
    data["workshop"] = EventFactory(
        organiser=vhs, kind=kinds["Workshop"], title="Workshop Mehrsprachigkeit in der Kita",
        starts_at=local(2027, 3, 4, 9), ends_at=local(2027, 3, 4, 12), is_free=False,
        cost="5 €", interpreted_languages=["uk"], registration_enabled=True, capacity=20,
    )  # fmt: skip
    data["cancelled"] = EventFactory(
        organiser=vhs, kind=kinds["Vortrag"], title="Vortrag Anerkennung",
        starts_at=local(2027, 3, 5, 19), ends_at=local(2027, 3, 5, 21), status="cancelled",
        cancellation_note="Die Referentin ist erkrankt.",
    )  # fmt: skip
    data["exhibition"] = EventFactory(
        organiser=caritas, kind=kinds["Ausstellung"], title="Ausstellung Wege",
        starts_at=local(2027, 3, 8, 10), ends_at=local(2027, 3, 10, 18),
    )  # fmt: skip
    data["past"] = EventFactory(
        organiser=caritas, kind=kinds["Vortrag"], title="Vortrag im Februar",
        starts_at=local(2027, 2, 10, 18), ends_at=local(2027, 2, 10, 20),
    )  # fmt: skip
    data["summer"] = EventFactory(
        organiser=caritas, kind=kinds["Fest"], title="Sommerfest",
        starts_at=local(2027, 6, 5, 14), ends_at=local(2027, 6, 5, 22),
    )  # fmt: skip
    data["draft"] = EventFactory(
        organiser=caritas, kind=kinds["Fest"], title="Geheimer Entwurf", status="draft",
        starts_at=local(2027, 3, 3, 18), ends_at=local(2027, 3, 3, 20),
    )  # fmt: skip
    data["foreign"] = EventFactory(
        organiser=OrganisationFactory(municipality=minden), title="Fest in Minden",
        starts_at=local(2027, 3, 3, 18), ends_at=local(2027, 3, 3, 20),
    )  # fmt: skip
    return data


# --- List ---------------------------------------------------------------------------------------
def test_the_list_shows_the_upcoming_dates_of_four_weeks_day_by_day(client, town):
    response = client.get(calendar_url())
    assert response.status_code == 200
    assert titles(response) == [
        "Sprachcafé",  # Tue 2 March
        "Workshop Mehrsprachigkeit in der Kita",  # Thu 4 March
        "Vortrag Anerkennung",  # Fri 5 March, cancelled
        "Ausstellung Wege",  # 8 to 10 March: listed on its first day
        "Sprachcafé",  # Tue 9 March
        "Interkulturelles Fest",  # Sat 13 March
        # Tue 16 March is left out of the series
        "Sprachcafé",  # 23 March; the period ends on Sunday, 28 March
    ]
    html = response.content.decode()
    assert "Geheimer Entwurf" not in html and "Fest in Minden" not in html
    assert "Vortrag im Februar" not in html and "Sommerfest" not in html
    day_headings = re.findall(r'<h3 class="kern-heading-small" id="day-(\d+)"', html)
    assert day_headings[:3] == ["20270302", "20270304", "20270305"]
    assert "20270316" not in day_headings
    # The next period continues where this one ends.
    assert 'href="?date=2027-03-29"' in html


def test_a_cancelled_event_is_listed_and_marked_as_cancelled(client, town):
    html = client.get(calendar_url("en")).content.decode()
    item = re.search(r'<li class="calendar-item calendar-item--cancelled">(.*?)</li>', html, re.S)
    assert "Vortrag Anerkennung" in item.group(1)
    assert "Cancelled" in item.group(1)


def test_a_later_period_of_the_list(client, town):
    html = client.get(calendar_url("en") + "?date=2027-05-20").content.decode()
    assert "Sommerfest" in html
    assert "Back to today" in html


def test_a_long_period_continues_on_the_next_page_after_a_whole_day(client, town, monkeypatch):
    monkeypatch.setattr(public, "LIST_LIMIT", 3)
    response = client.get(calendar_url("en"))
    # Three dates fill the page (2, 4 and 5 March); the next page starts on 6 March.
    assert titles(response) == [
        "Sprachcafé", "Workshop Mehrsprachigkeit in der Kita", "Vortrag Anerkennung",
    ]  # fmt: skip
    html = response.content.decode()
    assert 'href="?date=2027-03-06"' in html and "More events" in html
    assert titles(client.get(calendar_url("en") + "?date=2027-03-06"))[0] == "Ausstellung Wege"


def test_the_town_feeds_are_linked_for_calendar_apps(client, town):
    html = client.get(calendar_url("en")).content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" title="Events in Bensheim" '
        'href="http://testserver/en/bensheim/veranstaltungen/kalender.ics">'
    ) in html
    assert 'href="webcal://testserver/en/bensheim/veranstaltungen/kalender.ics"' in html
    kind = town["kinds"]["Fest"]
    html = client.get(calendar_url("en") + f"?kind={kind.pk}").content.decode()
    assert (
        f'<link rel="alternate" type="text/calendar" title="Fest in Bensheim" '
        f'href="http://testserver/en/bensheim/veranstaltungen/art/{kind.pk}/kalender.ics">'
    ) in html


# --- Month and week -----------------------------------------------------------------------------
def test_the_month_shows_each_days_events_in_a_grid(client, town):
    response = client.get(calendar_url("en") + "?view=month")
    html = response.content.decode()
    assert "<caption>March 2027: 8 dates</caption>" in html
    days = month_entries(response)
    assert len(days) == 31
    assert days[2] == ["Sprachcafé"]
    assert days[5] == ["Vortrag Anerkennung"]
    assert days[8] == days[10] == ["Ausstellung Wege"]
    assert days[9] == ["Ausstellung Wege", "Sprachcafé"]
    assert days[13] == ["Intercultural festival"]  # in English where it has a translation
    assert days[16] == []  # left out
    assert days[3] == []  # a draft and another town's event
    assert 'aria-current="date"' in html  # today, 1 March
    assert 'href="?view=month&amp;date=2027-02-01"' in html
    assert 'href="?view=month&amp;date=2027-04-01"' in html
    # Every event links to its page.
    assert f'/en/bensheim/veranstaltungen/{town["fest"].pk}/"' in html


def test_a_busy_day_in_the_month_links_to_its_week(client, town, monkeypatch):
    monkeypatch.setattr(public, "MONTH_CELL_LIMIT", 1)
    response = client.get(calendar_url("en") + "?view=month")
    assert month_entries(response)[9] == ["Ausstellung Wege"]  # Sprachcafé is in the week
    html = response.content.decode()
    assert (
        '<a class="kern-link calendar-day__more" '
        'href="?view=week&amp;date=2027-03-09#day-20270309">'
        '1 more<span class="kern-sr-only"> – March 9, 2027</span></a>'
    ) in html


def test_earlier_and_later_months(client, town):
    february = month_entries(client.get(calendar_url() + "?view=month&date=2027-02-01"))
    assert february[10] == ["Vortrag im Februar"]
    june = month_entries(client.get(calendar_url() + "?view=month&date=2027-06-17"))
    assert june[5] == ["Sommerfest"]


def test_the_week_lists_its_seven_days(client, town):
    response = client.get(calendar_url("en") + "?view=week&date=2027-03-10")
    html = response.content.decode()
    assert "Week 10: March 8, 2027 to March 14, 2027" in html
    # An event over several days is on each of them; after the first it is ongoing.
    assert html.count("– 03/10/2027 18:00") == 3 and html.count("ongoing") == 2
    assert html.count('class="calendar-week__day') == 7
    assert titles(response) == [
        "Ausstellung Wege", "Ausstellung Wege", "Sprachcafé", "Ausstellung Wege",
        "Intercultural festival",
    ]  # fmt: skip
    assert html.count("No events.") == 3  # Thursday, Friday, Sunday
    assert 'href="?view=week&amp;date=2027-03-01"' in html
    assert 'href="?view=week&amp;date=2027-03-15"' in html


def test_an_unreadable_date_or_view_shows_the_current_list(client, town):
    response = client.get(calendar_url() + "?view=year&date=gestern")
    assert response.status_code == 200
    assert titles(response)[0] == "Sprachcafé"


# --- Filters and search -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("target_group={families}", {"Interkulturelles Fest"}),
        ("language=uk", {"Workshop Mehrsprachigkeit in der Kita"}),  # interpreted
        ("language=ar", {"Sprachcafé"}),  # spoken
        ("free=on", {"Sprachcafé", "Vortrag Anerkennung", "Ausstellung Wege",
                     "Interkulturelles Fest"}),
        ("step_free=on", {"Interkulturelles Fest"}),
        ("childcare=on", {"Interkulturelles Fest"}),
        ("registration_open=on", {"Workshop Mehrsprachigkeit in der Kita"}),
        ("organiser={vhs}", {"Workshop Mehrsprachigkeit in der Kita", "Vortrag Anerkennung"}),
        ("kind={workshop}", {"Workshop Mehrsprachigkeit in der Kita"}),
    ],
)  # fmt: skip
def test_each_filter(client, town, query, expected):
    query = query.format(
        families=town["families"].pk,
        vhs=town["vhs"].pk,
        workshop=town["kinds"]["Workshop"].pk,
    )
    assert set(titles(client.get(calendar_url() + "?" + query))) == expected


def test_kinds_show_how_many_events_the_other_filters_leave(client, town):
    html = client.get(calendar_url("en") + "?free=on").content.decode()
    kinds = town["kinds"]
    for kind, count in (("Kurs", 1), ("Fest", 1), ("Workshop", 0), ("Vortrag", 1)):
        assert f'<option value="{kinds[kind].pk}">{kind} ({count})</option>' in html


@pytest.mark.parametrize(
    ("language", "term", "expected"),
    [
        ("de", "FEST", {"Interkulturelles Fest"}),
        ("de", "mehrsprachigkeit kita", {"Workshop Mehrsprachigkeit in der Kita"}),
        ("de", "ÜBEN", {"Sprachcafé"}),  # in the description, with an umlaut
        ("de", "sprachcafé", {"Sprachcafé"}),
        ("de", "caritas", {"Sprachcafé", "Interkulturelles Fest", "Ausstellung Wege"}),
        ("uk", "СВЯТО", {"Міжкультурне свято"}),  # in the visitor's language, any case
        ("uk", "свято", {"Міжкультурне свято"}),
        ("en", "festival", {"Intercultural festival"}),
        ("de", "festival", set()),  # the English text is searched on English pages only
        ("de", "Yoga", set()),
    ],
)
def test_search_in_german_and_the_visitors_language(client, town, language, term, expected):
    assert set(titles(client.get(calendar_url(language), {"q": term}))) == expected


def test_an_empty_search_helps_and_offers_to_reset_the_filters(client, town):
    html = client.get(calendar_url("en"), {"q": "Yoga"}).content.decode()
    assert "No event matches your search in these four weeks." in html
    assert "Try fewer filters or another word" in html
    assert '<a class="kern-link" href="/en/bensheim/veranstaltungen/?view=list">' in html


def test_a_town_without_events_says_so(client, bensheim):
    html = client.get(calendar_url("en")).content.decode()
    assert "The town has not published any events yet." in html


def test_filters_survive_switching_the_view(client, town):
    html = client.get(calendar_url() + "?free=on&view=list").content.decode()
    assert 'href="?free=on&amp;view=month"' in html
    assert 'href="?free=on&amp;view=week"' in html


def test_the_calendar_in_arabic_is_right_to_left(client, town):
    response = client.get(calendar_url("ar") + "?view=month")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert month_entries(response)[13] == ["Interkulturelles Fest"]
    # German titles keep their own language inside the right-to-left page.
    assert '<bdi lang="de">Interkulturelles Fest</bdi>' in html


@pytest.mark.parametrize("language", ["de", "en", "ar", "tr", "uk", "ru", "fa"])
def test_every_language_renders_every_view(client, town, language):
    for view in ("list", "month", "week"):
        assert client.get(calendar_url(language) + f"?view={view}").status_code == 200
    assert client.get(f"{calendar_url(language)}{town['fest'].pk}/").status_code == 200


# --- The event page -----------------------------------------------------------------------------
def event_url(event, language="de"):
    return f"/{language}/{event.municipality.slug}/veranstaltungen/{event.pk}/"


def test_the_event_page_in_the_visitors_language(client, town):
    html = client.get(event_url(town["fest"], "uk")).content.decode()
    assert '<h1 class="kern-heading-large" lang="uk">Міжкультурне свято</h1>' in html
    assert "Only in German" not in html
    assert '<p class="kern-body event-text" lang="uk">Для всіх.</p>' in html


def test_without_a_translation_the_german_text_is_shown_with_a_notice(client, town):
    html = client.get(event_url(town["cafe"], "en")).content.decode()
    assert '<h1 class="kern-heading-large" lang="de" dir="ltr">Sprachcafé</h1>' in html
    assert "Only in German" in html
    # A translation without a description shows the German description, marked as German.
    html = client.get(event_url(town["fest"], "en")).content.decode()
    assert "Intercultural festival" in html and "Only in German" not in html
    assert 'lang="de" dir="ltr">Musik, Essen und Spiele für alle Familien.</p>' in html


def test_the_event_page_tells_all_a_visitor_needs(client, town):
    fest = town["fest"]
    html = client.get(event_url(fest, "en")).content.decode()
    assert "Saturday, March 13, 2027" in html and "14:00–20:00" in html
    organisation_url = f"/en/bensheim/organisations/{town['caritas'].pk}/"
    assert f'<a class="kern-link" href="{organisation_url}"><bdi lang="de">Caritas Bensheim' in html
    assert "Bürgerhaus" in html and "Marktplatz 1, 64625 Bensheim" in html
    assert "Familien" in html
    assert "Step-free access" in html and "Childcare is offered." in html
    assert "Free of charge" in html
    assert f'href="/en/bensheim/veranstaltungen/{fest.pk}/kalender.ics" download' in html
    assert 'href="webcal://testserver/en/bensheim/veranstaltungen/kalender.ics"' in html


def test_all_upcoming_dates_of_a_series_without_the_left_out_ones(client, town):
    html = client.get(event_url(town["cafe"], "en")).content.decode()
    dates = re.findall(r'<time datetime="([^"]+)">', html)
    assert [d[:10] for d in dates] == [
        "2027-03-02", "2027-03-09", "2027-03-23", "2027-03-30", "2027-04-06",
    ]  # fmt: skip
    assert dates[0].endswith("+01:00") and dates[-1].endswith("+02:00")
    assert "Next dates" in html


def test_many_dates_are_folded_away_and_past_events_say_so(client, town):
    cafe = town["cafe"]
    cafe.recurrence_rule = "FREQ=WEEKLY;COUNT=20"
    cafe.save()
    html = client.get(event_url(cafe, "en")).content.decode()
    assert html.count("<time ") == 19  # twenty, one left out
    assert "7 more dates" in html
    html = client.get(event_url(town["past"], "en")).content.decode()
    assert "Has taken place" in html and "Took place" in html


def test_a_meeting_place_links_to_its_page_and_the_online_link_stays_private(client, town):
    bensheim = town["caritas"].municipality
    place = OfferingFactory(
        provider=town["caritas"],
        kind=OfferingKindFactory(municipality=bensheim, is_meeting_place=True),
        title="Stadtteilcafé Auerbach", street="Darmstädter Straße 5", city="Bensheim",
    )  # fmt: skip
    event = EventFactory(
        organiser=town["caritas"], meeting_place=place, place_name="", street="", city="",
        is_online=True, online_url="https://meet.example.org/geheim", registration_enabled=True,
        starts_at=local(2027, 3, 20, 10), ends_at=local(2027, 3, 20, 12),
    )  # fmt: skip
    html = client.get(event_url(event, "en")).content.decode()
    assert f'<a class="kern-link" href="/en/bensheim/angebote/{place.pk}/">' in html
    assert "Darmstädter Straße 5" in html
    assert "You can also take part online." in html
    assert "Registered participants receive the link." in html
    assert "meet.example.org" not in html


def test_co_organisers_and_the_measure(client, town):
    bensheim = town["caritas"].municipality
    fest = town["fest"]
    fest.co_organisers.set([town["vhs"]])
    fest.measure = MeasureFactory(
        goal__municipality=bensheim, title="Begegnung fördern", is_published=True
    )
    fest.save()
    html = client.get(event_url(fest, "en")).content.decode()
    assert "Organisers" in html and "Volkshochschule" in html
    assert f'href="/en/bensheim/action-plan/{fest.measure.pk}/"' in html
    assert "Begegnung fördern" in html
    fest.measure.is_published = False
    fest.measure.save()
    assert "Begegnung fördern" not in client.get(event_url(fest, "en")).content.decode()


def test_registration_shows_the_places_left(client, town):
    workshop = town["workshop"]
    RegistrationFactory(event=workshop, municipality=workshop.municipality)
    html = client.get(event_url(workshop, "en")).content.decode()
    assert "19 places left." in html
    assert f'href="/en/bensheim/veranstaltungen/{workshop.pk}/anmelden/"' in html
    assert "Register</span>" in html
    assert "Costs apply" not in html and "5 €" in html


def test_a_full_event_offers_its_waiting_list_or_nothing(client, town):
    workshop = town["workshop"]
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(event=workshop, municipality=workshop.municipality)
    html = client.get(event_url(workshop, "en")).content.decode()
    assert "The event is fully booked." in html
    assert "Join the waiting list</span>" in html
    workshop.waiting_list = False
    workshop.save()
    html = client.get(event_url(workshop, "en")).content.decode()
    assert "The event is fully booked." in html and "/anmelden/" not in html


def test_closed_registration_and_a_cancelled_event(client, town):
    workshop = town["workshop"]
    workshop.registration_closes_at = local(2027, 2, 28, 12)
    workshop.save()
    html = client.get(event_url(workshop, "en")).content.decode()
    assert "Registration has closed." in html and "/anmelden/" not in html
    html = client.get(event_url(town["cancelled"], "en")).content.decode()
    assert "This event is cancelled" in html and "Die Referentin ist erkrankt." in html


def test_drafts_and_other_towns_events_are_not_found(client, town):
    assert client.get(event_url(town["draft"])).status_code == 404
    foreign = town["foreign"]
    assert client.get(f"/de/bensheim/veranstaltungen/{foreign.pk}/").status_code == 404
    assert client.get(event_url(foreign)).status_code == 200  # in its own town
    assert (
        client.get(f"/de/bensheim/veranstaltungen/{town['draft'].pk}/kalender.ics").status_code
        == 404
    )


def test_the_event_page_asks_few_queries(client, town, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(event_url(town["workshop"], "en")).status_code == 200


def test_the_calendar_asks_few_queries(client, town, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(calendar_url("uk") + "?view=month&free=on").status_code == 200
