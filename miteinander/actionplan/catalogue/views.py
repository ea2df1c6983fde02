"""Workspace pages of the measure catalogue: Excel and PDF export, import with preview."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from miteinander.core.decorators import town_permission_required

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


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    if request.method == "POST":
        form = MeasureImportForm(request.POST, request.FILES)
    else:
        form = MeasureImportForm()
    if form.is_bound and form.is_valid():
        try:
            measure_import = services.measure_import_upload(
                municipality=request.municipality,
                acting_user=request.user,
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(
                "actionplan:import-preview",
                municipality_slug=request.municipality.slug,
                pk=measure_import.pk,
            )
    return render(
        request,
        "actionplan/catalogue/upload.html",
        {"form": form, "required": REQUIRED, "optional": OPTIONAL},
    )


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def import_preview(request, pk: int):
    """GET shows what the import would do; POST does it."""
    town = request.municipality
    measure_import = get_object_or_404(MeasureImport.objects.for_municipality(town), pk=pk)
    if measure_import.status == MeasureImport.Status.APPLIED:
        return render(
            request, "actionplan/catalogue/applied.html", {"measure_import": measure_import}
        )
    if request.method == "POST":
        try:
            counts = services.measure_import_apply(
                measure_import=measure_import, acting_user=request.user
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was imported, the action plan is unchanged: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        else:
            messages.success(
                request,
                _("The measures have been imported. New: %(created)s, updated: %(updated)s.")
                % counts,
            )
            return redirect("actionplan:plan", municipality_slug=town.slug)
    try:
        preview = selectors.import_preview(municipality=town, plan=measure_import.plan)
    except ValidationError as error:
        preview, damaged = None, " ".join(error.messages)
    else:
        damaged = ""
    return render(
        request,
        "actionplan/catalogue/preview.html",
        {"measure_import": measure_import, "preview": preview, "damaged": damaged},
    )
