"""The measure catalogue as an Excel workbook: the measures, then the fields and goals.

The measures sheet has the columns the import reads, so an exported file can be edited and
imported again. A responsible person is named only to someone who may see that contact person
(without their consent, only coordination and their own organisation may): an export leaves the
platform's access control.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from miteinander.core.spreadsheets import formula_safe

from .columns import COLUMNS
from .selectors import catalogue_measures, fields_and_goals

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
WIDE = {"title": 40, "description": 60, "indicators": 50}


def catalogue_workbook(*, municipality, user) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _measure_sheet(workbook.create_sheet(_("Measures")[:31]), municipality, user)
    _field_sheet(workbook.create_sheet(_("Fields and goals")[:31]), municipality)
    return workbook


def _measure_sheet(sheet, municipality, user) -> None:
    keys = [column.key for column in COLUMNS]
    _header(sheet, [column.label for column in COLUMNS])
    for measure in catalogue_measures(municipality=municipality):
        values = _measure_values(measure)
        person = measure.responsible_person
        if person is not None and not user.has_perm("network.view_contact_person", person):
            values["responsible_person"] = ""
        sheet.append([formula_safe(values[key]) for key in keys])
    for index, key in enumerate(keys, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = WIDE.get(key, 18)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if key in ("starts_on", "ends_on", "report_due_on", "last_reported_on"):
                cell.number_format = DATE_FORMAT
            elif key == "budget":
                cell.number_format = "#,##0.00"
            cell.alignment = Alignment(vertical="top", wrap_text=key in WIDE)


def _measure_values(measure) -> dict:
    goal = measure.goal
    return {
        "number": measure.number,
        "field_of_action": goal.field_of_action.name,
        "goal": goal.title,
        "title": measure.title,
        "description": measure.description,
        "responsible_organisation": _name(measure.responsible_organisation),
        "responsible_person": _name(measure.responsible_person),
        "partners": _names(measure.partners.all()),
        "target_groups": _names(measure.target_groups.all()),
        "reachability_focus": measure.get_reachability_focus_display(),
        "working_group": measure.working_group,
        "starts_on": measure.starts_on,
        "ends_on": measure.ends_on,
        "budget": measure.budget,
        "funding_source": measure.get_funding_source_display(),
        "status": measure.get_status_display(),
        "progress": measure.progress,
        "is_published": _("yes") if measure.is_published else _("no"),
        "report_due_on": measure.report_due_on,
        "last_reported_on": measure.last_reported_on,
        "recommendations": "; ".join(r.title for r in measure.recommendations.all()),
        "indicators": "\n".join(indicator_text(i) for i in measure.indicators.all()),
    }


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _names(objects) -> str:
    # Semicolons, because names of organisations contain commas; the import splits there.
    return "; ".join(sorted(obj.name for obj in objects))


def indicator_text(indicator) -> str:
    """“Teilnehmende: 42 Personen (target 100)”, with the latest value measured."""
    values = list(indicator.values.all())  # prefetched, in the order they were measured
    latest = values[-1].value if values else None
    value = " ".join(
        part for part in (_figure(latest) if latest is not None else "–", indicator.unit) if part
    )
    if indicator.target is None:
        return _("%(name)s: %(value)s") % {"name": indicator.name, "value": value}
    return _("%(name)s: %(value)s (target %(target)s)") % {
        "name": indicator.name,
        "value": value,
        "target": _figure(indicator.target),
    }


def _figure(value: Decimal) -> str:
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True)


def _field_sheet(sheet, municipality) -> None:
    _header(
        sheet,
        [
            _("Field of action"),
            _("Short code"),
            _("Description of the field of action"),
            _("Goal"),
            _("Description of the goal"),
        ],
    )
    for field in fields_and_goals(municipality=municipality):
        goals = list(field.goals.all()) or [None]
        for goal in goals:
            row = [field.name, field.code, field.description]
            row += [goal.title, goal.description] if goal else ["", ""]
            sheet.append([formula_safe(value) for value in row])
    for letter, width in zip("ABCDE", (30, 12, 50, 40, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)


def _header(sheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
