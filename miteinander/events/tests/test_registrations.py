"""Registering, the waiting list, cancelling, check-in and erasure (services).

E-mails go through a real SMTP server; the race for the last place runs two threads against a
real database (on SQLite a file in WAL mode, as in production: the test suite's in-memory
database cannot be shared between threads).
"""

import datetime
import email
import email.policy
import sqlite3
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone, translation
from icalendar import Calendar

from miteinander.core.models import AuditEntry
from miteinander.events import registrations, services
from miteinander.events.models import (
    DiversityCount,
    EventStatus,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
)
from tests.factories import EventFactory, RegistrationFactory, UserFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (msgids), whatever the translations say."""
    with translation.override("en"):
        yield


def open_event(**fields):
    """A published event a week ahead that takes registrations."""
    starts = timezone.now() + 7 * DAY
    fields = {"registration_enabled": True, "starts_at": starts, **fields}
    return EventFactory(**fields)


def register(event, email="amira@example.org", **fields):
    fields = {"name": "Amira", "language": "de", **fields}
    return registrations.registration_create(event=event, email=email, **fields)


def registrations_of(event):
    return Registration.objects.for_municipality(event.municipality).filter(event=event)


def parsed(message):
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def body(message) -> str:
    return parsed(message).get_body(preferencelist=("plain",)).get_content()


def calendar_of(message) -> Calendar | None:
    for part in parsed(message).walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content())
    return None


# --- Places and the waiting list --------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_registration_gets_a_place_and_a_confirmation_with_the_calendar_file(smtp_inbox):
    event = open_event(capacity=10, title="Interkulturelles Fest")
    registration = registrations.registration_create(
        event=event,
        name="Olena",
        email="olena@example.org",
        language="uk",
        interpreting_into="uk",
        needs_step_free_access=True,
    )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.interpreting_into == "uk" and registration.needs_step_free_access
    [message] = smtp_inbox.messages
    assert message["To"] == "olena@example.org"
    # In the registration's language: its links carry the Ukrainian prefix.
    assert f"/uk/{event.municipality.slug}/veranstaltungen/anmeldung/{registration.token}/" in (
        body(message)
    )
    calendar = calendar_of(message)
    assert calendar["method"] == "PUBLISH"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Interkulturelles Fest"
    assert str(vevent["uid"]).startswith(f"event-{event.uuid}@")


@pytest.mark.django_db(transaction=True)
def test_when_the_event_is_full_people_join_the_waiting_list_and_learn_their_place(smtp_inbox):
    event = open_event(capacity=1)
    register(event, "erste@example.org")
    second = register(event, "zweite@example.org")
    third = registrations.registration_create(
        event=event, name="Jan", email="dritte@example.org", language="en"
    )
    assert second.status == third.status == RegistrationStatus.WAITING
    assert registrations.waiting_position(second) == 1
    assert registrations.waiting_position(third) == 2
    last = smtp_inbox.messages[-1]
    assert last["To"] == "dritte@example.org"
    assert "On the waiting list" in parsed(last)["Subject"]
    assert "number 2" in body(last)
    assert calendar_of(last) is None  # no place yet, nothing for the calendar


@pytest.mark.django_db(transaction=True)
def test_the_organiser_hears_of_new_registrations_without_personal_data(smtp_inbox):
    event = open_event(capacity=1, contact_email="fest@caritas.example.org")
    register(event, "amira@example.org", name="Amira", needs_step_free_access=True)
    register(event, "jan@example.org", name="Jan")
    to_organiser = [parsed(m) for m in smtp_inbox.messages if m["To"] == event.contact_email]
    assert len(to_organiser) == 2
    text = to_organiser[1].get_body(preferencelist=("plain",)).get_content()
    # German, like the workspace; numbers and the link to the list, no names or needs.
    assert f"/de/{event.municipality.slug}/workspace/events/{event.pk}/participants/" in text
    assert "Jan" not in text and "jan@example.org" not in text
    to_participant = next(parsed(m) for m in smtp_inbox.messages if m["To"] == "amira@example.org")
    assert to_participant["Reply-To"] == event.contact_email


@pytest.mark.django_db
def test_a_full_event_without_waiting_list_refuses_with_a_clear_message():
    event = open_event(capacity=1, waiting_list=False)
    register(event, "erste@example.org")
    with pytest.raises(ValidationError) as error:
        register(event, "zweite@example.org")
    assert error.value.messages[0].startswith("The event is full.")
    assert registrations_of(event).count() == 1


@pytest.mark.django_db
def test_a_second_registration_with_the_same_address_is_refused_whatever_its_case():
    event = open_event()
    register(event, "Amira@Example.org")
    with pytest.raises(ValidationError) as error:
        register(event, "amira@example.ORG")
    assert error.value.message_dict["email"] == [str(registrations.DOUBLE_REGISTRATION)]
    assert registrations_of(event).count() == 1


@pytest.mark.django_db
def test_the_database_refusing_a_double_registration_gives_the_same_message(monkeypatch):
    """Should two requests slip past the check together, the unique constraint answers."""
    event = open_event()
    register(event, "amira@example.org")
    monkeypatch.setattr(RegistrationQuerySet, "active", lambda self: self.none())
    with pytest.raises(ValidationError) as error:
        register(event, "AMIRA@example.org")
    assert error.value.message_dict["email"] == [str(registrations.DOUBLE_REGISTRATION)]


@pytest.mark.django_db
def test_after_cancelling_one_can_register_again_with_the_same_address():
    event = open_event()
    first = register(event)
    registrations.registration_cancel(registration=first)
    again = register(event)
    assert again.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"registration_closes_at": timezone.now() - DAY},
        {"status": EventStatus.DRAFT},
        {"status": EventStatus.CANCELLED},
        {"registration_enabled": False},
    ],
    ids=["deadline passed", "draft", "cancelled", "no registration"],
)
def test_closed_registration_is_refused_and_nothing_is_saved(fields):
    event = open_event(**fields)
    with pytest.raises(ValidationError) as error:
        register(event, diversity_answers={"gender": "female"})
    assert error.value.messages == [str(registrations.REGISTRATION_CLOSED)]
    assert not registrations_of(event).exists()
    assert not DiversityCount.objects.filter(event=event, municipality=event.municipality).exists()


@pytest.mark.django_db
def test_childcare_can_only_be_asked_for_where_it_is_offered():
    with pytest.raises(ValidationError) as error:
        register(open_event(childcare=False), childcare_children=2)
    assert "childcare_children" in error.value.message_dict
    registration = register(open_event(childcare=True), childcare_children=2)
    assert registration.childcare_children == 2


@pytest.mark.django_db
def test_a_logged_in_person_is_linked_to_the_registration():
    user = UserFactory()
    registration = register(open_event(), user=user)
    assert registration.user == user


# --- Cancelling and moving up -----------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list_who_is_told(smtp_inbox):
    event = open_event(capacity=1)
    first = register(event, "erste@example.org")
    waiting = registrations.registration_create(
        event=event, name="Jan", email="jan@example.org", language="en"
    )
    later = register(event, "spaeter@example.org")
    smtp_inbox.messages.clear()

    registrations.registration_cancel(registration=first)

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.moved_up_at is not None
    assert later.status == RegistrationStatus.WAITING
    assert registrations.waiting_position(later) == 1
    by_recipient = {message["To"]: message for message in smtp_inbox.messages}
    assert set(by_recipient) == {"erste@example.org", "jan@example.org"}
    moved = by_recipient["jan@example.org"]
    assert parsed(moved)["Subject"].startswith("You have a place now")
    assert calendar_of(moved)["method"] == "PUBLISH"
    assert "/en/" in body(moved)
    # Only organisers' cancellations are audited; a participant cancels for themselves.
    assert not AuditEntry.objects.filter(action="event.registration_cancel").exists()


@pytest.mark.django_db(transaction=True)
def test_the_organiser_cancelling_a_registration_is_audited_and_the_person_told(smtp_inbox):
    event = open_event()
    registration = register(event, language="en")
    coordinator = UserFactory()
    smtp_inbox.messages.clear()
    registrations.registration_cancel(registration=registration, acting_user=coordinator)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    entry = AuditEntry.objects.get(action="event.registration_cancel")
    assert entry.actor == coordinator and entry.object_id == str(registration.pk)
    [message] = smtp_inbox.messages
    assert "organiser" in body(message)


@pytest.mark.django_db
def test_after_the_event_a_participant_has_nothing_left_to_cancel():
    event = open_event()
    registration = register(event)
    later = event.series_ends_at + DAY
    with pytest.raises(ValidationError):
        registrations.registration_cancel(registration=registration, now=later)


@pytest.mark.django_db(transaction=True)
def test_more_places_move_waiting_people_up(smtp_inbox):
    event = open_event(capacity=1)
    register(event, "erste@example.org")
    waiting = [register(event, f"warte{n}@example.org") for n in range(3)]
    event.capacity = 3
    event.save(update_fields=["capacity"])
    smtp_inbox.messages.clear()

    moved = registrations.waiting_list_fill(event=event)

    assert [r.pk for r in moved] == [waiting[0].pk, waiting[1].pk]
    assert sorted(m["To"] for m in smtp_inbox.messages) == [
        "warte0@example.org",
        "warte1@example.org",
    ]
    assert registrations_of(event).waiting().get().pk == waiting[2].pk


@pytest.mark.django_db
def test_a_new_registration_does_not_overtake_people_waiting_for_freed_places():
    event = open_event(capacity=1)
    register(event, "erste@example.org")
    waiting = register(event, "warte@example.org")
    event.capacity = 2  # raised without moving anyone up
    event.save(update_fields=["capacity"])
    newcomer = register(event, "neu@example.org")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert newcomer.status == RegistrationStatus.WAITING


@pytest.mark.django_db(transaction=True)
def test_cancelling_the_event_tells_everyone_registered_and_removes_it_from_calendars(smtp_inbox):
    event = open_event(capacity=1)
    register(event, "platz@example.org")
    register(event, "warte@example.org")
    gone = register(event, "abgemeldet@example.org")
    registrations.registration_cancel(registration=gone)
    smtp_inbox.messages.clear()

    services.event_cancel(event=event, acting_user=UserFactory(), note="Unwetterwarnung")

    assert sorted(m["To"] for m in smtp_inbox.messages) == [
        "platz@example.org",
        "warte@example.org",
    ]
    message = smtp_inbox.messages[0]
    assert "Unwetterwarnung" in body(message)
    calendar = calendar_of(message)
    assert calendar["method"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


# --- The race for the last place --------------------------------------------------------------
@pytest.fixture
def threads_database(tmp_path):
    """Call it once the rows are there: threads then share a real database.

    On SQLite the suite's in-memory database cannot be shared by threads without failing with
    "table is locked", so it is copied into a file that the threads' connections open (WAL,
    IMMEDIATE transactions: the production setup). PostgreSQL needs nothing.
    """
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    path = tmp_path / "threads.sqlite3"

    def share():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        # The copy starts in WAL mode, as a production database has been since its first
        # connection: two threads switching a fresh file to WAL at once can find it locked.
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        settings_dict["NAME"] = str(path)

    yield share
    settings_dict["NAME"] = original


def race(event, monkeypatch, threads_database, count=2) -> list:
    """`count` people register for the event at the same moment; what each of them gets."""
    counted = registrations._places_taken

    def count_slowly(event):
        # Keep each transaction between counting the places and taking one for a while, so
        # that without the lock both would see the same free place.
        taken = counted(event)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(registrations, "_places_taken", count_slowly)
    threads_database()
    barrier = threading.Barrier(count)
    results = [None] * count

    def attempt(number):
        translation.activate("en")
        try:
            barrier.wait()
            registration = register(event, f"person{number}@example.org")
            results[number] = (registration.status, registration.pk)
        except ValidationError as error:
            results[number] = ("refused", error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_registering_for_the_last_place_at_once_one_gets_it(
    monkeypatch, threads_database
):
    event = open_event(capacity=2)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    results = race(event, monkeypatch, threads_database)
    assert sorted(status for status, _detail in results) == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]


@pytest.mark.django_db(transaction=True)
def test_without_waiting_list_the_second_one_for_the_last_place_is_told_it_is_full(
    monkeypatch, threads_database
):
    event = open_event(capacity=1, waiting_list=False)
    results = race(event, monkeypatch, threads_database)
    statuses = sorted(status for status, _detail in results)
    assert statuses == [RegistrationStatus.CONFIRMED, "refused"]
    refusal = next(detail for status, detail in results if status == "refused")
    assert refusal.startswith("The event is full.")


# --- Check-in ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_check_in_and_undo_are_recorded_and_audited():
    event = open_event()
    registration = register(event)
    staff = UserFactory()
    registrations.registration_check_in(registration=registration, acting_user=staff)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    registrations.registration_check_in(
        registration=registration, acting_user=staff, checked_in=False
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert list(
        AuditEntry.objects.filter(object_id=str(registration.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["event.check_in", "event.check_in_undo"]


@pytest.mark.django_db
def test_someone_from_the_waiting_list_who_comes_gets_their_place_at_check_in():
    event = open_event(capacity=1)
    register(event, "erste@example.org")
    waiting = register(event, "warte@example.org")
    registrations.registration_check_in(registration=waiting, acting_user=UserFactory())
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.checked_in_at


@pytest.mark.django_db
def test_a_cancelled_registration_cannot_be_checked_in():
    registration = register(open_event())
    registrations.registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        registrations.registration_check_in(registration=registration, acting_user=UserFactory())


@pytest.mark.django_db
def test_a_walk_in_is_counted_without_any_contact_details():
    event = open_event()
    registrations.walk_in_record(event=event, acting_user=UserFactory())
    named = registrations.walk_in_record(event=event, acting_user=UserFactory(), name="Ali")
    assert named.is_walk_in and named.email == "" and named.checked_in_at
    counts = registrations.counts(event)
    assert (counts.walk_ins, counts.checked_in, counts.confirmed) == (2, 2, 2)


@pytest.mark.django_db
def test_the_needs_summary_counts_what_people_with_a_place_need():
    event = open_event(childcare=True, capacity=3)
    register(event, "a@example.org", interpreting_into="ar", childcare_children=2)
    register(event, "b@example.org", interpreting_into="ar", needs_step_free_access=True)
    register(event, "c@example.org", interpreting_into="fa", other_needs="Induktionsschleife")
    register(event, "d@example.org", interpreting_into="tr")  # waiting: not counted
    summary = registrations.needs_summary(event)
    assert summary.interpreting == [("ar", 2), ("fa", 1)]
    assert (summary.step_free, summary.children) == (1, 2)
    assert summary.other == 1


# --- The self-description at registration -----------------------------------------------------
@pytest.mark.django_db
def test_the_self_description_at_registration_only_counts():
    event = open_event()
    registration = register(
        event, diversity_answers={"age_band": "27_44", "gender": "", "nationality": "eu"}
    )
    assert registration.described_diversity
    counts = {
        (row.dimension, row.value): row.count
        for row in DiversityCount.objects.filter(event=event, municipality=event.municipality)
    }
    assert counts[("age_band", "27_44")] == 1 and counts[("nationality", "eu")] == 1
    assert sum(counts.values()) == 2  # "prefer not to say" counts nowhere
    nobody = register(event, "b@example.org", diversity_answers={"gender": ""})
    assert not nobody.described_diversity


@pytest.mark.django_db
def test_an_unknown_self_description_answer_saves_nothing():
    event = open_event()
    with pytest.raises(ValidationError):
        register(event, diversity_answers={"age_band": "27_44", "gender": "robot"})
    assert not registrations_of(event).exists()
    assert not DiversityCount.objects.filter(
        event=event, municipality=event.municipality, count__gt=0
    ).exists()


# --- Erasure ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_personal_data_is_erased_after_the_retention_period_and_counts_remain(settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 90
    now = timezone.now()
    old = EventFactory(
        registration_enabled=True,
        starts_at=now - 100 * DAY,
    )
    recent = EventFactory(
        organiser=old.organiser, registration_enabled=True, starts_at=now - 30 * DAY
    )
    user = UserFactory()
    gone = RegistrationFactory(
        event=old, user=user, phone="0151 000", other_needs="Rollstuhl", checked_in_at=now
    )
    RegistrationFactory(event=old, status=RegistrationStatus.CANCELLED)
    kept = RegistrationFactory(event=recent)

    assert registrations.registrations_erase_expired(now=now) == 2

    gone.refresh_from_db()
    assert (gone.name, gone.email, gone.phone, gone.other_needs, gone.user) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert gone.erased_at == now
    assert gone.status == RegistrationStatus.CONFIRMED and gone.checked_in_at == now
    kept.refresh_from_db()
    assert kept.email and kept.erased_at is None
    assert AuditEntry.objects.get(action="event.registrations_erase").changes["count"] == 2
    assert registrations.registrations_erase_expired(now=now) == 0


@pytest.mark.django_db
def test_the_erasure_command_reports_what_it_erased(capsys):
    event = EventFactory(registration_enabled=True, starts_at=timezone.now() - 200 * DAY)
    RegistrationFactory(event=event)
    call_command("erase_event_registrations")
    assert "1 registration(s) erased" in capsys.readouterr().out
