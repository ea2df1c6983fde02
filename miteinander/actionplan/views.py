"""The action plan: workspace pages for staff, the public progress page for everyone."""

import markdown
import nh3
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from miteinander.core.decorators import town_permission_required

from . import sections, selectors, services
from .forms import (
    FieldOfActionForm,
    GoalForm,
    GuidelineForm,
    IndicatorForm,
    MeasureFilterForm,
    MeasureForm,
    ProgressReportForm,
    RecommendationForm,
    RequestReportsForm,
)
from .models import FieldOfAction, Goal, Guideline, Measure, Recommendation


def render_markdown(text: str) -> str:
    """Markdown written by staff, as HTML safe to show (nh3 removes anything executable)."""
    return mark_safe(nh3.clean(markdown.markdown(text or "")))  # noqa: S308 -- sanitised


def _measure_or_404(request, pk: int) -> Measure:
    try:
        return selectors.measure_detail(municipality=request.municipality, pk=pk)
    except Measure.DoesNotExist:
        raise Http404 from None


HISTORY_ACTIONS = {
    "measure.create": gettext_lazy("added to the plan"),
    "measure.update": gettext_lazy("edited"),
    "measure.report": gettext_lazy("progress reported"),
    "indicator.value": gettext_lazy("indicator value added"),
}


def _history_rows(entries) -> list[dict]:
    """Audit entries of a measure in words: field labels, choice labels; relations only named."""
    rows = []
    for entry in entries:
        changes = []
        for name, (before, after) in (entry.changes or {}).items():
            try:
                field = Measure._meta.get_field(name)
            except FieldDoesNotExist:
                changes.append((name, before, after))
                continue
            if field.is_relation:
                changes.append((field.verbose_name, None, None))
            elif field.choices:
                labels = dict(field.flatchoices)
                changes.append(
                    (field.verbose_name, labels.get(before, before), labels.get(after, after))
                )
            else:
                changes.append((field.verbose_name, before, after))
        rows.append(
            {
                "entry": entry,
                "action": HISTORY_ACTIONS.get(entry.action, entry.action),
                "changes": changes,
            }
        )
    return rows


def _filtered(request):
    form = MeasureFilterForm(request.GET or None, municipality=request.municipality)
    return form, form.filters()


@town_permission_required("actionplan.view_plan")
def plan(request):
    form, filters = _filtered(request)
    town = request.municipality
    return render(
        request,
        "actionplan/workspace/plan.html",
        {
            "form": form,
            "tree": selectors.plan_tree(municipality=town, filters=filters),
            "guidelines": [
                (g, render_markdown(g.text)) for g in selectors.guidelines(municipality=town)
            ],
            "can_manage": request.user.has_perm("actionplan.manage_plan", town),
        },
    )


@town_permission_required("actionplan.view_plan")
def board(request):
    form, filters = _filtered(request)
    return render(
        request,
        "actionplan/workspace/board.html",
        {
            "form": form,
            "columns": selectors.board(municipality=request.municipality, filters=filters),
        },
    )


@town_permission_required("actionplan.view_plan")
def dashboard(request):
    town = request.municipality
    return render(
        request,
        "actionplan/workspace/dashboard.html",
        {
            "figures": selectors.dashboard(municipality=town),
            "due": selectors.reports_due(municipality=town, user=request.user)[:10],
        },
    )


@town_permission_required("actionplan.view_plan")
@require_http_methods(["GET", "POST"])
def reports_due(request):
    town = request.municipality
    can_manage = request.user.has_perm("actionplan.manage_plan", town)
    form = RequestReportsForm(request.POST or None) if can_manage else None
    if form is not None and form.is_valid():
        ids = [int(pk) for pk in request.POST.getlist("measure") if pk.isdigit()]
        chosen = Measure.objects.for_municipality(town).filter(pk__in=ids)
        count = services.measures_request_reports(
            measures=chosen, due_on=form.cleaned_data["due_on"], acting_user=request.user
        )
        messages.success(request, _("Reports requested for %(count)s measures.") % {"count": count})
        return redirect("actionplan:reports", municipality_slug=town.slug)
    return render(
        request,
        "actionplan/workspace/reports.html",
        {
            "due": selectors.reports_due(municipality=town, user=request.user),
            "form": form,
            "measures": (
                selectors.measures(municipality=town).exclude(status="dropped")
                if can_manage
                else []
            ),
        },
    )


@town_permission_required("actionplan.view_plan")
def measure_detail(request, pk: int):
    measure = _measure_or_404(request, pk)
    user = request.user
    return render(
        request,
        "actionplan/workspace/measure_detail.html",
        {
            "measure": measure,
            "history": _history_rows(selectors.measure_history(measure=measure)[:50]),
            "can_manage": user.has_perm("actionplan.manage_plan", request.municipality),
            "can_report": user.has_perm("actionplan.report_progress", measure),
            # Contact persons follow the network's consent rule here too.
            "show_person": bool(measure.responsible_person)
            and user.has_perm("network.view_contact_person", measure.responsible_person),
            "sections": sections.for_measure(measure, user),
        },
    )


def _measure_form(request, measure):
    town = request.municipality
    form = MeasureForm(request.POST or None, instance=measure, municipality=town)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if measure is not None:
            measure.refresh_from_db()
        try:
            measure = services.measure_save(
                municipality=town, measure=measure, acting_user=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect(measure.get_absolute_url())
    return render(
        request, "actionplan/workspace/measure_form.html", {"form": form, "measure": measure}
    )


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def measure_create(request):
    return _measure_form(request, None)


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk: int):
    return _measure_form(request, _measure_or_404(request, pk))


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def measure_delete(request, pk: int):
    measure = _measure_or_404(request, pk)
    if request.method == "POST":
        services.measure_delete(measure=measure, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": measure})
        return redirect("actionplan:plan", municipality_slug=request.municipality.slug)
    return render(
        request,
        "actionplan/workspace/confirm_delete.html",
        {"object": measure, "cancel_url": measure.get_absolute_url()},
    )


@town_permission_required("actionplan.view_plan")
@require_http_methods(["GET", "POST"])
def measure_report(request, pk: int):
    measure = _measure_or_404(request, pk)
    if not request.user.has_perm("actionplan.report_progress", measure):
        raise Http404
    form = ProgressReportForm(
        request.POST or None,
        indicators=measure.indicators.all(),
        initial={"status": measure.status, "progress": measure.progress},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_report_progress(
                measure=measure,
                acting_user=request.user,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                indicator_values=form.indicator_values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, the progress report has been saved."))
            return redirect(measure.get_absolute_url())
    return render(
        request, "actionplan/workspace/report_form.html", {"form": form, "measure": measure}
    )


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def indicator_create(request, pk: int):
    measure = _measure_or_404(request, pk)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.indicator_save(measure=measure, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The indicator has been added."))
        return redirect(measure.get_absolute_url())
    return render(
        request,
        "actionplan/workspace/simple_form.html",
        {"form": form, "title": _("Add an indicator"), "cancel_url": measure.get_absolute_url()},
    )


# --- Structure: guidelines, fields of action, goals, recommendations ---------------------------
@town_permission_required("actionplan.manage_plan")
def structure(request):
    town = request.municipality
    return render(
        request,
        "actionplan/workspace/structure.html",
        {
            "guidelines": selectors.guidelines(municipality=town),
            "fields": FieldOfAction.objects.for_municipality(town).prefetch_related("goals"),
            "recommendations": selectors.recommendations(municipality=town),
        },
    )


def _structure_form(
    request, *, model, form_class, service, instance_arg, title, pk=None, scoped=False
):
    town = request.municipality
    instance = get_object_or_404(model.objects.for_municipality(town), pk=pk) if pk else None
    kwargs = {"municipality": town} if scoped else {}
    form = form_class(request.POST or None, instance=instance, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if instance is not None:
            instance.refresh_from_db()
        try:
            service(municipality=town, acting_user=request.user, **{instance_arg: instance}, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("actionplan:structure", municipality_slug=town.slug)
    return render(
        request,
        "actionplan/workspace/simple_form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": reverse("actionplan:structure", kwargs={"municipality_slug": town.slug}),
        },
    )


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def guideline_edit(request, pk=None):
    return _structure_form(
        request, model=Guideline, form_class=GuidelineForm, service=services.guideline_save,
        instance_arg="guideline", title=_("Guideline"), pk=pk,
    )  # fmt: skip


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def field_edit(request, pk=None):
    return _structure_form(
        request, model=FieldOfAction, form_class=FieldOfActionForm,
        service=services.field_of_action_save, instance_arg="field", title=_("Field of action"),
        pk=pk,
    )  # fmt: skip


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk=None):
    return _structure_form(
        request, model=Goal, form_class=GoalForm, service=services.goal_save,
        instance_arg="goal", title=_("Goal"), pk=pk, scoped=True,
    )  # fmt: skip


@town_permission_required("actionplan.manage_plan")
@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk=None):
    return _structure_form(
        request, model=Recommendation, form_class=RecommendationForm,
        service=services.recommendation_save, instance_arg="recommendation",
        title=_("Recommendation"), pk=pk, scoped=True,
    )  # fmt: skip


# --- Public -----------------------------------------------------------------------------------
def public_progress(request):
    """Fields, goals and published measures with status and progress (like Decidim's
    accountability component)."""
    town = request.municipality
    filters = selectors.MeasureFilters(published_only=True)
    return render(
        request,
        "actionplan/public/progress.html",
        {
            "tree": [
                node
                for node in selectors.plan_tree(municipality=town, filters=filters)
                if node.measure_count
            ],
            "guidelines": [
                (g, render_markdown(g.text)) for g in selectors.guidelines(municipality=town)
            ],
            "last_update": selectors.last_update(municipality=town),
        },
    )


def public_measure(request, pk: int):
    measure = _measure_or_404(request, pk)
    if not measure.is_published:
        raise Http404
    return render(request, "actionplan/public/measure.html", {"measure": measure})
