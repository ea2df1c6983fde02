"""The offerings directory in the workspace: list, editor, review, verification and settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from miteinander.core.decorators import town_permission_required
from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import roles_in
from miteinander.network.models import Organisation

from . import services, workspace_selectors
from .forms import (
    DirectorySettingsForm,
    DistrictForm,
    OfferingEditor,
    OfferingKindForm,
    SendBackForm,
    WorkspaceFilterForm,
)
from .models import DirectorySettings, District, Offering, OfferingKind, OfferingStatus


def _offering_or_404(request, pk: int) -> Offering:
    try:
        return workspace_selectors.offering_detail(municipality=request.municipality, pk=pk)
    except Offering.DoesNotExist:
        raise Http404 from None


def _own_organisation_id(request) -> int | None:
    return roles_in(request.user, request.municipality).get(Role.NETWORK_PARTNER)


@town_permission_required("offerings.view_directory")
def offering_list(request):
    town = request.municipality
    form = WorkspaceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offerings = workspace_selectors.offerings_for_workspace(
        municipality=town,
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        attention=filters.get("attention", ""),
        provider_id=_own_organisation_id(request) if filters.get("mine") else None,
    )
    page = Paginator(offerings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "offerings/workspace/list.html",
        {
            "form": form,
            "page": page,
            "counts": workspace_selectors.attention_counts(municipality=town),
            "can_add": request.user.has_perm("offerings.add_offering", town),
            "can_manage": request.user.has_perm("offerings.manage_directory", town),
            "own_organisation_id": _own_organisation_id(request),
        },
    )


@town_permission_required("offerings.view_directory")
def offering_detail(request, pk: int):
    offering = _offering_or_404(request, pk)
    user = request.user
    town = request.municipality
    revision = services.pending_revision_of(offering) if not offering.revision_of_id else None
    return render(
        request,
        "offerings/workspace/offering_detail.html",
        {
            "offering": offering,
            "revision": revision,
            "changes": workspace_selectors.revision_changes(offering)
            if offering.revision_of_id
            else [],
            "history": workspace_selectors.offering_history(offering=offering),
            "can_edit": user.has_perm("offerings.change_offering", offering),
            "can_manage": user.has_perm("offerings.manage_directory", town),
        },
    )


def _provider_choices(request):
    """Coordination offers for any organisation; a partner only for their own."""
    town = request.municipality
    if request.user.has_perm("offerings.manage_directory", town):
        return None
    own = _own_organisation_id(request)
    return Organisation.objects.for_municipality(town).filter(pk=own)


def _editor(request, offering: Offering | None):
    town = request.municipality
    editor = OfferingEditor(
        request.POST or None,
        municipality=town,
        offering=offering,
        provider_choices=_provider_choices(request),
    )
    review = services.partner_needs_review(municipality=town, acting_user=request.user)
    if request.method == "POST" and editor.is_valid():
        publish = "publish" in request.POST
        try:
            saved = services.offering_save(
                municipality=town,
                acting_user=request.user,
                content=editor.content(),
                offering=offering,
                publish=publish,
            )
        except ValidationError as error:
            editor.form.add_error(None, error)
        else:
            if saved.status == OfferingStatus.SUBMITTED:
                messages.success(request, _("Saved. Coordination has been asked to approve it."))
            elif saved.revision_of_id:
                messages.success(
                    request,
                    _("Your change is saved as a draft; the published version stays online."),
                )
            elif saved.status == OfferingStatus.PUBLISHED:
                messages.success(request, _("The offering is published."))
            else:
                messages.success(request, _("The offering is saved as a draft."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "offerings/workspace/offering_form.html",
        {"editor": editor, "offering": offering, "review": review},
    )


@town_permission_required("offerings.add_offering")
@require_http_methods(["GET", "POST"])
def offering_create(request):
    if _provider_choices(request) is not None and not _own_organisation_id(request):
        raise Http404
    return _editor(request, None)


@town_permission_required("offerings.view_directory")
@require_http_methods(["GET", "POST"])
def offering_edit(request, pk: int):
    offering = _offering_or_404(request, pk)
    if not request.user.has_perm("offerings.change_offering", offering):
        raise Http404
    if offering.status == OfferingStatus.ARCHIVED:
        messages.info(request, _("Archived offerings cannot be changed."))
        return redirect(offering.get_absolute_url())
    if not offering.revision_of_id and offering.is_published:
        # A partner in a reviewing town edits the pending change, if there is one.
        revision = services.pending_revision_of(offering)
        if revision is not None and services.partner_needs_review(
            municipality=request.municipality, acting_user=request.user
        ):
            return redirect(
                "offerings:edit", municipality_slug=request.municipality.slug, pk=revision.pk
            )
    return _editor(request, offering)


@town_permission_required("offerings.manage_directory")
def review_queue(request):
    return render(
        request,
        "offerings/workspace/review.html",
        {"waiting": workspace_selectors.waiting_for_approval(municipality=request.municipality)},
    )


@town_permission_required("offerings.manage_directory")
@require_POST
def offering_approve(request, pk: int):
    offering = _offering_or_404(request, pk)
    try:
        published = services.offering_approve(offering=offering, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(offering.get_absolute_url())
    messages.success(request, _("“%(title)s” is published.") % {"title": published.title})
    return redirect("offerings:review", municipality_slug=request.municipality.slug)


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def offering_send_back(request, pk: int):
    offering = _offering_or_404(request, pk)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_send_back(
                offering=offering, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offering has been sent back to its provider."))
            return redirect("offerings:review", municipality_slug=request.municipality.slug)
    return render(
        request, "offerings/workspace/send_back.html", {"offering": offering, "form": form}
    )


@town_permission_required("offerings.view_directory")
@require_POST
def offering_verify(request, pk: int):
    offering = _offering_or_404(request, pk)
    if not request.user.has_perm("offerings.change_offering", offering):
        raise Http404
    services.offering_verify(offering=offering, acting_user=request.user)
    messages.success(request, _("Thank you: the offering is marked as checked today."))
    return redirect(offering.get_absolute_url())


@town_permission_required("offerings.view_directory")
@require_POST
def offering_archive(request, pk: int):
    offering = _offering_or_404(request, pk)
    if not request.user.has_perm("offerings.change_offering", offering):
        raise Http404
    services.offering_archive(offering=offering, acting_user=request.user)
    messages.success(request, _("The offering is archived and no longer public."))
    return redirect(offering.get_absolute_url())


@town_permission_required("offerings.view_directory")
@require_http_methods(["GET", "POST"])
def offering_delete(request, pk: int):
    offering = _offering_or_404(request, pk)
    if not request.user.has_perm("offerings.change_offering", offering):
        raise Http404
    if request.method == "POST":
        services.offering_delete(offering=offering, acting_user=request.user)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": offering.title})
        if offering.revision_of_id:
            return redirect(offering.revision_of.get_absolute_url())
        return redirect("offerings:list", municipality_slug=request.municipality.slug)
    return render(
        request,
        "offerings/workspace/confirm_delete.html",
        {"object": offering, "cancel_url": offering.get_absolute_url()},
    )


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def directory_settings(request):
    town = request.municipality
    form = DirectorySettingsForm(request.POST or None, instance=DirectorySettings.for_town(town))
    if request.method == "POST" and form.is_valid():
        services.directory_settings_save(
            directory_settings=form.instance, acting_user=request.user, changed=form.changed_data
        )
        messages.success(request, _("The settings have been saved."))
        return redirect("offerings:settings", municipality_slug=town.slug)
    return render(
        request,
        "offerings/workspace/settings.html",
        {
            "form": form,
            "kinds": OfferingKind.objects.for_municipality(town),
            "districts": District.objects.for_municipality(town),
        },
    )


VOCABULARIES = {"kinds": (OfferingKind, OfferingKindForm), "districts": (District, DistrictForm)}


@town_permission_required("offerings.manage_directory")
@require_http_methods(["GET", "POST"])
def vocabulary_edit(request, vocabulary: str, pk: int | None = None):
    model, form_class = VOCABULARIES[vocabulary]
    town = request.municipality
    entry = None
    if pk is not None:
        entry = model.objects.for_municipality(town).filter(pk=pk).first()
        if entry is None:
            raise Http404
    form = form_class(request.POST or None, instance=entry or model(municipality=town))
    if request.method == "POST" and form.is_valid():
        services.vocabulary_save(entry=form.instance, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been saved.") % {"name": form.instance.name})
        return redirect("offerings:settings", municipality_slug=town.slug)
    return render(
        request,
        "offerings/workspace/vocabulary_form.html",
        {"form": form, "entry": entry, "title": model._meta.verbose_name},
    )
