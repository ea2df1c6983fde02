"""The measure catalogue as Excel workbook and as PDF, for everyone with a role in the town."""

import datetime
import io
import sys
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from miteinander.actionplan.catalogue.columns import COLUMNS
from miteinander.actionplan.catalogue.pdf import guideline_html
from miteinander.actionplan.models import (
    FundingSource,
    Guideline,
    IndicatorValue,
    MeasureStatus,
    Reachability,
)
from miteinander.municipalities.models import Role
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db


def url(fmt, town="bensheim"):
    return reverse("actionplan:export", kwargs={"municipality_slug": town, "fmt": fmt})


@pytest.fixture
def catalogue(bensheim):
    """Two fields of action (one without goals), three goals, four measures, one fully filled."""
    education = FieldOfActionFactory(municipality=bensheim, name="Bildung und Erziehung", code="B")
    work = FieldOfActionFactory(municipality=bensheim, name="Arbeit und Soziales", code="A")
    FieldOfActionFactory(municipality=bensheim, name="Gesundheit", code="G")
    language = GoalFactory(field_of_action=education, title="Sprache fördern")
    parents = GoalFactory(field_of_action=education, title="Eltern stärken")
    jobs = GoalFactory(field_of_action=work, title="Ausbildung sichern")
    caritas = OrganisationFactory(municipality=bensheim, name="Caritas, Bezirk Bergstraße")
    full = MeasureFactory(
        goal=language,
        number="B-01",
        title="Sprachcafé im Stadtteil",
        description="Jeden Dienstag im Bürgerhaus.",
        responsible_organisation=caritas,
        responsible_person=ContactPersonFactory(organisation=caritas, name="Aylin Demir"),
        reachability_focus="low",
        working_group="Bildung und Erziehung",
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2026, 6, 30),
        budget=Decimal("1500.50"),
        funding_source=FundingSource.KOMM_IN,
        status=MeasureStatus.IN_PROGRESS,
        progress=40,
        is_published=True,
        report_due_on=datetime.date(2025, 12, 1),
        last_reported_on=datetime.date(2025, 6, 1),
    )
    full.partners.set([OrganisationFactory(municipality=bensheim, name="Volkshochschule")])
    full.target_groups.set([TargetGroupFactory(municipality=bensheim, name="Neuzugewanderte")])
    full.recommendations.set(
        [RecommendationFactory(municipality=bensheim, title="Sprachangebote bündeln")]
    )
    indicator = IndicatorFactory(
        measure=full, name="Teilnehmende", unit="Personen", target=Decimal(100)
    )
    for day, value in ((1, 12), (20, 42)):
        IndicatorValue.objects.create(
            municipality=bensheim,
            indicator=indicator,
            measured_on=datetime.date(2025, 3, day),
            value=Decimal(value),
        )
    measures = [
        full,
        MeasureFactory(goal=language, number="B-02", title="Lesepaten"),
        MeasureFactory(goal=parents, number="B-03", title='=HYPERLINK("http://x")'),
        MeasureFactory(goal=jobs, number="A-01", title="Ausbildungslotsen"),
    ]
    Guideline.objects.create(
        municipality=bensheim, title="Vielfalt als Stärke", text="Wir **leben** Vielfalt."
    )
    return {"measures": measures, "fields": [education, work], "goals": [language, parents, jobs]}


def test_the_excel_export_has_every_measure_with_every_field(
    client, bensheim, minden, member_of, catalogue
):
    """Any role may export; one row per measure of the town, the columns in order."""
    MeasureFactory(goal__field_of_action__municipality=minden, title="Mindener Maßnahme")
    client.force_login(member_of(bensheim, Role.READER))
    response = client.get(url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="massnahmenkatalog-bensheim-' in response["Content-Disposition"]

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    measures_sheet, fields_sheet = workbook.worksheets
    rows = list(measures_sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(column.label) for column in COLUMNS]
    by_number = {row[0]: dict(zip([c.key for c in COLUMNS], row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"B-01", "B-02", "B-03", "A-01"}

    full = by_number["B-01"]
    assert full["field_of_action"] == "Bildung und Erziehung"
    assert full["goal"] == "Sprache fördern"
    assert full["title"] == "Sprachcafé im Stadtteil"
    assert full["description"] == "Jeden Dienstag im Bürgerhaus."
    assert full["responsible_organisation"] == "Caritas, Bezirk Bergstraße"
    assert full["responsible_person"] == "Aylin Demir"
    assert full["partners"] == "Volkshochschule"
    assert full["target_groups"] == "Neuzugewanderte"
    assert full["reachability_focus"] == str(Reachability.LOW.label)
    assert full["working_group"] == "Bildung und Erziehung"
    assert full["starts_on"].date() == datetime.date(2025, 2, 1)
    assert full["ends_on"].date() == datetime.date(2026, 6, 30)
    assert full["budget"] == 1500.5
    assert full["funding_source"] == "KOMM-IN"
    assert full["status"] == str(MeasureStatus.IN_PROGRESS.label)
    assert full["progress"] == 40
    assert full["is_published"] == "ja"
    assert full["report_due_on"].date() == datetime.date(2025, 12, 1)
    assert full["last_reported_on"].date() == datetime.date(2025, 6, 1)
    assert full["recommendations"] == "Sprachangebote bündeln"
    assert full["indicators"].startswith("Teilnehmende: 42 Personen (")
    assert "100" in full["indicators"] and "12" not in full["indicators"]
    # A spreadsheet program must not run a title as a formula.
    assert by_number["B-03"]["title"] == '\'=HYPERLINK("http://x")'

    field_rows = list(fields_sheet.iter_rows(values_only=True))[1:]
    assert {(row[0], row[3]) for row in field_rows} == {
        ("Bildung und Erziehung", "Sprache fördern"),
        ("Bildung und Erziehung", "Eltern stärken"),
        ("Arbeit und Soziales", "Ausbildung sichern"),
        ("Gesundheit", None),
    }


def exported_person(client, user, number) -> str | None:
    client.force_login(user)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url("xlsx")).content))
    keys = [column.key for column in COLUMNS]
    rows = [dict(zip(keys, row, strict=True)) for row in workbook.worksheets[0].values][1:]
    return next(row for row in rows if row["number"] == number)["responsible_person"]


def test_a_contact_person_without_consent_is_named_only_to_whom_may_see_them(
    client, bensheim, coordinator, member_of, catalogue
):
    """The export leaves the platform: it names a person only to someone allowed to see them."""
    caritas = catalogue["measures"][0].responsible_organisation
    without_consent = ContactPersonFactory(
        organisation=caritas, name="Jonas Weber", consent_given_on=None, consent_purpose=""
    )
    measure = catalogue["measures"][1]
    measure.responsible_organisation, measure.responsible_person = caritas, without_consent
    measure.save()
    reader = member_of(bensheim, Role.READER)
    assert exported_person(client, reader, "B-02") is None
    assert exported_person(client, reader, "B-01") == "Aylin Demir"  # consented
    assert exported_person(client, coordinator, "B-02") == "Jonas Weber"
    partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=caritas
    ).user
    assert exported_person(client, partner, "B-02") == "Jonas Weber"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_has_the_town_and_every_measure(client, bensheim, member_of, catalogue):
    client.force_login(member_of(bensheim, Role.NETWORK_PARTNER))
    response = client.get(url("pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Bensheim" in text and "Vielfalt gemeinsam gestalten" in text
    assert "Vielfalt als Stärke" in text and "Wir leben Vielfalt." in text
    for measure in catalogue["measures"]:
        assert measure.number in text and measure.title in text
    for goal in catalogue["goals"]:
        assert goal.title in text
    assert "Caritas, Bezirk Bergstraße" in text and "40 %" in text


def test_without_weasyprint_the_pdf_link_answers_with_a_message(
    client, bensheim, coordinator, monkeypatch
):
    """Where Pango (and so WeasyPrint) is missing, the page says so and offers the Excel file."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes `import weasyprint` fail
    client.force_login(coordinator)
    response = client.get(url("pdf"))
    assert response.status_code == 503
    assert "kern-alert" in response.content.decode()
    assert url("xlsx") in response.content.decode()


def test_guidelines_keep_their_formatting_but_nothing_the_server_would_fetch(bensheim):
    guideline = Guideline(
        municipality=bensheim,
        title="Leitlinie",
        text="**fett** und ![Bild](file:///etc/passwd)\n\n<script>alert(1)</script>",
    )
    html = guideline_html(guideline)
    assert "<strong>fett</strong>" in html
    assert "<img" not in html and "<script" not in html and "passwd" not in html


def test_exports_are_for_people_of_the_town_only(client, bensheim, minden, member_of):
    response = client.get(url("xlsx"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get(url("xlsx")).status_code == 404
    assert client.get(url("pdf")).status_code == 404
    client.force_login(member_of(bensheim, Role.READER))
    assert client.get(url("csv")).status_code == 404
