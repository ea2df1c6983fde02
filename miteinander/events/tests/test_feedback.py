"""Feedback: once per registration, several times by the event's public link, only after the
event began; the summary hides numbers of small groups; participants are asked once by e-mail."""

import datetime
import email
import email.policy

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from miteinander.events import feedback
from miteinander.events.models import Event, EventStatus, Feedback, RegistrationStatus
from tests.factories import EventFactory, FeedbackFactory, RegistrationFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (msgids), whatever the translations say."""
    with translation.override("en"):
        yield


def held_event(**fields):
    """An event that took place three days ago."""
    starts = timezone.now() - 3 * DAY
    return EventFactory(**{"registration_enabled": True, "starts_at": starts, **fields})


def stored(event):
    return Feedback.objects.for_municipality(event.municipality).filter(event=event)


# --- Giving feedback --------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_registration_gives_feedback_once():
    event = held_event()
    registration = RegistrationFactory(event=event)
    feedback.feedback_submit(
        event=event, registration=registration, rating=5, liked="Die Musik", come_again="yes"
    )
    registration.refresh_from_db()
    assert registration.feedback_given
    with pytest.raises(ValidationError) as error:
        feedback.feedback_submit(event=event, registration=registration, rating=1)
    assert error.value.messages == ["You have already given feedback on this event. Thank you!"]
    assert stored(event).count() == 1
    # The feedback itself does not say whose it is.
    assert not {f.name for f in Feedback._meta.get_fields()} & {"registration", "user", "email"}


@pytest.mark.django_db
def test_the_public_feedback_link_takes_several_answers():
    event = held_event()
    for rating in (3, 4, 5):
        feedback.feedback_submit(event=event, rating=rating)
    assert stored(event).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": timezone.now() + DAY},
        {"feedback_enabled": False},
        {"status": EventStatus.CANCELLED},
    ],
    ids=["not begun", "not asked for", "cancelled"],
)
def test_no_feedback_where_the_event_takes_none(fields):
    event = held_event(**fields)
    with pytest.raises(ValidationError):
        feedback.feedback_submit(event=event, rating=4)
    assert not stored(event).exists()


@pytest.mark.django_db
def test_an_empty_form_is_refused_with_a_clear_message():
    event = held_event()
    with pytest.raises(ValidationError) as error:
        feedback.feedback_submit(event=event, rating=None, liked="  ")
    assert error.value.messages == ["Answer at least one question, then send the form."]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.WAITING])
def test_only_registrations_with_a_place_give_feedback(status):
    event = held_event()
    registration = RegistrationFactory(event=event, status=status)
    with pytest.raises(ValidationError):
        feedback.feedback_submit(event=event, registration=registration, rating=4)


# --- The summary ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_with_few_responses_only_their_number_and_the_written_answers_are_shown():
    event = held_event()
    FeedbackFactory(event=event, rating=1, improve="Zu laut")
    FeedbackFactory(event=event, rating=5, liked="Schöne Begegnungen")
    summary = feedback.feedback_summary(event)
    assert summary.responses == 2 and not summary.shows_numbers
    assert summary.average is None and summary.ratings == [] and summary.come_again == []
    assert summary.liked == ["Schöne Begegnungen"] and summary.improve == ["Zu laut"]


@pytest.mark.django_db
def test_from_five_responses_the_distribution_and_average_are_shown():
    event = held_event()
    for rating, come_again in [(5, "yes"), (5, "yes"), (4, "maybe"), (2, "no"), (None, "yes")]:
        FeedbackFactory(event=event, rating=rating, come_again=come_again)
    FeedbackFactory(event=held_event(), rating=1)  # another event's
    summary = feedback.feedback_summary(event)
    assert summary.responses == 5 and summary.shows_numbers
    assert summary.average == 4.0
    assert [(value, n) for value, _label, n in summary.ratings] == [
        (5, 2),
        (4, 1),
        (3, 0),
        (2, 1),
        (1, 0),
    ]
    assert [(value, n) for value, _label, n in summary.come_again] == [
        ("yes", 3),
        ("maybe", 1),
        ("no", 1),
    ]


# --- Asking participants ----------------------------------------------------------------------
def received(inbox):
    return {
        message["To"]: email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        for message in inbox.messages
    }


@pytest.mark.django_db(transaction=True)
def test_participants_of_an_event_that_just_ended_are_asked_once_in_their_language(smtp_inbox):
    event = held_event()
    came = RegistrationFactory(event=event, email="kam@example.org", language="ar")
    RegistrationFactory(event=event, email="warte@example.org", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, email="weg@example.org", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, email="schon@example.org", feedback_given=True)
    too_old = held_event(starts_at=timezone.now() - 20 * DAY)
    RegistrationFactory(event=too_old, email="alt@example.org")
    upcoming = EventFactory(registration_enabled=True, starts_at=timezone.now() + DAY)
    RegistrationFactory(event=upcoming, email="bald@example.org")

    assert feedback.feedback_requests_send() == 1

    messages = received(smtp_inbox)
    assert set(messages) == {"kam@example.org"}
    text = messages["kam@example.org"].get_body(preferencelist=("plain",)).get_content()
    assert (
        f"/ar/{event.municipality.slug}/veranstaltungen/{event.pk}/rueckmeldung/{came.token}/"
        in (text)
    )
    event.refresh_from_db()
    assert event.feedback_requested_at is not None
    smtp_inbox.messages.clear()
    assert feedback.feedback_requests_send() == 0
    assert smtp_inbox.messages == []


@pytest.mark.django_db
def test_when_check_in_was_used_only_those_who_came_are_asked(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = held_event()
    RegistrationFactory(event=event, email="kam@example.org", checked_in_at=timezone.now())
    RegistrationFactory(event=event, email="fehlte@example.org")
    RegistrationFactory(event=event, email="", name="", erased_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        sent = feedback.feedback_requests_send()
    assert sent == 1
    assert [message.to for message in mailoutbox] == [["kam@example.org"]]


@pytest.mark.django_db
def test_the_command_asks_for_feedback(capsys):
    event = held_event()
    RegistrationFactory(event=event)
    call_command("send_event_feedback")
    assert "1 feedback request(s) sent" in capsys.readouterr().out
    assert Event.objects.for_municipality(event.municipality).get().feedback_requested_at


@pytest.mark.django_db
def test_feedback_is_not_requested_for_events_that_do_not_ask_for_it():
    event = held_event(feedback_enabled=False)
    RegistrationFactory(event=event)
    assert feedback.feedback_requests_send() == 0
