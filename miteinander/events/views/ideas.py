"""Pages of the ideas wall: the public posting page, and the staff's board, projector view,
poster and exports.

The board works as plain forms without JavaScript; ideas-board.js adds drag and drop and
arrow keys, sending the same forms with `Accept: application/json` and getting JSON back.
"""

from __future__ import annotations

import csv
import datetime
import io
import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from miteinander.core.qr import qr_svg
from miteinander.core.spreadsheets import formula_safe

from .. import ideas, selectors
from ..forms.ideas import (
    ClusterForm,
    ClusterMeasureForm,
    ClusterMoveForm,
    IdeaEditForm,
    IdeaPostForm,
    MoveForm,
    PaperCardsForm,
    WallSettingsForm,
)
from ..models import Event, Idea, IdeaCluster

# Per browser session: at most this many ideas within the window (light spam protection).
POSTS_PER_WINDOW = 10
POST_WINDOW_SECONDS = 10 * 60
_SESSION_KEY = "ideas_posted_at"
PROJECTOR_REFRESH_SECONDS = 10


# --- Public posting ---------------------------------------------------------------------------


def _recent_posts(request) -> list[float]:
    now = time.time()
    return [t for t in request.session.get(_SESSION_KEY, []) if now - t < POST_WINDOW_SECONDS]


def _remember_post(request) -> None:
    request.session[_SESSION_KEY] = [*_recent_posts(request), time.time()]


@require_http_methods(["GET", "POST"])
def idea_post(request, pk: int, token):
    """The phone page behind the QR code: the wall's question and a card to write on."""
    event = ideas.wall_for_posting(municipality=request.municipality, pk=pk, token=token)
    if event is None:
        raise Http404
    form = IdeaPostForm(request.POST or None)
    if request.method == "POST":
        if form.is_robot:
            # Answer a robot as if it had worked, so it learns nothing; keep nothing.
            messages.success(request, _("Thank you! Your idea is on the wall."))
            return redirect(request.path)
        if len(_recent_posts(request)) >= POSTS_PER_WINDOW:
            form.add_error(
                None,
                _(
                    "You have posted many ideas in a short time. Please wait a few minutes "
                    "before you post the next one."
                ),
            )
        elif form.is_valid():
            try:
                ideas.idea_post(event=event, token=token, text=form.cleaned_data["text"])
            except ValidationError as error:
                field = "text" if error.code in ("empty", "too_long") else None
                form.add_error(field, error)
            else:
                _remember_post(request)
                messages.success(
                    request,
                    _("Thank you! Your idea is on the wall. You can post another one below."),
                )
                return redirect(request.path)
    response = render(
        request,
        "events/public/ideas/post.html",
        {
            "event": event,
            "texts": selectors.texts(event, translation.get_language()),
            "form": form,
            "is_open": ideas.accepts_ideas(event),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def idea_post_short(request, pk: int, code: str):
    """The short address shown on the projector leads to the wall's full address."""
    event = ideas.wall_for_short_code(municipality=request.municipality, pk=pk, code=code)
    if event is None:
        raise Http404
    return redirect(_post_path(event, translation.get_language()))


def _post_path(event: Event, language: str) -> str:
    with translation.override(language):
        return reverse(
            "events-public:idea_post",
            kwargs={
                "municipality_slug": event.municipality.slug,
                "pk": event.pk,
                "token": event.ideas_token,
            },
        )


def _without_language(path: str) -> str:
    """/de/town/... -> /town/...: Django sends such an address on in the visitor's language
    (LocaleMiddleware with i18n_patterns), so a phone set to Arabic opens the Arabic page."""
    return "/" + path.lstrip("/").split("/", 1)[1]


def _posting_links(request, event: Event) -> dict:
    language = translation.get_language()
    full = request.build_absolute_uri(_without_language(_post_path(event, language)))
    with translation.override(language):
        short_path = reverse(
            "events-public:idea_post_short",
            kwargs={
                "municipality_slug": event.municipality.slug,
                "pk": event.pk,
                "code": ideas.short_code(event),
            },
        )
    short = request.build_absolute_uri(_without_language(short_path))
    short_text = short.split("://", 1)[-1]
    return {
        "post_url": full,
        "short_url": short,
        "short_url_text": short_text,
        # Shown with a line break allowed after each slash.
        "short_url_parts": short_text.split("/"),
        # The short address makes a coarser code, which a phone reads from the back of a room.
        "qr": qr_svg(short, title=_("QR code that opens the ideas wall on a phone")),
    }


# --- Workspace: access ------------------------------------------------------------------------


def wall_view(view):
    """Run `view(request, event, ...)` for people who may change the event; 404 for others."""

    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):
                # The projector's refresh after the session ended: send the whole page to the
                # login, rather than the login page into the cards.
                return HttpResponseClientRedirect(
                    redirect_to_login(request.build_absolute_uri(request.path))["Location"]
                )
            return redirect_to_login(request.get_full_path())
        try:
            event = ideas.event_for_wall(municipality=request.municipality, pk=pk)
        except Event.DoesNotExist:
            raise Http404 from None
        if not request.user.has_perm("events.change_event", event):
            raise Http404
        return view(request, event, *args, **kwargs)

    wrapped.required_permission = "events.change_event"
    return wrapped


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _board_url(event: Event, anchor: str = "") -> str:
    url = reverse(
        "events:ideas", kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk}
    )
    return f"{url}#{anchor}" if anchor else url


def _idea_or_404(event: Event, pk: int) -> Idea:
    try:
        return ideas.idea_of_event(event=event, pk=pk)
    except Idea.DoesNotExist:
        raise Http404 from None


def _cluster_or_404(event: Event, pk: int) -> IdeaCluster:
    try:
        return ideas.cluster_of_event(event=event, pk=pk)
    except IdeaCluster.DoesNotExist:
        raise Http404 from None


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _column_choices(event: Event) -> list[tuple[str, str]]:
    """The columns a card can go to: the unsorted cards, then each group."""
    clusters = ideas.clusters_of_event(event=event).order_by("position", "id")
    return [(ideas.UNSORTED, _("Unsorted"))] + [(str(c.pk), c.title) for c in clusters]


def _column_title(event: Event, cluster_id: int | None) -> str:
    if cluster_id is None:
        return _("Unsorted")
    return ideas.cluster_of_event(event=event, pk=cluster_id).title


# --- Workspace: the board ---------------------------------------------------------------------


def _render_board(request, event: Event, *, status: int = 200, **forms):
    columns = ideas.board_columns(event=event)
    choices = _column_choices(event)
    for column in columns:
        for idea in column.ideas:
            idea.move_form = MoveForm(
                initial={"cluster": column.key},
                column_choices=choices,
                auto_id=f"idea-{idea.pk}-%s",
            )
        if column.cluster:
            column.cluster.rename_form = ClusterForm(
                initial={"title": column.cluster.title}, auto_id=f"group-{column.cluster.pk}-%s"
            )
    context = {
        "event": event,
        "events_section": "events",
        "columns": columns,
        "idea_count": sum(len(column.ideas) for column in columns),
        "hidden_count": sum(len(column.ideas) - column.visible_count for column in columns),
        "accepts_ideas": ideas.accepts_ideas(event),
        "can_make_measures": request.user.has_perm("actionplan.manage_plan", event.municipality),
        "cluster_form": forms.get("cluster_form") or ClusterForm(auto_id="new-group-%s"),
        "paper_form": forms.get("paper_form")
        or PaperCardsForm(column_choices=choices, auto_id="paper-%s"),
        "settings_form": forms.get("settings_form")
        or WallSettingsForm(
            initial={"enabled": event.ideas_enabled, "question": event.ideas_question},
            auto_id="wall-%s",
        ),
    }
    if request.GET.get("fragment") == "board":
        return render(request, "events/workspace/ideas/_board.html", context, status=status)
    context.update(_posting_links(request, event))
    return render(request, "events/workspace/ideas/board.html", context, status=status)


@wall_view
@require_safe
def board(request, event: Event):
    """The staff's board: unsorted cards and groups, with every tool to sort and moderate."""
    return _render_board(request, event)


@wall_view
@require_POST
def idea_move(request, event: Event, idea_pk: int):
    idea = _idea_or_404(event, idea_pk)
    form = MoveForm(request.POST, column_choices=_column_choices(event))
    error = None
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        target_id = form.target()
        try:
            cluster = ideas.cluster_of_event(event=event, pk=target_id) if target_id else None
            moved = ideas.idea_move(
                idea=idea, cluster=cluster, position=form.index(), acting_user=request.user
            )
        except IdeaCluster.DoesNotExist:
            error = _("This group no longer exists. Reload the board.")
        except ValidationError as refusal:
            error = _messages_of(refusal)
    if error:
        if _wants_json(request):
            return JsonResponse({"error": error}, status=400)
        messages.error(request, error)
        return redirect(_board_url(event, f"idea-{idea.pk}"))
    count = (
        Idea.objects.for_municipality(event.municipality)
        .filter(event=event, cluster=moved.cluster_id)
        .count()
    )
    message = _("The card is now in “%(column)s”, at position %(position)s of %(count)s.") % {
        "column": _column_title(event, moved.cluster_id),
        "position": moved.position + 1,
        "count": count,
    }
    if _wants_json(request):
        return JsonResponse(
            {
                "message": message,
                "idea": moved.pk,
                "cluster": moved.cluster_id,
                "position": moved.position + 1,
            }
        )
    messages.success(request, message)
    return redirect(_board_url(event, f"idea-{idea.pk}"))


@wall_view
@require_http_methods(["GET", "POST"])
def idea_edit(request, event: Event, idea_pk: int):
    idea = _idea_or_404(event, idea_pk)
    form = IdeaEditForm(request.POST or None, initial={"text": idea.text})
    if request.method == "POST" and form.is_valid():
        try:
            ideas.idea_update(idea=idea, text=form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The card has been saved."))
            return redirect(_board_url(event, f"idea-{idea.pk}"))
    return render(
        request,
        "events/workspace/ideas/form.html",
        {
            "event": event,
            "events_section": "events",
            "form": form,
            "title": _("Edit a card"),
            "cancel_url": _board_url(event, f"idea-{idea.pk}"),
        },
    )


def _set_hidden(request, event: Event, idea_pk: int, hidden: bool):
    idea = _idea_or_404(event, idea_pk)
    if hidden:
        ideas.idea_hide(idea=idea, acting_user=request.user)
        message = _("The card is hidden: it no longer shows on the projector.")
    else:
        ideas.idea_unhide(idea=idea, acting_user=request.user)
        message = _("The card shows on the projector again.")
    if _wants_json(request):
        return JsonResponse({"message": message, "idea": idea.pk, "hidden": hidden})
    messages.success(request, message)
    return redirect(_board_url(event, f"idea-{idea.pk}"))


@wall_view
@require_POST
def idea_hide(request, event: Event, idea_pk: int):
    return _set_hidden(request, event, idea_pk, True)


@wall_view
@require_POST
def idea_unhide(request, event: Event, idea_pk: int):
    return _set_hidden(request, event, idea_pk, False)


@wall_view
@require_POST
def paper_cards(request, event: Event):
    """Type up paper cards; on a mistake the board comes back with the text kept."""
    form = PaperCardsForm(request.POST, column_choices=_column_choices(event), auto_id="paper-%s")
    if form.is_valid():
        try:
            cluster_id = form.target()
            cluster = ideas.cluster_of_event(event=event, pk=cluster_id) if cluster_id else None
            added = ideas.idea_add_from_paper(
                event=event,
                text=form.cleaned_data["text"],
                cluster=cluster,
                acting_user=request.user,
            )
        except IdeaCluster.DoesNotExist:
            form.add_error("cluster", _("This group no longer exists. Choose another one."))
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(
                request,
                translation.ngettext(
                    "%(count)s card has been added.", "%(count)s cards have been added.", len(added)
                )
                % {"count": len(added)},
            )
            return redirect(_board_url(event, "ideas-board-section"))
    return _render_board(request, event, status=400, paper_form=form)


@wall_view
@require_POST
def cluster_add(request, event: Event):
    form = ClusterForm(request.POST, auto_id="new-group-%s")
    if form.is_valid():
        try:
            cluster = ideas.cluster_create(
                event=event, title=form.cleaned_data["title"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error("title", error)
        else:
            messages.success(
                request, _("The group “%(title)s” has been added.") % {"title": cluster.title}
            )
            return redirect(_board_url(event, f"group-{cluster.pk}"))
    return _render_board(request, event, status=400, cluster_form=form)


@wall_view
@require_POST
def cluster_rename(request, event: Event, cluster_pk: int):
    cluster = _cluster_or_404(event, cluster_pk)
    form = ClusterForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        ideas.cluster_rename(
            cluster=cluster, title=form.cleaned_data["title"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The group has been renamed."))
    return redirect(_board_url(event, f"group-{cluster.pk}"))


@wall_view
@require_POST
def cluster_move(request, event: Event, cluster_pk: int):
    cluster = _cluster_or_404(event, cluster_pk)
    form = ClusterMoveForm(request.POST)
    if form.is_valid():
        ideas.cluster_reorder(
            cluster=cluster, position=form.cleaned_data["position"] - 1, acting_user=request.user
        )
        messages.success(
            request,
            _("The group “%(title)s” is now at position %(position)s.")
            % {"title": cluster.title, "position": cluster.position + 1},
        )
    else:
        messages.error(request, _("Give a position of 1 or more."))
    return redirect(_board_url(event, f"group-{cluster.pk}"))


@wall_view
@require_http_methods(["GET", "POST"])
def cluster_delete(request, event: Event, cluster_pk: int):
    cluster = _cluster_or_404(event, cluster_pk)
    if request.method == "POST":
        ideas.cluster_delete(cluster=cluster, acting_user=request.user)
        messages.success(
            request,
            _("The group “%(title)s” has been removed; its cards are unsorted again.")
            % {"title": cluster.title},
        )
        return redirect(_board_url(event, "ideas-board-section"))
    return render(
        request,
        "events/workspace/ideas/cluster_delete.html",
        {
            "event": event,
            "events_section": "events",
            "cluster": cluster,
            "card_count": cluster.ideas.count(),
            "cancel_url": _board_url(event, f"group-{cluster.pk}"),
        },
    )


@wall_view
@require_http_methods(["GET", "POST"])
def cluster_measure(request, event: Event, cluster_pk: int):
    """Turn a group into a measure of the action plan (coordination, who keeps the plan)."""
    town = request.municipality
    if not request.user.has_perm("actionplan.manage_plan", town):
        raise Http404
    cluster = _cluster_or_404(event, cluster_pk)
    if cluster.measure_id:
        return redirect(cluster.measure.get_absolute_url())
    form = ClusterMeasureForm(
        request.POST or None, municipality=town, initial={"title": cluster.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = ideas.cluster_to_measure(
                cluster=cluster,
                goal=form.cleaned_data["goal"],
                title=form.cleaned_data["title"],
                number=form.cleaned_data["number"],
                acting_user=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The measure “%(measure)s” has been added to the action plan as planned.")
                % {"measure": measure},
            )
            return redirect(_board_url(event, f"group-{cluster.pk}"))
    return render(
        request,
        "events/workspace/ideas/cluster_measure.html",
        {
            "event": event,
            "events_section": "events",
            "cluster": cluster,
            "form": form,
            "cards": ideas.visible_ideas(cluster=cluster),
            "has_goals": form.fields["goal"].queryset.exists(),
            "cancel_url": _board_url(event, f"group-{cluster.pk}"),
        },
    )


@wall_view
@require_POST
def wall_open(request, event: Event):
    """Open the wall for participants' posts (open=1) or close it (open=0)."""
    is_open = request.POST.get("open") == "1"
    ideas.idea_wall_set_open(event=event, is_open=is_open, acting_user=request.user)
    if is_open:
        messages.success(request, _("The ideas wall is open: participants can post ideas."))
    else:
        messages.success(request, _("The ideas wall is closed: participants cannot post ideas."))
    return redirect(_board_url(event))


@wall_view
@require_POST
def wall_settings(request, event: Event):
    form = WallSettingsForm(request.POST, auto_id="wall-%s")
    if form.is_valid():
        try:
            ideas.idea_wall_configure(
                event=event,
                enabled=form.cleaned_data["enabled"],
                question=form.cleaned_data["question"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings of the ideas wall have been saved."))
            return redirect(_board_url(event))
    return _render_board(request, event, status=400, settings_form=form)


# --- Workspace: projector, poster, exports ----------------------------------------------------


def _projector_groups(event: Event) -> list[tuple[str, list[Idea]]]:
    groups = []
    for column in ideas.board_columns(event=event, include_hidden=False):
        if column.ideas:
            title = column.cluster.title if column.cluster else _("Not sorted yet")
            groups.append((title, column.ideas))
    return groups


@wall_view
@require_safe
def projector(request, event: Event):
    """Full screen for a projector: question, QR code and the visible cards, kept current."""
    context = {
        "event": event,
        "groups": _projector_groups(event),
        "accepts_ideas": ideas.accepts_ideas(event),
        "refresh_seconds": PROJECTOR_REFRESH_SECONDS,
        **_posting_links(request, event),
    }
    if request.GET.get("fragment") == "cards":
        return render(request, "events/workspace/ideas/_projector_cards.html", context)
    return render(request, "events/workspace/ideas/projector.html", context)


@wall_view
@require_safe
def poster(request, event: Event):
    """A printable A4 page with the question and the QR code."""
    return render(
        request,
        "events/workspace/ideas/poster.html",
        {"event": event, **_posting_links(request, event)},
    )


def _export_name(event: Event, extension: str) -> str:
    slug = slugify(event.title)[:60] or "veranstaltung"
    return f"ideen-{slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


@wall_view
@require_safe
def export_xlsx(request, event: Event):
    header, rows = ideas.export_rows(event=event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ideas")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([formula_safe(value) for value in row])
    for cell in sheet["B"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet["E"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    for letter, width in zip("ABCDE", (30, 70, 24, 10, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(event, "xlsx")}"'
    workbook.save(response)
    return response


@wall_view
@require_safe
def export_csv(request, event: Event):
    header, rows = ideas.export_rows(event=event)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                value.strftime("%Y-%m-%d %H:%M")
                if isinstance(value, datetime.datetime)
                else formula_safe(value)
                for value in row
            ]
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(event, "csv")}"'
    # The BOM makes Excel read UTF-8 correctly.
    response.write("\ufeff" + buffer.getvalue())
    return response
