"""Read the rows of an uploaded XLSX or CSV file and find the table's header row.

Line numbers are the rows a spreadsheet program shows: the sheet's row for XLSX, the record's
position for CSV (a cell with line breaks is still one row).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import PurePath

import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .plan import Level, Note

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000  # rows with content
MAX_EMPTY_RUN = 1000  # so many empty rows in a row end the table (formatted, never filled)
HEADER_SEARCH_ROWS = 100

# The column headers as the seed's table spells them; what the messages name.
GROUP_HEADER = "Gruppe"
ACTORS_HEADER = "Spezifisch"
FORMATS_HEADER = "Vorhandene Formate"
HEADER_ALIASES = {
    "group": {"gruppe"},
    "actors": {"spezifisch"},
    "formats": {"vorhandene formate", "vorhandene formate - beispielhaft"},
}
HEADER_NAMES = {"group": GROUP_HEADER, "actors": ACTORS_HEADER, "formats": FORMATS_HEADER}


Rows = list[tuple[int, list[str]]]


def size_check(size: int) -> None:
    """Refuse a file over the limit before anyone reads it."""
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _(
                "The file is %(size)s, but at most %(limit)s can be imported. Remove images "
                "and other sheets from it, or save the table as CSV."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_SIZE)},
        )


def read_rows(data: bytes, filename: str) -> tuple[Rows, dict, list[Note]]:
    """(rows, a description of the source, notes) of an XLSX or CSV file with the header."""
    size_check(len(data))
    suffix = PurePath(filename).suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data)
    if suffix in {".csv", ".txt"}:
        return _read_csv(data)
    if suffix == ".xls":
        raise ValidationError(
            _(
                "“%(name)s” is in the old Excel format (.xls). Open it in your spreadsheet "
                "program and save it as Excel workbook (.xlsx) or as CSV, then upload it again."
            ),
            code="unknown_type",
            params={"name": filename},
        )
    raise ValidationError(
        _(
            "“%(name)s” is neither an Excel workbook (.xlsx) nor a CSV file. Save the table "
            "in one of these formats and upload it again."
        ),
        code="unknown_type",
        params={"name": filename},
    )


# --- XLSX and CSV --------------------------------------------------------------------------------
def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _broken_xlsx() -> ValidationError:
    return ValidationError(
        _(
            "The file cannot be read as an Excel workbook; it may be damaged or in another "
            "format. Open it in your spreadsheet program, save it again as .xlsx or as CSV, and "
            "upload it again."
        ),
        code="broken_xlsx",
    )


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The table has more than %(count)s rows. Split it into several files."),
        code="too_many_rows",
        params={"count": MAX_ROWS},
    )


def _read_xlsx(data: bytes) -> tuple[Rows, dict, list[Note]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _broken_xlsx()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise _broken_xlsx() from error
    try:
        best = None  # (number of headers found, rows, sheet title)
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some programs write wrong dimensions; read every row
            numbered = (
                (line, [_cell_text(value) for value in values])
                for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            # A sheet without the header near its top is another sheet (notes, lists).
            rows, header_found = _collect(numbered, give_up_without_header=True)
            if header_found == len(HEADER_ALIASES):
                return rows, {"kind": "xlsx", "sheet": sheet.title}, []
            if header_found and (best is None or header_found > best[0]):
                best = (header_found, rows, sheet.title)
    except ValidationError:
        raise
    except Exception as error:
        raise _broken_xlsx() from error
    finally:
        workbook.close()
    if best is None:
        raise _no_header()
    return best[1], {"kind": "xlsx", "sheet": best[2]}, []


def _read_csv(data: bytes) -> tuple[Rows, dict, list[Note]]:
    if b"\x00" in data:
        raise ValidationError(
            _(
                "The file is not a CSV text file. Save the table as CSV (UTF-8) or as Excel "
                "workbook (.xlsx) and upload it again."
            ),
            code="not_csv",
        )
    notes: list[Note] = []
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "The file is neither UTF-8 nor Windows-1252 text. Save the table as "
                    "“CSV UTF-8” and upload it again."
                ),
                code="encoding",
            ) from error
        encoding = "cp1252"
        notes.append(
            Note(
                line=_first_line_not_utf8(data),
                level=Level.WARNING,
                code="cp1252",
                message=gettext_noop(
                    "The file is not UTF-8 and was read as Windows-1252; this is the first line "
                    "that is not UTF-8. Check umlauts and ß in the names below; next time save "
                    "the table as “CSV UTF-8”."
                ),
            )
        )
    best = None  # (number of headers found, delimiter, rows)
    for delimiter in _delimiters(text):
        rows, found = _collect(_csv_rows(text, delimiter))
        if found == len(HEADER_ALIASES):
            best = (found, delimiter, rows)
            break
        if found and (best is None or found > best[0]):
            best = (found, delimiter, rows)
    if best is None:
        raise _no_header()
    source = {"kind": "csv", "encoding": encoding, "delimiter": best[1]}
    return best[2], source, notes


def _first_line_not_utf8(data: bytes) -> int:
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1  # pragma: no cover - the whole file failed, so one line does


def _delimiters(text: str) -> list[str]:
    """The delimiters to try: the sniffed one first, then semicolon, comma and tab."""
    candidates = [";", ",", "\t"]
    try:
        sniffed = csv.Sniffer().sniff(text[:8192], delimiters="".join(candidates)).delimiter
    except csv.Error:
        return candidates
    return [sniffed] + [c for c in candidates if c != sniffed]


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, [_cell_text(cell) for cell in cells]
    except csv.Error as error:
        raise ValidationError(
            _(
                "The CSV file cannot be read after line %(line)s (%(error)s). Check the "
                "quotation marks there, or save the table as Excel workbook (.xlsx)."
            ),
            code="broken_csv",
            params={"line": line, "error": error},
        ) from error


def _collect(
    numbered: Iterable[tuple[int, list[str]]], *, give_up_without_header: bool = False
) -> tuple[Rows, int]:
    """(rows, number of headers in the first header row) until the table's end."""
    rows: Rows = []
    filled = empty_run = header_found = 0
    for line, cells in numbered:
        if any(cells):
            filled, empty_run = filled + 1, 0
            if filled > MAX_ROWS:
                raise _too_many_rows()
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                break
        if not header_found:
            header_found = len(header_columns(cells))
            if not header_found and give_up_without_header and line >= HEADER_SEARCH_ROWS:
                break
        rows.append((line, cells))
    return rows, header_found


# --- Finding the header -----------------------------------------------------------------------
def _header_key(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text.casefold())
    text = re.sub(r"\s*-\s*", " - ", text)
    return " ".join(text.split()).strip(" :*")


def header_columns(cells: list[str]) -> dict[str, int]:
    """{"group": 0, ...} for the cells of a row that are column headers."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        for column, aliases in HEADER_ALIASES.items():
            if key in aliases and column not in columns:
                columns[column] = index
    return columns


def _no_header() -> ValidationError:
    return ValidationError(
        _(
            "No header row was found. The table needs a row with the column headers "
            "“Gruppe”, “Spezifisch” and “Vorhandene Formate”; compare it with the sample file."
        ),
        code="no_header",
    )
