"""Feedback on an event: a short fixed evaluation form, its summary, and asking participants.

The issue wants the evaluation "built with the survey engine when that exists"; there is no
survey engine yet, so this is a fixed short form (overall rating, what was good, what could be
better, would you come again). When surveys arrive, `feedback_submit` is the one place to
hand the answers over.

Feedback is anonymous: a `Feedback` row has no link to a registration. A registration only
remembers that its person has answered (`feedback_given`), so each registered person answers
once; the event's public feedback link (`Event.feedback_token`, printed as a QR code) lets
people without a registration answer, as often as they come by.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miteinander.core.services import audit_record
from miteinander.municipalities.models import Municipality

from . import calendars
from .models import ComeAgain, Event, EventStatus, Feedback, Registration, RegistrationStatus
from .registrations import build_message, email_context, send_on_commit

# Below this many answers, numbers could point at a person: only the count is shown.
SMALL_GROUP = 5
# How long after its last date an event's participants are still asked for feedback.
REQUEST_WITHIN = datetime.timedelta(days=14)

RATING_CHOICES = [
    (5, gettext_lazy("Very good")),
    (4, gettext_lazy("Good")),
    (3, gettext_lazy("Okay")),
    (2, gettext_lazy("Not so good")),
    (1, gettext_lazy("Poor")),
]


def feedback_open(event: Event, *, now: datetime.datetime | None = None) -> bool:
    """Feedback is taken once the event has begun, for events that ask for it."""
    return (
        event.feedback_enabled
        and event.status == EventStatus.PUBLISHED
        and event.starts_at <= (now or timezone.now())
    )


@transaction.atomic
def feedback_submit(
    *,
    event: Event,
    registration: Registration | None = None,
    rating: int | None,
    liked: str = "",
    improve: str = "",
    come_again: str = "",
    now: datetime.datetime | None = None,
) -> Feedback:
    """Keep one person's evaluation; through a registration's link only once."""
    if not feedback_open(event, now=now):
        raise ValidationError(
            _("This event takes no feedback at the moment. Feedback opens when the event begins.")
        )
    if registration is not None:
        registration = (
            Registration.objects.for_municipality(event.municipality_id)
            .select_for_update()
            .get(pk=registration.pk, event=event)
        )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("Only people who had a place at the event can give feedback through this link.")
            )
        if registration.feedback_given:
            raise ValidationError(
                _("You have already given feedback on this event. Thank you!"), code="given"
            )
    liked, improve = liked.strip(), improve.strip()
    if rating is None and not (liked or improve or come_again):
        raise ValidationError(_("Answer at least one question, then send the form."))
    feedback = Feedback(
        municipality_id=event.municipality_id,
        event=event,
        rating=rating,
        liked=liked,
        improve=improve,
        come_again=come_again,
    )
    feedback.full_clean()
    feedback.save()
    if registration is not None:
        registration.feedback_given = True
        registration.save(update_fields=["feedback_given", "updated_at"])
    return feedback


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    average: float | None
    ratings: list[tuple[int, str, int]]  # (rating, label, answers)
    come_again: list[tuple[str, str, int]]  # (value, label, answers)
    liked: list[str]
    improve: list[str]

    @property
    def shows_numbers(self) -> bool:
        return self.responses >= SMALL_GROUP


def feedback_summary(event: Event) -> FeedbackSummary:
    """Counts per rating and per "would come again", the average, and the written answers.

    With fewer than SMALL_GROUP responses only their number is given (and the written answers,
    which the organiser asked for); the written answers are sorted alphabetically, not by time,
    so they cannot be matched to the moment someone answered.
    """
    rows = Feedback.objects.for_municipality(event.municipality_id).filter(event=event)
    responses = rows.count()
    if responses >= SMALL_GROUP:
        by_rating = dict(
            rows.exclude(rating=None).values_list("rating").annotate(n=Count("pk")).order_by()
        )
        by_come_again = dict(
            rows.exclude(come_again="").values_list("come_again").annotate(n=Count("pk")).order_by()
        )
        average = rows.aggregate(average=Avg("rating"))["average"]
        ratings = [(value, str(label), by_rating.get(value, 0)) for value, label in RATING_CHOICES]
        come_again = [
            (choice.value, str(choice.label), by_come_again.get(choice.value, 0))
            for choice in ComeAgain
        ]
    else:
        average, ratings, come_again = None, [], []
    texts = list(rows.values_list("liked", "improve"))
    return FeedbackSummary(
        responses=responses,
        average=round(average, 1) if average is not None else None,
        ratings=ratings,
        come_again=come_again,
        liked=sorted(liked for liked, _improve in texts if liked),
        improve=sorted(improve for _liked, improve in texts if improve),
    )


def feedback_url(event: Event, token, *, language: str | None = None) -> str:
    """The absolute address of the feedback form for a registration's or the event's token."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        path = reverse(
            "events-public:feedback",
            kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk, "token": token},
        )
    return calendars.absolute(path)


def feedback_requests_send(*, now: datetime.datetime | None = None) -> int:
    """Ask the participants of events that ended in the last two weeks for feedback, once.

    Everyone with a confirmed place and an e-mail address gets the link in their language;
    when the organiser used the check-in, only those who came. Returns the e-mails sent.
    """
    now = now or timezone.now()
    sent = 0
    for town in Municipality.objects.active().order_by("pk"):
        due = Event.objects.for_municipality(town).filter(
            status=EventStatus.PUBLISHED,
            feedback_enabled=True,
            registration_enabled=True,
            feedback_requested_at__isnull=True,
            series_ends_at__lte=now,
            series_ends_at__gt=now - REQUEST_WITHIN,
        )
        for event_id in due.values_list("pk", flat=True):
            sent += _request_feedback(town, event_id, now)
    return sent


@transaction.atomic
def _request_feedback(town, event_id: int, now: datetime.datetime) -> int:
    event = (
        Event.objects.for_municipality(town)
        .select_for_update()
        .select_related("municipality")
        .get(pk=event_id)
    )
    if event.feedback_requested_at is not None:  # another run was quicker
        return 0
    people = Registration.objects.for_municipality(town).filter(
        event=event,
        status=RegistrationStatus.CONFIRMED,
        erased_at__isnull=True,
        feedback_given=False,
    )
    if people.filter(checked_in_at__isnull=False).exists():
        people = people.filter(checked_in_at__isnull=False)
    messages = [_request(registration) for registration in people.exclude(email="")]
    event.feedback_requested_at = now
    event.save(update_fields=["feedback_requested_at"])
    audit_record(
        actor=None,
        action="event.feedback_request",
        target=event,
        summary=str(event),
        changes={"recipients": len(messages)},
    )
    send_on_commit(messages)
    return len(messages)


def _request(registration: Registration):
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = email_context(registration, language)
        context["feedback_url"] = feedback_url(
            registration.event, registration.token, language=language
        )
        subject = _("How was it? %(event)s") % {"event": context["text"].title}
        text = render_to_string("events/email/feedback_request.txt", context)
        html = render_to_string("events/email/feedback_request.html", context)
    return build_message(subject=subject, text=text, html=html, to=registration.email)
