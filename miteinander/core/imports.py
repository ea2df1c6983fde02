"""The pages every import shares: upload a file, see what it would do, confirm it once.

An app describes its import as an `ImportFlow` (its PendingImport model, upload form, services,
templates and messages) and wraps `upload_view` and `preview_view` in views that check its
permission. The stock-take, the measure catalogue and HSDS use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render


@dataclass(frozen=True)
class ImportFlow:
    model: type  # a core.models.PendingImport subclass
    form_class: type  # a form with a `file` field
    # (municipality, acting_user, file) -> the saved pending import; ValidationError if unreadable
    upload: Callable
    # (municipality, plan) -> what the preview template shows; ValidationError if damaged
    preview: Callable
    # (pending, acting_user) -> counts for the success message
    apply: Callable
    upload_template: str
    preview_template: str
    applied_template: str
    context_name: str  # the pending import's name in the templates
    preview_url: str  # URL name of the preview page (takes pk)
    done_url: str  # URL name of the page shown after importing
    # (reason) -> "nothing was imported" message; (counts) -> success message
    refused_message: Callable[[str], str]
    imported_message: Callable[[dict], str]

    def upload_view(self, request, *, template: str | None = None, **context) -> HttpResponse:
        town = request.municipality
        form = self.form_class(request.POST, request.FILES) if request.method == "POST" else None
        if form is not None and form.is_valid():
            try:
                pending = self.upload(
                    municipality=town, acting_user=request.user, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect(self.preview_url, municipality_slug=town.slug, pk=pending.pk)
        return render(
            request,
            template or self.upload_template,
            {"form": form or self.form_class(), **context},
        )

    def preview_view(self, request, pk: int) -> HttpResponse:
        """GET shows what the import would do; POST does it."""
        town = request.municipality
        pending = get_object_or_404(self.model.objects.for_municipality(town), pk=pk)
        if pending.status == self.model.Status.APPLIED:
            return render(request, self.applied_template, {self.context_name: pending})
        if request.method == "POST":
            try:
                counts = self.apply(pending, request.user)
            except ValidationError as error:
                messages.error(request, self.refused_message(" ".join(error.messages)))
            else:
                messages.success(request, self.imported_message(counts))
                return redirect(self.done_url, municipality_slug=town.slug)
        try:
            preview, damaged = self.preview(municipality=town, plan=pending.plan), ""
        except ValidationError as error:
            preview, damaged = None, " ".join(error.messages)
        return render(
            request,
            self.preview_template,
            {self.context_name: pending, "preview": preview, "damaged": damaged},
        )
