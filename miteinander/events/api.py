"""API operations of events: the town's calendar for partner websites, and writing events.

Anonymous callers (and people without a role in the town) see what the public calendar shows:
published events and cancelled ones, marked so. People with a role in the town may also ask for
drafts (`status=draft`), as far as the workspace shows them to them. Coordination writes every
event; a network partner writes the events of their own organisation. Registrations are not part
of the API: they hold personal data, and people register on the event's page.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from miteinander.accounts.api_auth import token_or_session, token_session_or_anonymous
from miteinander.actionplan.models import Measure
from miteinander.core.api_errors import validation_error, validation_messages
from miteinander.municipalities.models import Municipality, Role
from miteinander.municipalities.predicates import roles_in
from miteinander.network.models import Organisation, TargetGroup
from miteinander.offerings.models import Offering

from . import recurrence, selectors, services
from .calendars import absolute
from .models import Event, EventKind, EventStatus, EventTranslation

DESCRIPTION = (
    "Events of a town: the public calendar for partner websites (lists, single events, every "
    "date in a window), and writing events for coordination and for network partners (their "
    "own organisation's events). Registrations are not offered through the API: they hold "
    "personal data, and people register on the event's page (`registration.url`)."
)
# For the OpenAPI document's list of tags (NinjaAPI(openapi_extra={"tags": [...]})).
OPENAPI_TAG = {"name": "events", "description": DESCRIPTION}

router = Router(tags=["events"])

_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
_TRANSLATION_LANGUAGES = [code for code in _LANGUAGES if code != "de"]
PlatformLanguage = Literal[_LANGUAGES]  # type: ignore[valid-type]
_LOCAL = "Local time of the town (Europe/Berlin) with its UTC offset."
_LOCAL_IN = "Without an offset: the town's local time (Europe/Berlin)."
NEXT_DATES = 5
# The longest window the occurrences operation expands at once.
MAX_WINDOW_DAYS = 92


def _town(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.active(), slug=slug)


def _is_insider(user, town) -> bool:
    return user.is_authenticated and user.has_perm("events.view_events", town)


def _require(user, perm: str, obj) -> None:
    if not user.is_authenticated or not user.has_perm(perm, obj):
        raise Http404


def _visible(user, town) -> QuerySet:
    """The events the caller may see: the public calendar, or what the workspace shows them."""
    if _is_insider(user, town):
        return selectors.events_for(user=user, municipality=town)
    return selectors.public_events(municipality=town)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return moment.astimezone(recurrence.local_zone()) if moment else None


def _today() -> datetime.date:
    return timezone.localdate(timezone=recurrence.local_zone())


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=recurrence.local_zone())


def _address(name: str, event: Event, language: str) -> str:
    """The absolute address of one of the event's public pages, in `language`."""
    with translation.override(language):
        path = reverse(name, kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk})
    return absolute(path)


def _prepare(events, *, town, user, language: str, since: datetime.datetime) -> list[Event]:
    """Attach what the schemas show: texts in `language`, the next dates from `since`, free
    places, and whether the caller may change the event (for its online link)."""
    events = list(events)
    for event in events:
        event.municipality = town  # the addresses need its slug; one query instead of many
        event.api_language = language
        event.api_texts = selectors.texts(event, language)
        event.api_next_dates = event.occurrences(since, None)[:NEXT_DATES]
        event.api_places_left = selectors.places_left(event) if event.registration_enabled else None
        # Only an online link is withheld, so only then is the permission asked.
        event.api_may_change = bool(
            event.is_online
            and event.online_url
            and user.is_authenticated
            and user.has_perm("events.change_event", event)
        )
    return events


def _detail(town, event_id: int, *, user, language: str = "de") -> Event:
    """The event as the caller may see it, ready for `EventDetailOut`; else 404."""
    event = _visible(user, town).prefetch_related("co_organisers").filter(pk=event_id).first()
    if event is None:
        raise Http404
    since = _day_start(_today())
    return _prepare([event], town=town, user=user, language=language, since=since)[0]


# --- Schemas --------------------------------------------------------------------------------
class NamedRef(Schema):
    id: int
    name: str


class EventTranslationOut(Schema):
    language: str
    title: str
    description: str


class EventDateOut(Schema):
    starts_at: datetime.datetime = Field(description=_LOCAL)
    ends_at: datetime.datetime = Field(description=_LOCAL)

    @staticmethod
    def resolve_starts_at(obj):
        return _local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj):
        return _local(obj.ends_at)


class EventPlaceOut(Schema):
    meeting_place: NamedRef | None = Field(
        description="The meeting place of the town's directory, if the event is there; the "
        "address and coordinates below are then the meeting place's."
    )
    name: str = Field(description="E.g. “Bürgerhaus, großer Saal”; the meeting place's title.")
    street: str
    postcode: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None
    is_online: bool = Field(description="Takes place online (possibly as well).")
    online_url: str | None = Field(
        description="The link to take part online. Only for people who may change the event; "
        "registered participants get it by e-mail. Null for everyone else."
    )


class EventRegistrationOut(Schema):
    enabled: bool = Field(description="People register on the event's page (`url`).")
    is_open: bool = Field(
        description="People can register at the time of the request: before the deadline, "
        "with a free place or a waiting list."
    )
    capacity: int | None = Field(description="Places; null for no limit.")
    places_left: int | None = Field(description="Free places now; null for no limit.")
    waiting_list: bool = Field(description="When it is full, people join a waiting list.")
    closes_at: datetime.datetime | None = Field(
        description="Registration closes; the start of the event unless set. " + _LOCAL
    )
    url: str | None = Field(description="Where people register; null without registration.")


class EventOut(Schema):
    id: int
    uuid: UUID = Field(description="Stable identifier; calendar files build their UID from it.")
    title: str = Field(description="In `language`.")
    description: str = Field(description="In `language`.")
    language: str = Field(
        description="The language of title and description: the requested `lang` where the "
        "event is translated into it, otherwise German (de)."
    )
    kind: NamedRef
    organiser: NamedRef | None = Field(description="Null: the town itself organises the event.")
    co_organisers: list[NamedRef]
    contact_email: str = Field(description="Where questions about the event go.")
    place: EventPlaceOut
    starts_at: datetime.datetime = Field(description="Start of the first date. " + _LOCAL)
    ends_at: datetime.datetime = Field(description="End of the first date. " + _LOCAL)
    recurrence_rule: str = Field(
        description="RFC 5545 RRULE value (UNTIL in UTC), expanded in local time with the "
        "wall-clock time of the first date; empty for a single date."
    )
    recurrence_exceptions: list[datetime.date] = Field(description="Local dates left out.")
    series_ends_at: datetime.datetime = Field(description="End of the last date. " + _LOCAL)
    next_dates: list[EventDateOut] = Field(
        description=f"The first {NEXT_DATES} dates that have not ended before `from` (the start "
        "of today when not given), recurrence and left-out dates applied."
    )
    target_groups: list[NamedRef]
    languages: list[str] = Field(description="Language codes spoken at the event.")
    interpreted_languages: list[str] = Field(description="Language codes interpreted into.")
    step_free: bool
    accessibility_notes: str
    childcare: bool
    is_free: bool
    cost: str
    registration: EventRegistrationOut
    status: EventStatus = Field(description="Cancelled events stay listed, marked so.")
    cancellation_note: str
    measure_id: int | None = Field(description="The measure of the action plan it belongs to.")
    public_url: str = Field(description="The event's public page in `language` (absolute).")
    ics_url: str = Field(description="The event as a calendar file (absolute).")
    published_at: datetime.datetime | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_title(obj):
        return obj.api_texts.title

    @staticmethod
    def resolve_description(obj):
        return obj.api_texts.description

    @staticmethod
    def resolve_language(obj):
        return obj.api_texts.language

    @staticmethod
    def resolve_organiser(obj):
        organiser = obj.organiser
        return {"id": organiser.pk, "name": organiser.name} if organiser else None

    @staticmethod
    def resolve_co_organisers(obj):
        return [{"id": o.pk, "name": o.name} for o in obj.co_organisers.all()]

    @staticmethod
    def resolve_place(obj):
        source = obj.meeting_place if obj.meeting_place_id else obj
        return {
            "meeting_place": (
                {"id": source.pk, "name": source.title} if obj.meeting_place_id else None
            ),
            "name": source.title if obj.meeting_place_id else obj.place_name,
            "street": source.street,
            "postcode": source.postcode,
            "city": source.city,
            "latitude": source.latitude,
            "longitude": source.longitude,
            "is_online": obj.is_online,
            "online_url": obj.online_url if obj.api_may_change else None,
        }

    @staticmethod
    def resolve_starts_at(obj):
        return _local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj):
        return _local(obj.ends_at)

    @staticmethod
    def resolve_series_ends_at(obj):
        return _local(obj.series_ends_at)

    @staticmethod
    def resolve_next_dates(obj):
        return obj.api_next_dates

    @staticmethod
    def resolve_target_groups(obj):
        return [{"id": t.pk, "name": t.name} for t in obj.target_groups.all()]

    @staticmethod
    def resolve_registration(obj):
        enabled = obj.registration_enabled
        return {
            "enabled": enabled,
            "is_open": obj.registration_is_open()
            and (obj.api_places_left != 0 or obj.waiting_list),
            "capacity": obj.capacity if enabled else None,
            "places_left": obj.api_places_left,
            "waiting_list": enabled and obj.waiting_list,
            "closes_at": _local(obj.registration_deadline) if enabled else None,
            "url": _address("events-public:register", obj, obj.api_language) if enabled else None,
        }

    @staticmethod
    def resolve_public_url(obj):
        return _address("events-public:event", obj, obj.api_language)

    @staticmethod
    def resolve_ics_url(obj):
        return _address("events-public:event_ics", obj, obj.api_language)


class EventDetailOut(EventOut):
    translations: list[EventTranslationOut] = Field(
        description="Title and description in the languages other than German."
    )
    title_de: str = Field(description="The German title, which writes change as `title`.")
    description_de: str = Field(description="The German description.")
    ask_diversity: bool = Field(
        description="Participants may describe themselves anonymously; only totals are kept."
    )
    feedback_enabled: bool = Field(description="Participants are asked for feedback afterwards.")
    ideas_enabled: bool = Field(description="The event has an ideas wall (Bedarfe und Wünsche).")
    ideas_question: str

    @staticmethod
    def resolve_translations(obj):
        return list(obj.translations.all())

    @staticmethod
    def resolve_title_de(obj):
        return obj.title

    @staticmethod
    def resolve_description_de(obj):
        return obj.description


class EventOccurrenceOut(Schema):
    event_id: int
    title: str = Field(description="In `language`.")
    language: str = Field(description="The language of the title (German where untranslated).")
    kind: NamedRef
    starts_at: datetime.datetime = Field(description=_LOCAL)
    ends_at: datetime.datetime = Field(description=_LOCAL)
    status: EventStatus
    public_url: str = Field(description="The event's public page in `language` (absolute).")


class EventLanguageQuery(Schema):
    lang: PlatformLanguage = Field(  # type: ignore[valid-type]
        "de", description="Language of titles, descriptions and page addresses."
    )


class EventFilter(EventLanguageQuery):
    from_: datetime.date | None = Field(
        None,
        alias="from",
        description="Events with a date on or after this local day; today when left out.",
    )
    to: datetime.date | None = Field(
        None, description="Events with a date on or before this local day; open when left out."
    )
    q: str = Field(
        "",
        description="Words that must all occur, in any case, in the German title or "
        "description, those in `lang`, or the organiser's name (as the public calendar "
        "searches).",
    )
    kind: list[int] = Field([], description="Kind ids; repeat for several.")
    target_group: list[int] = Field([], description="Target group ids; repeat for several.")
    language: list[str] = Field(
        [], description="Language codes spoken at the event or interpreted into; repeat."
    )
    free: bool = Field(False, description="Free of charge only.")
    step_free: bool = Field(False, description="With step-free access only.")
    childcare: bool = Field(False, description="With childcare only.")
    organiser: int | None = Field(
        None, description="Events an organisation organises or co-organises."
    )
    status: EventStatus | None = Field(
        None,
        description=(
            "Only events of this status. Left out: published and cancelled ones, as the public "
            "calendar shows them. Drafts only for people with a role in the town who may see "
            "them in the workspace; anonymous callers never get drafts."
        ),
    )


class EventTranslationIn(Schema):
    language: str = Field(description="A platform language other than German.")
    title: str = Field(description="Leave empty to drop the translation.")
    description: str = ""


class EventIn(Schema):
    kind_id: int
    organiser_id: int | None = Field(
        None,
        description=(
            "Left out: a network partner's own organisation, for coordination the town itself. "
            "A network partner can only give their own organisation."
        ),
    )
    co_organisers: list[int] = Field([], description="Organisation ids.")
    title: str = Field(description="German; required.")
    description: str = Field("", description="German.")
    translations: list[EventTranslationIn] = []
    contact_email: str = ""
    meeting_place_id: int | None = Field(
        None, description="An offering of the town's directory that is a meeting place."
    )
    place_name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    is_online: bool = False
    online_url: str = Field("", description="Sent to registered participants only.")
    starts_at: datetime.datetime = Field(description="Start of the first date. " + _LOCAL_IN)
    ends_at: datetime.datetime = Field(description="End of the first date. " + _LOCAL_IN)
    recurrence_rule: str = Field(
        "",
        description=(
            "An RFC 5545 RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=10; it must end (COUNT "
            "or UNTIL). Leave empty for a single date."
        ),
    )
    recurrence_exceptions: list[datetime.date] = Field([], description="Local dates left out.")
    target_groups: list[int] = []
    languages: list[str] = Field([], description="Language codes spoken at the event.")
    interpreted_languages: list[str] = Field([], description="Language codes interpreted into.")
    step_free: bool = False
    accessibility_notes: str = ""
    childcare: bool = False
    is_free: bool = True
    cost: str = ""
    measure_id: int | None = None
    registration_enabled: bool = Field(False, description="People register on the event's page.")
    capacity: int | None = Field(None, description="Places; needs registration. Null: no limit.")
    waiting_list: bool = True
    registration_closes_at: datetime.datetime | None = Field(None, description=_LOCAL_IN)
    ask_diversity: bool = True
    feedback_enabled: bool = True
    ideas_enabled: bool = False
    ideas_question: str = ""
    publish: bool = Field(False, description="Publish at once; without it the event is a draft.")


class EventPatch(Schema):
    kind_id: int | None = None
    organiser_id: int | None = Field(None, description="Null: the town itself (coordination).")
    co_organisers: list[int] | None = None
    title: str | None = None
    description: str | None = None
    translations: list[EventTranslationIn] | None = Field(None, description="Replaces all of them.")
    contact_email: str | None = None
    meeting_place_id: int | None = None
    place_name: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    is_online: bool | None = None
    online_url: str | None = None
    starts_at: datetime.datetime | None = Field(None, description=_LOCAL_IN)
    ends_at: datetime.datetime | None = Field(None, description=_LOCAL_IN)
    recurrence_rule: str | None = Field(None, description="Empty or null: a single date.")
    recurrence_exceptions: list[datetime.date] | None = None
    target_groups: list[int] | None = None
    languages: list[str] | None = None
    interpreted_languages: list[str] | None = None
    step_free: bool | None = None
    accessibility_notes: str | None = None
    childcare: bool | None = None
    is_free: bool | None = None
    cost: str | None = None
    measure_id: int | None = None
    registration_enabled: bool | None = None
    capacity: int | None = None
    waiting_list: bool | None = None
    registration_closes_at: datetime.datetime | None = Field(None, description=_LOCAL_IN)
    ask_diversity: bool | None = None
    feedback_enabled: bool | None = None
    ideas_enabled: bool | None = None
    ideas_question: str | None = None


class EventCancelIn(Schema):
    reason: str = Field(
        "", max_length=300, description="Shown with the event and sent to registered people."
    )


class EventKindOut(Schema):
    id: int
    name: str


# --- From the payload to an EventContent ---------------------------------------------------
_FOREIGN_KEYS = {
    "kind_id": ("kind", EventKind),
    "organiser_id": ("organiser", Organisation),
    "meeting_place_id": ("meeting_place", Offering),
    "measure_id": ("measure", Measure),
}
_API_NAMES = {field: name for name, (field, _model) in _FOREIGN_KEYS.items()}
_REQUIRED = {"kind"}
_LISTS = {"target_groups": TargetGroup, "co_organisers": Organisation}
# The event's fields a write sets; PATCH starts from their stored values.
CONTENT_FIELDS = [
    "kind", "organiser", "title", "description", "contact_email", "meeting_place", "place_name",
    "street", "postcode", "city", "latitude", "longitude", "is_online", "online_url",
    "starts_at", "ends_at", "recurrence_rule", "recurrence_exceptions", "languages",
    "interpreted_languages", "step_free", "accessibility_notes", "childcare", "is_free", "cost",
    "measure", "registration_enabled", "capacity", "waiting_list", "registration_closes_at",
    "ask_diversity", "feedback_enabled", "ideas_enabled", "ideas_question",
]  # fmt: skip
# Text fields that take "" where a caller sends null; the other fields keep null or refuse it.
_TEXT_FIELDS = {"description", "contact_email", "place_name", "street", "postcode", "city",
                "online_url", "recurrence_rule", "accessibility_notes", "cost",
                "ideas_question"}  # fmt: skip
_NULLABLE = {"latitude", "longitude", "capacity", "registration_closes_at"}
_TIMES = {"starts_at", "ends_at", "registration_closes_at"}


def _content_of(event: Event) -> services.EventContent:
    """What is stored now, as the editor would send it; PATCH changes only what it names."""
    return services.EventContent(
        fields={name: getattr(event, name) for name in CONTENT_FIELDS},
        target_groups=list(event.target_groups.all()),
        co_organisers=list(event.co_organisers.all()),
        translations=list(event.translations.values("language", "title", "description")),
    )


def _resolve(town, data: dict, content: services.EventContent) -> services.EventContent:
    """Apply payload `data` to `content`: ids become rows of the town, values are checked."""
    errors = []
    for name, value in data.items():
        if name in _FOREIGN_KEYS:
            field, model = _FOREIGN_KEYS[name]
            if value is None:
                if field in _REQUIRED:
                    errors.append(f"{name}: this field is required.")
                content.fields[field] = None
                continue
            row = model.objects.for_municipality(town).filter(pk=value).first()
            if row is None:
                errors.append(f"{name}: there is no such entry in this town. Use an id of it.")
            content.fields[field] = row
        elif name in _LISTS:
            if value is None:
                errors.append(f"{name}: send a list of ids (or []), or leave it out.")
                continue
            ids = set(value)
            rows = list(_LISTS[name].objects.for_municipality(town).filter(pk__in=ids))
            if len(rows) != len(ids):
                errors.append(f"{name}: not every id belongs to this town. Use ids of this town.")
            setattr(content, name, rows)
        elif name == "translations":
            if value is None:
                errors.append("translations: send a list (or []), or leave it out.")
                continue
            errors += _translation_errors(value)
            content.translations = value
        elif value is None and name in _TEXT_FIELDS:
            content.fields[name] = ""
        elif value is None and name not in _NULLABLE:
            errors.append(f"{name}: this field cannot be null; send a value or leave it out.")
        elif name in _TIMES and value is not None and timezone.is_naive(value):
            content.fields[name] = timezone.make_aware(value, recurrence.local_zone())
        elif name == "recurrence_exceptions":
            content.fields[name] = [day.isoformat() for day in value]
        else:
            content.fields[name] = value
    if errors:
        raise HttpError(422, " ".join(errors))
    return content


def _translation_errors(rows: list[dict]) -> list[str]:
    errors, seen = [], set()
    for index, row in enumerate(rows):
        language = row["language"]
        if language not in _TRANSLATION_LANGUAGES:
            errors.append(
                f"translations[{index}].language: use one of "
                f"{', '.join(_TRANSLATION_LANGUAGES)}; the German text goes into title and "
                "description."
            )
        elif language in seen:
            errors.append(f"translations[{index}].language: {language} is given twice.")
        seen.add(language)
        try:
            EventTranslation(**row).full_clean(exclude=["event", "title"])
        except ValidationError as error:
            errors += _messages(error, prefix=f"translations[{index}].")
    return errors


def _messages(error: ValidationError, prefix: str = "") -> list[str]:
    return validation_messages(error, prefix=prefix, names=_API_NAMES)


def _validation_error(error: ValidationError) -> HttpError:
    return validation_error(error, names=_API_NAMES)


def _check_organiser(user, town, organiser) -> None:
    """A network partner publishes events of their own organisation only; events of other
    organisations and of the town itself are for coordination."""
    if user.has_perm("events.manage_events", town):
        return
    own = roles_in(user, town).get(Role.NETWORK_PARTNER)
    if organiser is None or organiser.pk != own:
        raise HttpError(403, "organiser_id: you can publish events only for your own organisation.")


def _editable_event(request, town, event_id: int) -> Event:
    """The event, if the caller may change it; else 404."""
    event = Event.objects.for_municipality(town).filter(pk=event_id).first()
    if event is None:
        raise Http404
    _require(request.auth, "events.change_event", event)
    return event


# --- Listing --------------------------------------------------------------------------------
def _window(filters: EventFilter) -> tuple[datetime.datetime, datetime.datetime | None]:
    """[start, end) of the requested local days."""
    first = filters.from_ or _today()
    if filters.to is not None and filters.to < first:
        raise HttpError(422, "to: the last day lies before from. Swap them or leave one out.")
    end = _day_start(filters.to + datetime.timedelta(days=1)) if filters.to else None
    return _day_start(first), end


def _filtered(request, town, filters: EventFilter) -> QuerySet:
    """The events the caller may see, narrowed by the filters other than `q` and the window."""
    events = _visible(request.auth, town)
    if filters.status is None:
        events = events.public()
    else:
        events = events.filter(status=filters.status)
    if filters.kind:
        events = events.filter(kind__in=filters.kind)
    if filters.target_group:
        events = events.filter(
            pk__in=Event.target_groups.through.objects.filter(
                targetgroup_id__in=filters.target_group
            ).values("event_id")
        )
    if filters.language:
        any_language = Q()
        for code in filters.language:
            any_language |= Q(languages__icontains=f'"{code}"')
            any_language |= Q(interpreted_languages__icontains=f'"{code}"')
        events = events.filter(any_language)
    if filters.free:
        events = events.filter(is_free=True)
    if filters.step_free:
        events = events.filter(step_free=True)
    if filters.childcare:
        events = events.filter(childcare=True)
    if filters.organiser:
        events = events.filter(
            Q(organiser=filters.organiser)
            | Q(
                pk__in=Event.co_organisers.through.objects.filter(
                    organisation_id=filters.organiser
                ).values("event_id")
            )
        )
    return events


def _searched(events: QuerySet, filters: EventFilter, start, end) -> QuerySet:
    """Narrowed to the events of the window whose texts hold every word of `q`.

    The same text as the public calendar searches (`public_filters.searchable_text`: German
    title and description, those in `lang`, the organiser's name), casefolded and compared in
    Python, since SQLite's LIKE ignores the case of ASCII letters only. Read as plain values:
    a town's calendar holds thousands of events.
    """
    terms = filters.q.casefold().split()
    if not terms:
        return events
    candidates = events.overlapping(start, end) if end else events.upcoming(now=start)
    translated = {}
    if filters.lang != "de":
        rows = EventTranslation.objects.filter(
            event__in=candidates.values("pk"), language=filters.lang
        ).values_list("event_id", "title", "description")
        translated = {event_id: (title, description) for event_id, title, description in rows}
    found = []
    rows = candidates.values_list("pk", "title", "description", "organiser__name")
    for pk, title, description, organiser in rows.order_by():
        text = "\n".join([title, description, *translated.get(pk, ()), organiser or ""])
        if all(term in text.casefold() for term in terms):
            found.append(pk)
    return events.filter(pk__in=found)


def _in_window(events: QuerySet, start, end) -> list[int]:
    """Ids of the events with a date in [start, end), ordered by their first date there.

    A repeating event is listed only when one of its dates (left-out dates skipped) falls into
    the window, not merely because the window lies within its series.
    """
    events = events.overlapping(start, end) if end else events.upcoming(now=start)
    found = []
    rows = events.values_list(
        "pk", "starts_at", "ends_at", "recurrence_rule", "recurrence_exceptions"
    )
    for pk, starts_at, ends_at, rule, exdates in rows.order_by():
        if not rule:
            found.append((starts_at, pk))
            continue
        dates = recurrence.occurrences(
            starts_at=starts_at,
            ends_at=ends_at,
            rule=rule,
            exdates=exdates,
            window_start=start,
            window_end=end,
        )
        if dates:
            found.append((dates[0].starts_at, pk))
    found.sort()
    return [pk for _start, pk in found]


class _EventPage(Sequence):
    """The matching events in order, loaded with their related rows one page at a time."""

    def __init__(self, ids: list[int], load):
        self.ids = ids
        self.load = load

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = {event.pk: event for event in self.load(ids)}
        events = [by_id[pk] for pk in ids if pk in by_id]
        return events if isinstance(index, slice) else events[0]


# --- Operations -----------------------------------------------------------------------------
@router.get(
    "/municipalities/{slug}/events",
    response=list[EventOut],
    auth=token_session_or_anonymous,
)
@paginate(PageNumberPagination)
def list_events(request, slug: str, filters: Query[EventFilter]):
    """Events with a date in the window, by their first date there, a page at a time.

    Anonymous callers get the public calendar: published and cancelled events. Registrations are
    not part of the API; people register on the event's page.
    """
    town = _town(slug)
    start, end = _window(filters)
    events = _searched(_filtered(request, town, filters), filters, start, end)
    ids = _in_window(events, start, end)

    def load(page_ids):
        rows = selectors.with_registration_counts(events.filter(pk__in=page_ids))
        return _prepare(rows, town=town, user=request.auth, language=filters.lang, since=start)

    return _EventPage(ids, load)


@router.get(
    "/municipalities/{slug}/events/occurrences",
    response=list[EventOccurrenceOut],
    auth=token_session_or_anonymous,
)
def list_occurrences(request, slug: str, filters: Query[EventFilter]):
    """Every date in the window (at most 92 days; from today for 31 days when not given), each
    with its event, in time order: repeating events expanded in local time."""
    town = _town(slug)
    start, end = _window(filters)
    if end is None:
        end = start + datetime.timedelta(days=31)
    if (end - start).days > MAX_WINDOW_DAYS:
        raise HttpError(
            422, f"to: ask for at most {MAX_WINDOW_DAYS} days at a time; split the window."
        )
    events = _searched(_filtered(request, town, filters), filters, start, end)
    entries = selectors.calendar_entries(events, start, end)
    # A repeating event has many dates: its title and address are looked up once.
    shown = {}
    for entry in entries:
        event = entry.event
        if event.pk not in shown:
            event.municipality = town
            texts = selectors.texts(event, filters.lang)
            shown[event.pk] = {
                "event_id": event.pk,
                "title": texts.title,
                "language": texts.language,
                "kind": {"id": event.kind_id, "name": event.kind.name},
                "status": event.status,
                "public_url": _address("events-public:event", event, filters.lang),
            }
    return [
        {
            **shown[entry.event.pk],
            "starts_at": _local(entry.starts_at),
            "ends_at": _local(entry.ends_at),
        }
        for entry in entries
    ]


@router.get(
    "/municipalities/{slug}/events/{event_id}",
    response=EventDetailOut,
    auth=token_session_or_anonymous,
)
def get_event(request, slug: str, event_id: int, params: Query[EventLanguageQuery]):
    """One event; drafts only for people who see them in the workspace."""
    return _detail(_town(slug), event_id, user=request.auth, language=params.lang)


@router.post(
    "/municipalities/{slug}/events",
    response={201: EventDetailOut},
    auth=token_or_session,
)
def create_event(request, slug: str, payload: EventIn):
    """Add an event: coordination for any organiser or the town, a partner for their own.

    Registrations are not part of the API; people register on the event's page.
    """
    town = _town(slug)
    user = request.auth
    _require(user, "events.add_event", town)
    data = payload.dict()
    publish = data.pop("publish")
    if "organiser_id" not in payload.model_fields_set:
        data["organiser_id"] = roles_in(user, town).get(Role.NETWORK_PARTNER)
    content = _resolve(town, data, services.EventContent(fields={}))
    _check_organiser(user, town, content.fields["organiser"])
    try:
        event = services.event_save(
            municipality=town, acting_user=user, content=content, publish=publish
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(201, _detail(town, event.pk, user=user))


@router.patch(
    "/municipalities/{slug}/events/{event_id}",
    response=EventDetailOut,
    auth=token_or_session,
)
def update_event(request, slug: str, event_id: int, payload: EventPatch):
    """Change an event; only the fields sent change. Its status stays as it is."""
    town = _town(slug)
    user = request.auth
    event = _editable_event(request, town, event_id)
    data = payload.dict(exclude_unset=True)
    content = _resolve(town, data, _content_of(event))
    if "organiser_id" in data:
        _check_organiser(user, town, content.fields["organiser"])
    try:
        saved = services.event_save(
            municipality=town, acting_user=user, content=content, event=event
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, saved.pk, user=user)


@router.post(
    "/municipalities/{slug}/events/{event_id}/publish",
    response=EventDetailOut,
    auth=token_or_session,
)
def publish_event(request, slug: str, event_id: int):
    """Publish a draft: it appears in the public calendar and its feeds."""
    town = _town(slug)
    event = _editable_event(request, town, event_id)
    try:
        services.event_publish(event=event, acting_user=request.auth)
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, event.pk, user=request.auth)


@router.post(
    "/municipalities/{slug}/events/{event_id}/cancel",
    response=EventDetailOut,
    auth=token_or_session,
)
def cancel_event(request, slug: str, event_id: int, payload: EventCancelIn):
    """Call a published event off: it stays in the calendar marked as cancelled, and the people
    registered are told by e-mail."""
    town = _town(slug)
    event = _editable_event(request, town, event_id)
    try:
        services.event_cancel(event=event, acting_user=request.auth, note=payload.reason.strip())
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, event.pk, user=request.auth)


@router.delete(
    "/municipalities/{slug}/events/{event_id}",
    response={204: None},
    auth=token_or_session,
)
def delete_event(request, slug: str, event_id: int):
    """Delete an event nobody has registered for; cancel the others instead."""
    town = _town(slug)
    event = _editable_event(request, town, event_id)
    try:
        services.event_delete(event=event, acting_user=request.auth)
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(204, None)


@router.get("/municipalities/{slug}/event-kinds", response=list[EventKindOut], auth=None)
def list_event_kinds(request, slug: str):
    """The town's kinds of event, for the `kind` filter and `kind_id`."""
    return EventKind.objects.for_municipality(_town(slug))
