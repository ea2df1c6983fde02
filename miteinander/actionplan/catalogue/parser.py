"""Read an uploaded measure catalogue (XLSX, the columns of the export) into a plan.

This module only reads the file; it never touches the database. Problems with the whole file
raise `ValidationError`; problems with a row become notes in the plan, so that the preview can
show every rejected row at once. What needs the town's data (organisations, contact persons,
existing measures) is checked by selectors.import_preview.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath

import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from miteinander.actionplan.models import FundingSource, MeasureStatus, Reachability
from miteinander.network.stocktake.plan import Level, Note
from miteinander.network.stocktake.reading import MAX_FILE_SIZE, MAX_ROWS

from .columns import (
    COLUMNS_BY_KEY,
    FUNDING_ALIASES,
    PERSON_WITHOUT_ORGANISATION,
    REACHABILITY_ALIASES,
    REQUIRED,
    STATUS_ALIASES,
    choice_lookup,
    fold,
    header_columns,
    known_labels,
    yes_no_lookup,
)
from .plan import Plan, PlannedRow

HEADER_SEARCH_ROWS = 20
MAX_EMPTY_RUN = 1000  # so many empty rows in a row end the table (formatted, never filled)
MAX_LENGTHS = {
    "number": 20,
    "field_of_action": 200,
    "goal": 300,
    "title": 300,
    "working_group": 200,
    "responsible_organisation": 200,
    "responsible_person": 200,
}
MAX_BUDGET = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
LIST_COLUMNS = ("partners", "target_groups", "recommendations")
DATE_COLUMNS = ("starts_on", "ends_on", "report_due_on", "last_reported_on")
FORMULA_STARTS = ("=", "+", "-", "@")


def parse_catalogue(data: bytes, filename: str) -> Plan:
    """Read an uploaded file into a plan; raise ValidationError if the file cannot be read."""
    file_check(size=len(data), filename=filename)
    sheet, header_line, columns, rows = _read_table(data)
    plan = Plan(
        source={"sheet": sheet, "header_line": header_line},
        columns=[key for key in columns if COLUMNS_BY_KEY[key].imported],
    )
    _RowReader(plan, columns).read(rows)
    return plan


def file_check(*, size: int, filename: str) -> None:
    """Refuse a file that is too large or no Excel workbook before anyone reads it."""
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _(
                "The file is %(size)s, but at most %(limit)s can be imported. Remove images "
                "and other sheets from the workbook and upload it again."
            ),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_SIZE)},
        )
    suffix = PurePath(filename).suffix.casefold()
    if suffix == ".xls":
        raise ValidationError(
            _(
                "“%(name)s” is in the old Excel format (.xls). Open it in your spreadsheet "
                "program, save it as Excel workbook (.xlsx) and upload it again."
            ),
            code="unknown_type",
            params={"name": filename},
        )
    if suffix not in {".xlsx", ".xlsm"}:
        raise ValidationError(
            _(
                "“%(name)s” is not an Excel workbook (.xlsx). Save the measure catalogue as "
                ".xlsx and upload it again; the catalogue's Excel export shows the columns."
            ),
            code="unknown_type",
            params={"name": filename},
        )


# --- The table ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cell:
    value: object
    percent: bool = False  # formatted as a percentage: 0.4 shows as 40 %


_EMPTY = _Cell(None)
Rows = list[tuple[int, list[_Cell]]]


def _broken() -> ValidationError:
    return ValidationError(
        _(
            "The file cannot be read as an Excel workbook; it may be damaged or in another "
            "format. Open it in your spreadsheet program, save it again as .xlsx and upload it "
            "again."
        ),
        code="broken_xlsx",
    )


def _header_names(columns) -> str:
    return ", ".join(f"“{column.label}”" for column in columns)


def _read_table(data: bytes) -> tuple[str, int, dict[str, int], Rows]:
    """(sheet title, header line, {column: index}, rows below the header) of the first sheet
    with every required column."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _broken()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise _broken() from error
    best = None  # (number of required columns, sheet title, header line, columns)
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some programs write wrong dimensions; read every row
            numbered = enumerate(sheet.iter_rows(), start=1)
            found = _find_header(numbered)
            if found is None:
                continue
            line, columns = found
            required = sum(column.key in columns for column in REQUIRED)
            if required == len(REQUIRED):
                return sheet.title, line, columns, _rows(numbered)
            if best is None or required > best[0]:
                best = (required, sheet.title, line, columns)
    except ValidationError:
        raise
    except Exception as error:
        raise _broken() from error
    finally:
        workbook.close()
    if best is None:
        raise ValidationError(
            _(
                "No header row was found. The table needs a row with the column headers "
                "%(columns)s; compare it with the catalogue's Excel export."
            ),
            code="no_header",
            params={"columns": _header_names(REQUIRED)},
        )
    sheet_title, line, columns = best[1:]
    raise ValidationError(
        _(
            "The header row (line %(line)s of the sheet “%(sheet)s”) has no column "
            "%(missing)s. Every measure needs the columns %(required)s."
        ),
        code="missing_column",
        params={
            "line": line,
            "sheet": sheet_title,
            "missing": _header_names(c for c in REQUIRED if c.key not in columns),
            "required": _header_names(REQUIRED),
        },
    )


def _find_header(numbered) -> tuple[int, dict[str, int]] | None:
    for line, cells in numbered:
        columns = header_columns([_text(cell.value) for cell in cells])
        if len(columns) >= 2:
            return line, columns
        if line >= HEADER_SEARCH_ROWS:
            return None
    return None


def _rows(numbered) -> Rows:
    rows: Rows = []
    empty_run = 0
    for line, cells in numbered:
        values = [_Cell(c.value, "%" in (getattr(c, "number_format", "") or "")) for c in cells]
        if any(_text(cell.value) for cell in values):
            empty_run = 0
            rows.append((line, values))
            if len(rows) > MAX_ROWS:
                raise ValidationError(
                    _("The table has more than %(count)s rows. Split it into several files."),
                    code="too_many_rows",
                    params={"count": MAX_ROWS},
                )
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                break
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    # The export puts an apostrophe before text a spreadsheet would run as a formula.
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


# --- From rows to a plan --------------------------------------------------------------------------
class _Rejected(Exception):
    """A cell that cannot be read; the note says why."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(code)
        self.code, self.message, self.params = code, message, params


class _RowReader:
    def __init__(self, plan: Plan, columns: dict[str, int]):
        self.plan = plan
        self.columns = columns
        self.status = choice_lookup(MeasureStatus, STATUS_ALIASES)
        self.funding = choice_lookup(FundingSource, FUNDING_ALIASES)
        self.reachability = choice_lookup(Reachability, REACHABILITY_ALIASES)
        self.yes_no = yes_no_lookup()
        self.numbers: dict[str, int] = {}  # folded number -> first line

    def read(self, rows: Rows) -> None:
        for line, cells in rows:
            texts = {key: _text(self.cell(cells, key).value) for key in self.columns}
            if len(header_columns(list(texts.values()))) >= 3:
                continue  # the header row, repeated further down
            row = PlannedRow(line, texts.get("number", ""), texts.get("title", ""))
            reasons: list[_Rejected] = []
            for key in self.columns:
                if not COLUMNS_BY_KEY[key].imported:
                    continue
                try:
                    row.values[key] = self.value(key, self.cell(cells, key), texts[key])
                except _Rejected as reason:
                    reasons.append(reason)
            reasons.extend(self.row_checks(row))
            if reasons:
                row.values = {}
                for reason in reasons:
                    self.plan.notes.append(
                        Note(line, Level.ERROR, reason.code, reason.message, reason.params)
                    )
            self.plan.rows.append(row)

    def cell(self, cells: list[_Cell], key: str) -> _Cell:
        index = self.columns[key]
        return cells[index] if index < len(cells) else _EMPTY

    # --- Cells ----------------------------------------------------------------------------------
    def value(self, key: str, cell: _Cell, text: str):
        column = COLUMNS_BY_KEY[key]
        if column.required and not text:
            raise _Rejected(
                "missing",
                gettext_noop(
                    "The column “%(column)s” is empty; every measure needs it. Fill it in and "
                    "upload the file again."
                ),
                column=column.label,
            )
        if key in MAX_LENGTHS and len(text) > MAX_LENGTHS[key]:
            raise _Rejected(
                "too_long",
                gettext_noop(
                    "“%(column)s” has %(length)s characters, but at most %(limit)s are "
                    "possible. Shorten it and upload the file again."
                ),
                column=column.label,
                length=len(text),
                limit=MAX_LENGTHS[key],
            )
        if key == "status":
            return self.choice(text, self.status, column, MeasureStatus)
        if key == "funding_source":
            return self.choice(text, self.funding, column, FundingSource) if text else ""
        if key == "reachability_focus":
            return self.choice(text, self.reachability, column, Reachability) if text else ""
        if key == "progress":
            return _progress(cell, text)
        if key == "budget":
            return _budget(cell, text, column)
        if key == "is_published":
            return self.published(cell, text, column)
        if key in DATE_COLUMNS:
            return _date(cell, text, column)
        if key in LIST_COLUMNS:
            return _names(text)
        if key != "description":
            text = " ".join(text.split())
        return text

    def choice(self, text: str, lookup: dict, column, choices) -> str:
        code = lookup.get(fold(text))
        if code is None:
            raise _Rejected(
                f"unknown_{column.key}",
                gettext_noop(
                    "“%(value)s” is not a known value for “%(column)s”. Use one of: %(known)s."
                ),
                value=text[:60],
                column=column.label,
                known=known_labels(choices),
            )
        return code

    def published(self, cell: _Cell, text: str, column) -> bool:
        if isinstance(cell.value, bool):
            return cell.value
        if not text:
            return False
        answer = self.yes_no.get(fold(text))
        if answer is None:
            raise _Rejected(
                "unknown_is_published",
                gettext_noop(
                    "“%(value)s” is not a known value for “%(column)s”. Use one of: %(known)s."
                ),
                value=text[:60],
                column=column.label,
                known=f"“{_('yes')}”, “{_('no')}”",
            )
        return answer

    # --- Rows -----------------------------------------------------------------------------------
    def row_checks(self, row: PlannedRow) -> list[_Rejected]:
        reasons = []
        values = row.values
        starts, ends = values.get("starts_on"), values.get("ends_on")
        if starts and ends and ends < starts:
            reasons.append(
                _Rejected(
                    "end_before_start",
                    gettext_noop(
                        "The end (%(end)s) is before the start (%(start)s). Correct one of the "
                        "two dates and upload the file again."
                    ),
                    start=_german_date(starts),
                    end=_german_date(ends),
                )
            )
        # Without the column, the organisation the measure has counts (selectors.py).
        if (
            values.get("responsible_person")
            and "responsible_organisation" in self.columns
            and not values.get("responsible_organisation")
        ):
            reasons.append(
                _Rejected(
                    "person_without_organisation",
                    PERSON_WITHOUT_ORGANISATION,
                    person=values["responsible_person"],
                )
            )
        number = fold(row.number)
        if number and number in self.numbers:
            reasons.append(
                _Rejected(
                    "duplicate_number",
                    gettext_noop(
                        "The number %(number)s is already used in line %(first)s of the file. "
                        "Give each measure its own number."
                    ),
                    number=row.number,
                    first=self.numbers[number],
                )
            )
        elif number:
            self.numbers[number] = row.line
        return reasons


# --- Values ---------------------------------------------------------------------------------------
def _names(text: str) -> list[str]:
    """Names separated by semicolons or line breaks, each once."""
    names, seen = [], set()
    for part in re.split(r"[;\n]", text):
        name = " ".join(part.split())
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


def _number(cell: _Cell, text: str) -> float | None:
    if isinstance(cell.value, bool):
        return None
    if isinstance(cell.value, int | float):
        return cell.value * 100 if cell.percent else cell.value
    cleaned = text.replace("%", "").replace(" ", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _progress(cell: _Cell, text: str) -> int:
    if not text:
        return 0
    number = _number(cell, text)
    if number is None or number != number:  # not a number, or NaN
        raise _Rejected(
            "progress_not_a_number",
            gettext_noop(
                "The progress “%(value)s” is not a number. Enter the percentage as a whole "
                "number between 0 and 100, e.g. 40."
            ),
            value=text[:60],
        )
    if number > 100:
        raise _Rejected(
            "progress_above_100",
            gettext_noop(
                "The progress %(value)s is above 100. Enter the percentage as a whole number "
                "between 0 and 100."
            ),
            value=text[:60],
        )
    if number < 0 or abs(number - round(number)) > 1e-6:
        raise _Rejected(
            "progress_not_whole",
            gettext_noop(
                "The progress %(value)s is not a whole number between 0 and 100. Enter the "
                "percentage without decimals, e.g. 40."
            ),
            value=text[:60],
        )
    return round(number)


def _budget(cell: _Cell, text: str, column) -> str | None:
    if not text:
        return None
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        amount = Decimal(str(cell.value))
    else:
        amount = _amount_from_text(text)
    if amount is None or amount < 0 or amount > MAX_BUDGET:
        raise _Rejected(
            "budget",
            gettext_noop(
                "“%(value)s” in the column “%(column)s” is not an amount in euros. Enter it as "
                "1500 or 1.500,00, without a minus sign."
            ),
            value=text[:60],
            column=column.label,
        )
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _amount_from_text(text: str) -> Decimal | None:
    """1.500,00 €, 1500,5, 1,500.00 or 1500 as an amount; None if it is none."""
    cleaned = re.sub(r"(?i)\s|€|eur(o)?", "", text)
    if "," in cleaned and "." in cleaned:
        decimal, thousands = (",", ".") if cleaned.rfind(",") > cleaned.rfind(".") else (".", ",")
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.500 is fifteen hundred in a German table
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")


def _date(cell: _Cell, text: str, column) -> str | None:
    if not text:
        return None
    value = cell.value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    parsed = None
    if match := _GERMAN_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        parsed = (year + 2000 if year < 100 else year, month, day)
    elif match := _ISO_DATE.fullmatch(text):
        parsed = tuple(int(part) for part in match.groups())
    if parsed is not None:
        with contextlib.suppress(ValueError):  # 31.02.2026
            return datetime.date(*parsed).isoformat()
    raise _Rejected(
        "date",
        gettext_noop(
            "“%(value)s” in the column “%(column)s” is not a date. Enter it as 31.12.2026 or "
            "as a date cell."
        ),
        value=text[:60],
        column=column.label,
    )


def _german_date(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y")
