"""Writes of events: create and change, publish, cancel, delete, and event formats.

Registrations live in `registrations`, feedback in `feedback`, the ideas wall in `ideas`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miteinander.core.services import audit_record
from miteinander.network.services import vocabulary_remove

from . import recurrence
from .models import Event, EventFormat, EventKind, EventStatus, EventTranslation
from .registrations import event_cancelled_notify, waiting_list_fill

# The fields a format keeps of an event: what it is and how it runs, not when or for whom.
# A change of one of these makes calendars replace the entry they hold (SEQUENCE grows).
_SCHEDULING_FIELDS = [
    "starts_at", "ends_at", "recurrence_rule", "recurrence_exceptions", "meeting_place",
    "place_name", "street", "postcode", "city", "is_online", "online_url",
]  # fmt: skip

FORMAT_FIELDS = [
    "kind", "title", "description", "organiser", "contact_email", "meeting_place", "place_name",
    "street", "postcode", "city", "latitude", "longitude", "is_online", "online_url",
    "languages", "interpreted_languages", "step_free", "accessibility_notes", "childcare",
    "is_free", "cost", "registration_enabled", "capacity", "waiting_list", "ask_diversity",
    "feedback_enabled", "ideas_enabled", "ideas_question",
]  # fmt: skip


@dataclass
class EventContent:
    """Everything an editor submits for one event."""

    fields: dict[str, Any]
    # None leaves what the event has; a list (even empty) replaces it.
    target_groups: list | None = None
    co_organisers: list | None = None
    translations: list[dict] | None = None  # language, title, description


def event_kinds_ensure(*, municipality) -> None:
    """Give a town the default kinds of event (idempotent)."""
    existing = {
        name.casefold()
        for name in EventKind.objects.for_municipality(municipality).values_list("name", flat=True)
    }
    for position, name in enumerate(EventKind.DEFAULTS):
        if name.casefold() not in existing:
            EventKind.objects.create(municipality=municipality, name=name, position=position)


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def _check_content(municipality, content: EventContent) -> None:
    """What a form or the API may send wrong: rows of another town, odd translation languages."""
    related = [content.fields.get(name) for name in ("kind", "organiser", "meeting_place")]
    related += [content.fields.get("measure")]
    related += [*(content.target_groups or []), *(content.co_organisers or [])]
    for obj in related:
        if obj is not None and obj.municipality_id != municipality.pk:
            raise ValidationError(_("A chosen entry does not belong to this town."))
    languages = [row["language"] for row in content.translations or []]
    allowed = {code for code, _name in settings.LANGUAGES} - {"de"}
    if not set(languages) <= allowed or len(languages) != len(set(languages)):
        raise ValidationError(
            {"translations": _("Translate into each platform language except German at most once.")}
        )


@transaction.atomic
def event_save(
    *,
    municipality,
    acting_user,
    content: EventContent,
    event: Event | None = None,
    publish: bool = False,
) -> Event:
    """Create or change an event with its translations; `publish` makes it public.

    A published event stays published when it is changed; cancelling is `event_cancel`.
    """
    _check_content(municipality, content)
    creating = event is None
    event = event or Event(municipality=municipality)
    before = {name: _plain(getattr(event, name, None)) for name in content.fields}
    for name, value in content.fields.items():
        setattr(event, name, value)
    if publish and event.status == EventStatus.DRAFT:
        event.status = EventStatus.PUBLISHED
        event.published_at = event.published_at or timezone.now()
    event.recurrence_rule = recurrence.normalise_rule(event.recurrence_rule or "")
    event.recurrence_exceptions = sorted(set(event.recurrence_exceptions or []))
    # series_ends_at is derived; full_clean must not complain that it is still empty.
    event.full_clean(exclude=["series_ends_at"])
    event.series_ends_at = recurrence.series_end(
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        rule=event.recurrence_rule,
        exdates=event.recurrence_exceptions,
    )
    changes = {
        name: [before[name], _plain(getattr(event, name))]
        for name in content.fields
        if before[name] != _plain(getattr(event, name))
    }
    if not creating and set(changes) & set(_SCHEDULING_FIELDS):
        event.sequence += 1
    event.save()
    if not creating and "capacity" in changes:
        # More places, or no limit any more: people on the waiting list move up and are told.
        waiting_list_fill(event=event)
    if content.target_groups is not None:
        event.target_groups.set(content.target_groups)
    if content.co_organisers is not None:
        event.co_organisers.set([o for o in content.co_organisers if o != event.organiser])
    if content.translations is not None:
        _write_translations(event, content.translations)
    audit_record(
        actor=acting_user,
        action="event.create" if creating else "event.update",
        target=event,
        summary=str(event),
        changes={} if creating else changes,
    )
    return event


def _write_translations(event: Event, rows: list[dict]) -> None:
    keep = []
    for row in rows:
        if not (row.get("title") or "").strip():
            continue
        translation, _created = EventTranslation.objects.update_or_create(
            event=event,
            language=row["language"],
            defaults={"title": row["title"].strip(), "description": row.get("description", "")},
        )
        keep.append(translation.pk)
    event.translations.exclude(pk__in=keep).delete()


@transaction.atomic
def event_publish(*, event: Event, acting_user) -> Event:
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=acting_user, action="event.publish", target=event, summary=str(event))
    return event


@transaction.atomic
def event_cancel(*, event: Event, acting_user, note: str = "") -> Event:
    """Call the event off: it stays in the calendar marked as cancelled, and registered
    participants are told (see `registrations.event_cancelled_notify`)."""
    if event.status == EventStatus.CANCELLED:
        return event
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Only a published event can be cancelled; delete a draft instead."))
    event.status = EventStatus.CANCELLED
    event.cancellation_note = note[:300]
    event.sequence += 1
    event.save(update_fields=["status", "cancellation_note", "sequence", "updated_at"])
    audit_record(actor=acting_user, action="event.cancel", target=event, summary=str(event))
    event_cancelled_notify(event=event)
    return event


@transaction.atomic
def event_delete(*, event: Event, acting_user) -> None:
    """Delete an event that nobody has registered for; published events are cancelled instead."""
    if event.registrations.exists():
        raise ValidationError(
            _("People have registered for this event. Cancel it instead, so they are told.")
        )
    audit_record(actor=acting_user, action="event.delete", target=event, summary=str(event))
    event.delete()


# Kinds of event ------------------------------------------------------------------------------


@transaction.atomic
def event_kind_rename(*, kind: EventKind, name: str, acting_user) -> EventKind:
    before = kind.name
    kind.name = name.strip()
    kind.full_clean()
    kind.save()
    audit_record(
        actor=acting_user, action="eventkind.update", target=kind, summary=kind.name,
        changes={"name": [before, kind.name]},
    )  # fmt: skip
    return kind


@transaction.atomic
def event_kind_move(*, kind: EventKind, step: int, acting_user) -> None:
    """Move a kind one place up (-1) or down (+1) in the town's list."""
    kinds = list(
        EventKind.objects.for_municipality(kind.municipality_id)
        .select_for_update()
        .order_by("position", "name", "id")
    )
    index = next(i for i, entry in enumerate(kinds) if entry.pk == kind.pk)
    other = index + step
    if not 0 <= other < len(kinds):
        return
    kinds[index], kinds[other] = kinds[other], kinds[index]
    for position, entry in enumerate(kinds):
        entry.position = position
    EventKind.objects.for_municipality(kind.municipality_id).bulk_update(kinds, ["position"])
    audit_record(actor=acting_user, action="eventkind.move", target=kind, summary=kind.name)


@transaction.atomic
def event_kind_delete(*, kind: EventKind, acting_user) -> None:
    """Delete a kind no event uses; formats that named it lose their kind."""
    if Event.objects.for_municipality(kind.municipality_id).filter(kind=kind).exists():
        raise ValidationError(
            _("Events of the kind “%(name)s” exist. Give them another kind first, or keep it.")
            % {"name": kind.name}
        )
    vocabulary_remove(entry=kind, acting_user=acting_user)


# Formats -------------------------------------------------------------------------------------


@transaction.atomic
def event_format_save(
    *, event: Event, acting_user, name: str, description: str = ""
) -> EventFormat:
    """Keep an event's reusable fields as a format to create new events from."""
    data = {name_: _plain(getattr(event, name_)) for name_ in FORMAT_FIELDS}
    data["duration_minutes"] = int((event.ends_at - event.starts_at).total_seconds() // 60)
    data["target_groups"] = list(event.target_groups.values_list("pk", flat=True))
    data["co_organisers"] = list(event.co_organisers.values_list("pk", flat=True))
    data["translations"] = [
        {"language": t.language, "title": t.title, "description": t.description}
        for t in event.translations.all()
    ]
    event_format = EventFormat(
        municipality=event.municipality,
        name=name,
        description=description,
        data=data,
        created_from=event,
    )
    event_format.full_clean()
    event_format.save()
    audit_record(actor=acting_user, action="event_format.create", target=event_format, summary=name)
    return event_format


@transaction.atomic
def event_format_delete(*, event_format: EventFormat, acting_user) -> None:
    audit_record(
        actor=acting_user,
        action="event_format.delete",
        target=event_format,
        summary=event_format.name,
    )
    event_format.delete()


def event_content_from_format(
    *, event_format: EventFormat, starts_at: datetime.datetime
) -> EventContent:
    """What a new event made from a format starts with: its fields, starting at `starts_at`.

    Rows the format refers to that no longer exist (an organisation deleted since) are left
    out; the editor chooses the target groups anew when the format is for another audience.
    """
    from miteinander.network.models import Organisation, TargetGroup
    from miteinander.offerings.models import Offering

    town = event_format.municipality
    data = dict(event_format.data)
    models_by_field = {"kind": EventKind, "organiser": Organisation, "meeting_place": Offering}
    fields: dict[str, Any] = {}
    for name in FORMAT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in models_by_field and value is not None:
            value = models_by_field[name].objects.for_municipality(town).filter(pk=value).first()
        fields[name] = value
    fields["starts_at"] = starts_at
    fields["ends_at"] = starts_at + datetime.timedelta(minutes=data.get("duration_minutes", 120))
    fields["format"] = event_format
    return EventContent(
        fields=fields,
        target_groups=list(
            TargetGroup.objects.for_municipality(town).filter(pk__in=data.get("target_groups", []))
        ),
        co_organisers=list(
            Organisation.objects.for_municipality(town).filter(pk__in=data.get("co_organisers", []))
        ),
        translations=data.get("translations", []),
    )
