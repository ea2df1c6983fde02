"""Workspace pages of the stock-take import: upload, preview and confirm, sample files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required

from . import selectors, services
from .forms import StocktakeUploadForm
from .models import StocktakeImport
from .vocabulary import GROUP_NAMES

SAMPLE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def stocktake_upload(request):
    if request.method == "POST":
        form = StocktakeUploadForm(request.POST, request.FILES)
    else:
        form = StocktakeUploadForm()
    if form.is_bound and form.is_valid():
        try:
            stocktake = services.stocktake_upload(
                municipality=request.municipality,
                acting_user=request.user,
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(
                "network:stocktake-preview",
                municipality_slug=request.municipality.slug,
                pk=stocktake.pk,
            )
    return render(
        request,
        "network/stocktake/upload.html",
        {"form": form, "group_names": list(GROUP_NAMES.values())},
    )


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def stocktake_preview(request, pk: int):
    """GET shows what the import would do; POST does it."""
    town = request.municipality
    stocktake = get_object_or_404(StocktakeImport.objects.for_municipality(town), pk=pk)
    if stocktake.status == StocktakeImport.Status.APPLIED:
        return render(request, "network/stocktake/applied.html", {"stocktake": stocktake})
    if request.method == "POST":
        try:
            counts = services.stocktake_apply(stocktake=stocktake, acting_user=request.user)
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was imported, the registry is unchanged: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        else:
            messages.success(
                request,
                _(
                    "The stock-take has been imported. New organisations: %(created)s, merged: "
                    "%(merged)s; new formats: %(formats)s, already there: %(present)s."
                )
                % {
                    "created": counts["organisations_created"],
                    "merged": counts["organisations_merged"],
                    "formats": counts["formats_created"],
                    "present": counts["formats_present"],
                },
            )
            return redirect("network:organisations", municipality_slug=town.slug)
    try:
        preview = selectors.stocktake_preview(municipality=town, plan=stocktake.plan)
    except ValidationError as error:
        preview, damaged = None, " ".join(error.messages)
    else:
        damaged = ""
    return render(
        request,
        "network/stocktake/preview.html",
        {"stocktake": stocktake, "preview": preview, "damaged": damaged},
    )


@town_permission_required("network.manage_registry")
def stocktake_sample(request, fmt: str):
    """The sample file made from Weiterstadt's stock-take, to fill in or compare with."""
    if fmt not in SAMPLE_TYPES:
        raise Http404
    path = services.SAMPLE_DIR / f"{services.SAMPLE_NAME}.{fmt}"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=SAMPLE_TYPES[fmt]
    )
