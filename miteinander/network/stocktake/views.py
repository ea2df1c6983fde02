"""Workspace pages of the stock-take import: upload, preview and confirm, sample files."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required
from miteinander.core.imports import ImportFlow

from . import selectors, services
from .forms import StocktakeUploadForm
from .models import StocktakeImport
from .vocabulary import GROUP_NAMES

SAMPLE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


FLOW = ImportFlow(
    model=StocktakeImport,
    form_class=StocktakeUploadForm,
    upload=services.stocktake_upload,
    preview=selectors.stocktake_preview,
    apply=lambda stocktake, user: services.stocktake_apply(stocktake=stocktake, acting_user=user),
    upload_template="network/stocktake/upload.html",
    preview_template="network/stocktake/preview.html",
    applied_template="network/stocktake/applied.html",
    context_name="stocktake",
    preview_url="network:stocktake-preview",
    done_url="network:organisations",
    refused_message=lambda reason: (
        _("Nothing was imported, the registry is unchanged: %(reason)s") % {"reason": reason}
    ),
    imported_message=lambda counts: (
        _(
            "The stock-take has been imported. New organisations: %(created)s, merged: "
            "%(merged)s; new formats: %(formats)s, already there: %(present)s."
        )
        % {
            "created": counts["organisations_created"],
            "merged": counts["organisations_merged"],
            "formats": counts["formats_created"],
            "present": counts["formats_present"],
        }
    ),
)


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def stocktake_upload(request):
    return FLOW.upload_view(request, group_names=list(GROUP_NAMES.values()))


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def stocktake_preview(request, pk: int):
    return FLOW.preview_view(request, pk)


@town_permission_required("network.manage_registry")
def stocktake_sample(request, fmt: str):
    """The sample file made from Weiterstadt's stock-take, to fill in or compare with."""
    if fmt not in SAMPLE_TYPES:
        raise Http404
    path = services.SAMPLE_DIR / f"{services.SAMPLE_NAME}.{fmt}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=SAMPLE_TYPES[fmt]
    )
