"""Coordination pages: the coverage matrices with drill-down and export, likely duplicates."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from miteinander.municipalities.models import Role
from miteinander.offerings import coordination, services
from miteinander.offerings.models import District, OfferingKind, OfferingStatus
from tests.factories import (
    FieldOfActionFactory,
    OfferingFactory,
    OrganisationFactory,
    TargetGroupFactory,
)
from tests.fixtures import TOWN_ROLES

pytestmark = pytest.mark.django_db

CHROMIUM = Path("/usr/bin/chromium")


def url(name, town="bensheim", **kwargs):
    """The page in English, so that texts can be compared as written."""
    with translation.override("en"):
        return reverse(
            f"offerings-coordination:{name}", kwargs={"municipality_slug": town, **kwargs}
        )


def english(function, *args, **kwargs):
    with translation.override("en"):
        return function(*args, **kwargs)


@pytest.fixture
def town(bensheim):
    services.directory_setup(municipality=bensheim)
    return bensheim


@pytest.fixture
def kinds(town):
    return {kind.name: kind for kind in OfferingKind.objects.for_municipality(town)}


@pytest.fixture
def coverage(town, kinds):
    """Three published offerings that count, and four that must not."""
    language = FieldOfActionFactory(municipality=town, name="Sprache und Bildung", position=1)
    work = FieldOfActionFactory(municipality=town, name="Arbeit und Ausbildung", position=2)
    women = TargetGroupFactory(municipality=town, name="Frauen", position=1)
    youth = TargetGroupFactory(municipality=town, name="Jugendliche", position=2)
    seniors = TargetGroupFactory(municipality=town, name="Senioren", position=3)
    west = District.objects.create(municipality=town, name="Weststadt", position=1)
    north = District.objects.create(municipality=town, name="Nordstadt", position=2)
    caritas = OrganisationFactory(municipality=town, name="Caritasverband Bensheim")
    vhs = OrganisationFactory(municipality=town, name="Volkshochschule Bergstraße")
    jobcenter = OrganisationFactory(municipality=town, name="Kreisagentur für Beschäftigung")
    cafe = OfferingFactory(
        provider=caritas, kind=kinds["Begegnung und Treffpunkt"], title="Sprachcafé Weststadt",
        field_of_action=language, district=west,
    )  # fmt: skip
    cafe.target_groups.set([women, youth])
    course = OfferingFactory(
        provider=vhs, kind=kinds["Sprachkurs"], title="Deutschkurs B1",
        field_of_action=language, district=north,
    )  # fmt: skip
    course.target_groups.set([youth])
    training = OfferingFactory(
        provider=jobcenter, kind=kinds["Arbeit und Ausbildung"], title="Bewerbungstraining",
        field_of_action=work,
    )  # fmt: skip
    # Not counted: a draft, an archived offering, an expired one, a pending change.
    for status in (OfferingStatus.DRAFT, OfferingStatus.ARCHIVED):
        hidden = OfferingFactory(
            provider=caritas, kind=kinds["Beratung"], title=f"Nicht öffentlich ({status})",
            field_of_action=language, status=status,
        )  # fmt: skip
        hidden.target_groups.set([seniors])
    expired = OfferingFactory(
        provider=vhs, kind=kinds["Sprachkurs"], title="Deutschkurs 2024", field_of_action=language,
        valid_from=datetime.date(2024, 1, 1), valid_to=datetime.date(2024, 12, 31),
    )  # fmt: skip
    expired.target_groups.set([seniors])
    change = OfferingFactory(
        provider=caritas, kind=kinds["Beratung"], title="Sprachcafé Weststadt (geändert)",
        field_of_action=language, revision_of=cafe, status=OfferingStatus.SUBMITTED,
    )  # fmt: skip
    change.target_groups.set([seniors])
    return {
        "language": language, "work": work, "women": women, "youth": youth, "seniors": seniors,
        "west": west, "north": north, "cafe": cafe, "course": course, "training": training,
    }  # fmt: skip


@pytest.fixture(autouse=True)
def english_labels():
    """The selectors name "none given" rows in the active language; these tests read English."""
    with translation.override("en"):
        yield


def grid(matrix) -> dict[str, dict[str, int]]:
    """Counts by row and column label."""
    return {
        str(row.label): {
            str(column.label): cell.count
            for column, cell in zip(matrix.columns, row.cells, strict=True)
        }
        for row in matrix.rows
    }


# --- Coverage --------------------------------------------------------------------------------
def test_fields_by_target_group_count_published_offerings_in_each_group(town, coverage):
    matrix = coordination.coverage_matrix(municipality=town, key="fields")
    assert grid(matrix) == {
        "Sprache und Bildung": {
            "Frauen": 1, "Jugendliche": 2, "Senioren": 0, "No target group given": 0,
        },
        "Arbeit und Ausbildung": {
            "Frauen": 0, "Jugendliche": 0, "Senioren": 0, "No target group given": 1,
        },
    }  # fmt: skip
    # The café counts under two groups but once in its row; the totals count offerings.
    assert [row.total for row in matrix.rows] == [2, 1]
    assert [column.total for column in matrix.columns] == [1, 2, 0, 1]
    assert matrix.total == 3
    # Gaps are zeros of real entries, not of the "no target group given" column.
    assert matrix.gaps == 4


def test_districts_by_kind_show_offerings_without_a_district_in_their_own_row(
    town, kinds, coverage
):
    matrix = coordination.coverage_matrix(municipality=town, key="districts-kinds")
    rows = grid(matrix)
    assert list(rows) == ["Weststadt", "Nordstadt", "No district given"]
    assert rows["Weststadt"]["Begegnung und Treffpunkt"] == 1
    assert rows["Nordstadt"]["Sprachkurs"] == 1
    assert rows["No district given"]["Arbeit und Ausbildung"] == 1
    assert sum(sum(row.values()) for row in rows.values()) == 3
    assert [c.label for c in matrix.columns] == [k.name for k in kinds.values()]
    by_group = grid(coordination.coverage_matrix(municipality=town, key="districts-groups"))
    assert by_group["Weststadt"] == {
        "Frauen": 1, "Jugendliche": 1, "Senioren": 0, "No target group given": 0,
    }  # fmt: skip


def test_another_towns_offerings_do_not_count(town, minden, coverage):
    services.directory_setup(municipality=minden)
    minden_kind = OfferingKind.objects.for_municipality(minden).first()
    foreign = OfferingFactory(
        provider=OrganisationFactory(municipality=minden), kind=minden_kind, title="Sprachcafé"
    )
    foreign.target_groups.set([TargetGroupFactory(municipality=minden, name="Frauen")])
    matrix = coordination.coverage_matrix(municipality=town, key="fields")
    assert matrix.total == 3 and grid(matrix)["Sprache und Bildung"]["Frauen"] == 1
    minden_matrix = coordination.coverage_matrix(municipality=minden, key="fields")
    assert minden_matrix.total == 1
    assert [row.label for row in minden_matrix.rows] == ["No field of action"]


def test_the_coverage_page_shows_accessible_matrices_with_gaps(client, town, coordinator, coverage):
    client.force_login(coordinator)
    response = client.get(url("coverage"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fields of action by target group" in html and "Districts by kind of offering" in html
    assert html.count("<caption") == 2 and 'scope="col"' in html and 'scope="row"' in html
    # 4 gaps in the first matrix; 9 kinds without an offering in each of the two districts.
    assert html.count('matrix__gap">0<span class="kern-sr-only"> (gap)</span>') == 4 + 2 * 9
    youth = coverage["youth"].pk
    query = f"field_of_action={coverage['language'].pk}&amp;target_group={youth}"
    assert f'{url("coverage-offerings")}?{query}">2</a>' in html
    assert 'style="' not in html.split('<main id="main"')[1]
    by_group = client.get(url("coverage"), {"districts": "target-groups"})
    assert "Districts by target group" in by_group.content.decode()


def test_a_cell_drills_down_to_its_offerings(client, town, coordinator, coverage):
    client.force_login(coordinator)
    response = client.get(
        url("coverage-offerings"),
        {"field_of_action": coverage["language"].pk, "target_group": coverage["youth"].pk},
    )
    assert response.status_code == 200
    assert [o.title for o in response.context["page"]] == ["Deutschkurs B1", "Sprachcafé Weststadt"]
    html = response.content.decode()
    assert f'href="{english(coverage["cafe"].get_absolute_url)}"' in html
    assert "Jugendliche" in html and "Sprache und Bildung" in html
    nobody = client.get(url("coverage-offerings"), {"target_group": "none"})
    assert [o.title for o in nobody.context["page"]] == ["Bewerbungstraining"]
    gap = client.get(url("coverage-offerings"), {"target_group": coverage["seniors"].pk})
    assert list(gap.context["page"]) == []
    everything = client.get(url("coverage-offerings"))
    assert everything.context["page"].paginator.count == 3


def test_the_drill_down_refuses_other_towns_and_unknown_entries(
    client, town, minden, coordinator, coverage
):
    client.force_login(coordinator)
    foreign = FieldOfActionFactory(municipality=minden)
    for params in (
        {"field_of_action": foreign.pk},
        {"field_of_action": "Sprache"},
        {"kind": "none"},  # every offering has a kind
        {"district": 999999},
    ):
        assert client.get(url("coverage-offerings"), params).status_code == 404


def test_the_matrices_download_as_xlsx_and_csv(client, town, coordinator, coverage):
    coverage["seniors"].name = '=HYPERLINK("http://example.org")'
    coverage["seniors"].save()
    client.force_login(coordinator)
    response = client.get(url("coverage-export", fmt="xlsx"))
    assert response.status_code == 200
    assert "angebote-abdeckung-bensheim" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    # Sheet names have at most 31 characters.
    assert workbook.sheetnames == [
        "Fields of action by target grou", "Districts by kind of offering",
        "Districts by target group",
    ]  # fmt: skip
    rows = list(workbook.worksheets[0].values)
    assert rows[0][:3] == ("Field of action / Target group", "Frauen", "Jugendliche")
    assert rows[0][3] == '\'=HYPERLINK("http://example.org")'  # not a formula
    assert rows[1] == ("Sprache und Bildung", 1, 2, 0, 0, 2)
    assert rows[-1] == ("Offerings", 1, 2, 0, 1, 3)

    response = client.get(url("coverage-export", fmt="csv"), {"matrix": "districts-kinds"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][0] == "District / Kind of offering"
    assert lines[3][0] == "No district given" and lines[-1][-1] == "3"
    assert client.get(url("coverage-export", fmt="pdf")).status_code == 404
    assert client.get(url("coverage-export", fmt="csv"), {"matrix": "x"}).status_code == 404


# --- Likely duplicates -----------------------------------------------------------------------
@pytest.fixture
def offerings(town, kinds):
    """Offerings with German titles as towns write them; some pairs are duplicates."""
    caritas = OrganisationFactory(municipality=town, name="Caritasverband Bensheim")
    vhs = OrganisationFactory(municipality=town, name="Volkshochschule Bergstraße")
    diakonie = OrganisationFactory(municipality=town, name="Diakonisches Werk")
    kind = kinds["Sprachkurs"]

    def offering(title, provider, street, **fields):
        return OfferingFactory(
            title=title, provider=provider, kind=kind, street=street, postcode="64625", **fields
        )

    return {
        "cafe": offering("Sprachcafé Weststadt", caritas, "Marktplatz 1"),
        "cafe_again": offering("Sprach-Café Weststadt", caritas, "Marktplatz 1",
                               status=OfferingStatus.DRAFT),
        "homework": offering("Hausaufgabenhilfe", caritas, "Schulstraße 5"),
        "homework_north": offering("Hausaufgabenhilfe Nord", vhs, "Schulstr. 5"),
        "breakfast": offering("Frauenfrühstück", caritas, "Kirchgasse 2",
                              latitude=Decimal("49.680000"), longitude=Decimal("8.620000")),
        "breakfast_nearby": offering("Frauenfrühstück", diakonie, "Am Kirchplatz",
                                     latitude=Decimal("49.680200"), longitude=Decimal("8.620200")),
        # Not duplicates:
        "a1": offering("Deutschkurs A1", vhs, "Hauptstraße 10"),
        "a2": offering("Deutschkurs A2", vhs, "Hauptstraße 10"),
        "east": offering("Sprachcafé Oststadt", caritas, "Ostring 4"),
        "language_course": offering("Sprachkurs", caritas, "Marktplatz 1"),
        "treff_north": offering("Offener Treff", vhs, "Nordweg 1"),
        "treff_west": offering("Offener Treff", diakonie, "Westweg 9"),
        "archived": offering("Sprachcafé Weststadt", caritas, "Marktplatz 1",
                             status=OfferingStatus.ARCHIVED),
    }  # fmt: skip


def pairs_of(town) -> set[frozenset[str]]:
    return {
        frozenset((pair.first.title, pair.second.title))
        for pair in coordination.likely_duplicates(municipality=town)
    }


def test_titles_are_normalised_before_comparing():
    assert coordination.normalise_title("Sprach-Café  Weststadt!") == "sprach cafe weststadt"
    assert coordination.normalise_title("Straßenfest für Groß & Klein") == (
        "strassenfest fur gross klein"
    )
    assert coordination.normalise_title("Курс немецкого") == "курс немецкого"


def test_likely_duplicates_share_the_provider_or_the_place(town, offerings):
    found = coordination.likely_duplicates(municipality=town)
    by_titles = {frozenset((p.first.title, p.second.title)): p for p in found}
    assert set(by_titles) == {
        frozenset(("Sprachcafé Weststadt", "Sprach-Café Weststadt")),
        frozenset(("Hausaufgabenhilfe", "Hausaufgabenhilfe Nord")),
        frozenset(("Frauenfrühstück",)),
    }
    cafe = by_titles[frozenset(("Sprachcafé Weststadt", "Sprach-Café Weststadt"))]
    assert cafe.percent == 100 and cafe.reasons == ["same provider", "same address"]
    assert found[0] in (cafe, by_titles[frozenset(("Frauenfrühstück",))])  # best first
    homework = by_titles[frozenset(("Hausaufgabenhilfe", "Hausaufgabenhilfe Nord"))]
    assert homework.reasons == ["same address"] and 80 <= homework.percent < 100
    breakfast = by_titles[frozenset(("Frauenfrühstück",))]
    assert not breakfast.same_provider and breakfast.reasons == ["26 m apart"]
    assert {breakfast.first.provider.name, breakfast.second.provider.name} == {
        "Caritasverband Bensheim", "Diakonisches Werk",
    }  # fmt: skip


def test_pending_changes_and_other_towns_are_not_duplicates(town, minden, kinds, offerings):
    OfferingFactory(
        title="Sprachcafé Weststadt (geändert)", provider=offerings["cafe"].provider,
        kind=kinds["Sprachkurs"], street="Marktplatz 1", postcode="64625",
        revision_of=offerings["cafe"], status=OfferingStatus.SUBMITTED,
    )  # fmt: skip
    services.directory_setup(municipality=minden)
    OfferingFactory(
        title="Sprachcafé Weststadt", provider=OrganisationFactory(municipality=minden),
        kind=OfferingKind.objects.for_municipality(minden).first(), street="Marktplatz 1",
        postcode="64625",
    )  # fmt: skip
    assert len(pairs_of(town)) == 3
    assert pairs_of(minden) == set()


def test_the_duplicates_page_lists_both_providers(client, town, coordinator, offerings):
    client.force_login(coordinator)
    response = client.get(url("duplicates"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sprach-Café Weststadt" in html and "Diakonisches Werk" in html
    assert f'href="{english(offerings["cafe_again"].get_absolute_url)}"' in html
    provider_page = english(
        reverse,
        "network:organisation",
        kwargs={"municipality_slug": "bensheim", "pk": offerings["homework_north"].provider_id},
    )
    assert f'href="{provider_page}"' in html
    assert "100 %" in html and "26 m apart" in html
    assert len(response.context["pairs"]) == 3


def test_the_duplicates_page_needs_few_queries(
    client, town, coordinator, offerings, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(url("duplicates")).status_code == 200


# --- Permissions -----------------------------------------------------------------------------
PAGES = [
    ("coverage", {}),
    ("coverage-offerings", {}),
    ("coverage-export", {"fmt": "xlsx"}),
    ("duplicates", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("role", [r for r in TOWN_ROLES if r != Role.COORDINATION])
def test_only_coordination_opens_the_coordination_pages(
    client, town, member_of, coverage, name, kwargs, role
):
    client.force_login(member_of(town, role))
    assert client.get(url(name, **kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_coordination_and_platform_admins_open_them(
    client, town, coordinator, platform_admin, coverage, name, kwargs
):
    for person in (coordinator, platform_admin):
        client.force_login(person)
        assert client.get(url(name, **kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_another_towns_coordination_and_visitors_are_kept_out(
    client, town, minden, member_of, coverage, name, kwargs
):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get(url(name, **kwargs)).status_code == 404


# --- In the browser --------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium")
def test_the_coordination_pages_have_no_axe_violations(
    live_server, client, town, coordinator, coverage
):
    """The matrices' headers, captions and links pass axe-core's WCAG 2.1 AA rules."""
    from playwright.sync_api import sync_playwright

    from tests.browser.test_accessibility import axe_violations

    cafe = coverage["cafe"]
    OfferingFactory(provider=cafe.provider, kind=cafe.kind, title="Sprach-Café Weststadt")
    client.force_login(coordinator)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies([cookie])
        page = context.new_page()
        language = coverage["language"].pk
        for path in ("", "?districts=target-groups", f"offerings/?field_of_action={language}",
                     "duplicates/"):  # fmt: skip
            page.goto(f"{live_server.url}/de/bensheim/workspace/offerings/coordination/{path}")
            assert "/coordination/" in page.url and page.locator("table").count() >= 1, path
            assert axe_violations(page) == [], path
        browser.close()
