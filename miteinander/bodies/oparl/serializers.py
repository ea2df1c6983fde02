"""OParl 1.1 objects built from the public rows that `queries` reads.

Call these inside `translation.override("de")`: labels (kind of body, role, result) are the
German ones, and the `web` addresses of the public pages carry the German language prefix.

What a serialiser leaves out is deliberate. Persons carry their name and memberships only (no
e-mail, no phone); a membership names its person only when the person is listed; decisions
appear only once a meeting's minutes are released. As the specification asks, optional
properties without a value are left out rather than given as null, "" or [], and an embedded
object omits its back-references (`meeting` of an agenda item, `paper` of a file, ...).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BodyKind, ConsultationRole, DecisionKind, MembershipRole, PaperType
from . import queries
from .schemas import OPARL_VERSION, type_url

SYSTEM_NAME = "Miteinander"

# URL name of the objects of each type a tombstone may have: the OParl types, and "Institution"
# for network organisations, which are OParl Organizations with ids of their own.
URL_NAMES = {
    "AgendaItem": "agenda-item",
    "Consultation": "consultation",
    "File": "file",
    "Institution": "institution",
    "LegislativeTerm": "legislative-term",
    "Location": "location",
    "Meeting": "meeting",
    "Membership": "membership",
    "Organization": "organization",
    "Paper": "paper",
    "Person": "person",
}


class Context:
    """What every object of one response needs: the town, the canonical origin, the options.

    Ids are canonical: built from `MITEINANDER_BASE_URL`, whichever host name the request used.
    """

    def __init__(self, *, town=None, omit_internal: bool = False):
        self.town = town
        self.omit_internal = omit_internal
        self.base = settings.BASE_URL.rstrip("/")
        self._missing_pages: set[str] = set()

    def url(self, name: str, pk: int | None = None) -> str:
        """The absolute URL of an API resource of this town ("meeting", pk=3)."""
        kwargs = {} if name in ("system", "bodies") else {"municipality_slug": self.town.slug}
        if pk is not None:
            kwargs["pk"] = pk
        return self.base + reverse(f"oparl:{name}", kwargs=kwargs)

    def page(self, name: str, pk: int | None = None) -> str | None:
        """The absolute URL of a page for people, or None while there is no such page."""
        if name in self._missing_pages:
            return None
        kwargs = {"municipality_slug": self.town.slug}
        if pk is not None:
            kwargs["pk"] = pk
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            self._missing_pages.add(name)
            return None
        return self.base + path

    @functools.cached_property
    def institution_ids(self) -> set[int]:
        return set(queries.institutions(self.town).values_list("pk", flat=True))


# --- Values ----------------------------------------------------------------------------------
def date_time(value) -> str | None:
    """yyyy-mm-ddThh:mm:ss±hh:mm in the platform's time zone, as OParl requires."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _label(choices, value) -> str | None:
    return str(choices(value).label) if value else None


def _object(
    oparl_type: str, id_url: str, row, fields: dict, *, web: str | None = None, modified=None
) -> dict:
    """id and type first, then the fields that have a value, then created/modified and web.

    `modified` defaults to the row's `oparl_modified` (see `queries`).
    """
    data = {"id": id_url, "type": type_url(oparl_type)}
    data.update((key, value) for key, value in fields.items() if value not in (None, "", []))
    data["created"] = date_time(row.created_at)
    data["modified"] = date_time(modified or row.oparl_modified)
    if web:
        data["web"] = web
    return data


# --- System and Body -------------------------------------------------------------------------
def system(ctx: Context, *, created=None, modified=None) -> dict:
    data = {
        "id": ctx.url("system"),
        "type": type_url("System"),
        "oparlVersion": OPARL_VERSION,
        "body": ctx.url("bodies"),
        "name": SYSTEM_NAME,
        "website": ctx.base + reverse("platform-home"),
    }
    if created and modified:
        data["created"] = date_time(created)
        data["modified"] = date_time(modified)
    return data


def body(town, terms, ctx: Context) -> dict:
    """The town as an OParl Body, with the URLs of its lists and its electoral terms."""
    fields = {
        "system": ctx.url("system"),
        "name": town.name,
        "website": town.website,
        "organization": ctx.url("organizations"),
        "person": ctx.url("persons"),
        "meeting": ctx.url("meetings"),
        "paper": ctx.url("papers"),
        "agendaItem": ctx.url("agenda-items"),
        "consultation": ctx.url("consultations"),
        "file": ctx.url("files"),
        "locationList": ctx.url("locations"),
        "legislativeTermList": ctx.url("legislative-terms"),
        "membership": ctx.url("memberships"),
    }
    data = _object("Body", ctx.url("body"), town, fields, web=ctx.page("public:home"))
    # Required, so given even when empty; `omit_internal` may, but need not, drop it (spec 2.5),
    # and dropping it would break the schema.
    data["legislativeTerm"] = [legislative_term(t, ctx, embedded=True) for t in terms]
    return data


def legislative_term(term, ctx: Context, *, embedded: bool = False) -> dict:
    fields = {
        "body": None if embedded else ctx.url("body"),
        "name": term.name,
        "startDate": _date(term.starts_on),
        "endDate": _date(term.ends_on),
    }
    return _object("LegislativeTerm", ctx.url("legislative-term", term.pk), term, fields)


# --- Organizations, persons, memberships -----------------------------------------------------
def organization(body, ctx: Context) -> dict:
    """A public body (Gremium) as an OParl Organization."""
    parent = body.parent
    fields = {
        "body": ctx.url("body"),
        "name": body.name,
        "shortName": body.short_name,
        "membership": [ctx.url("membership", m.pk) for m in body.oparl_memberships],
        "meeting": ctx.url("organization-meetings", body.pk),
        "subOrganizationOf": (
            ctx.url("organization", parent.pk) if parent and parent.is_public else None
        ),
        "organizationType": "Gremium",
        "classification": _label(BodyKind, body.kind),
        "startDate": _date(body.starts_on),
        "endDate": _date(body.ends_on),
        "website": body.website,
        "location": location(body.location, ctx, embedded=True) if body.location else None,
    }
    return _object(
        "Organization",
        ctx.url("organization", body.pk),
        body,
        fields,
        web=ctx.page("bodies-public:body", body.pk),
    )


def institution(organisation, ctx: Context) -> dict:
    """A public network organisation sitting in a public body: whom a member sits for."""
    fields = {
        "body": ctx.url("body"),
        "name": organisation.name,
        "organizationType": "Institution",
        "website": organisation.website,
    }
    return _object(
        "Organization",
        ctx.url("institution", organisation.pk),
        organisation,
        fields,
        web=ctx.page("network-public:organisation", organisation.pk),
    )


def person(contact, ctx: Context) -> dict:
    """A listed person: the name and the memberships that list it, nothing else."""
    fields = {
        "body": ctx.url("body"),
        "name": contact.name,
        "membership": (
            None
            if ctx.omit_internal
            else [membership(m, ctx, embedded=True) for m in contact.oparl_memberships]
        ),
    }
    return _object("Person", ctx.url("person", contact.pk), contact, fields)


def membership(row, ctx: Context, *, embedded: bool = False) -> dict:
    organisation = row.organisation
    fields = {
        "person": (
            ctx.url("person", row.person_id) if row.oparl_person_listed and not embedded else None
        ),
        "organization": ctx.url("organization", row.body_id),
        "role": _label(MembershipRole, row.role),
        "votingRight": row.has_voting_right,
        "startDate": _date(row.starts_on),
        "endDate": _date(row.ends_on),
        "onBehalfOf": (
            ctx.url("institution", organisation.pk)
            if organisation is not None and organisation.is_public
            else None
        ),
    }
    return _object("Membership", ctx.url("membership", row.pk), row, fields)


# --- Meetings and agenda items ---------------------------------------------------------------
def meeting_state(row) -> str:
    """The values the specification recommends: terminiert, eingeladen, durchgeführt."""
    if row.minutes_released_at is not None:
        return "durchgeführt"
    if row.invitation_sent_at is not None or row.state in ("invited", "held"):
        return "eingeladen"
    return "terminiert"


def meeting(row, ctx: Context) -> dict:
    fields = {
        "name": row.name,
        "meetingState": meeting_state(row),
        "cancelled": row.is_cancelled,
        "start": date_time(row.starts_at),
        "end": date_time(row.ends_at),
        "location": location(row.location, ctx, embedded=True) if row.location else None,
        "organization": [ctx.url("organization", row.body_id)],
    }
    if not ctx.omit_internal:
        fields["agendaItem"] = [agenda_item(i, ctx, embedded=True) for i in row.oparl_items]
        fields["auxiliaryFile"] = [file(d, ctx, embedded=True) for d in row.oparl_files]
    return _object(
        "Meeting",
        ctx.url("meeting", row.pk),
        row,
        fields,
        web=ctx.page("bodies-public:meeting", row.pk),
    )


def resolution(item) -> tuple[str | None, str | None]:
    """(result, resolutionText) of an agenda item: the decisions once the minutes are out."""
    if item.meeting.minutes_released_at is None or not item.oparl_decisions:
        return None, None
    decisions = item.oparl_decisions
    texts = []
    for decision in decisions:
        text = decision.text.strip()
        if len(decisions) > 1:
            text = f"{_label(DecisionKind, decision.kind)}: {text}".strip(" :")
        if decision.was_voted:
            votes = _("Vote: %(for)s for, %(against)s against, %(abstentions)s abstentions.") % {
                "for": decision.votes_for,
                "against": decision.votes_against,
                "abstentions": decision.abstentions,
            }
            text = f"{text} ({votes})" if text else votes
        if text:
            texts.append(text)
    return _label(DecisionKind, decisions[-1].kind), "\n\n".join(texts) or None


def agenda_item(item, ctx: Context, *, embedded: bool = False) -> dict:
    result, resolution_text = resolution(item)
    consultations = item.oparl_consultations
    fields = {
        "meeting": None if embedded else ctx.url("meeting", item.meeting_id),
        "number": item.number,
        "order": item.oparl_order,
        "name": item.title,
        "public": True,
        "consultation": ctx.url("consultation", consultations[0].pk) if consultations else None,
        "result": result,
        "resolutionText": resolution_text,
    }
    if not ctx.omit_internal:
        fields["auxiliaryFile"] = [file(d, ctx, embedded=True) for d in item.oparl_files]
    return _object("AgendaItem", ctx.url("agenda-item", item.pk), item, fields)


# --- Papers, consultations, files, locations -------------------------------------------------
def paper(row, ctx: Context) -> dict:
    main = next((d for d in row.oparl_files if d.is_main_file), None)
    originators = []
    if row.originator_body is not None and row.originator_body.is_public:
        originators.append(ctx.url("organization", row.originator_body_id))
    if row.originator_organisation_id and row.originator_organisation_id in ctx.institution_ids:
        originators.append(ctx.url("institution", row.originator_organisation_id))
    fields = {
        "body": ctx.url("body"),
        "name": row.title,
        "reference": row.reference,
        "date": _date(row.date),
        "paperType": _label(PaperType, row.paper_type),
        "mainFile": file(main, ctx, embedded=True) if main else None,
        "originatorOrganization": originators,
        "consultation": [consultation(c, ctx, embedded=True) for c in row.oparl_consultations],
    }
    if not ctx.omit_internal:
        fields["auxiliaryFile"] = [
            file(d, ctx, embedded=True) for d in row.oparl_files if d is not main
        ]
    return _object(
        "Paper", ctx.url("paper", row.pk), row, fields, web=ctx.page("bodies-public:paper", row.pk)
    )


def consultation(row, ctx: Context, *, embedded: bool = False) -> dict:
    fields = {
        "paper": None if embedded else ctx.url("paper", row.paper_id),
        "agendaItem": ctx.url("agenda-item", row.agenda_item_id) if row.agenda_item_id else None,
        "meeting": ctx.url("meeting", row.meeting_id) if row.meeting_id else None,
        "organization": [ctx.url("organization", row.body_id)],
        "authoritative": row.authoritative,
        "role": _label(ConsultationRole, row.role),
    }
    return _object("Consultation", ctx.url("consultation", row.pk), row, fields)


def file(document, ctx: Context, *, embedded: bool = False) -> dict:
    download = ctx.url("file-download", document.pk)
    fields = {
        "name": document.title,
        "fileName": document.file_name,
        "mimeType": document.mime_type,
        "date": _date(timezone.localdate(document.created_at)),
        "size": document.size,
        "sha1Checksum": document.sha1,
        "sha512Checksum": document.sha512,
        # The public download page shows what a browser can show and offers the rest.
        "accessUrl": ctx.page("bodies-public:document", document.pk) or download,
        "downloadUrl": download,
    }
    if not embedded:
        for key, name, pk in (
            ("paper", "paper", document.paper_id),
            ("meeting", "meeting", document.meeting_id),
            ("agendaItem", "agenda-item", document.agenda_item_id),
        ):
            if pk:
                fields[key] = [ctx.url(name, pk)]
    return _object("File", ctx.url("file", document.pk), document, fields)


def location(row, ctx: Context, *, embedded: bool = False) -> dict:
    fields = {
        "description": row.description,
        "streetAddress": row.street,
        "room": row.room,
        "postalCode": row.postcode,
        "locality": row.city,
        "geojson": (
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row.longitude), float(row.latitude)],
                },
                "properties": {"name": row.description},
            }
            if row.latitude is not None and row.longitude is not None
            else None
        ),
    }
    if embedded:
        # Embedded, it shows only its own row (no back-references), so its own time counts.
        return _object(
            "Location", ctx.url("location", row.pk), row, fields, modified=row.updated_at
        )
    fields["meetings"] = [ctx.url("meeting", m.pk) for m in row.oparl_meetings]
    fields["organizations"] = [ctx.url("organization", b.pk) for b in row.oparl_bodies]
    return _object("Location", ctx.url("location", row.pk), row, fields)


def deleted(tombstone, ctx: Context) -> dict:
    """A removed object as spec 2.8 keeps it: id, type, created, modified (the removal), deleted."""
    kind = tombstone.object_type
    return {
        "id": ctx.url(URL_NAMES[kind], tombstone.object_id),
        "type": type_url("Organization" if kind == "Institution" else kind),
        "created": date_time(tombstone.created),
        "modified": date_time(tombstone.deleted_at),
        "deleted": True,
    }
