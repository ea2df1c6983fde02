"""Writes of bodies and meetings. Each runs in one transaction, leaves an audit row and keeps
OParl's record of removed objects (see `visibility.tracking_public_view`) up to date.

Forms build the unsaved instance; the `*_save` services check it completely (`full_clean`), store
it and record what changed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from miteinander.core.services import audit_record

from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMembership,
    Consultation,
    Decision,
    Document,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingSeries,
    MeetingState,
    Paper,
)
from .visibility import tracking_public_view


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name
    return value


def _changes(instance: models.Model) -> dict:
    """{field: [before, after]} against the stored row, for the audit log."""
    if instance.pk is None:
        return {}
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return {}
    changes = {}
    for field in instance._meta.concrete_fields:
        before, after = getattr(stored, field.attname), getattr(instance, field.attname)
        if before != after and field.name not in {"updated_at", "created_at"}:
            changes[field.name] = [_plain(before), _plain(after)]
    return changes


def _save(instance, *, acting_user, action: str, summary: str = "") -> None:
    """Check, store and audit one row; the caller holds the transaction."""
    creating = instance.pk is None
    changes = _changes(instance)
    instance.full_clean()
    with tracking_public_view(instance.municipality):
        instance.save()
    if creating or changes:
        audit_record(
            actor=acting_user,
            action=f"{action}.{'create' if creating else 'update'}",
            target=instance,
            summary=summary or str(instance),
            changes=changes,
        )


def _delete(instance, *, acting_user, action: str) -> None:
    municipality = instance.municipality
    summary = str(instance)
    audit_record(actor=acting_user, action=f"{action}.delete", target=instance, summary=summary)
    with tracking_public_view(municipality):
        instance.delete()


def _touch(*rows) -> None:
    """Mark rows as changed now: OParl clients see a changed `modified` on the object that
    embedded something deleted (an agenda item's decision, a paper's file)."""
    now = timezone.now()
    for row in rows:
        if row is not None and row.pk is not None:
            type(row).objects.for_municipality(row.municipality_id).filter(pk=row.pk).update(
                updated_at=now
            )


@transaction.atomic
def legislative_term_save(*, term: LegislativeTerm, acting_user) -> LegislativeTerm:
    _save(term, acting_user=acting_user, action="legislative_term")
    return term


@transaction.atomic
def location_save(*, location: Location, acting_user) -> Location:
    _save(location, acting_user=acting_user, action="location")
    return location


@transaction.atomic
def body_save(*, body: Body, acting_user) -> Body:
    """Create or change a body; making it internal takes everything of it out of public view."""
    _save(body, acting_user=acting_user, action="body")
    return body


@transaction.atomic
def body_delete(*, body: Body, acting_user) -> None:
    _delete(body, acting_user=acting_user, action="body")


@transaction.atomic
def membership_save(*, membership: BodyMembership, acting_user) -> BodyMembership:
    """Add or change a membership; a term overlapping the same member's other term is refused."""
    # Serialise concurrent saves of the same body so that two overlapping terms cannot both pass
    # the overlap check.
    Body.objects.for_municipality(membership.municipality).select_for_update().filter(
        pk=membership.body_id
    ).first()
    _save(membership, acting_user=acting_user, action="body_membership")
    return membership


@transaction.atomic
def membership_delete(*, membership: BodyMembership, acting_user) -> None:
    body, person = membership.body, membership.person
    _delete(membership, acting_user=acting_user, action="body_membership")
    _touch(body, person)


@transaction.atomic
def series_save(*, series: MeetingSeries, acting_user) -> MeetingSeries:
    _save(series, acting_user=acting_user, action="meeting_series")
    return series


@transaction.atomic
def series_plan_rounds(
    *,
    series: MeetingSeries,
    starts: Iterable[datetime.datetime],
    duration: datetime.timedelta,
    location: Location | None,
    acting_user,
    name_pattern: str = "",
) -> list[Meeting]:
    """Create a series and its rounds ("Sitzungsrunde 1", "2", "3") in one go."""
    series_save(series=series, acting_user=acting_user)
    if not name_pattern:
        # Meeting names are content, kept in the platform's language whatever the page's.
        with translation.override(settings.LANGUAGE_CODE):
            name_pattern = _("Session round %(number)s")
    pattern = name_pattern
    meetings = []
    for number, start in enumerate(sorted(starts), start=1):
        meeting = Meeting(
            municipality=series.municipality,
            body=series.body,
            series=series,
            name=pattern % {"number": number},
            starts_at=start,
            ends_at=start + duration,
            location=location,
            is_public=series.body.is_public,
        )
        meetings.append(meeting_save(meeting=meeting, acting_user=acting_user))
    return meetings


@transaction.atomic
def meeting_save(*, meeting: Meeting, acting_user) -> Meeting:
    """Create or change a meeting.

    Invitations already sent stay valid: a changed time or place goes out again with the next
    `meeting_invite`, as an update of the same calendar entry.
    """
    _save(meeting, acting_user=acting_user, action="meeting")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, acting_user) -> Meeting:
    meeting.state = MeetingState.CANCELLED
    _save(meeting, acting_user=acting_user, action="meeting")
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, acting_user) -> None:
    _delete(meeting, acting_user=acting_user, action="meeting")


@transaction.atomic
def minutes_release(*, meeting: Meeting, acting_user) -> Meeting:
    """Release the minutes: the public now sees minutes and decisions of public items."""
    if meeting.minutes_released_at is None:
        meeting.minutes_released_at = timezone.now()
        if meeting.state in (MeetingState.PLANNED, MeetingState.INVITED):
            meeting.state = MeetingState.HELD
        _save(meeting, acting_user=acting_user, action="meeting", summary=_("Minutes released"))
    return meeting


@transaction.atomic
def minutes_withdraw(*, meeting: Meeting, acting_user) -> Meeting:
    meeting.minutes_released_at = None
    _save(meeting, acting_user=acting_user, action="meeting", summary=_("Minutes withdrawn"))
    return meeting


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, acting_user) -> AgendaItem:
    """Add an item (at the end unless a position is given) or change one."""
    if item.position is None:
        Meeting.objects.for_municipality(item.municipality).select_for_update().filter(
            pk=item.meeting_id
        ).first()
        highest = (
            AgendaItem.objects.for_municipality(item.municipality)
            .filter(meeting_id=item.meeting_id)
            .aggregate(Max("position"))["position__max"]
        )
        item.position = (highest or 0) + 1
    if not item.number:
        item.number = str(item.position)
    _save(item, acting_user=acting_user, action="agenda_item")
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    """Delete an item with its minutes and decisions; the items after it close the gap."""
    meeting = item.meeting
    _delete(item, acting_user=acting_user, action="agenda_item")
    _touch(meeting)
    remaining = list(
        AgendaItem.objects.for_municipality(meeting.municipality)
        .filter(meeting=meeting)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if remaining:
        agenda_reorder(meeting=meeting, item_ids=remaining, acting_user=acting_user)


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, item_ids: list[int], acting_user) -> None:
    """Put the meeting's items in the given order; numbers that were positions follow along."""
    items = {
        item.pk: item
        for item in AgendaItem.objects.for_municipality(meeting.municipality).filter(
            meeting=meeting
        )
    }
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("The new order must name every item of this agenda once."))
    # Move everything out of the way first: positions are unique per meeting.
    offset = len(items) + 1000
    for item in items.values():
        item.position += offset
        item.save(update_fields=["position"])
    for position, pk in enumerate(item_ids, start=1):
        item = items[pk]
        renumber = item.number == str(item.position - offset)
        item.position = position
        if renumber:
            item.number = str(position)
        item.save(update_fields=["position", "number", "updated_at"])
    audit_record(
        actor=acting_user,
        action="meeting.reorder_agenda",
        target=meeting,
        changes={"order": item_ids},
    )


def _present_voting_members(meeting: Meeting) -> int | None:
    """How many voting members attended, or None when attendance was not recorded."""
    attendances = Attendance.objects.for_municipality(meeting.municipality).filter(meeting=meeting)
    if not attendances.exists():
        return None
    return attendances.filter(
        status=AttendanceStatus.PRESENT,
        membership__isnull=False,
        membership__has_voting_right=True,
    ).count()


@transaction.atomic
def decision_save(*, decision: Decision, acting_user) -> Decision:
    """Record a decision on an agenda item; the consultations treated there take its result."""
    item = decision.agenda_item if decision.agenda_item_id else None
    if item is None or item.municipality_id != decision.municipality_id:
        raise ValidationError({"agenda_item": _("This agenda item does not exist.")})
    counts = (decision.votes_for, decision.votes_against, decision.abstentions)
    if all(count is not None for count in counts):
        present = _present_voting_members(item.meeting)
        cast = sum(counts)
        if present is not None and cast > present:
            raise ValidationError(
                {
                    "votes_for": _(
                        "%(cast)s votes were counted but only %(present)s voting members were "
                        "present. Check the counts or the attendance list."
                    )
                    % {"cast": cast, "present": present}
                }
            )
    _save(decision, acting_user=acting_user, action="decision")
    consultations = Consultation.objects.for_municipality(decision.municipality).filter(
        agenda_item=item
    )
    for consultation in consultations:
        if consultation.result != decision.kind:
            consultation.result = decision.kind
            _save(consultation, acting_user=acting_user, action="consultation")
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, acting_user) -> None:
    item = decision.agenda_item
    _delete(decision, acting_user=acting_user, action="decision")
    _touch(item, item.meeting)


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    statuses: dict[int, str],
    guests: Iterable[str] = (),
    acting_user,
) -> None:
    """Set the attendance list of a meeting: membership id -> status, plus guests by name."""
    memberships = {
        m.pk: m
        for m in BodyMembership.objects.for_municipality(meeting.municipality).filter(
            body=meeting.body
        )
    }
    unknown = set(statuses) - set(memberships)
    if unknown:
        raise ValidationError(_("Only members of this body can be on its attendance list."))
    invalid = set(statuses.values()) - set(AttendanceStatus.values)
    if invalid:
        raise ValidationError(_("Choose present, excused or absent for every member."))
    attendances = Attendance.objects.for_municipality(meeting.municipality).filter(meeting=meeting)
    attendances.delete()
    Attendance.objects.bulk_create(
        [
            Attendance(
                municipality=meeting.municipality, meeting=meeting, membership_id=pk, status=s
            )
            for pk, s in statuses.items()
        ]
        + [
            Attendance(municipality=meeting.municipality, meeting=meeting, guest_name=name.strip())
            for name in guests
            if name.strip()
        ]
    )
    audit_record(
        actor=acting_user,
        action="meeting.attendance",
        target=meeting,
        changes={"statuses": {str(k): v for k, v in statuses.items()}},
    )


@transaction.atomic
def paper_save(*, paper: Paper, acting_user, measures: Iterable | None = None) -> Paper:
    _save(paper, acting_user=acting_user, action="paper")
    if measures is not None:
        measures = list(measures)
        if any(m.municipality_id != paper.municipality_id for m in measures):
            raise ValidationError({"measures": _("Choose measures of this town.")})
        paper.measures.set(measures)
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, acting_user) -> None:
    _delete(paper, acting_user=acting_user, action="paper")


@transaction.atomic
def consultation_save(*, consultation: Consultation, acting_user) -> Consultation:
    """Add a station to a paper's way, or change one; by default it goes at the end."""
    if consultation.pk is None and not consultation.position:
        highest = (
            Consultation.objects.for_municipality(consultation.municipality)
            .filter(paper_id=consultation.paper_id)
            .aggregate(Max("position"))["position__max"]
        )
        consultation.position = (highest or 0) + 1
    if consultation.agenda_item_id and not consultation.result:
        latest = consultation.agenda_item.decisions.order_by("-id").first()
        if latest is not None:
            consultation.result = latest.kind
    _save(consultation, acting_user=acting_user, action="consultation")
    return consultation


@transaction.atomic
def consultation_delete(*, consultation: Consultation, acting_user) -> None:
    paper, item = consultation.paper, consultation.agenda_item
    _delete(consultation, acting_user=acting_user, action="consultation")
    _touch(paper, item)


def _checksums(uploaded) -> tuple[str, str]:
    sha1, sha512 = hashlib.sha1(usedforsecurity=False), hashlib.sha512()
    for chunk in uploaded.chunks():
        sha1.update(chunk)
        sha512.update(chunk)
    uploaded.seek(0)
    return sha1.hexdigest(), sha512.hexdigest()


def document_check_upload(uploaded) -> None:
    """Refuse files that are too large or of a kind we do not keep, with a message saying so."""
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in Document.ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Files of this kind cannot be uploaded. Use one of: %(kinds)s.")
                % {"kinds": ", ".join(Document.ALLOWED_EXTENSIONS)}
            }
        )
    if uploaded.size > Document.MAX_SIZE:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)s MB. Upload a smaller file.")
                % {"size": Document.MAX_SIZE // (1024 * 1024)}
            }
        )


@transaction.atomic
def document_upload(*, document: Document, uploaded, acting_user) -> Document:
    """Store an uploaded file with its name, type, size and checksums."""
    document_check_upload(uploaded)
    document.file_name = uploaded.name.rsplit("/", 1)[-1][:255]
    document.mime_type = Document.guess_mime_type(document.file_name)
    document.size = uploaded.size
    document.sha1, document.sha512 = _checksums(uploaded)
    document.file = uploaded
    if not document.title:
        document.title = document.file_name
    _save(document, acting_user=acting_user, action="document")
    return document


@transaction.atomic
def document_save(*, document: Document, acting_user) -> Document:
    """Change a document's title or visibility (the file itself is replaced by a new upload)."""
    _save(document, acting_user=acting_user, action="document")
    return document


@transaction.atomic
def document_delete(*, document: Document, acting_user) -> None:
    stored = document.file
    owners = (document.paper, document.meeting, document.agenda_item)
    _delete(document, acting_user=acting_user, action="document")
    _touch(*owners)
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def action_item_save(*, item: ActionItem, acting_user) -> ActionItem:
    if item.status == ActionItemStatus.OPEN:
        item.completed_on = None
    elif item.completed_on is None:
        item.completed_on = timezone.localdate()
    _save(item, acting_user=acting_user, action="action_item")
    return item


@transaction.atomic
def action_item_complete(*, item: ActionItem, acting_user) -> ActionItem:
    item.status = ActionItemStatus.DONE
    item.completed_on = timezone.localdate()
    _save(item, acting_user=acting_user, action="action_item")
    return item
