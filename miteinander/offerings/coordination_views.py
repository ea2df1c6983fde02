"""Coordination pages of the directory: where offerings are missing, and where they overlap.

/<lang>/<municipality_slug>/workspace/offerings/coordination/...
"""

import csv
import io
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from miteinander.core.decorators import town_permission_required
from miteinander.core.spreadsheets import formula_safe

from . import coordination

# The second matrix on the page: districts by kind of offering, or by target group.
DISTRICT_MATRICES = {"kinds": "districts-kinds", "target-groups": "districts-groups"}

SPREADSHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@town_permission_required("offerings.manage_directory")
def coverage(request):
    town = request.municipality
    columns = request.GET.get("districts")
    if columns not in DISTRICT_MATRICES:
        columns = "kinds"
    return render(
        request,
        "offerings/coordination/coverage.html",
        {
            "matrices": [
                coordination.coverage_matrix(municipality=town, key="fields"),
                coordination.coverage_matrix(municipality=town, key=DISTRICT_MATRICES[columns]),
            ],
            "district_columns": columns,
        },
    )


@town_permission_required("offerings.manage_directory")
def coverage_offerings(request):
    """The published offerings behind a cell of a matrix: ?field_of_action=3&target_group=none."""
    town = request.municipality
    criteria = []
    for key, dimension in coordination.DIMENSIONS.items():
        if key in request.GET:
            try:
                criteria.append((dimension, dimension.entry(town, request.GET[key])))
            except ObjectDoesNotExist:
                raise Http404 from None
    offerings = coordination.coverage_offerings(municipality=town, criteria=criteria)
    page = Paginator(offerings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "offerings/coordination/offerings.html",
        {
            "criteria": [(d.label, d.entry_label(entry)) for d, entry in criteria],
            "page": page,
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        },
    )


def _table(matrix: coordination.CoverageMatrix) -> list[list]:
    """The matrix as spreadsheet rows: a header, one row per entry, the totals."""
    header = [
        f"{matrix.rows_by.label} / {matrix.columns_by.label}",
        *[column.label for column in matrix.columns],
        _("Offerings"),
    ]
    rows = [[row.label, *[cell.count for cell in row.cells], row.total] for row in matrix.rows]
    totals = [_("Offerings"), *[column.total for column in matrix.columns], matrix.total]
    return [header, *rows, totals]


@town_permission_required("offerings.manage_directory")
def coverage_export(request, fmt: str):
    """The matrices as XLSX (one sheet each) or one of them as CSV (?matrix=fields)."""
    if fmt not in SPREADSHEET_TYPES:
        raise Http404
    town = request.municipality
    keys = list(coordination.MATRICES)
    if fmt == "csv":
        keys = [request.GET.get("matrix", "fields")]
        if keys[0] not in coordination.MATRICES:
            raise Http404
    matrices = [coordination.coverage_matrix(municipality=town, key=key) for key in keys]
    suffix = "" if fmt == "xlsx" else f"-{keys[0]}"
    filename = f"angebote-abdeckung-{slugify(town.name)}{suffix}-{timezone.localdate():%Y-%m-%d}"
    response = HttpResponse(content_type=SPREADSHEET_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(
            [[formula_safe(cell) for cell in row] for row in _table(matrices[0])]
        )
        # The BOM makes Excel read UTF-8 correctly.
        response.write("\ufeff" + buffer.getvalue())
        return response
    workbook = Workbook()
    workbook.remove(workbook.active)
    for matrix in matrices:
        sheet = workbook.create_sheet(title=matrix.title[:31])
        for row in _table(matrix):
            sheet.append([formula_safe(cell) for cell in row])
        for cell in (*sheet[1], *sheet["A"], *sheet[sheet.max_row]):
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = min(
            max(len(str(cell.value or "")) for cell in sheet["A"]) + 2, 50
        )
    workbook.save(response)
    return response


@town_permission_required("offerings.manage_directory")
def duplicates(request):
    pairs = coordination.likely_duplicates(municipality=request.municipality)
    return render(
        request,
        "offerings/coordination/duplicates.html",
        {
            "pairs": pairs,
            "similar_percent": round(coordination.SIMILAR_TITLES * 100),
            "nearby_metres": coordination.NEARBY_METRES,
        },
    )
