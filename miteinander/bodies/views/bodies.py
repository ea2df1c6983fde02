"""Workspace pages of bodies (Gremien), their memberships, and the town's places and terms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required

from .. import selectors, services
from ..forms.bodies import (
    BodyFilterForm,
    BodyForm,
    LegislativeTermForm,
    LocationForm,
    MembershipForm,
)
from ..models import (
    Body,
    BodyMembership,
    LegislativeTerm,
    Location,
    MeetingState,
)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: at its field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _body_or_404(request, pk: int) -> Body:
    bodies = selectors.bodies_for(user=request.user, municipality=request.municipality)
    try:
        return bodies.select_related("field_of_action", "parent", "location").get(pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None


def _membership_or_404(request, pk: int) -> BodyMembership:
    memberships = BodyMembership.objects.for_municipality(request.municipality)
    try:
        return memberships.select_related("body", "person", "organisation").get(pk=pk)
    except BodyMembership.DoesNotExist:
        raise Http404 from None


def confirm_delete(request, *, obj, cancel_url: str, warning: str = "", section: str = "bodies"):
    """The page that asks before a delete; only its POST deletes."""
    return render(
        request,
        "bodies/workspace/body_confirm_delete.html",
        {"object": obj, "cancel_url": cancel_url, "warning": warning, "bodies_section": section},
    )


# --- Bodies -----------------------------------------------------------------------------------
@town_permission_required("bodies.view_bodies")
def body_list(request):
    town, user = request.municipality, request.user
    form = BodyFilterForm(request.GET or None)
    today, now = timezone.localdate(), timezone.now()
    current = (Q(memberships__starts_on__isnull=True) | Q(memberships__starts_on__lte=today)) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)
    )
    bodies = (
        selectors.bodies_for(user=user, municipality=town)
        .select_related("field_of_action", "parent")
        .annotate(member_count=Count("memberships", filter=current))
        .order_by("name")
    )
    if kind := form.kind_filter():
        bodies = bodies.filter(kind=kind)
    next_meetings = {}
    upcoming = (
        selectors.meetings_for(user=user, municipality=town)
        .upcoming(now)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )
    for meeting in upcoming:
        next_meetings.setdefault(meeting.body_id, meeting)
    bodies = list(bodies)
    for body in bodies:
        body.next_meeting = next_meetings.get(body.pk)
    return render(
        request,
        "bodies/workspace/body_list.html",
        {
            "form": form,
            "bodies": bodies,
            "can_manage": user.has_perm("bodies.manage_bodies", town),
            "bodies_section": "bodies",
        },
    )


@town_permission_required("bodies.view_bodies")
def body_detail(request, pk: int):
    town, user = request.municipality, request.user
    body = _body_or_404(request, pk)
    internal = selectors.reads_internally(user, body)
    today, now = timezone.localdate(), timezone.now()
    rows = selectors.member_rows(user=user, body=body, today=today)
    visible_bodies = selectors.bodies_for(user=user, municipality=town)
    meetings = selectors.meetings_for(user=user, municipality=town).filter(body=body)
    papers = selectors.papers_for(user=user, municipality=town)
    consultations = (
        selectors.consultations_visible(user=user, municipality=town)
        .filter(body=body, paper__in=papers.values("pk"))
        .select_related("paper")
        .order_by("-paper__date", "paper__reference", "position")
    )
    return render(
        request,
        "bodies/workspace/body_detail.html",
        {
            "body": body,
            "internal": internal,
            "parent": visible_bodies.filter(pk=body.parent_id).first() if body.parent_id else None,
            "sub_bodies": visible_bodies.filter(parent=body).order_by("name"),
            "members": [row for row in rows if not row.is_former],
            "past_members": [row for row in rows if row.is_former],
            "upcoming_meetings": meetings.upcoming(now).order_by("starts_at"),
            "past_meetings": meetings.past(now).order_by("-starts_at"),
            "consultations": consultations,
            "can_manage": user.has_perm("bodies.manage_bodies", town),
            "can_run": user.has_perm("bodies.run_meetings", body),
            "bodies_section": "bodies",
        },
    )


def _body_form(request, body: Body | None):
    town = request.municipality
    heading = str(body) if body else ""
    form = BodyForm(
        request.POST or None, instance=body or Body(municipality=town), municipality=town
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.body_save(body=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": saved})
            return redirect(saved.get_absolute_url())
    cancel = (
        body.get_absolute_url()
        if body
        else reverse("bodies:list", kwargs={"municipality_slug": town.slug})
    )
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "form": form,
            "title": _("Edit “%(name)s”") % {"name": heading} if body else _("Add a body"),
            "cancel_url": cancel,
            "bodies_section": "bodies",
        },
    )


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def body_create(request):
    return _body_form(request, None)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def body_edit(request, pk: int):
    return _body_form(request, _body_or_404(request, pk))


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def body_delete(request, pk: int):
    body = _body_or_404(request, pk)
    if request.method == "POST":
        services.body_delete(body=body, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": body})
        return redirect("bodies:list", municipality_slug=request.municipality.slug)
    return confirm_delete(
        request,
        obj=body,
        cancel_url=body.get_absolute_url(),
        warning=_(
            "Its memberships, meetings with their agendas and minutes, and its stations on "
            "papers' ways are deleted with it."
        ),
    )


# --- Memberships -----------------------------------------------------------------------------
def _membership_form(request, body: Body, membership: BodyMembership | None):
    town = request.municipality
    instance = membership or BodyMembership(municipality=town, body=body)
    form = MembershipForm(request.POST or None, instance=instance, municipality=town)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_save(membership=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership has been saved."))
            return redirect(body.get_absolute_url() + "#members")
    return render(
        request,
        "bodies/workspace/membership_form.html",
        {"form": form, "body": body, "membership": membership, "bodies_section": "bodies"},
    )


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def membership_create(request, pk: int):
    return _membership_form(request, _body_or_404(request, pk), None)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def membership_edit(request, pk: int):
    membership = _membership_or_404(request, pk)
    return _membership_form(request, membership.body, membership)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def membership_delete(request, pk: int):
    membership = _membership_or_404(request, pk)
    body = membership.body
    if request.method == "POST":
        services.membership_delete(membership=membership, acting_user=request.user)
        messages.success(request, _("The membership has been deleted."))
        return redirect(body.get_absolute_url() + "#members")
    return confirm_delete(
        request,
        obj=membership,
        cancel_url=body.get_absolute_url(),
        warning=_(
            "To record that someone left the body, set the end of the term instead: deleting "
            "also removes them from the attendance lists of past meetings."
        ),
    )


# --- Places and electoral terms --------------------------------------------------------------
@town_permission_required("bodies.manage_bodies")
def settings_page(request):
    town = request.municipality
    return render(
        request,
        "bodies/workspace/settings.html",
        {
            "locations": Location.objects.for_municipality(town),
            "terms": LegislativeTerm.objects.for_municipality(town),
            "bodies_section": "settings",
        },
    )


def _settings_form(request, *, model, form_class, save, title: str, pk: int | None):
    town = request.municipality
    if pk is None:
        instance = model(municipality=town)
    else:
        try:
            instance = model.objects.for_municipality(town).get(pk=pk)
        except model.DoesNotExist:
            raise Http404 from None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False), request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("bodies:settings", municipality_slug=town.slug)
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": reverse("bodies:settings", kwargs={"municipality_slug": town.slug}),
            "bodies_section": "settings",
        },
    )


def _save_location(location, user):
    return services.location_save(location=location, acting_user=user)


def _save_term(term, user):
    return services.legislative_term_save(term=term, acting_user=user)


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def location_create(request):
    return _settings_form(
        request, model=Location, form_class=LocationForm, save=_save_location,
        title=_("Add a meeting place"), pk=None,
    )  # fmt: skip


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def location_edit(request, pk: int):
    return _settings_form(
        request, model=Location, form_class=LocationForm, save=_save_location,
        title=_("Edit meeting place"), pk=pk,
    )  # fmt: skip


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def term_create(request):
    return _settings_form(
        request, model=LegislativeTerm, form_class=LegislativeTermForm, save=_save_term,
        title=_("Add an electoral term"), pk=None,
    )  # fmt: skip


@town_permission_required("bodies.manage_bodies")
@require_http_methods(["GET", "POST"])
def term_edit(request, pk: int):
    return _settings_form(
        request, model=LegislativeTerm, form_class=LegislativeTermForm, save=_save_term,
        title=_("Edit electoral term"), pk=pk,
    )  # fmt: skip
