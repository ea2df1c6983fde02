"""Public town pages and the staff workspace of a town."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required

from . import selectors, services
from .forms import MembershipChangeForm, MembershipCreateForm, TeamFilterForm
from .models import Membership, Programme, Role
from .predicates import roles_in


# --- Public -----------------------------------------------------------------------------------
def platform_home(request):
    """The list of towns on this installation."""
    return render(
        request,
        "municipalities/platform_home.html",
        {"municipalities": selectors.municipalities_public()},
    )


def town_home(request):
    """A town's public start page."""
    return render(
        request,
        "municipalities/town_home.html",
        {"programmes": request.municipality.programmes.all()},
    )


def town_logo(request):
    """The town's logo placeholder: its initials on its colours, as SVG."""
    response = render(
        request, "municipalities/logo.svg", content_type="image/svg+xml; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def town_theme(request):
    """The town's colours as CSS custom properties (a file, so pages need no inline styles)."""
    response = render(request, "municipalities/theme.css", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Workspace --------------------------------------------------------------------------------
@login_required
def workspace_overview(request):
    """Every town and programme a staff member works in."""
    return render(
        request,
        "municipalities/workspace/overview.html",
        {
            "workspaces": selectors.user_workspaces(user=request.user),
            "programmes": selectors.user_programmes(user=request.user),
        },
    )


@town_permission_required("municipalities.view_workspace")
def workspace_home(request):
    town = request.municipality
    return render(
        request,
        "municipalities/workspace/home.html",
        {
            "roles": [Role(r).label for r in roles_in(request.user, town)],
            "can_manage_team": request.user.has_perm("municipalities.manage_team", town),
        },
    )


@town_permission_required("municipalities.manage_team")
def team_list(request):
    filter_form = TeamFilterForm(request.GET or None)
    role = filter_form.cleaned_data["role"] if filter_form.is_valid() else ""
    context = {
        "filter_form": filter_form,
        "memberships": selectors.municipality_memberships(
            municipality=request.municipality, role=role
        ),
    }
    template = (
        "municipalities/workspace/_team_table.html"
        if request.htmx and request.htmx.target == "team-table"
        else "municipalities/workspace/team_list.html"
    )
    return render(request, template, context)


@town_permission_required("municipalities.manage_team")
@require_http_methods(["GET", "POST"])
def team_add(request):
    town = request.municipality
    form = MembershipCreateForm(request.POST or None, municipality=town)
    if form.is_valid():
        try:
            membership = services.membership_grant(
                municipality=town, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s now works in %(town)s as %(role)s.")
                % {
                    "person": membership.user,
                    "town": town,
                    "role": membership.get_role_display(),
                },
            )
            return redirect("workspace:team", municipality_slug=town.slug)
    return render(request, "municipalities/workspace/team_form.html", {"form": form})


def _membership_or_404(request, pk: int) -> Membership:
    return get_object_or_404(
        selectors.municipality_memberships(municipality=request.municipality), pk=pk
    )


@town_permission_required("municipalities.manage_team")
@require_http_methods(["GET", "POST"])
def team_change(request, pk: int):
    membership = _membership_or_404(request, pk)
    form = MembershipChangeForm(
        request.POST or None,
        municipality=request.municipality,
        initial={"role": membership.role, "organisation": membership.organisation},
    )
    if form.is_valid():
        try:
            services.membership_change(
                membership=membership, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect("workspace:team", municipality_slug=request.municipality.slug)
    return render(
        request,
        "municipalities/workspace/team_form.html",
        {"form": form, "membership": membership},
    )


@town_permission_required("municipalities.manage_team")
@require_http_methods(["GET", "POST"])
def team_remove(request, pk: int):
    membership = _membership_or_404(request, pk)
    if request.method == "POST":
        try:
            services.membership_revoke(membership=membership, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(person)s no longer holds the role %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display()},
            )
        return redirect("workspace:team", municipality_slug=request.municipality.slug)
    return render(request, "municipalities/workspace/team_remove.html", {"membership": membership})


@login_required
def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    if not request.user.has_perm("municipalities.view_programme", programme):
        raise Http404
    return render(
        request,
        "municipalities/workspace/programme.html",
        {"programme": programme, "figures": selectors.programme_town_figures(programme=programme)},
    )
