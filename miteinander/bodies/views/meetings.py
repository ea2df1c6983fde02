"""Workspace pages of meetings: agenda, attendance, minutes and decisions, action items.

Everyone with a role in the town reads the meetings they may see (`selectors.meeting_detail`);
writes need `bodies.run_meetings` on the meeting's body (coordination, or a member with the role
Geschäftsführung). Anything the user may not see or change answers 404, like a missing id.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from miteinander.core.decorators import town_permission_required

from .. import selectors, services
from ..forms.meetings import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
    attach_errors,
)
from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMembership,
    Decision,
    Meeting,
    MeetingSeries,
)

VIEW = "bodies.view_bodies"
FORM_METHODS = ["GET", "POST"]


# --- Lookups and guards ---------------------------------------------------------------------
def _require_run(request, body: Body) -> None:
    if not request.user.has_perm("bodies.run_meetings", body):
        raise Http404


def _runnable_bodies(request):
    """The town's bodies whose meetings the user runs, as a queryset."""
    town = request.municipality
    candidates = Body.objects.for_municipality(town)
    internal = selectors.internal_body_ids(request.user, town)
    if internal is not None:
        candidates = candidates.filter(pk__in=internal)
    pks = [body.pk for body in candidates if request.user.has_perm("bodies.run_meetings", body)]
    return Body.objects.for_municipality(town).filter(pk__in=pks)


def _meeting_to_run(request, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.for_municipality(request.municipality).select_related("body"), pk=pk
    )
    _require_run(request, meeting.body)
    return meeting


def _item_to_run(request, pk: int) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.for_municipality(request.municipality).select_related("meeting__body"),
        pk=pk,
    )
    _require_run(request, item.meeting.body)
    return item


def _decision_to_run(request, pk: int) -> Decision:
    decision = get_object_or_404(
        Decision.objects.for_municipality(request.municipality).select_related(
            "agenda_item__meeting__body"
        ),
        pk=pk,
    )
    _require_run(request, decision.agenda_item.meeting.body)
    return decision


def _action_item_to_run(request, pk: int) -> ActionItem:
    item = get_object_or_404(
        ActionItem.objects.for_municipality(request.municipality).select_related("meeting__body"),
        pk=pk,
    )
    _require_run(request, item.meeting.body)
    return item


def _item_url(item: AgendaItem) -> str:
    return f"{item.meeting.get_absolute_url()}#item-{item.pk}"


def _meetings_url(request, **query) -> str:
    url = reverse("bodies:meetings", kwargs={"municipality_slug": request.municipality.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _next_or(request, fallback: str) -> str:
    """Where a button asked to go back to (a page of this site), else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _label_owners(request, action_items) -> list:
    """Owner as the user may see it: a person's name follows the network's consent rule."""
    items = list(action_items)
    for item in items:
        person, organisation = item.owner_person, item.owner_organisation
        names = []
        if person is not None and request.user.has_perm("network.view_contact_person", person):
            names.append(person.name)
        if organisation is not None:
            names.append(organisation.name)
        if not names and person is not None:
            names.append(_("a contact person"))
        item.owner_label = " – ".join(names)
    return items


# --- Meetings ---------------------------------------------------------------------------------
@town_permission_required(VIEW)
def meeting_list(request):
    town, user = request.municipality, request.user
    form = MeetingFilterForm(
        request.GET or None, bodies=selectors.bodies_for(user=user, municipality=town)
    )
    body, when = form.filters()
    meetings = selectors.meetings_for(user=user, municipality=town)
    if body is not None:
        meetings = meetings.filter(body=body)
    now = timezone.now()
    if when == "upcoming":
        meetings = meetings.upcoming(now).order_by("starts_at")
    elif when == "past":
        meetings = meetings.past(now).order_by("-starts_at")
    else:
        meetings = meetings.order_by("-starts_at")
    runnable = _runnable_bodies(request)
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "bodies/workspace/meeting_list.html",
        {
            "bodies_section": "meetings",
            "form": form,
            "when": when,
            "page": page,
            "body": body,
            "can_add": runnable.exists(),
            "can_run_body": body is not None and runnable.filter(pk=body.pk).exists(),
        },
    )


def _attendance_summary(meeting: Meeting) -> dict:
    rows = list(
        Attendance.objects.for_municipality(meeting.municipality)
        .filter(meeting=meeting)
        .select_related("membership__person", "membership__organisation")
    )
    members = [row for row in rows if row.membership_id]
    return {
        "recorded": bool(rows),
        "present": [row for row in members if row.status == AttendanceStatus.PRESENT],
        "excused": [row for row in members if row.status == AttendanceStatus.EXCUSED],
        "absent": [row for row in members if row.status == AttendanceStatus.ABSENT],
        "guests": [row for row in rows if not row.membership_id],
    }


@town_permission_required(VIEW)
def meeting_detail(request, pk: int):
    town, user = request.municipality, request.user
    try:
        detail = selectors.meeting_detail(user=user, municipality=town, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    meeting = detail["meeting"]
    items = detail["agenda_items"]
    visible_papers = set(
        selectors.papers_for(user=user, municipality=town)
        .filter(consultations__agenda_item__meeting=meeting)
        .values_list("pk", flat=True)
    )
    can_run = user.has_perm("bodies.run_meetings", meeting.body)
    return render(
        request,
        "bodies/workspace/meeting_detail.html",
        {
            **detail,
            "bodies_section": "meetings",
            "public_items": [item for item in items if item.is_public],
            "non_public_items": [item for item in items if not item.is_public],
            "visible_papers": visible_papers,
            "action_items": _label_owners(request, detail["action_items"]),
            "carried_over": _label_owners(request, detail["carried_over"]),
            "attendance": _attendance_summary(meeting) if detail["internal"] else None,
            "can_run": can_run,
            "today": timezone.localdate(),
        },
    )


def _meeting_form(request, meeting: Meeting | None):
    town = request.municipality
    bodies = _runnable_bodies(request)
    if meeting is None and not bodies.exists():
        raise Http404
    initial = None
    if meeting is None:
        initial = {"is_public": True}
        chosen = request.GET.get("body", "")
        if chosen.isdigit() and bodies.filter(pk=chosen).exists():
            initial["body"] = int(chosen)
            location = bodies.get(pk=chosen).location_id
            if location:
                initial["location"] = location
    kwargs = {"initial": initial} if initial is not None else {}
    form = MeetingForm(
        request.POST or None, municipality=town, bodies=bodies, instance=meeting, **kwargs
    )
    if request.method == "POST" and form.is_valid():
        target = form.apply(meeting or Meeting(municipality=town))
        try:
            target = services.meeting_save(meeting=target, acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error, MeetingForm.FIELD_MAP)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(target.get_absolute_url())
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "bodies_section": "meetings",
            "form": form,
            "title": _("Edit meeting") if meeting else _("Add a meeting"),
            "notes": [
                *(
                    [
                        _(
                            "The invitation has already been sent. After saving, send it again "
                            "from the meeting page so that the members' calendar entry is "
                            "updated."
                        )
                    ]
                    if meeting and meeting.invitation_sent_at
                    else []
                ),
                _("Times are in German time (Europe/Berlin)."),
            ],
            "cancel_url": meeting.get_absolute_url() if meeting else _meetings_url(request),
        },
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def meeting_create(request):
    return _meeting_form(request, None)


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def meeting_edit(request, pk: int):
    return _meeting_form(request, _meeting_to_run(request, pk))


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def meeting_cancel(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting has already been cancelled."))
        return redirect(meeting.get_absolute_url())
    if request.method == "POST":
        was_invited = meeting.invitation_sent_at is not None
        services.meeting_cancel(meeting=meeting, acting_user=request.user)
        messages.success(request, _("The meeting has been cancelled."))
        if was_invited and request.POST.get("notify"):
            _send_cancellation(request, meeting)
        return redirect(meeting.get_absolute_url())
    return render(
        request,
        "bodies/workspace/meeting_confirm.html",
        {
            "bodies_section": "meetings",
            "meeting": meeting,
            "title": _("Cancel “%(meeting)s”?") % {"meeting": meeting.name},
            "text": _(
                "The meeting stays in the list, marked as cancelled. Its agenda and minutes "
                "are kept."
            ),
            "notify": meeting.invitation_sent_at is not None,
            "confirm_label": _("Cancel the meeting"),
            "back_label": _("Keep the meeting"),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


def _send_cancellation(request, meeting: Meeting) -> None:
    try:
        from miteinander.bodies import invitations
    except ImportError:
        messages.warning(request, _("Cancellations cannot be sent by e-mail yet."))
        return
    try:
        recipients = invitations.meeting_cancellation_send(
            meeting=meeting, acting_user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.warning(request, message)
    else:
        count = len(recipients)
        messages.success(
            request,
            ngettext(
                "The cancellation has been sent to %(count)s person.",
                "The cancellation has been sent to %(count)s people.",
                count,
            )
            % {"count": count},
        )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def meeting_delete(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    if request.method == "POST":
        services.meeting_delete(meeting=meeting, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": meeting})
        return redirect(_meetings_url(request))
    return render(
        request,
        "bodies/workspace/meeting_confirm.html",
        {
            "bodies_section": "meetings",
            "meeting": meeting,
            "title": _("Delete “%(name)s”?") % {"name": meeting},
            "text": _(
                "The agenda, the attendance list, the minutes, the decisions and the action "
                "items of this meeting are deleted with it. This cannot be undone. To call a "
                "meeting off, cancel it instead."
            ),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": meeting.get_absolute_url(),
        },
    )


@require_POST
@town_permission_required(VIEW)
def meeting_invite(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting has been cancelled; no invitation was sent."))
        return redirect(meeting.get_absolute_url())
    try:
        from miteinander.bodies import invitations
    except ImportError:
        messages.error(request, _("Invitations cannot be sent by e-mail yet."))
        return redirect(meeting.get_absolute_url())
    try:
        recipients = invitations.meeting_invite(meeting=meeting, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        count = len(recipients)
        messages.success(
            request,
            ngettext(
                "The invitation has been sent to %(count)s person.",
                "The invitation has been sent to %(count)s people.",
                count,
            )
            % {"count": count},
        )
    return redirect(meeting.get_absolute_url())


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def series_create(request, pk: int):
    town = request.municipality
    body = get_object_or_404(Body.objects.for_municipality(town), pk=pk)
    _require_run(request, body)
    form = SeriesForm(
        request.POST or None,
        municipality=town,
        initial={"location": body.location_id, "duration": 120, "interval_weeks": 4},
    )
    if request.method == "POST" and form.is_valid():
        series = MeetingSeries(
            municipality=town,
            body=body,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        try:
            meetings = services.series_plan_rounds(
                series=series,
                starts=form.starts(),
                duration=form.duration_delta(),
                location=form.cleaned_data["location"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s session round has been planned.",
                    "%(count)s session rounds have been planned.",
                    len(meetings),
                )
                % {"count": len(meetings)},
            )
            return redirect(_meetings_url(request, body=body.pk, when="all"))
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "bodies_section": "meetings",
            "form": form,
            "title": _("Plan session rounds of %(body)s") % {"body": body.name},
            "notes": [
                _(
                    "Creates one meeting per round, named “Session round 1”, “Session round 2” "
                    "and so on, all in one series. Give the date of the first round, the number "
                    "of rounds and the weeks between them – or list the dates."
                ),
                _("Times are in German time (Europe/Berlin)."),
            ],
            "submit_label": _("Plan the rounds"),
            "cancel_url": _meetings_url(request, body=body.pk),
        },
    )


# --- Agenda -----------------------------------------------------------------------------------
def _simple_form(request, *, form, title, cancel_url, meeting, intro=""):
    return render(
        request,
        "bodies/workspace/form.html",
        {
            "bodies_section": "meetings",
            "form": form,
            "title": title,
            "notes": [intro] if intro else [],
            "meeting": meeting,
            "cancel_url": cancel_url,
            "add_another": request.resolver_match.url_name == "agenda-item-add",
        },
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def agenda_item_create(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    item = AgendaItem(municipality=request.municipality, meeting=meeting)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_save(item=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been added."))
            if "add_another" in request.POST:
                return redirect(request.path)
            return redirect(_item_url(item))
    return _simple_form(
        request,
        form=form,
        title=_("Add an agenda item"),
        cancel_url=meeting.get_absolute_url(),
        meeting=meeting,
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def agenda_item_edit(request, pk: int):
    item = _item_to_run(request, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_save(item=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been saved."))
            return redirect(_item_url(item))
    return _simple_form(
        request,
        form=form,
        title=_("Edit agenda item"),
        cancel_url=_item_url(item),
        meeting=item.meeting,
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def agenda_item_delete(request, pk: int):
    item = _item_to_run(request, pk)
    meeting = item.meeting
    if request.method == "POST":
        services.agenda_item_delete(item=item, acting_user=request.user)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": item.title})
        return redirect(meeting.get_absolute_url())
    return render(
        request,
        "bodies/workspace/meeting_confirm.html",
        {
            "bodies_section": "meetings",
            "meeting": meeting,
            "title": _("Delete agenda item “%(name)s”?") % {"name": item.title},
            "text": _("Its minutes and decisions are deleted with it. This cannot be undone."),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": _item_url(item),
        },
    )


@require_POST
@town_permission_required(VIEW)
def agenda_item_move(request, pk: int):
    """Move an item up or down within its part of the agenda (public or non-public)."""
    item = _item_to_run(request, pk)
    meeting = item.meeting
    items = list(
        AgendaItem.objects.for_municipality(request.municipality)
        .filter(meeting=meeting)
        .order_by("position")
    )
    order = [other.pk for other in items]
    index = order.index(item.pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the item up or down."))
        return redirect(_item_url(item))
    neighbours = items[:index][::-1] if direction == "up" else items[index + 1 :]
    neighbour = next((n for n in neighbours if n.is_public == item.is_public), None)
    if neighbour is None:
        messages.info(request, _("The item is already at that end of its part of the agenda."))
        return redirect(_item_url(item))
    other = order.index(neighbour.pk)
    order[index], order[other] = order[other], order[index]
    services.agenda_reorder(meeting=meeting, item_ids=order, acting_user=request.user)
    messages.success(request, _("The agenda order has been changed."))
    return redirect(_item_url(item))


# --- Attendance -------------------------------------------------------------------------------
@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def attendance(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    town = request.municipality
    rows = list(Attendance.objects.for_municipality(town).filter(meeting=meeting))
    recorded = {row.membership_id: row.status for row in rows if row.membership_id}
    day = timezone.localtime(meeting.starts_at).date()
    of_body = BodyMembership.objects.for_municipality(town).filter(body=meeting.body)
    memberships = (
        of_body.filter(Q(pk__in=of_body.current(day).values("pk")) | Q(pk__in=list(recorded)))
        .select_related("person", "organisation")
        .order_by("role", "person__name", "organisation__name")
    )
    form = AttendanceForm(
        request.POST or None,
        memberships=memberships,
        recorded=recorded,
        guests=[row.guest_name for row in rows if not row.membership_id],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                statuses=form.statuses(),
                guests=form.guest_names(),
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The attendance list has been saved."))
            return redirect(f"{meeting.get_absolute_url()}#attendance")
    return render(
        request,
        "bodies/workspace/attendance.html",
        {"bodies_section": "meetings", "form": form, "meeting": meeting},
    )


# --- Minutes and decisions --------------------------------------------------------------------
@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def minutes(request, pk: int):
    item = _item_to_run(request, pk)
    form = MinutesForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_save(item=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(_item_url(item))
    return render(
        request,
        "bodies/workspace/minutes.html",
        {
            "bodies_section": "meetings",
            "form": form,
            "item": item,
            "meeting": item.meeting,
            "decisions": Decision.objects.for_municipality(request.municipality)
            .filter(agenda_item=item)
            .order_by("id"),
        },
    )


def _decision_form(request, decision: Decision, *, title: str):
    item = decision.agenda_item
    minutes_url = reverse(
        "bodies:minutes", kwargs={"municipality_slug": request.municipality.slug, "pk": item.pk}
    )
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_save(decision=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The decision has been saved."))
            return redirect(minutes_url)
    return _simple_form(
        request,
        form=form,
        title=title,
        intro=str(item),
        cancel_url=minutes_url,
        meeting=item.meeting,
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def decision_create(request, pk: int):
    item = _item_to_run(request, pk)
    decision = Decision(municipality=request.municipality, agenda_item=item)
    return _decision_form(request, decision, title=_("Record a decision"))


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def decision_edit(request, pk: int):
    return _decision_form(request, _decision_to_run(request, pk), title=_("Edit decision"))


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def decision_delete(request, pk: int):
    decision = _decision_to_run(request, pk)
    item = decision.agenda_item
    minutes_url = reverse(
        "bodies:minutes", kwargs={"municipality_slug": request.municipality.slug, "pk": item.pk}
    )
    if request.method == "POST":
        services.decision_delete(decision=decision, acting_user=request.user)
        messages.success(request, _("The decision has been deleted."))
        return redirect(minutes_url)
    return render(
        request,
        "bodies/workspace/meeting_confirm.html",
        {
            "bodies_section": "meetings",
            "meeting": item.meeting,
            "title": _("Delete the decision “%(kind)s” on “%(item)s”?")
            % {"kind": decision.get_kind_display(), "item": item.title},
            "text": _("This cannot be undone."),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": minutes_url,
        },
    )


@require_POST
@town_permission_required(VIEW)
def minutes_release(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    if request.POST.get("action") == "withdraw":
        services.minutes_withdraw(meeting=meeting, acting_user=request.user)
        messages.success(request, _("The minutes are internal again."))
    else:
        services.minutes_release(meeting=meeting, acting_user=request.user)
        messages.success(
            request,
            _(
                "The minutes have been released. The public now sees the minutes and decisions "
                "of the public agenda items."
            ),
        )
    return redirect(meeting.get_absolute_url())


# --- Action items -----------------------------------------------------------------------------
def _action_item_form(request, item: ActionItem, *, title: str):
    meeting = item.meeting
    form = ActionItemForm(
        request.POST or None,
        instance=item,
        municipality=request.municipality,
        show_all_persons=request.user.has_perm("network.manage_registry", request.municipality),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_save(item=form.save(commit=False), acting_user=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The action item has been saved."))
            return redirect(_next_or(request, f"{meeting.get_absolute_url()}#action-items"))
    return _simple_form(
        request,
        form=form,
        title=title,
        intro=str(meeting),
        cancel_url=_next_or(request, f"{meeting.get_absolute_url()}#action-items"),
        meeting=meeting,
    )


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def action_item_create(request, pk: int):
    meeting = _meeting_to_run(request, pk)
    item = ActionItem(municipality=request.municipality, meeting=meeting)
    chosen = request.GET.get("agenda_item", "")
    if chosen.isdigit():
        item.agenda_item = (
            AgendaItem.objects.for_municipality(request.municipality)
            .filter(meeting=meeting, pk=chosen)
            .first()
        )
    return _action_item_form(request, item, title=_("Add an action item"))


@town_permission_required(VIEW)
@require_http_methods(FORM_METHODS)
def action_item_edit(request, pk: int):
    return _action_item_form(request, _action_item_to_run(request, pk), title=_("Edit action item"))


@require_POST
@town_permission_required(VIEW)
def action_item_done(request, pk: int):
    item = _action_item_to_run(request, pk)
    services.action_item_complete(item=item, acting_user=request.user)
    messages.success(request, _("“%(name)s” is done.") % {"name": item.title})
    return redirect(_next_or(request, f"{item.meeting.get_absolute_url()}#action-items"))


@town_permission_required(VIEW)
def action_item_list(request):
    town, user = request.municipality, request.user
    items = _label_owners(request, selectors.open_action_items(user=user, municipality=town))
    runnable = set(_runnable_bodies(request).values_list("pk", flat=True))
    for item in items:
        item.can_run = item.meeting.body_id in runnable
    return render(
        request,
        "bodies/workspace/action_items.html",
        {
            "bodies_section": "action-items",
            "items": items,
            "today": timezone.localdate(),
        },
    )
