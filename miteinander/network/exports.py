"""The registry as a spreadsheet: XLSX with three sheets, or CSV with the organisations.

Contact persons are left out on purpose: an export leaves the platform's access control, and
personal data should not travel with it (DSGVO data minimisation).
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from miteinander.core.languages import language_label
from miteinander.core.spreadsheets import formula_safe

from .models import AllianceMembership, Format, Organisation

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _organisation_rows(municipality):
    organisations = (
        Organisation.objects.for_municipality(municipality)
        .select_related("parent")
        .prefetch_related("fields_of_work", "amplifier_for", "alliances")
        .order_by("name")
    )
    header = [
        _("Name"), _("Actor group"), _("Part of"), _("Fields of work"), _("Staffing"),
        _("Street and number"), _("Postcode"), _("Town or city"), _("Website"), _("Languages"),
        _("Shown publicly"), _("Amplifier for"), _("Alliances"), _("Notes"),
    ]  # fmt: skip
    rows = [
        [
            o.name,
            o.get_actor_group_display(),
            o.parent.name if o.parent else "",
            ", ".join(f.name for f in o.fields_of_work.all()),
            o.get_staffing_display(),
            o.street,
            o.postcode,
            o.city,
            o.website,
            ", ".join(language_label(code) for code in o.languages),
            _("yes") if o.is_public else _("no"),
            ", ".join(t.name for t in o.amplifier_for.all()),
            ", ".join(a.name for a in o.alliances.all()),
            o.notes,
        ]
        for o in organisations
    ]
    return header, rows


def _format_rows(municipality):
    formats = (
        Format.objects.for_municipality(municipality)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    header = [_("Organisation"), _("Format"), _("Kind"), _("Frequency"), _("Description")]
    rows = [
        [f.organisation.name, f.name, f.get_kind_display(), f.frequency, f.description]
        for f in formats
    ]
    return header, rows


def _alliance_rows(municipality):
    memberships = (
        AllianceMembership.objects.for_municipality(municipality)
        .select_related("alliance", "alliance__coordinator", "organisation")
        .order_by("alliance__name", "organisation__name")
    )
    header = [_("Alliance"), _("Coordinated by"), _("Member"), _("Member since")]
    rows = [
        [
            m.alliance.name,
            m.alliance.coordinator.name if m.alliance.coordinator else "",
            m.organisation.name,
            m.member_since,
        ]
        for m in memberships
    ]
    return header, rows


def registry_response(*, municipality, fmt: str) -> HttpResponse:
    filename = f"netzwerk-{slugify(municipality.name)}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if fmt == "csv":
        header, rows = _organisation_rows(municipality)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows([[formula_safe(cell) for cell in row] for row in rows])
        # The BOM makes Excel read UTF-8 correctly.
        response.write("\ufeff" + buffer.getvalue())
        return response
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in [
        (_("Organisations"), _organisation_rows(municipality)),
        (_("Formats"), _format_rows(municipality)),
        (_("Alliances"), _alliance_rows(municipality)),
    ]:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([formula_safe(cell) for cell in row])
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 60)
    workbook.save(response)
    return response
