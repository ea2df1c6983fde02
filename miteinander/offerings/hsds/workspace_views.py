"""Workspace pages of HSDS: the export downloads, and the import with preview; coordination only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from miteinander.core.decorators import town_permission_required

from ..models import HsdsImport
from . import export, importer, tabular
from .forms import HsdsImportForm
from .preview import import_preview

EXPORTS = {
    "services.json": "application/json; charset=utf-8",
    "organizations.json": "application/json; charset=utf-8",
    "datapackage.zip": "application/zip",
}


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def hsds_index(request):
    """The export downloads and the upload form of the import."""
    if request.method == "POST":
        form = HsdsImportForm(request.POST, request.FILES)
    else:
        form = HsdsImportForm()
    if form.is_bound and form.is_valid():
        try:
            hsds_import = importer.hsds_import_upload(
                municipality=request.municipality,
                acting_user=request.user,
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(
                "offerings-hsds:preview",
                municipality_slug=request.municipality.slug,
                pk=hsds_import.pk,
            )
    town = request.municipality
    return render(
        request,
        "offerings/hsds/index.html",
        {
            "form": form,
            "exports": list(EXPORTS),
            "published": export.published_offerings(municipality=town).count(),
        },
    )


@town_permission_required("offerings.manage_directory")
@require_GET
def hsds_export(request, filename: str):
    town = request.municipality
    if filename == "services.json":
        content = export.json_bytes(export.services_export(municipality=town))
    elif filename == "organizations.json":
        content = export.json_bytes(export.organizations_export(municipality=town))
    elif filename == "datapackage.zip":
        content = tabular.datapackage_zip(municipality=town)
    else:
        raise Http404
    response = HttpResponse(content, content_type=EXPORTS[filename])
    name = f"hsds-{town.slug}-{timezone.localdate():%Y-%m-%d}-{filename}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def hsds_preview(request, pk: int):
    """GET shows what the import would do; POST does it."""
    town = request.municipality
    hsds_import = get_object_or_404(HsdsImport.objects.for_municipality(town), pk=pk)
    if hsds_import.status == HsdsImport.Status.APPLIED:
        return render(request, "offerings/hsds/applied.html", {"hsds_import": hsds_import})
    if request.method == "POST":
        try:
            counts = importer.hsds_import_apply(hsds_import=hsds_import, acting_user=request.user)
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was imported, the directory is unchanged: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        else:
            messages.success(
                request,
                _(
                    "The offerings have been imported and published. New: %(created)s, "
                    "updated: %(updated)s, new organisations: %(organisations_created)s."
                )
                % counts,
            )
            return redirect("offerings:list", municipality_slug=town.slug)
    try:
        preview = import_preview(municipality=town, plan=hsds_import.plan)
    except ValidationError as error:
        preview, damaged = None, " ".join(error.messages)
    else:
        damaged = ""
    return render(
        request,
        "offerings/hsds/preview.html",
        {"hsds_import": hsds_import, "preview": preview, "damaged": damaged},
    )
