"""The network registry: workspace pages for staff, public pages for visitors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from miteinander.core.decorators import town_permission_required

from . import exports, sections, selectors, services
from .forms import (
    AllianceForm,
    AllianceMemberForm,
    ContactPersonForm,
    FormatForm,
    OrganisationFilterForm,
    OrganisationForm,
    PartnerOrganisationForm,
    VocabularyEntryForm,
)
from .models import (
    Alliance,
    AllianceMembership,
    ContactPerson,
    FieldOfWork,
    Format,
    Organisation,
    TargetGroup,
)


def _organisation_or_404(request, pk: int) -> Organisation:
    try:
        return selectors.organisation_detail(municipality=request.municipality, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _require(request, perm: str, obj) -> None:
    """404, not 403, when the person may not do this: nothing about the object leaks."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def _filters(form: OrganisationFilterForm) -> selectors.OrganisationFilters:
    if not form.is_valid():
        return selectors.OrganisationFilters()
    data = form.cleaned_data
    return selectors.OrganisationFilters(
        query=data["q"],
        actor_group=data["actor_group"],
        field_of_work=data["field_of_work"].pk if data["field_of_work"] else None,
        staffing=data["staffing"],
        language=data["language"],
        alliance=data["alliance"].pk if data["alliance"] else None,
        amplifier_for=data["amplifier_for"].pk if data["amplifier_for"] else None,
    )


# --- Organisations ----------------------------------------------------------------------------
@town_permission_required("network.view_registry")
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None, municipality=request.municipality)
    organisations = selectors.organisations_list(
        municipality=request.municipality, filters=_filters(form)
    )
    context = {
        "form": form,
        "organisations": organisations,
        "can_manage": request.user.has_perm("network.manage_registry", request.municipality),
        "query_string": request.GET.urlencode(),
    }
    if request.htmx and request.htmx.target == "organisation-results":
        return render(request, "network/workspace/_organisation_results.html", context)
    return render(request, "network/workspace/organisation_list.html", context)


@town_permission_required("network.view_registry")
def organisation_detail(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    user = request.user
    return render(
        request,
        "network/workspace/organisation_detail.html",
        {
            "organisation": organisation,
            "contact_persons": selectors.contact_persons_visible(
                organisation=organisation, user=user
            ),
            "can_edit": user.has_perm("network.change_organisation", organisation),
            "can_manage": user.has_perm("network.manage_registry", request.municipality),
            "sections": sections.for_organisation(organisation, user),
        },
    )


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None, municipality=request.municipality)
    if form.is_valid():
        try:
            organisation = services.organisation_create(
                municipality=request.municipality, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation has been added."))
            return redirect(organisation.get_absolute_url())
    return render(request, "network/workspace/organisation_form.html", {"form": form})


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    _require(request, "network.change_organisation", organisation)
    form_class = (
        OrganisationForm
        if request.user.has_perm("network.manage_registry", request.municipality)
        else PartnerOrganisationForm
    )
    form = form_class(
        request.POST or None, instance=organisation, municipality=request.municipality
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        organisation.refresh_from_db()  # the form wrote into the instance; the service compares
        try:
            services.organisation_update(
                organisation=organisation, acting_user=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(organisation.get_absolute_url())
    return render(
        request,
        "network/workspace/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def organisation_delete(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    if request.method == "POST":
        services.organisation_delete(organisation=organisation, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": organisation.name})
        return redirect("network:organisations", municipality_slug=request.municipality.slug)
    return render(
        request,
        "network/workspace/confirm_delete.html",
        {
            "object": organisation,
            "cancel_url": organisation.get_absolute_url(),
            "warning": _(
                "Its sub-units, contact persons, formats and alliance memberships are deleted "
                "with it."
            ),
        },
    )


# --- Contact persons --------------------------------------------------------------------------
def _contact_or_404(request, pk: int) -> ContactPerson:
    return get_object_or_404(
        ContactPerson.objects.for_municipality(request.municipality).select_related("organisation"),
        pk=pk,
    )


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def contact_create(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    _require(request, "network.change_organisation", organisation)
    return _contact_form(request, organisation, None)


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    contact = _contact_or_404(request, pk)
    _require(request, "network.change_contact_person", contact)
    return _contact_form(request, contact.organisation, contact)


def _contact_form(request, organisation, contact):
    form = ContactPersonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        if contact is not None:
            contact.refresh_from_db()
        try:
            services.contact_person_save(
                organisation=organisation,
                contact_person=contact,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact person has been saved."))
            return redirect(organisation.get_absolute_url())
    return render(
        request,
        "network/workspace/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def contact_erase(request, pk: int):
    contact = _contact_or_404(request, pk)
    _require(request, "network.change_contact_person", contact)
    if request.method == "POST":
        services.contact_person_erase(contact_person=contact, acting_user=request.user)
        messages.success(request, _("The contact person has been deleted for good."))
        return redirect(contact.organisation.get_absolute_url())
    return render(
        request,
        "network/workspace/confirm_delete.html",
        {
            "object": contact,
            "cancel_url": contact.organisation.get_absolute_url(),
            "warning": _("The person's data is erased for good; the log keeps no personal data."),
        },
    )


# --- Formats ----------------------------------------------------------------------------------
@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def format_create(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    _require(request, "network.change_organisation", organisation)
    return _format_form(request, organisation, None)


def _format_or_404(request, pk: int) -> Format:
    return get_object_or_404(
        Format.objects.for_municipality(request.municipality).select_related("organisation"),
        pk=pk,
    )


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def format_edit(request, pk: int):
    format = _format_or_404(request, pk)
    _require(request, "network.change_organisation", format.organisation)
    return _format_form(request, format.organisation, format)


def _format_form(request, organisation, format):
    form = FormatForm(request.POST or None, instance=format)
    if request.method == "POST" and form.is_valid():
        if format is not None:
            format.refresh_from_db()
        try:
            services.format_save(
                organisation=organisation,
                format=format,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The format has been saved."))
            return redirect(organisation.get_absolute_url())
    return render(
        request,
        "network/workspace/format_form.html",
        {
            "form": form,
            "organisation": organisation,
            "format": format,
            "frequency_suggestions": Format.FREQUENCY_SUGGESTIONS,
        },
    )


@town_permission_required("network.view_registry")
@require_http_methods(["GET", "POST"])
def format_delete(request, pk: int):
    format = _format_or_404(request, pk)
    _require(request, "network.change_organisation", format.organisation)
    if request.method == "POST":
        services.format_delete(format=format, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": format.name})
        return redirect(format.organisation.get_absolute_url())
    return render(
        request,
        "network/workspace/confirm_delete.html",
        {"object": format, "cancel_url": format.organisation.get_absolute_url()},
    )


# --- Alliances --------------------------------------------------------------------------------
@town_permission_required("network.view_registry")
def alliance_list(request):
    return render(
        request,
        "network/workspace/alliance_list.html",
        {
            "alliances": selectors.alliances_list(municipality=request.municipality),
            "can_manage": request.user.has_perm("network.manage_registry", request.municipality),
        },
    )


def _alliance_or_404(request, pk: int) -> Alliance:
    try:
        return selectors.alliance_detail(municipality=request.municipality, pk=pk)
    except Alliance.DoesNotExist:
        raise Http404 from None


@town_permission_required("network.view_registry")
def alliance_detail(request, pk: int):
    alliance = _alliance_or_404(request, pk)
    can_manage = request.user.has_perm("network.manage_registry", request.municipality)
    return render(
        request,
        "network/workspace/alliance_detail.html",
        {
            "alliance": alliance,
            "can_manage": can_manage,
            "member_form": AllianceMemberForm(alliance=alliance) if can_manage else None,
        },
    )


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def alliance_create(request):
    return _alliance_form(request, None)


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def alliance_edit(request, pk: int):
    return _alliance_form(request, _alliance_or_404(request, pk))


def _alliance_form(request, alliance):
    form = AllianceForm(request.POST or None, instance=alliance, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        if alliance is not None:
            alliance.refresh_from_db()
        try:
            alliance = services.alliance_save(
                municipality=request.municipality,
                alliance=alliance,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The alliance has been saved."))
            return redirect(
                "network:alliance", municipality_slug=request.municipality.slug, pk=alliance.pk
            )
    return render(
        request, "network/workspace/alliance_form.html", {"form": form, "alliance": alliance}
    )


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def alliance_delete(request, pk: int):
    alliance = _alliance_or_404(request, pk)
    if request.method == "POST":
        services.alliance_delete(alliance=alliance, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": alliance.name})
        return redirect("network:alliances", municipality_slug=request.municipality.slug)
    return render(
        request,
        "network/workspace/confirm_delete.html",
        {
            "object": alliance,
            "cancel_url": reverse(
                "network:alliance",
                kwargs={"municipality_slug": request.municipality.slug, "pk": alliance.pk},
            ),
        },
    )


@town_permission_required("network.manage_registry")
@require_POST
def alliance_member_add(request, pk: int):
    alliance = _alliance_or_404(request, pk)
    form = AllianceMemberForm(request.POST, alliance=alliance)
    if form.is_valid():
        services.alliance_member_add(
            alliance=alliance, acting_user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The organisation is now a member."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("network:alliance", municipality_slug=request.municipality.slug, pk=pk)


@town_permission_required("network.manage_registry")
@require_POST
def alliance_member_remove(request, pk: int):
    membership = get_object_or_404(
        AllianceMembership.objects.for_municipality(request.municipality).select_related(
            "alliance", "organisation"
        ),
        pk=pk,
    )
    services.alliance_member_remove(membership=membership, acting_user=request.user)
    messages.success(
        request,
        _("%(organisation)s is no longer a member.") % {"organisation": membership.organisation},
    )
    return redirect(
        "network:alliance", municipality_slug=request.municipality.slug, pk=membership.alliance_id
    )


# --- Overview pages ---------------------------------------------------------------------------
@town_permission_required("network.view_registry")
def matrix(request):
    return render(
        request,
        "network/workspace/matrix.html",
        {"matrix": selectors.fields_by_actor_group(municipality=request.municipality)},
    )


VOCABULARIES = {"fields": FieldOfWork, "target_groups": TargetGroup}


@town_permission_required("network.manage_registry")
@require_http_methods(["GET", "POST"])
def vocabularies(request):
    town = request.municipality
    forms = {key: VocabularyEntryForm(prefix=key) for key in VOCABULARIES}
    if request.method == "POST":
        key = request.POST.get("list")
        if key not in VOCABULARIES:
            raise Http404
        if "delete" in request.POST:
            entry = get_object_or_404(
                VOCABULARIES[key].objects.for_municipality(town), pk=request.POST["delete"]
            )
            services.vocabulary_remove(entry=entry, acting_user=request.user)
            messages.success(request, _("“%(name)s” has been removed.") % {"name": entry.name})
            return redirect("network:vocabularies", municipality_slug=town.slug)
        forms[key] = VocabularyEntryForm(request.POST, prefix=key)
        if forms[key].is_valid():
            try:
                services.vocabulary_add(
                    model=VOCABULARIES[key],
                    municipality=town,
                    name=forms[key].cleaned_data["name"],
                    acting_user=request.user,
                )
            except ValidationError:
                forms[key].add_error("name", _("This entry is already on the list."))
            else:
                messages.success(request, _("The entry has been added."))
                return redirect("network:vocabularies", municipality_slug=town.slug)
    return render(
        request,
        "network/workspace/vocabularies.html",
        {
            "lists": [
                (key, VOCABULARIES[key]._meta.verbose_name_plural,
                 VOCABULARIES[key].objects.for_municipality(town), forms[key])
                for key in VOCABULARIES
            ]
        },
    )  # fmt: skip


@town_permission_required("network.view_registry")
def export(request, fmt: str):
    """The registry as XLSX (organisations, formats, alliances) or CSV (organisations)."""
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.registry_response(municipality=request.municipality, fmt=fmt)


# --- Public -----------------------------------------------------------------------------------
def public_organisation_list(request):
    form = OrganisationFilterForm(request.GET or None, municipality=request.municipality)
    filters = _filters(form)
    filters = selectors.OrganisationFilters(**{**filters.__dict__, "public_only": True})
    return render(
        request,
        "network/public/organisation_list.html",
        {
            "form": form,
            "organisations": selectors.organisations_list(
                municipality=request.municipality, filters=filters
            ),
        },
    )


def public_organisation_detail(request, pk: int):
    organisation = _organisation_or_404(request, pk)
    if not organisation.is_public:
        raise Http404
    return render(
        request,
        "network/public/organisation_detail.html",
        {"organisation": organisation},
    )
