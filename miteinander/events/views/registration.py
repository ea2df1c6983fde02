"""Public pages of registration: register, see and cancel one's registration, give feedback.

A registration is reached by the token in the confirmation e-mail's link, without an account;
those pages are never cached or indexed and send no referrer, so the token stays with its owner.
Events the public may not see answer 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from miteinander.core.languages import language_label

from .. import calendars, feedback, registrations
from ..diversity import SMALL_GROUP
from ..forms.registration import FeedbackForm, RegistrationForm
from ..models import Event, Registration, RegistrationStatus
from ..selectors import texts

FORM_METHODS = ["GET", "POST"]


def _public_event(request, pk: int) -> Event:
    try:
        return (
            Event.objects.for_municipality(request.municipality)
            .public()
            .select_related("kind", "organiser", "meeting_place")
            .prefetch_related("translations")
            .get(pk=pk)
        )
    except Event.DoesNotExist:
        raise Http404 from None


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a participant's token: personal, so neither cached, indexed nor referred."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def show_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field where the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _language() -> str:
    return translation.get_language() or "de"


def _event_context(event: Event) -> dict:
    return {"event": event, "text": texts(event, _language()), "place": calendars.place_text(event)}


@require_http_methods(FORM_METHODS)
def register(request, pk: int):
    event = _public_event(request, pk)
    if not event.registration_enabled:
        raise Http404
    is_open = event.registration_is_open()
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, event=event, initial=initial
    )
    if request.method == "POST" and is_open and form.is_valid():
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        else:
            try:
                registration = registrations.registration_create(
                    event=event,
                    language=_language(),
                    user=request.user,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                return redirect(registration.get_public_url())
    counts = registrations.counts(event)
    response = render(
        request,
        "events/public/registration/register.html",
        _event_context(event)
        | {
            "form": form,
            "is_open": is_open and not event.is_cancelled,
            "counts": counts,
            "full": counts.places_left == 0,
            "retention_days": settings.EVENT_REGISTRATION_RETENTION_DAYS,
        },
    )
    return _private(response) if request.user.is_authenticated else response


def _by_token(request, token) -> Registration:
    registration = registrations.registration_by_token(
        municipality=request.municipality, token=token
    )
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET"])
def registration_detail(request, token):
    registration = _by_token(request, token)
    event = registration.event
    active = registration.status != RegistrationStatus.CANCELLED
    can_give_feedback = (
        active
        and registration.status == RegistrationStatus.CONFIRMED
        and not registration.feedback_given
        and feedback.feedback_open(event)
    )
    response = render(
        request,
        "events/public/registration/registration.html",
        _event_context(event)
        | {
            "registration": registration,
            "position": registrations.waiting_position(registration),
            "can_cancel": active and not event.is_cancelled and not _over(event),
            "can_give_feedback": can_give_feedback,
            "interpreting_label": _language_label(registration.interpreting_into),
        },
    )
    return _private(response)


def _over(event: Event) -> bool:
    return event.series_ends_at <= timezone.now()


def _language_label(code: str) -> str:
    return language_label(code) if code else ""


@require_http_methods(FORM_METHODS)
def registration_cancel(request, token):
    registration = _by_token(request, token)
    if request.method == "POST":
        try:
            registrations.registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect(registration.get_public_url())
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect(registration.get_public_url())
    response = render(
        request,
        "events/public/registration/cancel.html",
        _event_context(registration.event) | {"registration": registration},
    )
    return _private(response)


@require_http_methods(FORM_METHODS)
def feedback_form(request, pk: int, token):
    event = _public_event(request, pk)
    registration = None
    if token != event.feedback_token:
        registration = (
            Registration.objects.for_municipality(request.municipality)
            .filter(event=event, token=token)
            .first()
        )
        if registration is None:
            raise Http404
    is_open = feedback.feedback_open(event)
    already = registration is not None and registration.feedback_given
    if registration is not None and registration.status != RegistrationStatus.CONFIRMED:
        is_open = False
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_open and not already and form.is_valid():
        if form.is_spam():
            form.add_error(None, _("The form could not be sent. Please try again."))
        else:
            data = form.cleaned_data
            try:
                feedback.feedback_submit(
                    event=event,
                    registration=registration,
                    rating=data["rating"],
                    liked=data["liked"],
                    improve=data["improve"],
                    come_again=data["come_again"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Thank you for your feedback!"))
                return redirect(request.path)
    response = render(
        request,
        "events/public/registration/feedback.html",
        _event_context(event)
        | {
            "form": form,
            "is_open": is_open,
            "already": already,
            "registration": registration,
            "small_group": SMALL_GROUP,
        },
    )
    return _private(response)
