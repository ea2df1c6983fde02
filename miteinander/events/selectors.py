"""Reads of events shared by the public calendar, the workspace, the feeds and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import roles_in

from .models import Event, EventStatus, EventTranslation, Registration, RegistrationStatus
from .recurrence import Occurrence


@dataclass(frozen=True)
class Texts:
    """An event's title and description in one language, and which language each is in (a
    translation without a description shows the German one)."""

    title: str
    description: str
    language: str
    description_language: str


def texts(event: Event, language: str) -> Texts:
    """Title and description in `language`, else in German (uses prefetched translations)."""
    if language != "de":
        for translation in event.translations.all():
            if translation.language == language:
                if translation.description or not event.description:
                    return Texts(translation.title, translation.description, language, language)
                return Texts(translation.title, event.description, language, "de")
    return Texts(event.title, event.description, "de", "de")


def _with_related(events: QuerySet) -> QuerySet:
    return events.select_related("kind", "organiser", "meeting_place").prefetch_related(
        Prefetch("translations", queryset=EventTranslation.objects.order_by("language")),
        "target_groups",
        "co_organisers",
    )


def public_events(*, municipality) -> QuerySet:
    """Events the public sees (published, and cancelled ones marked so), with what pages show."""
    return _with_related(Event.objects.for_municipality(municipality).public())


def events_for(*, user, municipality) -> QuerySet:
    """The workspace's list: coordination sees every event; everyone else with a role in the
    town sees the public ones, and a network partner also the drafts of the events their
    organisation (co-)organises."""
    events = Event.objects.for_municipality(municipality)
    roles = roles_in(user, municipality)
    if Role.COORDINATION in roles or getattr(user, "is_superuser", False):
        return _with_related(events)
    organisation_id = roles.get(Role.NETWORK_PARTNER)
    own = Q(organiser_id=organisation_id) | Q(co_organisers__id=organisation_id)
    if organisation_id is None:
        own = Q(pk__in=[])
    return _with_related(
        events.filter(Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]) | own).distinct()
    )


def with_registration_counts(events: QuerySet) -> QuerySet:
    """Annotate `places_taken` and `waiting_count`, so lists ask once instead of per event."""
    return events.annotate(
        places_taken=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
            distinct=True,
        ),
        waiting_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITING),
            distinct=True,
        ),
    )


def places_taken(event: Event) -> int:
    """Confirmed registrations (the annotation of `with_registration_counts` when present)."""
    annotated = getattr(event, "places_taken", None)
    if annotated is not None:
        return annotated
    return (
        Registration.objects.for_municipality(event.municipality_id)
        .filter(event=event)
        .confirmed()
        .count()
    )


def places_left(event: Event) -> int | None:
    """Free places, or None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event), 0)


@dataclass(frozen=True)
class CalendarEntry:
    """One date of one event, as calendar views list them."""

    event: Event
    occurrence: Occurrence

    @property
    def starts_at(self) -> datetime.datetime:
        return self.occurrence.starts_at

    @property
    def ends_at(self) -> datetime.datetime:
        return self.occurrence.ends_at


def calendar_entries(
    events: QuerySet, start: datetime.datetime, end: datetime.datetime
) -> list[CalendarEntry]:
    """Every date in [start, end) of the given events, in time order."""
    entries = [
        CalendarEntry(event, occurrence)
        for event in events.overlapping(start, end)
        for occurrence in event.occurrences(start, end)
    ]
    entries.sort(key=lambda entry: (entry.starts_at, entry.event.title, entry.event.pk))
    return entries
