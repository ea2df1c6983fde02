"""Reading stock-take spreadsheets (XLSX and CSV) into a plan; no database involved."""

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from miteinander.network.models import ActorGroup, FormatKind
from miteinander.network.stocktake.parser import parse_stocktake
from miteinander.network.stocktake.plan import Level, Plan
from miteinander.network.stocktake.vocabulary import actor_group_from_text, parse_format

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_XLSX = SAMPLES / "bestandsaufnahme-weiterstadt.xlsx"
SAMPLE_CSV = SAMPLES / "bestandsaufnahme-weiterstadt.csv"
HEADER = ("Gruppe", "Spezifisch", "Vorhandene Formate")


# --- Helpers, also used by the service and view tests -----------------------------------------
def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, sheets_before=()) -> bytes:
    """A workbook whose first sheets hold `sheets_before` (lists of rows), then the table."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for index, other in enumerate(sheets_before):
        sheet = workbook.create_sheet(f"Hinweise {index}")
        for row in other:
            sheet.append(row)
    sheet = workbook.create_sheet("Tabelle")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_of(rows, fmt="csv", **options):
    data = csv_bytes(rows, **options) if fmt == "csv" else xlsx_bytes(rows, **options)
    return parse_stocktake(data, f"bestandsaufnahme.{fmt}")


def organisations(plan) -> dict:
    return {o.name: o for o in plan.organisations}


def notes(plan, code=None) -> list:
    return [n for n in plan.notes if code is None or n.code == code]


def sample_plan(fmt="xlsx"):
    path = SAMPLE_XLSX if fmt == "xlsx" else SAMPLE_CSV
    return parse_stocktake(path.read_bytes(), path.name)


# --- The sample from Weiterstadt's stock-take (seed 004) --------------------------------------
def test_xlsx_and_csv_samples_give_the_same_plan():
    from_xlsx, from_csv = sample_plan("xlsx"), sample_plan("csv")
    assert from_xlsx.source["kind"] == "xlsx" and from_csv.source["kind"] == "csv"
    assert from_csv.source["delimiter"] == ";" and from_csv.source["encoding"] == "utf-8"
    without_source = [p.to_json() | {"source": None} for p in (from_xlsx, from_csv)]
    assert without_source[0] == without_source[1]
    assert from_xlsx.groups == [group.value for group in ActorGroup]  # all 7, in table order


def test_sample_creates_the_actors_with_their_sub_units():
    found = organisations(sample_plan())
    assert len(found) == 40
    units = {}
    for organisation in found.values():
        units.setdefault(organisation.parent, []).append(organisation.name)
    assert units["Fachbereich Gesellschaft und Bildung"] == [
        "Fachdienst Frühe Bildung und Familien",
        "Fachdienst Bildungsnetzwerke und Kooperation Grundschule",
        "Fachdienst Jugend und Integration",
    ]
    assert units["Präventionsrat"] == [
        "Arbeitsgemeinschaft Integration",
        "Arbeitsgemeinschaft Nachhaltigkeit",
        "Arbeitsgemeinschaft Soziales und öffentliche Sicherheit",
    ]
    assert units["Landkreis Darmstadt-Dieburg"] == [
        "FB Zuwanderung und Flüchtlinge",
        "FB Prävention und Bildung",
        "Büro für Integration und Inklusion",
        "WIR-Koordination",
    ]
    assert units["Diakonisches Werk"] == ["Migrationsberatung", "Mehrgenerationenhaus"]
    assert found["Präventionsrat"].actor_group == ActorGroup.CIVIL_SOCIETY_WITH_MANDATE
    assert found["Migrationsberatung"].actor_group == ActorGroup.LOCAL_PARTNERS
    assert found["ev. Dekanat Darmstadt-Land"].actor_group == ActorGroup.REGIONAL_PARTNERS
    assert found["Bürger mit und ohne Behinderung"].lines == [3]


def test_kommunales_kino_continues_the_group_after_the_repeated_header():
    plan = sample_plan()
    kino = organisations(plan)["Kommunales Kino"]
    assert kino.actor_group == ActorGroup.CIVIL_SOCIETY
    assert kino.lines == [9]
    assert [n.line for n in notes(plan, "repeated_header")] == [8]


def test_sample_formats_with_owner_frequency_and_kind():
    formats = {f.name: f for f in sample_plan("csv").formats}
    assert len(formats) == 12
    forum = formats["Wirtschaftsforum"]
    assert (forum.organisation, forum.frequency, forum.kind) == (
        "Wirtschaftsförderung",
        "zwei Mal/Jahr",
        FormatKind.EVENT,
    )
    workshop = formats["Denkwerkstatt Engagementförderung"]
    assert (workshop.organisation, workshop.frequency, workshop.kind) == (
        "Weiterstädter Ehrenamtsagentur",
        "ein Mal/Jahr",
        FormatKind.EVENT,
    )
    talks = formats["Stadtgespräche zu gesellschaftlichen Themen"]
    assert (talks.organisation, talks.frequency) == ("Präventionsrat", "regelmäßig")
    assert formats["Runder Tische Seniorenarbeit"].frequency == "bisher zwei Mal"
    # Quotes stay in the name; without "Actor:" the row's first actor gets the format.
    concept = formats["Konzept „Kinder, Jugend und Familien 2030“"]
    assert concept.organisation == "Fachbereich Gesellschaft und Bildung"
    assert concept.kind == FormatKind.CONCEPT
    assert formats["Konzept „Wir sind Weiterstadt“"].organisation == "Präventionsrat"
    # "Bildungsbeirat:" names the one actor of the row whose name begins so.
    plan_2020 = formats["Bildungsgesamtplan 2016 bis 2020"]
    assert plan_2020.organisation == "Bildungsbeirat und die Stadtteil-Arbeitsgemeinschaften"
    assert plan_2020.kind == FormatKind.PLAN
    assert formats["Migrationsbericht 2019"].kind == FormatKind.REPORT
    assert formats["Charta der Vielfalt"].kind == FormatKind.OTHER


def test_an_ellipsis_entry_is_skipped_with_a_note():
    plan = sample_plan()
    [note] = notes(plan, "ellipsis")
    assert note.line == 3 and note.level == Level.INFO
    assert "..." not in organisations(plan)


# --- Actor groups ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Engagierte Bürger*innen", ActorGroup.ENGAGED_CITIZENS),
        ("engagierte bürger:innen", ActorGroup.ENGAGED_CITIZENS),
        ("Engagierte Bürgerinnen und Bürger", ActorGroup.ENGAGED_CITIZENS),
        ("Engagierte BürgerInnen", ActorGroup.ENGAGED_CITIZENS),
        ("Engaged citizens", ActorGroup.ENGAGED_CITIZENS),
        ("  VERWALTUNG ", ActorGroup.ADMINISTRATION),
        ("administration", ActorGroup.ADMINISTRATION),
        ("Politik", ActorGroup.POLITICS),
        (
            "Zivilgesellschaftliche Gruppen (mit politischem Mandat)",
            ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
        ),
        (
            "Zivilgesellschaftliche Gruppen\nmit politischem  Mandat",
            ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
        ),
        (
            "Civil-society groups with a political mandate",
            ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
        ),
        ("civil_society_with_mandate", ActorGroup.CIVIL_SOCIETY_WITH_MANDATE),
        ("Zivilgesellschaftliche Gruppen", ActorGroup.CIVIL_SOCIETY),
        ("Lokale Kooperationspartner", ActorGroup.LOCAL_PARTNERS),
        ("Lokale Kooperationspartner*innen", ActorGroup.LOCAL_PARTNERS),
        ("regional_partners", ActorGroup.REGIONAL_PARTNERS),
        ("Regional cooperation partners", ActorGroup.REGIONAL_PARTNERS),
    ],
)
def test_actor_groups_by_german_name_english_label_or_code(text, group):
    assert actor_group_from_text(text) == group


def test_an_unknown_actor_group_rejects_the_row_and_its_continuation():
    plan = plan_of(
        [
            HEADER,
            ("Verwaltung", "Bürgerbüro", ""),
            ("Sportvereine", "TSV Weiterstadt", "Sportfest"),
            ("", "SKG Gräfenhausen", ""),
            ("Politik", "Fraktionen", ""),
        ]
    )
    assert set(organisations(plan)) == {"Bürgerbüro", "Fraktionen"}
    assert plan.formats == []
    [unknown] = notes(plan, "unknown_group")
    assert unknown.line == 3 and unknown.level == Level.ERROR
    with translation.override("en"):
        assert "Sportvereine" in unknown.text
        assert "Engagierte Bürger*innen, Verwaltung, Politik" in unknown.text
        assert "Regionale Kooperationspartner" in unknown.text
    [continued] = notes(plan, "continues_rejected")
    assert continued.line == 4 and continued.level == Level.ERROR


def test_an_empty_group_cell_on_the_first_data_row_is_an_error():
    plan = plan_of([HEADER, ("", "Bürgerbüro", ""), ("Verwaltung", "Kämmerei", "")])
    assert set(organisations(plan)) == {"Kämmerei"}
    [note] = notes(plan, "no_group")
    assert (note.line, note.level) == (2, Level.ERROR)


# --- Entries ---------------------------------------------------------------------------------
def test_actors_split_on_lines_and_semicolons_with_sub_units():
    plan = plan_of(
        [
            HEADER,
            (
                "Lokale Kooperationspartner",
                "Caritas (Migrationsdienst, Sozialberatung); Tafel\nVerein Hilfe (e.V.)",
                "",
            ),
        ],
        delimiter=",",
    )
    found = organisations(plan)
    assert set(found) == {
        "Caritas",
        "Migrationsdienst",
        "Sozialberatung",
        "Tafel",
        "Verein Hilfe (e.V.)",
    }
    assert found["Sozialberatung"].parent == "Caritas"
    assert found["Tafel"].parent is None
    assert plan.source["delimiter"] == ","


def test_sub_units_after_mit_den_take_the_singular_of_the_word_they_follow():
    plan = plan_of(
        [
            HEADER,
            ("Verwaltung", "Amt 5 mit den Abteilungen Kita, Schule", ""),
            ("Politik", "Verein mit den Schwerpunkten Sport, Kultur", ""),
        ]
    )
    found = organisations(plan)
    assert found["Abteilung Kita"].parent == "Amt 5"
    assert found["Abteilung Schule"].parent == "Amt 5"
    # An unknown word: the sub-units keep their names as written.
    assert found["Sport"].parent == "Verein" and found["Kultur"].parent == "Verein"


def test_an_organisation_named_again_as_a_sub_unit_stays_as_first_named():
    plan = plan_of(
        [
            HEADER,
            ("Lokale Kooperationspartner", "Migrationsberatung", ""),
            ("Lokale Kooperationspartner", "Caritas (Migrationsberatung, Tafel)", ""),
        ]
    )
    found = organisations(plan)
    assert found["Migrationsberatung"].parent is None
    assert found["Tafel"].parent == "Caritas"
    [note] = notes(plan, "duplicate_parent")
    assert note.line == 3 and note.params["first"] == 2


def test_duplicate_names_are_merged_with_a_note_naming_both_lines():
    plan = plan_of(
        [
            HEADER,
            ("Verwaltung", "Büro des Bürgermeisters", ""),
            ("Politik", "Fraktionen", ""),
            ("Politik", "büro des  BÜRGERMEISTERS", ""),
        ]
    )
    found = organisations(plan)
    assert list(found) == ["Büro des Bürgermeisters", "Fraktionen"]
    assert found["Büro des Bürgermeisters"].lines == [2, 4]
    assert found["Büro des Bürgermeisters"].actor_group == ActorGroup.ADMINISTRATION
    [duplicate] = notes(plan, "duplicate")
    assert duplicate.line == 4 and duplicate.params["first"] == 2
    with translation.override("en"):
        assert "line 2" in duplicate.text
    [group] = notes(plan, "duplicate_group")
    assert group.line == 4 and group.level == Level.WARNING


def test_an_empty_row_is_skipped_with_a_note_but_trailing_ones_are_not():
    plan = plan_of(
        [HEADER, ("Verwaltung", "Kämmerei", ""), ("", "", ""), ("Politik", "Fraktionen", "")]
        + [("", "", "")] * 3
    )
    assert [n.line for n in notes(plan, "empty_row")] == [3]
    assert set(organisations(plan)) == {"Kämmerei", "Fraktionen"}


def test_a_format_for_an_actor_not_in_the_row_keeps_its_whole_text():
    plan = plan_of(
        [
            HEADER,
            (
                "Verwaltung",
                "Kämmerei\nBürgerbüro",
                "Fachtag: Vielfalt leben\nBürgerbüro: Sprechstunde",
            ),
        ]
    )
    formats = {f.name: f.organisation for f in plan.formats}
    assert formats == {"Fachtag: Vielfalt leben": "Kämmerei", "Sprechstunde": "Bürgerbüro"}
    [note] = notes(plan, "not_an_actor")
    assert note.line == 2


def test_a_format_in_a_row_without_actors_is_rejected():
    plan = plan_of([HEADER, ("Politik", "", "Charta der Vielfalt")])
    assert plan.formats == []
    assert [n.line for n in notes(plan, "format_without_actor")] == [2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wirtschaftsforum, zwei Mal/Jahr", ("Wirtschaftsforum", "zwei Mal/Jahr", "event")),
        ("Denkwerkstatt X, ein Mal/Jahr", ("Denkwerkstatt X", "ein Mal/Jahr", "event")),
        (
            "Runder Tisch Senioren, bisher zwei Mal",
            ("Runder Tisch Senioren", "bisher zwei Mal", "event"),
        ),
        ("Regelmäßige Stadtgespräche", ("Stadtgespräche", "regelmäßig", "event")),
        ("Interkultureller Tag (jährlich)", ("Interkultureller Tag", "jährlich", "event")),
        ("Integrationskonzept 2015", ("Integrationskonzept 2015", "", "concept")),
        ("Sozialbericht", ("Sozialbericht", "", "report")),
        ("Aktionsplan Inklusion", ("Aktionsplan Inklusion", "", "plan")),
        ("Tage der Vielfalt", ("Tage der Vielfalt", "", "event")),
        ("Infoveranstaltung Ehrenamt", ("Infoveranstaltung Ehrenamt", "", "event")),
        ("Jugendbeirat", ("Jugendbeirat", "", "body")),
        ("Integrationsrat, monatlich", ("Integrationsrat", "monatlich", "body")),
        ("Arbeitskreis Asyl", ("Arbeitskreis Asyl", "", "body")),
        ("Netzwerk Frühe Hilfen", ("Netzwerk Frühe Hilfen", "", "network")),
        ("Bündnis für Vielfalt", ("Bündnis für Vielfalt", "", "network")),
        ("Beratung für Familien", ("Beratung für Familien", "", "other")),
        ("Konzept „Kinder, Jugend 2030“", ("Konzept „Kinder, Jugend 2030“", "", "concept")),
    ],
)
def test_format_name_frequency_and_kind(text, expected):
    assert parse_format(text) == expected


# --- The file as a whole ---------------------------------------------------------------------
def test_a_file_over_5_mb_is_refused_naming_the_limit():
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(b"x" * (5 * 1024 * 1024 + 1), "gross.csv")
    assert caught.value.code == "too_large"
    assert re.search(r"5[.,]0\s*MB", caught.value.messages[0])


@pytest.mark.parametrize("name", ["bestand.pdf", "bestand.ods", "bestand", "bestand.xls"])
def test_a_file_neither_xlsx_nor_csv_is_refused(name):
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(b"%PDF-1.4 something", name)
    assert caught.value.code == "unknown_type"
    assert name in caught.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b"not a zip file at all",
        csv_bytes([HEADER]),
        xlsx_bytes([HEADER, ("Politik", "Fraktionen", "")])[:2000],
    ],
)
def test_a_broken_xlsx_is_refused(data):
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(data, "bestand.xlsx")
    assert caught.value.code == "broken_xlsx"


def test_a_zip_that_is_no_workbook_is_a_broken_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "kein Arbeitsblatt")
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(buffer.getvalue(), "bestand.xlsx")
    assert caught.value.code == "broken_xlsx"


def test_a_binary_file_named_csv_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(xlsx_bytes([HEADER]), "bestand.csv")
    assert caught.value.code == "not_csv"


def test_a_windows_1252_csv_is_read_and_the_first_non_utf8_line_named():
    rows = [
        ("Bestandsaufnahme", "", ""),
        HEADER,
        ("Verwaltung", "Kämmerei", ""),
        ("Lokale Kooperationspartner", "Weiterstädter Vereine", "Straßenfest, ein Mal/Jahr"),
    ]
    plan = parse_stocktake(csv_bytes(rows, encoding="cp1252"), "bestand.csv")
    assert plan.source["encoding"] == "cp1252"
    assert set(organisations(plan)) == {"Kämmerei", "Weiterstädter Vereine"}
    assert plan.formats[0].name == "Straßenfest"
    [note] = notes(plan, "cp1252")
    assert note.line == 3 and note.level == Level.WARNING
    with translation.override("en"):
        assert "Windows-1252" in note.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_byte_order_mark(encoding):
    plan = plan_of([HEADER, ("Verwaltung", "Kämmerei", "")], encoding=encoding)
    assert plan.source["encoding"] == "utf-8"
    assert notes(plan) == []
    assert set(organisations(plan)) == {"Kämmerei"}


def test_a_csv_in_no_known_encoding_is_refused():
    data = csv_bytes([HEADER]) + "Verwaltung;Kämmerei;".encode() + b"\x81\xff\n"
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(data.replace("ä".encode(), b"\x8d"), "bestand.csv")
    assert caught.value.code == "encoding"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_missing_column_is_named(fmt):
    with pytest.raises(ValidationError) as caught:
        plan_of([("Gruppe", "Spezifisch"), ("Verwaltung", "Kämmerei")], fmt)
    assert caught.value.code == "missing_column"
    assert "Vorhandene Formate" in caught.value.messages[0]


def test_a_table_without_a_header_row_is_refused():
    with pytest.raises(ValidationError) as caught:
        plan_of([("Verwaltung", "Kämmerei", "")], "xlsx")
    assert caught.value.code == "no_header"


def test_headers_are_found_case_and_space_insensitively_in_any_column():
    rows = [
        ("", "Stand: März 2020", "", ""),
        ("", " GRUPPE ", "spezifisch", "Vorhandene  Formate – beispielhaft"),
        ("", "Verwaltung", "Kämmerei", "Haushaltsbericht"),
    ]
    plan = plan_of(rows, "xlsx")
    assert plan.source["header_line"] == 2
    assert [(f.organisation, f.name) for f in plan.formats] == [("Kämmerei", "Haushaltsbericht")]


def test_the_first_sheet_with_the_header_is_read():
    plan = plan_of(
        [HEADER, ("Politik", "Fraktionen", "")],
        "xlsx",
        sheets_before=[[("Bitte die Tabelle im nächsten Blatt ausfüllen",)]],
    )
    assert plan.source["sheet"] == "Tabelle"
    assert set(organisations(plan)) == {"Fraktionen"}


def test_cells_with_line_breaks_in_xlsx_and_empty_rows_in_between():
    plan = plan_of(
        [
            HEADER,
            ("Politik", "Fraktionen\r\nAusschüsse", ""),
            (None, None, None),
            ("Verwaltung", "Kämmerei", ""),
        ],
        "xlsx",
    )
    assert [(o.name, o.lines) for o in plan.organisations] == [
        ("Fraktionen", [2]),
        ("Ausschüsse", [2]),
        ("Kämmerei", [4]),
    ]
    assert [n.line for n in notes(plan, "empty_row")] == [3]


def test_the_plan_survives_a_round_trip_through_json():
    plan = sample_plan()
    assert Plan.from_json(plan.to_json()) == plan


def test_a_table_with_too_many_rows_is_refused():
    rows = [HEADER] + [("Politik", f"Fraktion {n}", "") for n in range(5001)]
    with pytest.raises(ValidationError) as caught:
        plan_of(rows)
    assert caught.value.code == "too_many_rows"


def test_empty_rows_below_the_table_end_it():
    data = csv_bytes([HEADER, ("Politik", "Fraktionen", "")]) + b";;\r\n" * 200_000
    plan = parse_stocktake(data + "Verwaltung;Kämmerei;\r\n".encode(), "bestand.csv")
    assert set(organisations(plan)) == {"Fraktionen"}
    assert notes(plan) == []


def test_a_csv_that_cannot_be_split_into_cells_is_refused():
    data = csv_bytes([HEADER, ("Politik", "x" * 200_000, "")])
    with pytest.raises(ValidationError) as caught:
        parse_stocktake(data, "bestand.csv")
    assert caught.value.code == "broken_csv"
    assert caught.value.params["line"] == 1  # the last line that could be read
