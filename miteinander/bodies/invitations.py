"""Invitations to a meeting and their cancellation, by e-mail with a calendar file (RFC 5546).

Each current member with an e-mail address gets one message with the whole agenda (members read
the non-public part too) and `einladung.ics` (METHOD:REQUEST). Sending again after a change goes
out as an update of the same calendar entry: same UID, higher SEQUENCE. A cancellation
(METHOD:CANCEL) takes the entry out of the members' calendars.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from miteinander.core.services import audit_record

from . import calendars, services
from .models import BodyMembership, Meeting, MeetingState


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def recipients(meeting: Meeting) -> list[Recipient]:
    """The body's members on the day of the meeting who can be reached by e-mail, each once.

    The address of the member's account comes first, else that of the contact person.
    """
    day = timezone.localtime(meeting.starts_at).date()
    memberships = (
        BodyMembership.objects.for_municipality(meeting.municipality_id)
        .filter(body_id=meeting.body_id)
        .current(day)
        .select_related("person", "organisation", "user")
        .order_by("role", "id")
    )
    found: dict[str, Recipient] = {}
    for membership in memberships:
        user, person = membership.user, membership.person
        name = person.name if person else ""
        if user is not None and user.is_active and user.email:
            email = user.email
            name = name or user.get_full_name()
        elif person is not None and person.email:
            email = person.email
        else:
            continue
        found.setdefault(email.lower(), Recipient(email=email, name=name))
    return list(found.values())


def meeting_invite(*, meeting: Meeting, acting_user) -> list[str]:
    """Send the invitation (or its update) to every member; returns the addresses."""
    return _send(meeting=meeting, acting_user=acting_user, cancel=False)


def meeting_cancellation_send(*, meeting: Meeting, acting_user) -> list[str]:
    """Cancel the meeting and tell every member, removing it from their calendars."""
    return _send(meeting=meeting, acting_user=acting_user, cancel=True)


@transaction.atomic
def _send(*, meeting: Meeting, acting_user, cancel: bool) -> list[str]:
    if not cancel and meeting.is_cancelled:
        raise ValidationError(
            _(
                "This meeting has been cancelled, so no invitation can be sent. Plan a new "
                "meeting instead."
            )
        )
    reached = recipients(meeting)
    if not reached:
        raise ValidationError(
            _(
                "Nobody can be invited: no current member of %(body)s has an e-mail address. "
                "Give the members an account or a contact person with an e-mail address, "
                "then send again."
            )
            % {"body": meeting.body.name}
        )
    # Serialise sends of the same meeting, so that each one gets its own SEQUENCE.
    stored = Meeting.objects.for_municipality(meeting.municipality_id).select_for_update()
    meeting.invitation_sequence = stored.get(pk=meeting.pk).invitation_sequence + 1
    if cancel:
        meeting.state = MeetingState.CANCELLED
    else:
        meeting.invitation_sent_at = timezone.now()
        if meeting.state == MeetingState.PLANNED:
            meeting.state = MeetingState.INVITED
    services.meeting_save(meeting=meeting, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        action="meeting.cancellation_send" if cancel else "meeting.invite",
        target=meeting,
        summary=str(meeting),
        changes={"recipients": len(reached), "sequence": meeting.invitation_sequence},
    )
    messages = [_message(meeting, recipient, cancel=cancel) for recipient in reached]
    transaction.on_commit(lambda: mail.get_connection().send_messages(messages))
    return [recipient.email for recipient in reached]


def _message(meeting: Meeting, recipient: Recipient, *, cancel: bool) -> mail.EmailMessage:
    """One e-mail in German with the agenda and the calendar file for this recipient."""
    method = "CANCEL" if cancel else "REQUEST"
    template = "cancellation" if cancel else "invitation"
    agenda = calendars.agenda_items(meeting, internal=True)
    with translation.override(settings.LANGUAGE_CODE):
        starts = timezone.localtime(meeting.starts_at)
        slug_pk = {"municipality_slug": meeting.municipality.slug, "pk": meeting.pk}
        base = settings.BASE_URL.rstrip("/")
        context = {
            "municipality": meeting.municipality,
            "meeting": meeting,
            "body": meeting.body,
            "recipient": recipient,
            "starts": starts,
            "ends": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
            "place": calendars.place_text(meeting) if meeting.location_id else "",
            "online_url": meeting.online_url,
            "agenda_public": [item for item in agenda if item.is_public],
            "agenda_private": [item for item in agenda if not item.is_public],
            "meeting_url": calendars.meeting_page_url(meeting),
            "agenda_pdf_url": base + reverse("bodies-public:meeting-agenda-pdf", kwargs=slug_pk),
        }
        placeholders = {
            "body": meeting.body.name,
            "meeting": meeting.name,
            "date": date_format(starts, "DATE_FORMAT"),
        }
        if cancel:
            subject = _("Cancelled: %(body)s – %(meeting)s on %(date)s") % placeholders
        else:
            subject = _("Invitation: %(body)s – %(meeting)s on %(date)s") % placeholders
        text = render_to_string(f"bodies/email/{template}.txt", context)
        html = render_to_string(f"bodies/email/{template}.html", context)
        ics = calendars.meeting_calendar(
            meeting,
            method,
            internal=True,
            attendees=[(recipient.name, recipient.email)],
            organizer=settings.DEFAULT_FROM_EMAIL,
        )
    message = mail.EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    message.attach(_calendar_part(ics, method))
    return message


def _calendar_part(ics: bytes, method: str) -> MIMEText:
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    filename = "absage.ics" if method == "CANCEL" else "einladung.ics"
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
