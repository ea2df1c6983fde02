"""Public pages of bodies, meetings and papers, with their calendar files and PDFs.

The same pages serve everyone: `selectors` narrow them to what the person asking may see. The
public sees public bodies, their public meetings and agenda items and, once released, the minutes
and decisions of those items; a signed-in member (or coordination) sees the body's internal
parts as well. Whatever the person may not see answers 404.
"""

from __future__ import annotations

import json
from itertools import groupby

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from .. import calendars, pdf, selectors, visibility
from ..models import BodyKind, Meeting

UPCOMING_ON_LIST = 20
# Characters that could end the <script> element or start markup inside it (as json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _get_or_404(queryset, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _private(response: HttpResponse, request) -> HttpResponse:
    """Pages for a signed-in person may hold internal parts: no cache may keep them."""
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def body_list(request):
    """The town's bodies grouped by kind, and the meetings ahead."""
    town, user = request.municipality, request.user
    bodies = list(selectors.bodies_for(user=user, municipality=town).select_related("parent"))
    kind_order = {value: index for index, value in enumerate(BodyKind.values)}
    bodies.sort(key=lambda body: (kind_order.get(body.kind, len(kind_order)), body.name))
    groups = [
        (BodyKind(kind).label, list(members))
        for kind, members in groupby(bodies, key=lambda body: body.kind)
    ]
    upcoming = (
        selectors.meetings_for(user=user, municipality=town)
        .upcoming()
        .order_by("starts_at")[:UPCOMING_ON_LIST]
    )
    return render(
        request,
        "bodies/public/list.html",
        {"groups": groups, "upcoming": list(upcoming), "today": timezone.localdate()},
    )


@require_safe
def body_detail(request, pk: int):
    town, user = request.municipality, request.user
    bodies = selectors.bodies_for(user=user, municipality=town)
    body = _get_or_404(bodies.select_related("parent", "location", "field_of_action"), pk)
    internal = selectors.reads_internally(user, body)
    today, now = timezone.localdate(), timezone.now()
    rows = selectors.member_rows(user=user, body=body, today=today)
    meetings = selectors.meetings_for(user=user, municipality=town).filter(body=body)
    response = render(
        request,
        "bodies/public/body.html",
        {
            "body": body,
            "internal": internal,
            "parent_visible": body.parent_id is not None
            and bodies.filter(pk=body.parent_id).exists(),
            "sub_bodies": list(bodies.filter(parent=body)),
            "members": [row for row in rows if row.is_current],
            "former_members": [row for row in rows if row.is_former],
            "upcoming": list(meetings.upcoming(now).order_by("starts_at")),
            "past": list(meetings.past(now).order_by("-starts_at")),
            "feed_url": _feed_url(request, body) if body.is_public else "",
            "today": today,
        },
    )
    return _private(response, request)


def _feed_url(request, body) -> str:
    path = reverse(
        "bodies-public:body-calendar",
        kwargs={"municipality_slug": request.municipality.slug, "pk": body.pk},
    )
    return request.build_absolute_uri(path)


def _meeting_context(request, pk: int) -> dict:
    """The meeting as the person asking may see it: the page's and the PDFs' view."""
    town, user = request.municipality, request.user
    try:
        detail = selectors.meeting_detail(user=user, municipality=town, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    items = detail["agenda_items"]
    paper_ids = {c.paper_id for item in items for c in item.consultations.all()}
    visible_papers = set(
        selectors.papers_for(user=user, municipality=town)
        .filter(pk__in=paper_ids)
        .values_list("pk", flat=True)
    )
    entries = []
    for item in items:
        papers = {
            c.paper_id: c.paper for c in item.consultations.all() if c.paper_id in visible_papers
        }
        entries.append(
            {
                "item": item,
                "papers": sorted(papers.values(), key=lambda paper: paper.reference),
                "documents": item.visible_documents,
                "decisions": list(item.decisions.all()) if detail["show_minutes"] else [],
            }
        )
    return {
        **detail,
        "public_entries": [entry for entry in entries if entry["item"].is_public],
        "private_entries": [entry for entry in entries if not entry["item"].is_public],
        "place": calendars.place_text(detail["meeting"]) if detail["meeting"].location_id else "",
    }


def _meeting_jsonld(request, meeting: Meeting) -> str:
    """schema.org Event of a public meeting, safe inside a <script> element."""
    page = request.build_absolute_uri(request.path)
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{meeting.body.name}: {meeting.name}",
        "url": page,
        "inLanguage": "de",
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if meeting.is_cancelled else "EventScheduled"),
        "isAccessibleForFree": True,
        "organizer": {
            "@type": "Organization",
            "name": meeting.body.name,
            "url": request.build_absolute_uri(
                reverse(
                    "bodies-public:body",
                    kwargs={"municipality_slug": meeting.municipality.slug, "pk": meeting.body_id},
                )
            ),
        },
    }
    if meeting.ends_at:
        event["endDate"] = timezone.localtime(meeting.ends_at).isoformat()
    locations = []
    if meeting.location_id:
        location = meeting.location
        place = {
            "@type": "Place",
            "name": str(location),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": location.street,
                "postalCode": location.postcode,
                "addressLocality": location.city,
                "addressCountry": "DE",
            },
        }
        if location.latitude is not None and location.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(location.latitude),
                "longitude": float(location.longitude),
            }
        locations.append(place)
    if meeting.online_url:
        locations.append({"@type": "VirtualLocation", "url": meeting.online_url})
    if locations:
        event["location"] = locations[0] if len(locations) == 1 else locations
        mode = (
            "MixedEventAttendanceMode"
            if len(locations) > 1
            else "OnlineEventAttendanceMode"
            if meeting.online_url
            else "OfflineEventAttendanceMode"
        )
        event["eventAttendanceMode"] = f"https://schema.org/{mode}"
    text = json.dumps(event, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 -- JSON with <, > and & escaped as json_script does


@require_safe
def meeting_detail(request, pk: int):
    context = _meeting_context(request, pk)
    meeting = context["meeting"]
    public = meeting.is_public and meeting.body.is_public
    context["jsonld"] = _meeting_jsonld(request, meeting) if public else ""
    context["can_run"] = request.user.is_authenticated and request.user.has_perm(
        "bodies.run_meetings", meeting.body
    )
    response = render(request, "bodies/public/meeting.html", context)
    return _private(response, request)


@require_safe
def paper_detail(request, pk: int):
    town, user = request.municipality, request.user
    papers = selectors.papers_for(user=user, municipality=town)
    paper = _get_or_404(papers.select_related("originator_body", "originator_organisation"), pk)
    documents = list(selectors.documents_for(user=user, municipality=town).filter(paper=paper))
    consultations = list(
        selectors.consultations_for(user=user, paper=paper)
        .select_related("meeting__body", "meeting__municipality")
        .order_by("position", "id")
    )
    bodies = selectors.bodies_for(user=user, municipality=town)
    visible_bodies = set(
        bodies.filter(
            pk__in={c.body_id for c in consultations} | {paper.originator_body_id}
        ).values_list("pk", flat=True)
    )
    visible_meetings = set(
        selectors.meetings_for(user=user, municipality=town)
        .filter(pk__in={c.meeting_id for c in consultations if c.meeting_id})
        .values_list("pk", flat=True)
    )
    stations = []
    for consultation in consultations:
        meeting = consultation.meeting
        # A result is a decision: it shows once the minutes of its meeting may be read.
        result_visible = bool(consultation.result) and (
            meeting is None or selectors.minutes_visible(user, meeting)
        )
        stations.append(
            {
                "consultation": consultation,
                "body_visible": consultation.body_id in visible_bodies,
                "meeting": meeting if meeting and meeting.pk in visible_meetings else None,
                "result": consultation.get_result_display() if result_visible else "",
            }
        )
    organisation = paper.originator_organisation
    show_organisation = organisation is not None and (
        organisation.is_public
        or (user.is_authenticated and user.has_perm("bodies.view_bodies", town))
    )
    response = render(
        request,
        "bodies/public/paper.html",
        {
            "paper": paper,
            "main_documents": [d for d in documents if d.is_main_file],
            "other_documents": [d for d in documents if not d.is_main_file],
            "stations": stations,
            "originator_body": paper.originator_body
            if paper.originator_body_id in visible_bodies
            else None,
            "originator_organisation": organisation if show_organisation else None,
            "measures": list(paper.measures.filter(is_published=True)),
        },
    )
    return _private(response, request)


@require_safe
def body_calendar(request, pk: int):
    """The ICS feed of a public body's public meetings (there is no private feed)."""
    town = request.municipality
    body = _get_or_404(visibility.public_bodies(town), pk)
    meetings = (
        visibility.public_meetings(town)
        .filter(body=body)
        .select_related("body", "location", "municipality")
        .order_by("starts_at")
    )
    response = HttpResponse(
        calendars.body_feed(body, meetings), content_type=calendars.CONTENT_TYPE
    )
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


@require_safe
def meeting_ics(request, pk: int):
    town, user = request.municipality, request.user
    meeting = _get_or_404(
        selectors.meetings_for(user=user, municipality=town).select_related("municipality"), pk
    )
    internal = selectors.reads_internally(user, meeting.body)
    response = HttpResponse(
        calendars.meeting_calendar(meeting, internal=internal), content_type=calendars.CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="sitzung.ics"'
    return _private(response, request)


def _pdf_response(request, context: dict, *, make, name: str):
    try:
        content = make(context)
    except pdf.PdfUnavailable:
        return render(request, "bodies/public/pdf_unavailable.html", context, status=503)
    meeting = context["meeting"]
    day = timezone.localtime(meeting.starts_at).date()
    filename = f"{name}-{slugify(meeting.body.short_name or meeting.body.name)}-{day:%Y-%m-%d}.pdf"
    response = HttpResponse(content, content_type=pdf.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _private(response, request)


@require_safe
def meeting_agenda_pdf(request, pk: int):
    context = _meeting_context(request, pk)
    return _pdf_response(request, context, make=pdf.agenda_pdf, name="tagesordnung")


@require_safe
def meeting_minutes_pdf(request, pk: int):
    context = _meeting_context(request, pk)
    if not context["show_minutes"]:
        raise Http404
    return _pdf_response(request, context, make=pdf.minutes_pdf, name="niederschrift")
