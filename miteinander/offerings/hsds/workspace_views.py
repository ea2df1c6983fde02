"""Workspace pages of HSDS: the export downloads, and the import with preview; coordination only."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from miteinander.core.decorators import town_permission_required
from miteinander.core.imports import ImportFlow

from ..models import HsdsImport
from . import export, importer, tabular
from .forms import HsdsImportForm
from .preview import import_preview

EXPORTS = {
    "services.json": "application/json; charset=utf-8",
    "organizations.json": "application/json; charset=utf-8",
    "datapackage.zip": "application/zip",
}


FLOW = ImportFlow(
    model=HsdsImport,
    form_class=HsdsImportForm,
    upload=importer.hsds_import_upload,
    preview=import_preview,
    apply=lambda hsds_import, user: importer.hsds_import_apply(
        hsds_import=hsds_import, acting_user=user
    ),
    upload_template="offerings/hsds/index.html",
    preview_template="offerings/hsds/preview.html",
    applied_template="offerings/hsds/applied.html",
    context_name="hsds_import",
    preview_url="offerings-hsds:preview",
    done_url="offerings:list",
    refused_message=lambda reason: (
        _("Nothing was imported, the directory is unchanged: %(reason)s") % {"reason": reason}
    ),
    imported_message=lambda counts: (
        _(
            "The offerings have been imported and published. New: %(created)s, "
            "updated: %(updated)s, new organisations: %(organisations_created)s."
        )
        % counts
    ),
)


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def hsds_index(request):
    """The export downloads and the upload form of the import."""
    return FLOW.upload_view(
        request,
        exports=list(EXPORTS),
        published=export.published_offerings(municipality=request.municipality).count(),
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
    return FLOW.preview_view(request, pk)
