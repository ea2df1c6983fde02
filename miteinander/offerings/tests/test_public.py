"""The public directory: filters, pagination, languages, what stays hidden, the map, queries."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

import miteinander.urls  # noqa: F401  (loaded before freezegun swaps datetime for the API's schemas)
from miteinander.network.models import ActorGroup
from miteinander.offerings import search
from miteinander.offerings.hours import is_open
from miteinander.offerings.models import (
    DirectorySettings,
    OfferingStatus,
    OfferingTranslation,
    OpeningHours,
    ScheduleException,
    ScheduleKind,
    Session,
)
from miteinander.offerings.selectors import (
    DirectoryFilters,
    directory_entries,
    directory_results,
    offering_public,
    offerings_directory,
)
from tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    OfferingFactory,
    OfferingKindFactory,
    OrganisationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def directory_url(town="bensheim", language="de"):
    return f"/{language}/{town}/angebote/"


def offering_url(offering, language="de"):
    return f"/{language}/{offering.municipality.slug}/angebote/{offering.pk}/"


def titles(response) -> list[str]:
    """The titles of the listed offerings, in order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="kern-title"><a [^>]*>([^<]+)</a></h3>', html)


@pytest.fixture
def town(bensheim):
    """Bensheim's directory: kinds, districts, target groups and six offerings."""
    data = {
        "beratung": OfferingKindFactory(municipality=bensheim, name="Beratung"),
        "kurs": OfferingKindFactory(municipality=bensheim, name="Sprachkurs"),
        "treff": OfferingKindFactory(
            municipality=bensheim, name="Begegnung und Treffpunkt", is_meeting_place=True
        ),
        "auerbach": DistrictFactory(municipality=bensheim, name="Auerbach"),
        "mitte": DistrictFactory(municipality=bensheim, name="Innenstadt"),
        "frauen": TargetGroupFactory(municipality=bensheim, name="Frauen"),
        "jugend": TargetGroupFactory(municipality=bensheim, name="Jugendliche"),
        "caritas": OrganisationFactory(municipality=bensheim, name="Caritas", is_public=True),
        "stadt": OrganisationFactory(
            municipality=bensheim, name="Stadtverwaltung", actor_group=ActorGroup.ADMINISTRATION
        ),
    }
    data["migrationsberatung"] = OfferingFactory(
        provider=data["caritas"], kind=data["beratung"], title="Migrationsberatung",
        district=data["mitte"], languages=["de", "ar"], latitude="49.681000",
        longitude="8.617000",
    )  # fmt: skip
    data["migrationsberatung"].target_groups.set([data["frauen"]])
    data["deutschkurs"] = OfferingFactory(
        provider=data["stadt"], kind=data["kurs"], title="Deutschkurs A1", is_free=False,
        cost="50 € im Monat", district=data["auerbach"], languages=["de"],
    )  # fmt: skip
    data["deutschkurs"].target_groups.set([data["jugend"], data["frauen"]])
    data["cafe"] = OfferingFactory(
        provider=data["caritas"], kind=data["treff"], title="Café International",
        district=data["auerbach"], languages=["de", "uk", "ru"], room_capacity=30,
        latitude="49.690000", longitude="8.630000",
    )  # fmt: skip
    data["online"] = OfferingFactory(
        provider=data["stadt"], kind=data["beratung"], title="Online-Sprechstunde",
        is_online=True, street="", postcode="", city="", languages=["fa"],
        website="https://example.org/sprechstunde",
    )  # fmt: skip
    return data


# --- The list and its filters ------------------------------------------------------------------
def test_the_list_shows_published_offerings_in_title_order(client, town):
    response = client.get(directory_url())
    assert response.status_code == 200
    assert titles(response) == [
        "Café International", "Deutschkurs A1", "Migrationsberatung", "Online-Sprechstunde",
    ]  # fmt: skip
    assert "4 offerings found" in client.get(directory_url(language="en")).content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "kurs"}, ["Deutschkurs A1"]),
        ({"target_group": "frauen"}, ["Deutschkurs A1", "Migrationsberatung"]),
        ({"language": "uk"}, ["Café International"]),
        ({"language": "de"}, ["Café International", "Deutschkurs A1", "Migrationsberatung"]),
        ({"district": "auerbach"}, ["Café International", "Deutschkurs A1"]),
        ({"free": "on"}, ["Café International", "Migrationsberatung", "Online-Sprechstunde"]),
        ({"meeting_places": "on"}, ["Café International"]),
        ({"kind": "beratung", "target_group": "frauen"}, ["Migrationsberatung"]),
        ({"district": "auerbach", "free": "on"}, ["Café International"]),
    ],
)
def test_each_filter_narrows_the_list(client, town, params, expected):
    vocabularies = ("kind", "target_group", "district")
    query = {key: town[value].pk if key in vocabularies else value for key, value in params.items()}
    response = client.get(directory_url(), query)
    assert titles(response) == expected


def test_an_offering_for_two_chosen_target_groups_is_listed_once(bensheim, town):
    filters = DirectoryFilters(target_groups=[town["frauen"].pk, town["jugend"].pk])
    result = list(offerings_directory(municipality=bensheim, filters=filters))
    assert [o.title for o in result] == ["Deutschkurs A1", "Migrationsberatung"]


def test_several_values_of_one_filter_mean_any_of_them(bensheim, town):
    filters = DirectoryFilters(
        languages=["uk", "fa"], kinds=[town["treff"].pk, town["beratung"].pk]
    )
    result = offerings_directory(municipality=bensheim, filters=filters)
    assert [o.title for o in result] == ["Café International", "Online-Sprechstunde"]


def test_a_filter_value_of_another_town_filters_nothing_and_says_so(client, town, minden):
    foreign_kind = OfferingKindFactory(municipality=minden, name="Beratung")
    response = client.get(directory_url(), {"kind": foreign_kind.pk})
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert 'id="id_kind_error"' in response.content.decode()


def facets(*, municipality, filters):
    """The directory's counts, as its page gets them."""
    return directory_results(municipality=municipality, filters=filters, at=timezone.now())[1]


def test_kinds_in_the_filter_show_how_many_offerings_they_would_list(client, bensheim, town):
    counts = facets(municipality=bensheim, filters=DirectoryFilters(free_only=True)).kinds
    assert counts == {town["beratung"].pk: 2, town["treff"].pk: 1}
    # The kind filter itself does not narrow its own counts.
    counted = facets(
        municipality=bensheim, filters=DirectoryFilters(kinds=[town["kurs"].pk, town["treff"].pk])
    )
    assert counted.kinds[town["beratung"].pk] == 2
    assert counted.total == 2  # Deutschkurs and Café
    html = client.get(directory_url(), {"free": "on"}).content.decode()
    assert f'<option value="{town["beratung"].pk}">Beratung (2)</option>' in html
    assert f'<option value="{town["kurs"].pk}">Sprachkurs (0)</option>' in html


def test_the_form_works_as_a_plain_get_form_with_labels(client, town):
    html = client.get(directory_url()).content.decode()
    form = re.search(r'<form method="get"[^>]*role="search".*?</form>', html, re.S).group(0)
    for name in ("q", "kind", "target_group", "language", "district", "free", "open_now",
                 "meeting_places"):  # fmt: skip
        assert f'name="{name}"' in form
        assert f'<label class="kern-label" for="id_{name}"' in form
    assert 'type="submit"' in form


def test_districts_filter_is_left_out_when_the_town_has_none(client, minden):
    OfferingFactory(provider=OrganisationFactory(municipality=minden))
    html = client.get(directory_url("minden")).content.decode()
    assert 'name="district"' not in html


# --- Pagination --------------------------------------------------------------------------------
def test_twenty_per_page_and_the_filters_stay_in_the_page_links(client, bensheim):
    kind = OfferingKindFactory(municipality=bensheim, name="Sprachkurs")
    provider = OrganisationFactory(municipality=bensheim)
    for number in range(25):
        OfferingFactory(provider=provider, kind=kind, title=f"Kurs {number:02d}")
    OfferingFactory(provider=provider, title="Anderes")

    first = client.get(directory_url(language="en"), {"kind": kind.pk})
    assert titles(first) == [f"Kurs {n:02d}" for n in range(20)]
    html = first.content.decode()
    assert "25 offerings found" in html
    link = re.search(r'<a class="kern-link" href="([^"]+)" rel="next">', html).group(1)
    assert f"kind={kind.pk}" in link and "page=2" in link

    second = client.get(directory_url(language="en") + link.replace("&amp;", "&"))
    assert titles(second) == [f"Kurs {n:02d}" for n in range(20, 25)]
    assert 'rel="prev"' in second.content.decode()
    assert titles(client.get(directory_url(), {"kind": kind.pk, "page": "99"})) == titles(second)


# --- Languages -------------------------------------------------------------------------------
def test_titles_in_the_visitors_language_with_german_marked_as_such(client, town):
    OfferingTranslation.objects.create(
        offering=town["migrationsberatung"], language="ar", title="استشارة الهجرة"
    )
    html = client.get(directory_url(language="ar")).content.decode()
    assert 'dir="rtl"' in html.split(">", 2)[1]  # the <html> element
    assert re.search(r'<a [^>]*lang="ar"[^>]*>استشارة الهجرة</a>', html)
    assert re.search(r'<a [^>]*lang="de"[^>]*>Deutschkurs A1</a>', html)


def test_offering_page_in_the_visitors_language_without_notice(client, town):
    OfferingTranslation.objects.create(
        offering=town["migrationsberatung"], language="ar", title="استشارة الهجرة",
        description="نساعدك في كل الأسئلة.",
    )  # fmt: skip
    html = client.get(offering_url(town["migrationsberatung"], "ar")).content.decode()
    assert re.search(r'<h1 class="kern-heading-large" lang="ar">استشارة الهجرة</h1>', html)
    assert 'lang="ar">نساعدك في كل الأسئلة.</p>' in html
    assert "kern-alert--info" not in html


def test_offering_page_falls_back_to_german_with_a_notice(client, town):
    with_translation = town["cafe"]
    OfferingTranslation.objects.create(offering=with_translation, language="en", title="Café")
    response = client.get(offering_url(town["deutschkurs"], "en"))
    html = response.content.decode()
    assert '<h1 class="kern-heading-large" lang="de" dir="ltr">Deutschkurs A1</h1>' in html
    assert "This offering is not yet available in your language; here is the German text." in html
    # A translation without a description shows the German description, marked German.
    html = client.get(offering_url(with_translation, "en")).content.decode()
    assert '<h1 class="kern-heading-large" lang="en">Café</h1>' in html
    assert 'lang="de" dir="ltr">Ein Angebot im Netzwerk.</p>' in html
    assert "not yet available in your language" not in html


def test_german_visitors_get_no_notice(client, town):
    html = client.get(offering_url(town["deutschkurs"], "de")).content.decode()
    assert "kern-alert--info" not in html


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_pages(client, town, language):
    for url in (directory_url(language=language), offering_url(town["cafe"], language)):
        html = client.get(url).content.decode()
        assert f'<html lang="{language}" dir="rtl"' in html


# --- What the public never sees ------------------------------------------------------------------
@pytest.fixture
def hidden(bensheim, minden, town):
    today = timezone.localdate()
    provider = town["caritas"]
    published = town["cafe"]
    revision = OfferingFactory(
        provider=provider, title="Geänderter Entwurf", revision_of=published, status="submitted"
    )
    return {
        "draft": OfferingFactory(provider=provider, title="Entwurf", status=OfferingStatus.DRAFT),
        "submitted": OfferingFactory(
            provider=provider, title="Eingereicht", status=OfferingStatus.SUBMITTED
        ),
        "archived": OfferingFactory(
            provider=provider, title="Archiviert", status=OfferingStatus.ARCHIVED
        ),
        "expired": OfferingFactory(
            provider=provider, title="Abgelaufen", valid_to=today - datetime.timedelta(days=1)
        ),
        "future": OfferingFactory(
            provider=provider, title="Zukünftig", valid_from=today + datetime.timedelta(days=1)
        ),
        "revision": revision,
        "other_town": OfferingFactory(
            provider=OrganisationFactory(municipality=minden), title="In Minden"
        ),
    }


def test_unpublished_archived_expired_and_other_towns_offerings_are_absent(client, hidden):
    listed = titles(client.get(directory_url()))
    for offering in hidden.values():
        assert offering.title not in listed


@pytest.mark.parametrize(
    "name", ["draft", "submitted", "archived", "expired", "future", "revision", "other_town"]
)
def test_unpublished_archived_expired_and_other_towns_offerings_answer_404(client, hidden, name):
    offering = hidden[name]
    url = reverse("offerings-public:offering", kwargs={"municipality_slug": "bensheim", "pk": 1})
    response = client.get(url.replace("/1/", f"/{offering.pk}/"))
    assert response.status_code == 404


def test_offering_public_raises_for_hidden_offerings(bensheim, hidden):
    from miteinander.offerings.models import Offering

    for offering in hidden.values():
        with pytest.raises(Offering.DoesNotExist):
            offering_public(municipality=bensheim, pk=offering.pk)


def test_an_offering_valid_until_today_is_still_shown(client, town):
    offering = town["cafe"]
    offering.valid_to = timezone.localdate()
    offering.save()
    assert client.get(offering_url(offering)).status_code == 200


# --- Open now --------------------------------------------------------------------------------
@pytest.fixture
def schedules(bensheim):
    """Offerings with every kind of schedule, to compare the SQL filter with is_open."""
    provider = OrganisationFactory(municipality=bensheim)
    kind = OfferingKindFactory(municipality=bensheim)

    def make(title, hours=(), **fields):
        offering = OfferingFactory(provider=provider, kind=kind, title=title, **fields)
        for weekday, opens, closes in hours:
            OpeningHours.objects.create(
                offering=offering, weekday=weekday, opens=datetime.time(*opens),
                closes=datetime.time(*closes),
            )  # fmt: skip
        return offering

    weekdays = make("Werktags", [(day, (9,), (17,)) for day in range(5)])
    make("Montagmorgen", [(0, (9,), (12,)), (0, (14,), (16,))])
    make("Feiertags offen", [(0, (9,), (12,))], closed_on_public_holidays=False)
    make("Nachts", [(6, (1,), (4,)), (5, (22,), (23, 59))])
    summer = make("Sommerpause", [(day, (8,), (12,)) for day in range(7)])
    ScheduleException.objects.create(
        offering=summer, starts_on=datetime.date(2026, 3, 28), ends_on=datetime.date(2026, 3, 29)
    )
    ScheduleException.objects.create(
        offering=weekdays, starts_on=datetime.date(2026, 4, 6), ends_on=datetime.date(2026, 4, 6),
        opens=datetime.time(10), closes=datetime.time(11),
    )  # fmt: skip
    course = make("Kurs", schedule_kind=ScheduleKind.SESSIONS)
    Session.objects.create(
        offering=course,
        starts_at=datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
    )
    Session.objects.create(
        offering=course,
        starts_at=datetime.datetime(2026, 4, 6, 7, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC),
    )
    make("Nach Vereinbarung", [(0, (9,), (17,))], schedule_kind=ScheduleKind.ON_REQUEST)


INSTANTS = [
    datetime.datetime(2026, 3, 29, 0, 45, tzinfo=UTC),  # Sunday 01:45 CET, before the change
    datetime.datetime(2026, 3, 29, 1, 15, tzinfo=UTC),  # Sunday 03:15 CEST
    datetime.datetime(2026, 3, 29, 7, 0, tzinfo=UTC),  # Sunday 09:00, the closed period
    datetime.datetime(2026, 3, 28, 21, 30, tzinfo=UTC),  # Saturday 22:30 CET
    datetime.datetime(2026, 3, 30, 8, 30, tzinfo=UTC),  # Monday 10:30 CEST
    datetime.datetime(2026, 3, 30, 10, 30, tzinfo=UTC),  # Monday 12:30, the lunch break
    datetime.datetime(2026, 3, 30, 12, 30, tzinfo=UTC),  # Monday 14:30
    datetime.datetime(2026, 4, 6, 7, 30, tzinfo=UTC),  # Easter Monday 09:30
    datetime.datetime(2026, 4, 6, 8, 30, tzinfo=UTC),  # Easter Monday 10:30
    datetime.datetime(2026, 4, 4, 20, 59, tzinfo=UTC),  # Saturday 22:59 CEST
    datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # Sunday 02:30 CET, the repeated hour
]


@pytest.mark.parametrize("at", INSTANTS, ids=lambda at: at.isoformat())
def test_open_now_filter_agrees_with_is_open(bensheim, schedules, at):
    everything = list(offerings_directory(municipality=bensheim, at=at))
    expected = {o.title for o in everything if is_open(o, at)}
    filtered = offerings_directory(
        municipality=bensheim, filters=DirectoryFilters(open_now=True), at=at
    )
    assert {o.title for o in filtered} == expected
    # The badge on each row of a page says the same.
    entries = directory_entries(everything, municipality=bensheim, at=at)
    assert {entry.text.title for entry in entries if entry.is_open_now} == expected


def test_open_now_filter_finds_the_expected_offerings(bensheim, schedules):
    def open_at(*args):
        at = datetime.datetime(*args, tzinfo=UTC)
        filters = DirectoryFilters(open_now=True)
        return {o.title for o in offerings_directory(municipality=bensheim, filters=filters, at=at)}

    assert open_at(2026, 3, 30, 8, 30) == {
        "Werktags", "Montagmorgen", "Feiertags offen", "Sommerpause",
    }  # fmt: skip
    # Easter Monday: "Werktags" has other hours, "Sommerpause" closes for the holiday.
    assert open_at(2026, 4, 6, 8, 30) == {"Werktags", "Feiertags offen", "Kurs"}
    assert open_at(2026, 3, 29, 1, 15) == {"Nachts", "Kurs"}


def test_open_now_in_the_list_page(client, bensheim, schedules):
    # Monday 30 March 2026, 14:30 in Bensheim.
    with freeze_time("2026-03-30T12:30:00Z"):
        response = client.get(directory_url(), {"open_now": "on"})
    assert titles(response) == ["Montagmorgen", "Werktags"]


# --- Search ----------------------------------------------------------------------------------
def test_search_term_narrows_the_list_together_with_filters(client, bensheim, town):
    for key in ("migrationsberatung", "deutschkurs", "cafe", "online"):
        search.offering_index(town[key])
    response = client.get(directory_url(), {"q": "Beratung"})
    assert "Migrationsberatung" in titles(response)
    assert "Café International" not in titles(response)
    response = client.get(directory_url(), {"q": "Beratung", "district": town["mitte"].pk})
    assert titles(response) == ["Migrationsberatung"]
    response = client.get(directory_url(), {"q": "Beratung", "district": town["auerbach"].pk})
    assert titles(response) == []
    # Counts and pages come from the searched rows, too.
    counted = facets(municipality=bensheim, filters=DirectoryFilters(query="Sprachkurs"))
    assert counted.total == 1
    assert counted.kinds == {town["kurs"].pk: 1}


# --- The map ---------------------------------------------------------------------------------
def test_map_of_the_results_with_coordinates_linking_to_their_pages(client, town):
    html = client.get(directory_url()).content.decode()
    assert 'id="offerings-map"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    markers = json.loads(
        re.search(r'<script id="offerings-map-markers" type="application/json">(.*?)</script>',
                  html, re.S).group(1)
    )  # fmt: skip
    assert {m["title"] for m in markers} == {"Café International", "Migrationsberatung"}
    cafe = next(m for m in markers if m["title"] == "Café International")
    assert cafe["url"] == offering_url(town["cafe"])
    assert (cafe["lat"], cafe["lng"]) == (49.69, 8.63)


def test_no_map_at_all_without_tile_address(client, bensheim, town):
    settings_ = DirectorySettings.for_town(bensheim)
    settings_.tile_url = ""
    settings_.save()
    html = client.get(directory_url()).content.decode()
    assert "offerings-map" not in html
    assert "leaflet" not in html
    assert len(titles(client.get(directory_url()))) == 4


def test_map_uses_the_towns_tiles_centre_and_attribution(client, bensheim):
    DirectorySettings.objects.for_municipality(bensheim).update_or_create(
        municipality=bensheim,
        defaults={
            "tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
            "tile_attribution": "© Stadt <Bensheim>",
            "map_latitude": "49.680700",
            "map_longitude": "8.619800",
            "map_zoom": 14,
        },
    )
    html = client.get(directory_url()).content.decode()  # no offerings: the centre is enough
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Stadt &lt;Bensheim&gt;"' in html
    assert 'data-latitude="49.680700"' in html and 'data-longitude="8.619800"' in html
    assert 'data-zoom="14"' in html


def test_no_map_without_centre_and_without_any_coordinates(client, bensheim):
    OfferingFactory(provider=OrganisationFactory(municipality=bensheim))
    assert "offerings-map" not in client.get(directory_url()).content.decode()


# --- The offering page -----------------------------------------------------------------------
def test_offering_page_shows_what_a_visitor_needs(client, town):
    offering = town["deutschkurs"]
    offering.registration_required = True
    offering.how_to_register = "Anmeldung im Bürgerbüro"
    offering.step_free = True
    offering.email = "kurs@bensheim.example.org"
    offering.valid_to = datetime.date(2099, 12, 31)
    offering.save()
    OpeningHours.objects.create(
        offering=offering, weekday=1, opens=datetime.time(18), closes=datetime.time(20)
    )
    html = client.get(offering_url(offering, "en")).content.decode()
    for text in ("Deutschkurs A1", "Stadtverwaltung", "Sprachkurs", "Auerbach", "50 € im Monat",
                 "Step-free access", "Anmeldung im Bürgerbüro", "kurs@bensheim.example.org",
                 "18:00–20:00", "Last verified", "Jugendliche", "Marktplatz 1, 64625 Bensheim",
                 "Dec. 31, 2099"):  # fmt: skip
        assert text in html, text
    # The provider's page is linked only where the organisation is public.
    assert "/organisations/" not in html.split("<main", 1)[1]
    html = client.get(offering_url(town["cafe"], "en")).content.decode()
    assert (
        reverse(
            "network-public:organisation",
            kwargs={"municipality_slug": "bensheim", "pk": town["caritas"].pk},
        )
        in html
    )


def test_offering_page_shows_opening_state_exceptions_and_sessions(client, bensheim, town):
    offering = town["cafe"]
    OpeningHours.objects.create(
        offering=offering, weekday=0, opens=datetime.time(9), closes=datetime.time(12)
    )
    ScheduleException.objects.create(
        offering=offering, starts_on=datetime.date(2026, 4, 6), ends_on=datetime.date(2026, 4, 6),
        opens=datetime.time(10), closes=datetime.time(11), note="Ostercafé",
    )  # fmt: skip
    Session.objects.create(
        offering=offering,
        starts_at=datetime.datetime(2026, 4, 8, 16, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 4, 8, 18, 0, tzinfo=UTC),
        note="Spieleabend",
    )
    with freeze_time("2026-03-30T08:00:00Z"):  # Monday 10:00 CEST
        html = client.get(offering_url(offering, "en")).content.decode()
    assert "Open now until 12:00" in html
    assert "Ostercafé" in html and "10:00–11:00" in html
    assert "Spieleabend" in html and "18:00–20:00" in html  # local time, not 16:00 UTC
    assert "Closed on public holidays." in html


@pytest.mark.django_db
def test_list_page_queries_stay_bounded(client, bensheim, town, django_assert_max_num_queries):
    """However many offerings and translations, the list needs the same few queries."""
    provider = town["caritas"]
    for number in range(30):
        offering = OfferingFactory(
            provider=provider, kind=town["kurs"], title=f"Kurs {number}",
            district=town["mitte"], latitude="49.68", longitude="8.61", languages=["de", "ar"],
        )  # fmt: skip
        OfferingTranslation.objects.create(offering=offering, language="ar", title=f"دورة {number}")
        offering.target_groups.set([town["frauen"]])
    DirectorySettings.for_town(bensheim)  # as directory_setup leaves every town
    url = directory_url(language="ar")
    # Town, districts?, chosen kind, kind counts, count, page, translations, settings, kinds,
    # target groups, districts: 11, however many rows.
    with django_assert_max_num_queries(12):
        response = client.get(url, {"free": "on", "language": "ar", "kind": town["kurs"].pk})
    assert len(titles(response)) == 20
    with django_assert_max_num_queries(12):
        response = client.get(url, {"page": "2"})
    assert len(titles(response)) == 14


def test_offering_page_queries_stay_bounded(client, town, django_assert_max_num_queries):
    offering = town["cafe"]
    for weekday in range(7):
        OpeningHours.objects.create(
            offering=offering, weekday=weekday, opens=datetime.time(9), closes=datetime.time(12)
        )
    # Town, offering, target groups, hours, exceptions, sessions, translations.
    with django_assert_max_num_queries(8):
        assert client.get(offering_url(offering, "ar")).status_code == 200


def test_unknown_town_answers_404(client, db):
    MunicipalityFactory(slug="weiterstadt")
    assert client.get(directory_url("atlantis")).status_code == 404
    assert client.get(directory_url("weiterstadt")).status_code == 200
