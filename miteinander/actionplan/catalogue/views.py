"""Workspace pages of the measure catalogue: Excel and PDF export, import with preview."""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from miteinander.core.decorators import town_permission_required
from miteinander.core.imports import ImportFlow

from . import exports, pdf, selectors, services
from .columns import OPTIONAL, REQUIRED
from .forms import MeasureImportForm
from .models import MeasureImport

logger = logging.getLogger(__name__)


@town_permission_required("actionplan.view_plan")
@require_GET
def catalogue_export(request, fmt: str):
    town = request.municipality
    if fmt == "xlsx":
        response = HttpResponse(content_type=exports.CONTENT_TYPE)
        exports.catalogue_workbook(municipality=town, user=request.user).save(response)
    elif fmt == "pdf":
        try:
            content = pdf.catalogue_pdf(municipality=town)
        except pdf.PdfUnavailable as error:
            logger.warning("The catalogue PDF needs WeasyPrint with Pango: %s", error)
            return render(request, "actionplan/catalogue/pdf_unavailable.html", status=503)
        response = HttpResponse(content, content_type=pdf.CONTENT_TYPE)
    else:
        raise Http404
    filename = f"massnahmenkatalog-{slugify(town.name)}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


FLOW = ImportFlow(
    model=MeasureImport,
    form_class=MeasureImportForm,
    upload=services.measure_import_upload,
    preview=selectors.import_preview,
    apply=lambda measure_import, user: services.measure_import_apply(
        measure_import=measure_import, acting_user=user
    ),
    upload_template="actionplan/catalogue/upload.html",
    preview_template="actionplan/catalogue/preview.html",
    applied_template="actionplan/catalogue/applied.html",
    context_name="measure_import",
    preview_url="actionplan:import-preview",
    done_url="actionplan:plan",
    refused_message=lambda reason: (
        _("Nothing was imported, the action plan is unchanged: %(reason)s") % {"reason": reason}
    ),
    imported_message=lambda counts: (
        _("The measures have been imported. New: %(created)s, updated: %(updated)s.") % counts
    ),
)


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    return FLOW.upload_view(request, required=REQUIRED, optional=OPTIONAL)


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def import_preview(request, pk: int):
    return FLOW.preview_view(request, pk)
