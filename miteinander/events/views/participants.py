"""Workspace pages of an event's participants: the list and its export, check-in, the
self-description kiosk and the evaluation (diversity in aggregate, feedback).

Every page needs `events.change_event` on the event (coordination, or the network partner of an
organiser or co-organiser); anyone else, and anyone asking under another town's address, gets
404. Pages and files that list people write an audit row.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from miteinander.core.decorators import town_permission_required
from miteinander.core.languages import language_label
from miteinander.core.qr import qr_svg
from miteinander.core.services import audit_record
from miteinander.core.spreadsheets import formula_safe

from .. import diversity, feedback, registrations
from ..forms.registration import SelfDescriptionForm, WalkInForm
from ..models import Event, Registration

VIEW = "events.view_events"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event_to_change(request, pk: int) -> Event:
    event = get_object_or_404(
        Event.objects.for_municipality(request.municipality).select_related(
            "kind", "organiser", "municipality"
        ),
        pk=pk,
    )
    if not request.user.has_perm("events.change_event", event):
        raise Http404
    return event


def _registration_of(event: Event, registration_pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.for_municipality(event.municipality_id).filter(event=event),
        pk=registration_pk,
    )


def _url(name: str, event: Event, **query) -> str:
    url = reverse(
        f"events:{name}", kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk}
    )
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _personal(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _audit_view(request, event: Event, page: str) -> None:
    audit_record(
        actor=request.user,
        action="event.participants_view",
        target=event,
        summary=str(event),
        changes={"page": page},
    )


def _base_context(event: Event, section: str) -> dict:
    return {"event": event, "participants_section": section}


# --- The list and its export ------------------------------------------------------------------
@town_permission_required(VIEW)
@require_safe
def participant_list(request, pk: int):
    event = _event_to_change(request, pk)
    lists = registrations.participant_lists(event)
    summary = registrations.needs_summary(event)
    _audit_view(request, event, "list")
    response = render(
        request,
        "events/workspace/participants/list.html",
        _base_context(event, "list")
        | lists
        | {
            "counts": registrations.counts(event),
            "needs": summary,
            "retention_days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
            "interpreting": [(language_label(code), n) for code, n in summary.interpreting],
            "languages": dict((code, language_label(code)) for code in _codes(lists)),
        },
    )
    return _personal(response)


def _codes(lists: dict) -> set[str]:
    return {r.interpreting_into for rows in lists.values() for r in rows if r.interpreting_into}


@town_permission_required(VIEW)
@require_safe
def participants_xlsx(request, pk: int):
    event = _event_to_change(request, pk)
    lists = registrations.participant_lists(event)
    header = [
        _("Status"), _("Name"), _("E-mail"), _("Phone"), _("Language for messages"),
        _("Interpreting into"), _("Step-free access"), _("Children for childcare"),
        _("Other needs"), _("Registered"), _("Moved up from the waiting list"),
        _("Checked in"), _("Came without registration"),
    ]  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes, no = _("yes"), _("no")
    for key in ("confirmed", "waiting", "cancelled"):
        for r in lists[key]:
            row = [
                r.get_status_display(),
                r.name,
                r.email,
                r.phone,
                r.get_language_display(),
                language_label(r.interpreting_into) if r.interpreting_into else "",
                yes if r.needs_step_free_access else no,
                r.childcare_children or "",
                r.other_needs,
                _local(r.created_at),
                _local(r.moved_up_at),
                _local(r.checked_in_at),
                yes if r.is_walk_in else no,
            ]
            sheet.append([formula_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, 10), 50)
    audit_record(
        actor=request.user,
        action="event.participants_export",
        target=event,
        summary=str(event),
        changes={"rows": sum(len(rows) for rows in lists.values())},
    )
    filename = f"teilnehmende-{slugify(event.title)[:50]}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return _personal(response)


def _local(moment):
    """A time as the spreadsheet shows it: local and without time zone (Excel has none)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else ""


@town_permission_required(VIEW)
@require_POST
def registration_cancel(request, pk: int, registration_pk: int):
    event = _event_to_change(request, pk)
    registration = _registration_of(event, registration_pk)
    try:
        registrations.registration_cancel(registration=registration, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled; they were told by e-mail.")
            % {"name": registration.name or _("a participant")},
        )
    return redirect(_url("participants", event))


# --- Check-in ---------------------------------------------------------------------------------
@town_permission_required(VIEW)
@require_safe
def check_in(request, pk: int):
    event = _event_to_change(request, pk)
    query = request.GET.get("q", "")[:100]
    rows = list(registrations.check_in_rows(event, query=query))
    _audit_view(request, event, "check_in")
    response = render(
        request,
        "events/workspace/participants/check_in.html",
        _base_context(event, "check_in")
        | {
            "rows": rows,
            "query": query,
            "counts": registrations.counts(event),
            "walk_in_form": WalkInForm(),
        },
    )
    return _personal(response)


@town_permission_required(VIEW)
@require_POST
def check_in_toggle(request, pk: int, registration_pk: int):
    event = _event_to_change(request, pk)
    registration = _registration_of(event, registration_pk)
    checked_in = request.POST.get("checked_in") != "0"
    try:
        registrations.registration_check_in(
            registration=registration, acting_user=request.user, checked_in=checked_in
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = _url("check_in", event, q=request.POST.get("q", "")[:100])
    return redirect(f"{url}#registration-{registration.pk}")


@town_permission_required(VIEW)
@require_POST
def walk_in(request, pk: int):
    event = _event_to_change(request, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            registrations.walk_in_record(
                event=event, acting_user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded one person who came without registration."))
    else:
        messages.error(request, _("The name is too long. Shorten it and record the person again."))
    return redirect(_url("check_in", event))


# --- The self-description kiosk ---------------------------------------------------------------
@town_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def self_description(request, pk: int):
    """A page participants fill on a staff device at check-in; it only counts answers."""
    event = _event_to_change(request, pk)
    is_open = (
        event.ask_diversity and not event.is_cancelled and not diversity.aggregates_visible(event)
    )
    form = SelfDescriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            diversity.diversity_record(event=event, answers=form.diversity_answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your answers were counted anonymously."))
            return redirect(_url("self_description", event))
    return render(
        request,
        "events/workspace/participants/self_description.html",
        _base_context(event, "self_description") | {"form": form, "is_open": is_open},
    )


# --- Evaluation -------------------------------------------------------------------------------
@town_permission_required(VIEW)
@require_safe
def evaluation(request, pk: int):
    event = _event_to_change(request, pk)
    visible = diversity.aggregates_visible(event)
    link = feedback.feedback_url(event, event.feedback_token)
    return render(
        request,
        "events/workspace/participants/evaluation.html",
        _base_context(event, "evaluation")
        | {
            "diversity_visible": visible,
            "aggregates": diversity.diversity_aggregate(event) if visible else [],
            "small_group": diversity.SMALL_GROUP,
            "summary": feedback.feedback_summary(event),
            "feedback_link": link,
            "feedback_qr": qr_svg(link, title=_("QR code of the feedback form")),
            "feedback_open": feedback.feedback_open(event),
            "counts": registrations.counts(event),
        },
    )
