"""Workspace pages of events: list, editor, detail, publish, cancel, delete, formats and kinds.

Who may do what is `events.rules`: everyone of the town reads the list and the pages of the
events they may see (`selectors.events_for`); coordination and network partners add events;
the organisers (and coordination) change them; coordination keeps the town's kinds of event.
An event, format or kind the person may not see or change answers 404.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, ProtectedError, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from miteinander.core.decorators import town_permission_required
from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import roles_in
from miteinander.network import services as network_services
from miteinander.network.forms import VocabularyEntryForm
from miteinander.network.models import Organisation

from .. import selectors, services
from ..forms.events import (
    CancelForm,
    EventEditor,
    EventFilterForm,
    EventFormatForm,
    initial_from_content,
    repetition_summary,
)
from ..models import (
    Event,
    EventFormat,
    EventKind,
    EventStatus,
    Registration,
)

WHEN = [key for key, _label in EventFilterForm.WHEN_CHOICES]


def _own_organisation_id(request) -> int | None:
    return roles_in(request.user, request.municipality).get(Role.NETWORK_PARTNER)


def _event_or_404(request, pk: int, *, change: bool = False) -> Event:
    """An event this person sees; with `change`, one they may also change."""
    events = selectors.events_for(user=request.user, municipality=request.municipality)
    try:
        event = events.select_related("measure", "format").get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None
    if change and not request.user.has_perm("events.change_event", event):
        raise Http404
    return event


def _format_or_404(request, pk: int) -> EventFormat:
    try:
        return EventFormat.objects.for_municipality(request.municipality).get(pk=pk)
    except EventFormat.DoesNotExist:
        raise Http404 from None


def _list_url(request) -> str:
    return reverse("events:list", kwargs={"municipality_slug": request.municipality.slug})


def _formats_url(request) -> str:
    return reverse("events:formats", kwargs={"municipality_slug": request.municipality.slug})


# --- List -------------------------------------------------------------------------------------
@town_permission_required("events.view_events")
def event_list(request):
    town, user = request.municipality, request.user
    own = _own_organisation_id(request)
    when = request.GET.get("when") if request.GET.get("when") in WHEN else "upcoming"
    visible = selectors.events_for(user=user, municipality=town)
    organisers = Organisation.objects.for_municipality(town).filter(
        pk__in=visible.values("organiser_id")
    )
    form = EventFilterForm(
        request.GET or None,
        municipality=town,
        organisers=organisers.order_by("name"),
        show_mine=own is not None,
    )
    now = timezone.now()
    events = _workspace_events(visible, when=when, filters=form.filters(), own=own, now=now)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.can_change = user.has_perm("events.change_event", event)
        event.next_date = None
        if event.is_recurring and when == "upcoming":
            event.next_date = next(iter(event.occurrences(now, None)), None)
    return render(
        request,
        "events/workspace/list.html",
        {
            "form": form,
            "page": page,
            "when": when,
            "tabs": EventFilterForm.WHEN_CHOICES,
            "filter_query": _without(request.GET, "when", "page"),
            "page_query": _without(request.GET, "page"),
            "can_add": user.has_perm("events.add_event", town),
            "events_section": "events",
        },
    )


def _workspace_events(events, *, when: str, filters: dict, own: int | None, now):
    """The list's rows: one tab (upcoming, past, drafts), the filters, registration counts."""
    if when == "drafts":
        events = events.filter(status=EventStatus.DRAFT).order_by("starts_at", "id")
    elif when == "past":
        events = events.exclude(status=EventStatus.DRAFT).past(now=now)
        events = events.order_by("-starts_at", "-id")
    else:
        events = events.exclude(status=EventStatus.DRAFT).upcoming(now=now)
        events = events.order_by("starts_at", "id")
    if kind := filters.get("kind"):
        events = events.filter(kind=kind)
    if organiser := filters.get("organiser"):
        if organiser == EventFilterForm.TOWN:
            events = events.filter(organiser__isnull=True)
        else:
            events = events.filter(organiser_id=organiser)
    if filters.get("mine") and own is not None:
        events = events.filter(Q(organiser_id=own) | Q(co_organisers__id=own)).distinct()
    return selectors.with_registration_counts(events)


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --- Detail -----------------------------------------------------------------------------------
HISTORY_ACTIONS = {
    "event.create": gettext_lazy("created"),
    "event.update": gettext_lazy("edited"),
    "event.publish": gettext_lazy("published"),
    "event.cancel": gettext_lazy("cancelled"),
}


def _history_rows(event: Event) -> list[dict]:
    """The audit log of the event in words; changed fields are named, not their values."""
    entries = AuditEntry.objects.filter(
        municipality_id=event.municipality_id,
        object_type=event._meta.label_lower,
        object_id=str(event.pk),
    ).select_related("actor")[:50]
    rows = []
    for entry in entries:
        fields = []
        for name in entry.changes or {}:
            try:
                fields.append(str(Event._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                fields.append(name)
        rows.append(
            {
                "entry": entry,
                "action": HISTORY_ACTIONS.get(entry.action, entry.action),
                "fields": fields,
            }
        )
    return rows


@town_permission_required("events.view_events")
def event_detail(request, pk: int):
    town, user = request.municipality, request.user
    event = _event_or_404(request, pk)
    now = timezone.now()
    dates = event.occurrences()
    translations = {t.language: t for t in event.translations.all()}
    registrations = None
    if event.registration_enabled:
        taken = selectors.places_taken(event)
        registrations = {
            "taken": taken,
            "left": selectors.places_left(event),
            "waiting": Registration.objects.for_municipality(town)
            .filter(event=event)
            .waiting()
            .count(),
        }
    return render(
        request,
        "events/workspace/event_detail.html",
        {
            "event": event,
            "repetition": repetition_summary(event.recurrence_rule, event.starts_at),
            "date_count": len(dates),
            "next_dates": [d for d in dates if d.ends_at > now][:10],
            "left_out": [datetime.date.fromisoformat(d) for d in event.recurrence_exceptions],
            "translations": [
                (code, name, translations.get(code))
                for code, name in settings.LANGUAGES
                if code != "de"
            ],
            "registrations": registrations,
            "history": _history_rows(event),
            "can_change": user.has_perm("events.change_event", event),
            "events_section": "events",
        },
    )


# --- Editor -----------------------------------------------------------------------------------
def _organiser_options(request, event: Event | None) -> dict:
    """Whom the person may name as organiser: coordination anyone or the town itself; a
    partner their own organisation; a partner co-organising keeps the organiser as it is."""
    town = request.municipality
    if request.user.has_perm("events.manage_events", town):
        return {}
    organisations = Organisation.objects.for_municipality(town)
    own = _own_organisation_id(request)
    if event is not None and event.organiser_id != own:
        return {
            "organisers": organisations.filter(pk=event.organiser_id),
            "organiser_locked": True,
        }
    return {"organisers": organisations.filter(pk=own), "organiser_required": True}


def _editor(
    request,
    *,
    event: Event | None,
    title: str,
    initial: dict | None = None,
    translations: list[dict] | None = None,
    event_format: EventFormat | None = None,
    notes: list[str] = (),
):
    town = request.municipality
    default_duration = None
    if event_format is not None:
        minutes = event_format.data.get("duration_minutes") or 120
        default_duration = datetime.timedelta(minutes=minutes)
    editor = EventEditor(
        request.POST or None,
        municipality=town,
        event=event,
        initial=initial,
        translations=translations,
        default_duration=default_duration,
        **_organiser_options(request, event),
    )
    cancel_url = event.get_absolute_url() if event else _list_url(request)
    was_published = event is not None and event.status != EventStatus.DRAFT
    if request.method == "POST" and editor.is_valid():
        content = editor.content()
        if event_format is not None:
            content.fields["format"] = event_format
        try:
            saved = services.event_save(
                municipality=town,
                acting_user=request.user,
                content=content,
                event=event,
                publish="publish" in request.POST,
            )
        except ValidationError as error:
            editor.add_service_errors(error)
            if event is not None:
                event.refresh_from_db()  # the service set the refused values on it
        else:
            if saved.status == EventStatus.PUBLISHED and not was_published:
                messages.success(request, _("“%(title)s” is published.") % {"title": saved})
            elif saved.status == EventStatus.DRAFT:
                messages.success(request, _("“%(title)s” is saved as a draft.") % {"title": saved})
            else:
                messages.success(request, _("“%(title)s” has been saved.") % {"title": saved})
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "events/workspace/event_form.html",
        {
            "editor": editor,
            "form": editor.form,
            "event": event,
            "title": title,
            "notes": notes,
            "cancel_url": cancel_url,
            "is_public": was_published,
            "events_section": "events",
        },
    )


def _may_add(request) -> bool:
    """Coordination adds any event; a network partner needs their organisation."""
    town = request.municipality
    return request.user.has_perm("events.manage_events", town) or bool(
        _own_organisation_id(request)
    )


@town_permission_required("events.add_event")
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not _may_add(request):
        raise Http404
    initial = None
    if own := _own_organisation_id(request):
        if not request.user.has_perm("events.manage_events", request.municipality):
            initial = {"organiser": own}
    return _editor(request, event=None, title=_("Add an event"), initial=initial)


@town_permission_required("events.add_event")
@require_http_methods(["GET", "POST"])
def event_create_from_format(request, format_pk: int):
    if not _may_add(request):
        raise Http404
    event_format = _format_or_404(request, format_pk)
    content = services.event_content_from_format(
        event_format=event_format, starts_at=timezone.now()
    )
    initial = initial_from_content(content, with_dates=False)
    # The point of a format: the same event for another audience. The person chooses anew.
    initial["target_groups"] = []
    if not request.user.has_perm("events.manage_events", request.municipality):
        initial["organiser"] = _own_organisation_id(request)
    notes = [
        _(
            "A new event from the format “%(name)s”: choose the date and the target groups; "
            "everything else is taken from the format and can be changed."
        )
        % {"name": event_format.name}
    ]
    if content.target_groups:
        notes.append(
            _("The format was made for: %(groups)s.")
            % {"groups": ", ".join(str(group) for group in content.target_groups)}
        )
    return _editor(
        request,
        event=None,
        title=_("New event from “%(name)s”") % {"name": event_format.name},
        initial=initial,
        translations=content.translations,
        event_format=event_format,
        notes=notes,
    )


@town_permission_required("events.view_events")
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = _event_or_404(request, pk, change=True)
    return _editor(request, event=event, title=_("Edit “%(title)s”") % {"title": event.title})


# --- Publish, cancel, delete ------------------------------------------------------------------
@town_permission_required("events.view_events")
@require_POST
def event_publish(request, pk: int):
    event = _event_or_404(request, pk, change=True)
    try:
        services.event_publish(event=event, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": event})
    return redirect(event.get_absolute_url())


@town_permission_required("events.view_events")
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    event = _event_or_404(request, pk, change=True)
    if event.status != EventStatus.PUBLISHED:
        messages.info(
            request,
            _("Only a published event can be cancelled; delete a draft instead.")
            if event.status == EventStatus.DRAFT
            else _("This event has already been cancelled."),
        )
        return redirect(event.get_absolute_url())
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                event=event, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is cancelled. It stays in the calendar, marked as cancelled.")
                % {"title": event},
            )
            return redirect(event.get_absolute_url())
    notes = [_("The event stays in the public calendar, marked as cancelled.")]
    if event.registration_enabled:
        notes.append(_("Everyone registered is told by e-mail, with your reason."))
    return render(
        request,
        "events/workspace/form.html",
        {
            "form": form,
            "title": _("Cancel “%(title)s”?") % {"title": event.title},
            "notes": notes,
            "submit_label": _("Cancel the event"),
            "cancel_label": _("Keep the event"),
            "danger": True,
            "cancel_url": event.get_absolute_url(),
            "event": event,
            "events_section": "events",
        },
    )


@town_permission_required("events.view_events")
@require_http_methods(["GET", "POST"])
def event_delete(request, pk: int):
    event = _event_or_404(request, pk, change=True)
    error = None
    if request.method == "POST":
        try:
            services.event_delete(event=event, acting_user=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("“%(title)s” has been deleted.") % {"title": event.title})
            return redirect("events:list", municipality_slug=request.municipality.slug)
    return render(
        request,
        "events/workspace/confirm_delete.html",
        {
            "object": event,
            "error": error,
            "warning": _(
                "Its translations, feedback and ideas wall are deleted with it. To call off an "
                "event people know about, cancel it instead: it stays in the calendar, marked "
                "as cancelled."
            ),
            "alternative_url": reverse(
                "events:cancel", kwargs={"municipality_slug": event.municipality.slug, "pk": pk}
            )
            if event.status == EventStatus.PUBLISHED
            else "",
            "cancel_url": event.get_absolute_url(),
            "events_section": "events",
        },
    )


# --- Formats ----------------------------------------------------------------------------------
@town_permission_required("events.view_events")
@require_http_methods(["GET", "POST"])
def event_save_as_format(request, pk: int):
    event = _event_or_404(request, pk, change=True)
    form = EventFormatForm(request.POST or None, initial={"name": event.title})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_format_save(
                event=event,
                acting_user=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The format “%(name)s” has been saved. Create new events from it here.")
                % {"name": saved.name},
            )
            return redirect("events:formats", municipality_slug=request.municipality.slug)
    return render(
        request,
        "events/workspace/form.html",
        {
            "form": form,
            "title": _("Save “%(title)s” as a format") % {"title": event.title},
            "notes": [
                _(
                    "A format keeps what the event is and how it runs: texts, kind, organiser, "
                    "place, languages, access, registration settings and its length. Dates, "
                    "registrations and ideas are not copied."
                )
            ],
            "cancel_url": event.get_absolute_url(),
            "event": event,
            "events_section": "formats",
        },
    )


def _may_delete_format(request, event_format: EventFormat) -> bool:
    """Coordination deletes any format; a partner the formats of their own organisation."""
    if request.user.has_perm("events.manage_events", request.municipality):
        return True
    own = _own_organisation_id(request)
    return own is not None and event_format.data.get("organiser") == own


@town_permission_required("events.add_event")
def format_list(request):
    town = request.municipality
    formats = list(EventFormat.objects.for_municipality(town))
    kinds = dict(EventKind.objects.for_municipality(town).values_list("pk", "name"))
    organisations = dict(
        Organisation.objects.for_municipality(town)
        .filter(pk__in=[f.data.get("organiser") for f in formats if f.data.get("organiser")])
        .values_list("pk", "name")
    )
    for event_format in formats:
        event_format.kind_name = kinds.get(event_format.data.get("kind"), "")
        event_format.organiser_name = organisations.get(event_format.data.get("organiser"), "")
        event_format.can_delete = _may_delete_format(request, event_format)
    return render(
        request,
        "events/workspace/formats.html",
        {
            "formats": formats,
            "may_add": _may_add(request),
            "events_section": "formats",
        },
    )


@town_permission_required("events.add_event")
@require_http_methods(["GET", "POST"])
def format_delete(request, format_pk: int):
    event_format = _format_or_404(request, format_pk)
    if not _may_delete_format(request, event_format):
        raise Http404
    if request.method == "POST":
        services.event_format_delete(event_format=event_format, acting_user=request.user)
        messages.success(
            request, _("The format “%(name)s” has been deleted.") % {"name": event_format.name}
        )
        return redirect("events:formats", municipality_slug=request.municipality.slug)
    return render(
        request,
        "events/workspace/confirm_delete.html",
        {
            "object": event_format,
            "warning": _("Events created from it stay as they are."),
            "cancel_url": _formats_url(request),
            "events_section": "formats",
        },
    )


# --- Kinds of event ---------------------------------------------------------------------------
def _kinds_url(request) -> str:
    return reverse("events:kinds", kwargs={"municipality_slug": request.municipality.slug})


@town_permission_required("events.manage_events")
@require_http_methods(["GET", "POST"])
def kinds(request):
    town, user = request.municipality, request.user
    entries = EventKind.objects.for_municipality(town).annotate(event_count=Count("events"))
    add_form = VocabularyEntryForm(prefix="new")
    rename_forms = {}
    if request.method == "POST":
        action = request.POST.get("action")
        kind = None
        if action != "add":
            raw = request.POST.get("kind", "")
            kind = (
                EventKind.objects.for_municipality(town).filter(pk=raw).first()
                if raw.isdigit()
                else None
            )
            if kind is None:
                raise Http404
        if action == "add":
            add_form = VocabularyEntryForm(request.POST, prefix="new")
            if add_form.is_valid():
                name = add_form.cleaned_data["name"].strip()
                try:
                    network_services.vocabulary_add(
                        model=EventKind, municipality=town, name=name, acting_user=user
                    )
                except ValidationError:
                    add_form.add_error(
                        "name",
                        _("There is already a kind “%(name)s”. Choose another name.")
                        % {"name": name},
                    )
                else:
                    messages.success(request, _("“%(name)s” has been added.") % {"name": name})
                    return redirect(_kinds_url(request))
        elif action == "rename":
            form = VocabularyEntryForm(request.POST, prefix=f"kind-{kind.pk}")
            if form.is_valid():
                try:
                    services.event_kind_rename(
                        kind=kind, name=form.cleaned_data["name"], acting_user=user
                    )
                except ValidationError:
                    form.add_error(
                        "name",
                        _("There is already a kind “%(name)s”. Choose another name.")
                        % {"name": form.cleaned_data["name"]},
                    )
                else:
                    messages.success(request, _("The name has been changed."))
                    return redirect(_kinds_url(request))
            rename_forms[kind.pk] = form
        elif action in ("up", "down"):
            services.event_kind_move(kind=kind, step=-1 if action == "up" else 1, acting_user=user)
            return redirect(_kinds_url(request) + f"#kind-{kind.pk}")
        elif action == "delete":
            try:
                services.event_kind_delete(kind=kind, acting_user=user)
            except (ValidationError, ProtectedError) as error:
                text = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else _("Events of this kind exist. Give them another kind first.")
                )
                messages.error(request, text)
            else:
                messages.success(request, _("“%(name)s” has been deleted.") % {"name": kind.name})
            return redirect(_kinds_url(request))
        else:
            raise Http404
    rows = []
    for entry in entries:
        form = rename_forms.get(entry.pk) or VocabularyEntryForm(
            prefix=f"kind-{entry.pk}", initial={"name": entry.name}
        )
        rows.append((entry, form))
    return render(
        request,
        "events/workspace/kinds.html",
        {"rows": rows, "add_form": add_form, "events_section": "kinds"},
    )
