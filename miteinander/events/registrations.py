"""Registrations for events: registering, the waiting list, cancelling, check-in and erasure.

Places are handed out under a lock on the event's row (`select_for_update`; SQLite serialises
writers anyway with IMMEDIATE transactions), so two people asking for the last place at the same
moment never both get it: the second one joins the waiting list or is told the event is full.
Whoever cancels a confirmed place frees it for the first person on the waiting list, who is
told by e-mail.

Participants hear from us in the language they registered in, with the event as a calendar
file and the link to their registration page, where they can cancel without an account.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miteinander.core.languages import CODES as LANGUAGE_CODES
from miteinander.core.services import audit_record
from miteinander.municipalities.models import Municipality

from . import calendars, diversity
from .models import Event, EventStatus, Registration, RegistrationStatus
from .selectors import texts

DOUBLE_REGISTRATION = gettext_lazy(
    "This e-mail address is already registered for this event. The confirmation e-mail has "
    "the link to your registration; to register someone else, use their e-mail address."
)
REGISTRATION_CLOSED = gettext_lazy(
    "Registration for this event is closed. Ask the organiser if you would still like to take part."
)
EVENT_FULL = gettext_lazy(
    "The event is full. All places are taken and there is no waiting list, so you cannot "
    "register any more."
)
# The constraint whose violation means "registered twice" (see models.Registration.Meta).
_UNIQUE_EMAIL = "unique_active_registration_per_email"
# How many dates of a repeating event an e-mail lists.
DATES_IN_EMAIL = 10


# --- Registering ------------------------------------------------------------------------------
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str = "",
    language: str,
    user=None,
    interpreting_into: str = "",
    needs_step_free_access: bool = False,
    childcare_children: int = 0,
    other_needs: str = "",
    diversity_answers: dict[str, str] | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone for the whole event: a place if one is free, else the waiting list.

    `diversity_answers` ({dimension: value}) is the optional anonymous self-description: it only
    increments the event's counters, in the same transaction, and is never kept with the
    registration. The confirmation e-mail leaves once the registration is committed.
    """
    try:
        with transaction.atomic():
            registration = _register(
                event=event,
                name=name.strip(),
                email=email.strip(),
                phone=phone.strip(),
                language=language,
                user=user if getattr(user, "is_authenticated", False) else None,
                interpreting_into=interpreting_into,
                needs_step_free_access=needs_step_free_access,
                childcare_children=childcare_children or 0,
                other_needs=other_needs.strip(),
                diversity_answers=diversity_answers,
                now=now or timezone.now(),
            )
    except IntegrityError as error:
        # Someone registered the same address in the very same moment (a double click, say).
        if _UNIQUE_EMAIL in str(error):
            raise ValidationError({"email": DOUBLE_REGISTRATION}) from None
        raise
    return registration


def _register(*, event, diversity_answers, now, **fields) -> Registration:
    locked = _lock(event)
    if not locked.registration_is_open(now=now):
        raise ValidationError(REGISTRATION_CLOSED, code="closed")
    if not fields["name"]:
        raise ValidationError({"name": _("Give a name or a pseudonym.")})
    if not fields["email"]:
        raise ValidationError(
            {"email": _("Give your e-mail address, so that we can send you the confirmation.")}
        )
    if fields["interpreting_into"] and fields["interpreting_into"] not in LANGUAGE_CODES:
        raise ValidationError({"interpreting_into": _("Choose a language from the list.")})
    if fields["childcare_children"] and not locked.childcare:
        raise ValidationError(
            {"childcare_children": _("This event offers no childcare. Leave the field empty.")}
        )
    if _registrations(locked).active().filter(email__iexact=fields["email"]).exists():
        raise ValidationError({"email": DOUBLE_REGISTRATION}, code="double")
    # People already waiting go first, should places have been freed without moving them up.
    _fill_waiting_list(locked, now=now)
    status = RegistrationStatus.CONFIRMED
    if locked.capacity is not None and _places_taken(locked) >= locked.capacity:
        if not locked.waiting_list:
            raise ValidationError(EVENT_FULL, code="full")
        status = RegistrationStatus.WAITING
    registration = Registration(
        municipality_id=locked.municipality_id, event=locked, status=status, **fields
    )
    # The unique e-mail constraint was checked above; the database holds it against races.
    registration.full_clean(validate_constraints=False)
    if diversity_answers and diversity.has_answers(diversity_answers):
        diversity.diversity_record(event=locked, answers=diversity_answers)
        registration.described_diversity = True
    registration.save()
    if status == RegistrationStatus.WAITING:
        message = _message(registration, "waiting", position=waiting_position(registration))
    else:
        message = _message(registration, "confirmed", calendar_method="PUBLISH")
    send_on_commit([message, *_organiser_messages(registration)])
    return registration


def _lock(event: Event) -> Event:
    """The event's row, locked until the transaction ends; call inside `transaction.atomic`."""
    return (
        Event.objects.for_municipality(event.municipality_id)
        .select_for_update()
        .select_related("municipality")
        .get(pk=event.pk)
    )


def _registrations(event: Event) -> QuerySet:
    return Registration.objects.for_municipality(event.municipality_id).filter(event=event)


def _places_taken(event: Event) -> int:
    return _registrations(event).confirmed().count()


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = (
        _registrations(registration.event)
        .waiting()
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
    )
    return ahead.count() + 1


# --- The waiting list -------------------------------------------------------------------------
def _fill_waiting_list(event: Event, *, now: datetime.datetime) -> list[Registration]:
    """Give free places to the people waiting longest; the event's row must be locked."""
    if event.status != EventStatus.PUBLISHED or event.series_ends_at <= now:
        return []
    waiting = _registrations(event).waiting()
    if event.capacity is not None:
        free = event.capacity - _places_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    moved = list(waiting)
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.moved_up_at = now
        registration.save(update_fields=["status", "moved_up_at", "updated_at"])
    send_on_commit([_message(r, "moved_up", calendar_method="PUBLISH") for r in moved if r.email])
    return moved


@transaction.atomic
def waiting_list_fill(*, event: Event, now: datetime.datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list into free places (after the organiser added some).

    Each one is told by e-mail. Returns the registrations that moved up.
    """
    return _fill_waiting_list(_lock(event), now=now or timezone.now())


# --- Cancelling -------------------------------------------------------------------------------
@transaction.atomic
def registration_cancel(
    *, registration: Registration, acting_user=None, now: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration; a freed place goes to the first person on the waiting list.

    Without `acting_user` the participant cancels through their link; with it, the organiser
    cancels, which is audited. The participant is told by e-mail either way.
    """
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = _registrations(event).select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if acting_user is None and event.series_ends_at <= now:
        raise ValidationError(_("The event is over, so there is nothing left to cancel."))
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if acting_user is not None:
        audit_record(
            actor=acting_user,
            action="event.registration_cancel",
            target=registration,
            summary=str(event),
        )
    if registration.email and not registration.erased_at:
        send_on_commit([_message(registration, "cancelled", by_organiser=acting_user is not None)])
    if freed:
        _fill_waiting_list(event, now=now)
    return registration


def event_cancelled_notify(*, event: Event) -> int:
    """Tell everyone registered that the event was called off (with a calendar CANCEL).

    Called by `services.event_cancel` inside its transaction; the e-mails leave on commit.
    Returns the number of people told.
    """
    people = [
        registration
        for registration in _registrations(event).active().filter(erased_at__isnull=True)
        if registration.email
    ]
    send_on_commit(
        [
            _message(registration, "event_cancelled", calendar_method="CANCEL")
            for registration in people
        ]
    )
    return len(people)


# --- Check-in ---------------------------------------------------------------------------------
@transaction.atomic
def registration_check_in(
    *, registration: Registration, acting_user, checked_in: bool = True
) -> Registration:
    """Mark someone as arrived (or undo it). Checking in someone from the waiting list gives
    them their place: they are there."""
    event = _lock(registration.event)
    registration = _registrations(event).select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(
            _(
                "This registration was cancelled. Record the person as coming without "
                "registration instead."
            )
        )
    if event.is_cancelled:
        raise ValidationError(_("The event was cancelled, so nobody can be checked in."))
    now = timezone.now()
    if checked_in and registration.status == RegistrationStatus.WAITING:
        registration.status = RegistrationStatus.CONFIRMED
        registration.moved_up_at = now
    if checked_in and registration.checked_in_at is None:
        registration.checked_in_at = now
    elif not checked_in:
        registration.checked_in_at = None
    registration.save(update_fields=["status", "moved_up_at", "checked_in_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action="event.check_in" if checked_in else "event.check_in_undo",
        target=registration,
        summary=str(event),
    )
    return registration


@transaction.atomic
def walk_in_record(*, event: Event, acting_user, name: str = "") -> Registration:
    """Record someone who came without registering; a name is optional."""
    event = _lock(event)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Only people at a published event can be recorded."))
    now = timezone.now()
    registration = Registration(
        municipality_id=event.municipality_id,
        event=event,
        name=name.strip(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        status=RegistrationStatus.CONFIRMED,
        is_walk_in=True,
        checked_in_at=now,
    )
    if registration.language not in dict(settings.LANGUAGES):
        registration.language = settings.LANGUAGE_CODE
    registration.full_clean()
    registration.save()
    audit_record(actor=acting_user, action="event.walk_in", target=registration, summary=str(event))
    return registration


# --- Erasure ----------------------------------------------------------------------------------
def registrations_erase_expired(*, now: datetime.datetime | None = None) -> int:
    """Erase participants' personal data of events whose last date ended longer ago than
    EVENT_REGISTRATION_RETENTION_DAYS.

    Status, needs and check-in stay, so numbers of participants can still be counted. Every
    town is visited, inactive ones too: erasure is owed to the participants either way.
    Returns the number of registrations erased.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EVENT_REGISTRATION_RETENTION_DAYS)
    erased = 0
    for town in Municipality.objects.order_by("pk"):
        with transaction.atomic():
            count = (
                Registration.objects.for_municipality(town)
                .filter(event__series_ends_at__lt=cutoff, erased_at__isnull=True)
                .update(
                    name="",
                    email="",
                    phone="",
                    other_needs="",
                    user=None,
                    erased_at=now,
                    updated_at=now,
                )
            )
            if count:
                audit_record(
                    actor=None,
                    action="event.registrations_erase",
                    municipality=town,
                    summary=_("%(count)s registrations erased") % {"count": count},
                    changes={"count": count, "before": cutoff.isoformat()},
                )
        erased += count
    return erased


# --- Reads for the participant pages ----------------------------------------------------------
def registration_by_token(*, municipality, token) -> Registration | None:
    return (
        Registration.objects.for_municipality(municipality)
        .select_related("event", "event__kind", "event__meeting_place", "event__municipality")
        .filter(token=token)
        .first()
    )


@dataclass(frozen=True)
class Counts:
    confirmed: int
    waiting: int
    cancelled: int
    checked_in: int
    walk_ins: int
    places_left: int | None


def counts(event: Event) -> Counts:
    numbers = _registrations(event).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        checked_in=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
        walk_ins=Count("pk", filter=Q(is_walk_in=True, status=RegistrationStatus.CONFIRMED)),
    )
    left = None if event.capacity is None else max(event.capacity - numbers["confirmed"], 0)
    return Counts(**numbers, places_left=left)


@dataclass(frozen=True)
class NeedsSummary:
    """What the organiser has to arrange for the people with a place."""

    interpreting: list[tuple[str, int]]  # (language code, people)
    step_free: int
    children: int
    other: int

    @property
    def any(self) -> bool:
        return bool(self.interpreting or self.step_free or self.children or self.other)


def needs_summary(event: Event) -> NeedsSummary:
    confirmed = _registrations(event).confirmed()
    interpreting = (
        confirmed.exclude(interpreting_into="")
        .values("interpreting_into")
        .annotate(people=Count("pk"))
        .order_by("-people", "interpreting_into")
    )
    children = confirmed.aggregate(children=Sum("childcare_children"))["children"]
    return NeedsSummary(
        interpreting=[(row["interpreting_into"], row["people"]) for row in interpreting],
        step_free=confirmed.filter(needs_step_free_access=True).count(),
        children=children or 0,
        other=confirmed.exclude(other_needs="").count(),
    )


def participant_lists(event: Event) -> dict[str, list[Registration]]:
    """The event's registrations as the organiser's list shows them: by status."""
    rows = list(_registrations(event).order_by("created_at", "pk"))
    return {
        "confirmed": [r for r in rows if r.status == RegistrationStatus.CONFIRMED],
        "waiting": [r for r in rows if r.status == RegistrationStatus.WAITING],
        "cancelled": [r for r in rows if r.status == RegistrationStatus.CANCELLED],
    }


def check_in_rows(event: Event, *, query: str = "") -> QuerySet:
    """People who may arrive: confirmed and waiting, walk-ins included, found by name."""
    rows = _registrations(event).active().order_by("name", "created_at", "pk")
    query = query.strip()
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return rows


# --- E-mails ----------------------------------------------------------------------------------
_SUBJECTS = {
    "confirmed": gettext_lazy("Registration confirmed: %(event)s"),
    "waiting": gettext_lazy("On the waiting list: %(event)s"),
    "moved_up": gettext_lazy("You have a place now: %(event)s"),
    "cancelled": gettext_lazy("Registration cancelled: %(event)s"),
    "event_cancelled": gettext_lazy("Cancelled: %(event)s"),
}


def email_context(registration: Registration, language: str) -> dict:
    """What every e-mail about a registration shows; call inside translation.override."""
    event = registration.event
    zone = timezone.get_default_timezone()
    dates = [
        (o.starts_at.astimezone(zone), o.ends_at.astimezone(zone)) for o in event.occurrences()
    ]
    return {
        "municipality": event.municipality,
        "event": event,
        "text": texts(event, language),
        "registration": registration,
        "dates": dates[:DATES_IN_EMAIL],
        "more_dates": max(len(dates) - DATES_IN_EMAIL, 0),
        # The online link is for people with a place, not for the waiting list.
        "place": calendars.place_text(event, with_online_link=_has_place(registration)),
        "registration_url": calendars.absolute(registration.get_public_url()),
    }


def _has_place(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def _message(
    registration: Registration,
    template: str,
    *,
    calendar_method: str | None = None,
    **extra,
) -> mail.EmailMultiAlternatives:
    """One e-mail to the participant in the language they registered in."""
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = email_context(registration, language) | extra
        subject = _SUBJECTS[template] % {"event": context["text"].title}
        text = render_to_string(f"events/email/{template}.txt", context)
        html = render_to_string(f"events/email/{template}.html", context)
        ics = (
            calendars.event_calendar(
                registration.event,
                language=language,
                method=calendar_method,
                for_participants=_has_place(registration),
            )
            if calendar_method
            else None
        )
    # Replies go to the organiser, who can answer participants' questions.
    return build_message(
        subject=subject,
        text=text,
        html=html,
        to=registration.email,
        ics=ics,
        method=calendar_method,
        reply_to=registration.event.contact_email,
    )


def _organiser_messages(registration: Registration) -> list[mail.EmailMessage]:
    """Tell the event's contact address (in German) that someone registered: numbers and the
    link to the list, no personal data, since an e-mail leaves the platform's access control."""
    event = registration.event
    if not event.contact_email:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "events:participants",
            kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk},
        )
        context = {
            "municipality": event.municipality,
            "event": event,
            "text": texts(event, settings.LANGUAGE_CODE),
            "registration": registration,
            "counts": counts(event),
            "participants_url": calendars.absolute(path),
        }
        subject = _("New registration: %(event)s") % {"event": event.title}
        text = render_to_string("events/email/organiser_registration.txt", context)
        html = render_to_string("events/email/organiser_registration.html", context)
    return [build_message(subject=subject, text=text, html=html, to=event.contact_email)]


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    to: str,
    ics: bytes | None = None,
    method=None,
    reply_to: str = "",
) -> mail.EmailMultiAlternatives:
    """An e-mail with text and HTML body and, if given, a calendar file."""
    message = mail.EmailMultiAlternatives(
        subject=" ".join(str(subject).split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    if ics is not None:
        part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", method)
        filename = "absage.ics" if method == "CANCEL" else "veranstaltung.ics"
        part.add_header("Content-Disposition", "attachment", filename=filename)
        message.attach(part)
    return message


def send_on_commit(messages: list[mail.EmailMessage]) -> None:
    """Send once the transaction commits; a mail server that is down does not undo a
    registration that the participant's page already shows (the failure is logged)."""
    if messages:
        transaction.on_commit(lambda: mail.get_connection().send_messages(messages), robust=True)
