"""Write the sample stock-take files from the table of Weiterstadt's stock-take (seed 004).

Run from the repository root: python miteinander/network/samples/make_samples.py
Both files come from ROWS below, so they always say the same; the output is byte-for-byte
reproducible, so the files can be committed.
"""

import csv
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "bestandsaufnahme-weiterstadt"
TITLE = "Bestandsaufnahme bestehender Strukturen – Weiterstadt"
HEADER = ("Gruppe", "Spezifisch", "Vorhandene Formate - Beispielhaft")

# Gruppe, Spezifisch (one actor per line), Vorhandene Formate (one per line). None repeats the
# header row, as the seed's table does where it goes on over a page break; an empty Gruppe
# continues the group of the row above.
ROWS = [
    (
        "Engagierte Bürger*innen",
        [
            "Einheimische",
            "Zugewanderte",
            "Bürger mit Migrationshintergrund",
            "Menschen mit Fluchterfahrung",
            "...",
            "Bürger mit und ohne Behinderung",
        ],
        [],
    ),
    (
        "Verwaltung",
        [
            "Fachbereich Gesellschaft und Bildung mit den Fachdiensten Frühe Bildung und "
            "Familien, Bildungsnetzwerke und Kooperation Grundschule, Jugend und Integration",
            "Presse- und Öffentlichkeitsarbeit",
            "Wirtschaftsförderung",
            "Büro des Bürgermeisters",
            "Arbeitsgruppe Freiraumleitplanung",
        ],
        [
            "Konzept „Kinder, Jugend und Familien 2030“",
            "Migrationsbericht 2019",
            "Bericht zu Partizipation und Demokratiebildung",
            "Wirtschaftsförderung: Wirtschaftsforum, zwei Mal/Jahr",
        ],
    ),
    ("Politik", ["Fraktionen", "Stadtverordnete", "Ausschüsse"], ["Charta der Vielfalt"]),
    (
        "Zivilgesellschaftliche Gruppen (mit politischem Mandat)",
        [
            "Präventionsrat mit den Arbeitsgemeinschaften Integration, Nachhaltigkeit, Soziales "
            "und öffentliche Sicherheit",
            "Bildungsbeirat und die Stadtteil-Arbeitsgemeinschaften",
            "Seniorenbeirat",
            "Beirat zur Gleichstellung von Menschen mit Behinderung",
            "Ausländerbeirat",
        ],
        [
            "Präventionsrat: Konzept „Wir sind Weiterstadt“",
            "Präventionsrat: Regelmäßige Stadtgespräche zu gesellschaftlichen Themen",
            "Präventionsrat: Tage der seelischen Gesundheit",
            "Bildungsbeirat: Bildungsgesamtplan 2016 bis 2020",
            "Seniorenbeirat: Runder Tische Seniorenarbeit, bisher zwei Mal",
            "Beirat zur Gleichstellung von Menschen mit Behinderung: Aktionsplan zur Umsetzung "
            "der UN Behindertenrechtskonvention",
        ],
    ),
    (
        "Zivilgesellschaftliche Gruppen",
        [
            "Weiterstädter Ehrenamtsagentur",
            "Ökumenischer Arbeitskreis Asyl",
            "Miteinander - Frauentreff",
        ],
        ["Denkwerkstatt Engagementförderung, ein Mal/Jahr"],
    ),
    None,
    ("", ["Kommunales Kino"], []),
    (
        "Lokale Kooperationspartner",
        [
            "Schulen in Weiterstadt",
            "Kirchengemeinden und Glaubensgemeinschaften",
            "Diakonisches Werk (Migrationsberatung, Mehrgenerationenhaus)",
            "Weiterstädter Vereine und Verbände",
        ],
        [],
    ),
    (
        "Regionale Kooperationspartner",
        [
            "Landkreis Darmstadt-Dieburg (FB Zuwanderung und Flüchtlinge, FB Prävention und "
            "Bildung, Büro für Integration und Inklusion, WIR-Koordination)",
            "ev. Dekanat Darmstadt-Land",
        ],
        [],
    ),
]


def table() -> list[tuple[str, str, str]]:
    """The sheet's rows: a title, the header, then the data with line breaks inside cells."""
    rows = [(TITLE, "", ""), HEADER]
    for row in ROWS:
        if row is None:
            rows.append(HEADER)
        else:
            group, actors, formats = row
            rows.append((group, "\n".join(actors), "\n".join(formats)))
    return rows


def csv_bytes() -> bytes:
    """UTF-8 with byte order mark and ";", as German spreadsheet programs write and read CSV."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";").writerows(table())
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes() -> bytes:
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bestandsaufnahme"
    for row in table():
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    for line, row in enumerate(table(), start=1):
        for column in range(1, 4):
            cell = sheet.cell(row=line, column=column)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == HEADER:
                cell.font = Font(bold=True)
    for letter, width in zip("ABC", (34, 70, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.properties.created = datetime.datetime(2020, 1, 1)  # noqa: DTZ001
    workbook.properties.creator = "Miteinander"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so that running this again changes no byte."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving; keep the creation date instead
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", content
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return buffer.getvalue()


def main() -> None:
    (HERE / f"{NAME}.csv").write_bytes(csv_bytes())
    (HERE / f"{NAME}.xlsx").write_bytes(xlsx_bytes())


if __name__ == "__main__":
    main()
