"""Importing measures from an Excel workbook: reading, preview against the town, applying."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from miteinander.actionplan import services as plan_services
from miteinander.actionplan.catalogue import services
from miteinander.actionplan.catalogue.columns import COLUMNS_BY_KEY
from miteinander.actionplan.catalogue.exports import catalogue_workbook
from miteinander.actionplan.catalogue.models import MeasureImport
from miteinander.actionplan.catalogue.selectors import import_preview
from miteinander.actionplan.models import FieldOfAction, Goal, Measure, MeasureStatus
from miteinander.core.models import AuditEntry
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    OrganisationFactory,
    RecommendationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

BASE = ["number", "field_of_action", "goal", "title", "status"]


def xlsx(rows, keys=BASE, *, header=None, above=()) -> bytes:
    """An Excel workbook with the headers of `keys` (as the export writes them) and `rows`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in above:
        sheet.append(line)
    sheet.append(header or [COLUMNS_BY_KEY[key].label for key in keys])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(town, user, data: bytes, name="massnahmen.xlsx") -> MeasureImport:
    file = SimpleUploadedFile(name, data)
    return services.measure_import_upload(municipality=town, acting_user=user, file=file)


def preview_of(town, user, rows, keys=BASE, **kwargs):
    measure_import = upload(town, user, xlsx(rows, keys, **kwargs))
    return import_preview(municipality=town, plan=measure_import.plan)


def rejections(preview) -> dict[int, list[str]]:
    """{line: [why]} of the rejected rows."""
    return {row.line: row.codes for row in preview.rejected}


def reasons(preview, line: int) -> str:
    [row] = [row for row in preview.rejected if row.line == line]
    return " ".join(row.reasons)


@pytest.fixture
def plan(bensheim):
    """Bildung › Sprache with measure B-01; an organisation with a contact person."""
    field = FieldOfActionFactory(municipality=bensheim, name="Bildung und Erziehung", code="B")
    goal = GoalFactory(field_of_action=field, title="Sprache fördern")
    measure = MeasureFactory(goal=goal, number="B-01", title="Sprachcafé", progress=10)
    organisation = OrganisationFactory(municipality=bensheim, name="Caritas, Bezirk Bergstraße")
    person = ContactPersonFactory(organisation=organisation, name="Aylin Demir")
    return {"field": field, "goal": goal, "measure": measure, "organisation": organisation,
            "person": person}  # fmt: skip


# --- The happy path -----------------------------------------------------------------------------
def test_import_creates_new_measures_fields_and_goals_and_updates_by_number(
    bensheim, coordinator, plan
):
    """A row with a number the town has updates that measure; the others become new ones."""
    partner = OrganisationFactory(municipality=bensheim, name="Volkshochschule")
    youth = TargetGroupFactory(municipality=bensheim, name="Jugendliche")
    recommendation = RecommendationFactory(municipality=bensheim, title="Sprachangebote bündeln")
    keys = [*BASE, "progress", "responsible_organisation", "responsible_person", "partners",
            "target_groups", "recommendations", "starts_on", "ends_on", "budget",
            "funding_source", "reachability_focus", "is_published", "description"]  # fmt: skip
    rows = [
        ("b-01", "bildung und erziehung", "Sprache fördern", "Sprachcafé für alle",
         "in Umsetzung", 40, "caritas, bezirk  bergstraße", "aylin demir", "Volkshochschule",
         "Jugendliche", "Sprachangebote bündeln", "01.02.2025", datetime.date(2026, 6, 30),
         "1.500,00 €", "KOMM-IN", "gut erreichbar", "ja", "Jeden Dienstag.\nIm Rathaus."),
        ("A-01", "Arbeit und Soziales", "Ausbildung sichern", "Ausbildungslotsen", "Planned",
         None, None, None, None, None, None, None, None, None, None, None, None, None),
        ("B-02", "Bildung und Erziehung", "Eltern stärken", "Elterncafé", "preparing", "25 %",
         None, None, "Volkshochschule; Caritas, Bezirk Bergstraße", None, None, "2025-03-01",
         None, 800, "Town budget", None, "nein", None),
    ]  # fmt: skip
    measure_import = upload(bensheim, coordinator, xlsx(rows, keys))
    assert Measure.objects.for_municipality(bensheim).count() == 1  # nothing written yet

    preview = import_preview(municipality=bensheim, plan=measure_import.plan)
    assert preview.counts == {
        "created": 2, "updated": 1, "unchanged": 0, "rejected": 0,
        "fields_created": 1, "goals_created": 2,
    }  # fmt: skip
    [update] = preview.to_update
    assert update.row.line == 2 and update.existing == plan["measure"]
    assert str(COLUMNS_BY_KEY["title"].label) in update.changes
    assert [step.row.number for step in preview.to_create] == ["A-01", "B-02"]

    counts = services.measure_import_apply(measure_import=measure_import, acting_user=coordinator)
    assert counts["created"] == 2 and counts["updated"] == 1

    measures = {m.number: m for m in Measure.objects.for_municipality(bensheim)}
    assert set(measures) == {"B-01", "A-01", "B-02"}
    updated = measures["B-01"]
    assert updated.pk == plan["measure"].pk
    assert updated.title == "Sprachcafé für alle"
    assert updated.status == MeasureStatus.IN_PROGRESS and updated.progress == 40
    assert updated.responsible_organisation == plan["organisation"]
    assert updated.responsible_person == plan["person"]
    assert list(updated.partners.all()) == [partner]
    assert list(updated.target_groups.all()) == [youth]
    assert list(updated.recommendations.all()) == [recommendation]
    assert updated.starts_on == datetime.date(2025, 2, 1)
    assert updated.ends_on == datetime.date(2026, 6, 30)
    assert updated.budget == Decimal("1500.00")
    assert updated.funding_source == "komm_in" and updated.reachability_focus == "good"
    assert updated.is_published and updated.description == "Jeden Dienstag.\nIm Rathaus."

    new = measures["B-02"]
    assert new.goal.field_of_action == plan["field"] and new.goal.title == "Eltern stärken"
    assert new.progress == 25 and new.status == MeasureStatus.PREPARING
    assert new.budget == Decimal("800.00") and new.funding_source == "town_budget"
    assert set(new.partners.all()) == {partner, plan["organisation"]}
    work = measures["A-01"].goal.field_of_action
    assert work.name == "Arbeit und Soziales" and work.municipality == bensheim
    assert work.position > plan["field"].position

    measure_import.refresh_from_db()
    assert measure_import.status == MeasureImport.Status.APPLIED
    assert AuditEntry.objects.filter(municipality=bensheim, action="measure.create").count() == 2
    assert AuditEntry.objects.filter(municipality=bensheim, action="measure.update").count() == 1
    assert AuditEntry.objects.filter(action="measure_import.apply", municipality=bensheim).exists()


def test_an_exported_catalogue_imports_again_without_changes(bensheim, coordinator, plan):
    """The export's columns are the import's: exported and uploaded again, nothing changes."""
    measure = plan["measure"]
    measure.responsible_organisation = plan["organisation"]
    measure.responsible_person = plan["person"]
    measure.description = "=1+1 ist eine Formel\r\n- und eine Liste"
    measure.budget = Decimal("1234.50")
    measure.starts_on = datetime.date(2025, 1, 1)
    measure.is_published = True
    measure.save()
    measure.partners.set([OrganisationFactory(municipality=bensheim, name="-Minus e. V.")])
    MeasureFactory(goal=plan["goal"], number="B-02", status=MeasureStatus.DROPPED, progress=100)
    buffer = io.BytesIO()
    catalogue_workbook(municipality=bensheim, user=coordinator).save(buffer)

    preview = import_preview(
        municipality=bensheim, plan=upload(bensheim, coordinator, buffer.getvalue()).plan
    )
    assert preview.counts["unchanged"] == 2
    assert not preview.has_changes and not preview.rejected


def test_german_headers_and_a_title_row_above_them_are_understood(bensheim, coordinator):
    rows = [("S-01", "Soziales", "Teilhabe", "Nachbarschaftsfest", "geplant")]
    header = ["Nr.", "Handlungsfeld", "Ziel", "Maßnahme", "Stand"]
    measure_import = upload(
        bensheim, coordinator, xlsx(rows, header=header, above=[["Maßnahmenkatalog 2025"], []])
    )
    assert measure_import.plan["source"]["header_line"] == 3
    preview = import_preview(municipality=bensheim, plan=measure_import.plan)
    [step] = preview.to_create
    assert step.row.line == 4 and step.row.values["status"] == MeasureStatus.PLANNED


@pytest.mark.parametrize("text", ["in Umsetzung", "IN  UMSETZUNG", "In progress", "in_progress"])
def test_status_is_read_from_german_or_english_labels_and_codes(bensheim, coordinator, text):
    preview = preview_of(bensheim, coordinator, [("X-1", "Feld", "Ziel", "Titel", text)])
    [step] = preview.to_create
    assert step.row.values["status"] == MeasureStatus.IN_PROGRESS


# --- Rejected rows ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("extra_keys", "cells", "code", "value"),
    [
        ((), ("unbekannt",), "unknown_status", "unbekannt"),
        (("progress",), ("Planned", 120), "progress_above_100", "120"),
        (("progress",), ("Planned", "viel"), "progress_not_a_number", "viel"),
        (("progress",), ("Planned", 33.5), "progress_not_whole", "33.5"),
        (("starts_on", "ends_on"), ("Planned", "01.06.2025", "31.05.2025"),
         "end_before_start", "31.05.2025"),
        (("starts_on",), ("Planned", "32.01.2025"), "date", "32.01.2025"),
        (("budget",), ("Planned", "viel Geld"), "budget", "viel Geld"),
        (("is_published",), ("Planned", "vielleicht"), "unknown_is_published", "vielleicht"),
        (("funding_source",), ("Planned", "Lotto"), "unknown_funding_source", "Lotto"),
    ],
)  # fmt: skip
def test_a_row_the_file_gets_wrong_is_rejected_naming_its_line(
    bensheim, coordinator, extra_keys, cells, code, value
):
    """The bad row (line 3) is rejected with the reason; the good row (line 2) is imported."""
    keys = [*BASE[:4], "status", *extra_keys]
    good = ("G-1", "Feld", "Ziel", "Gut", "Planned", *([None] * len(extra_keys)))
    bad = ("G-2", "Feld", "Ziel", "Schlecht", *cells)
    preview = preview_of(bensheim, coordinator, [good, bad], keys)
    assert rejections(preview) == {3: [code]}
    assert value in reasons(preview, 3)
    assert [step.row.line for step in preview.to_create] == [2]


def test_missing_required_values_and_numbers_used_twice_are_rejected(bensheim, coordinator):
    rows = [
        ("D-1", "Feld", "Ziel", "Erste", "Planned"),
        ("d-1", "Feld", "Ziel", "Zweite", "Planned"),
        ("D-3", "", "Ziel", "Ohne Handlungsfeld", ""),
    ]
    preview = preview_of(bensheim, coordinator, rows)
    assert rejections(preview) == {3: ["duplicate_number"], 4: ["missing", "missing"]}
    assert "2" in reasons(preview, 3)
    assert [row.title for row in preview.rejected] == ["Zweite", "Ohne Handlungsfeld"]


def test_a_responsible_organisation_must_be_in_the_registry(bensheim, coordinator, plan):
    keys = [*BASE, "responsible_organisation"]
    rows = [
        ("R-1", "Feld", "Ziel", "Bekannt", "Planned", "  CARITAS, Bezirk Bergstraße "),
        ("R-2", "Feld", "Ziel", "Unbekannt", "Planned", "Diakonie Bensheim"),
    ]
    preview = preview_of(bensheim, coordinator, rows, keys)
    assert rejections(preview) == {3: ["unknown_organisation"]}
    assert "Diakonie Bensheim" in reasons(preview, 3)
    assert preview.to_create[0].data["responsible_organisation"] == plan["organisation"]


def test_an_organisation_of_another_town_is_not_in_the_registry(bensheim, minden, coordinator):
    OrganisationFactory(municipality=minden, name="Mindener Tafel")
    keys = [*BASE, "responsible_organisation"]
    preview = preview_of(
        bensheim, coordinator, [("R-1", "Feld", "Ziel", "T", "Planned", "Mindener Tafel")], keys
    )
    assert rejections(preview) == {2: ["unknown_organisation"]}


def test_the_responsible_person_must_be_a_contact_person_of_that_organisation(
    bensheim, coordinator, plan
):
    elsewhere = ContactPersonFactory(
        organisation=OrganisationFactory(municipality=bensheim), name="Jonas Weber"
    )
    keys = [*BASE, "responsible_organisation", "responsible_person"]
    org = plan["organisation"].name
    rows = [
        ("P-1", "Feld", "Ziel", "Richtig", "Planned", org, "AYLIN  DEMIR"),
        ("P-2", "Feld", "Ziel", "Falsche Organisation", "Planned", org, elsewhere.name),
        ("P-3", "Feld", "Ziel", "Ohne Organisation", "Planned", "", "Aylin Demir"),
    ]
    preview = preview_of(bensheim, coordinator, rows, keys)
    assert rejections(preview) == {
        3: ["unknown_person"],
        4: ["person_without_organisation"],
    }
    assert "Jonas Weber" in reasons(preview, 3) and org in reasons(preview, 3)
    assert preview.to_create[0].data["responsible_person"] == plan["person"]


def test_without_an_organisation_column_the_person_belongs_to_the_measures_organisation(
    bensheim, coordinator, plan
):
    measure = plan["measure"]
    measure.responsible_organisation = plan["organisation"]
    measure.save()
    keys = [*BASE, "responsible_person"]
    rows = [
        (
            "B-01",
            "Bildung und Erziehung",
            "Sprache fördern",
            "Sprachcafé",
            "Planned",
            "Aylin Demir",
        ),
        ("N-1", "Feld", "Ziel", "Neu, ohne Organisation", "Planned", "Aylin Demir"),
    ]
    preview = preview_of(bensheim, coordinator, rows, keys)
    assert rejections(preview) == {3: ["person_without_organisation"]}
    [update] = preview.to_update
    assert update.data["responsible_person"] == plan["person"]
    assert "responsible_organisation" not in update.data


def test_unknown_partners_target_groups_and_recommendations_are_rejected(bensheim, coordinator):
    keys = [*BASE, "partners", "target_groups", "recommendations"]
    rows = [("N-1", "Feld", "Ziel", "T", "Planned", "Niemand e. V.", "Marsianer", "Keine")]
    preview = preview_of(bensheim, coordinator, rows, keys)
    assert rejections(preview) == {
        2: ["unknown_organisation", "unknown_target_group", "unknown_recommendation"]
    }


def test_a_number_the_town_uses_twice_cannot_be_updated(bensheim, coordinator, plan):
    MeasureFactory(goal=plan["goal"], number="B-01", title="Doppelt")
    preview = preview_of(bensheim, coordinator, [("B-01", "F", "Z", "T", "Planned")])
    assert rejections(preview) == {2: ["ambiguous_number"]}


# --- Files that cannot be read ------------------------------------------------------------------
def test_a_file_over_5_mb_is_refused_before_it_is_read(bensheim, coordinator):
    with pytest.raises(ValidationError) as caught:
        upload(bensheim, coordinator, b"x" * (5 * 1024 * 1024 + 1))
    assert caught.value.code == "too_large"
    assert "5,0" in caught.value.messages[0] or "5.0" in caught.value.messages[0]
    assert not MeasureImport.objects.for_municipality(bensheim).exists()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("massnahmen.csv", b"Nummer;Titel\n1;Test\n", "unknown_type"),
        ("massnahmen.xls", b"\xd0\xcf\x11\xe0", "unknown_type"),
        ("massnahmen.pdf", b"%PDF-1.4", "unknown_type"),
        ("massnahmen.xlsx", b"%PDF-1.4 not a workbook", "broken_xlsx"),
    ],
)
def test_a_file_that_is_no_xlsx_is_refused_naming_it(bensheim, coordinator, name, data, code):
    with pytest.raises(ValidationError) as caught:
        upload(bensheim, coordinator, data, name=name)
    assert caught.value.code == code
    if code == "unknown_type":
        assert name in caught.value.messages[0]


def test_a_table_without_a_required_column_is_refused_naming_it(bensheim, coordinator):
    data = xlsx([("1", "Feld", "Ziel", "Titel")], keys=BASE[:4])
    with pytest.raises(ValidationError) as caught:
        upload(bensheim, coordinator, data)
    assert caught.value.code == "missing_column"
    assert str(COLUMNS_BY_KEY["status"].label) in caught.value.messages[0]


# --- Applying -----------------------------------------------------------------------------------
def test_confirming_is_all_or_nothing(bensheim, coordinator, monkeypatch):
    """If one measure cannot be saved, no field, goal or measure of the file is kept."""
    rows = [("1", "Neues Feld", "Neues Ziel", "Eins", "Planned"),
            ("2", "Neues Feld", "Neues Ziel", "Zwei", "Planned")]  # fmt: skip
    measure_import = upload(bensheim, coordinator, xlsx(rows))
    save = plan_services.measure_save

    def refuse_the_second(**kwargs):
        if kwargs["title"] == "Zwei":
            raise ValidationError("Die Datenbank mag „Zwei“ nicht.")
        return save(**kwargs)

    monkeypatch.setattr(plan_services, "measure_save", refuse_the_second)
    with pytest.raises(ValidationError) as caught:
        services.measure_import_apply(measure_import=measure_import, acting_user=coordinator)
    assert "3" in caught.value.messages[0] and "Zwei" in caught.value.messages[0]
    assert not Measure.objects.for_municipality(bensheim).exists()
    assert not FieldOfAction.objects.for_municipality(bensheim).exists()
    assert not Goal.objects.for_municipality(bensheim).exists()
    measure_import.refresh_from_db()
    assert measure_import.status == MeasureImport.Status.PENDING


def test_an_import_is_applied_only_once(bensheim, coordinator):
    measure_import = upload(bensheim, coordinator, xlsx([("1", "F", "Z", "T", "Planned")]))
    services.measure_import_apply(measure_import=measure_import, acting_user=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.measure_import_apply(measure_import=measure_import, acting_user=coordinator)
    assert caught.value.code == "already_applied"
    assert Measure.objects.for_municipality(bensheim).count() == 1


def test_a_measure_added_since_the_preview_is_updated_not_duplicated(bensheim, coordinator, plan):
    measure_import = upload(bensheim, coordinator, xlsx([("B-09", "F", "Z", "Neu", "Planned")]))
    MeasureFactory(goal=plan["goal"], number="B-09", title="Inzwischen angelegt")
    services.measure_import_apply(measure_import=measure_import, acting_user=coordinator)
    [measure] = Measure.objects.for_municipality(bensheim).filter(number="B-09")
    assert measure.title == "Neu"
