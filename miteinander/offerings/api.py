"""API operations of the offerings directory: list, search, read, write, review and verify.

Anonymous callers (and people without a role in the town) see published offerings only, without
internal fields. People with a role in the town also see drafts, offerings waiting for approval
and archived ones; the note from coordination and the history only go to those who may edit the
offering. Coordination and network partners write (partners for their own organisation); in a
town that reviews partners' offerings, a partner's new offering or change waits for coordination,
which approves it or sends it back.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from miteinander.accounts.api_auth import token_or_session, token_session_or_anonymous
from miteinander.actionplan.models import FieldOfAction
from miteinander.core.api_errors import validation_error, validation_messages
from miteinander.municipalities.models import Municipality, Role
from miteinander.municipalities.predicates import roles_in
from miteinander.network.models import Organisation, TargetGroup

from . import hours, selectors, services, workspace_selectors
from .models import (
    District,
    Offering,
    OfferingKind,
    OfferingStatus,
    OfferingTranslation,
    OpeningHours,
    ScheduleException,
    ScheduleKind,
    Session,
)

router = Router(tags=["offerings"])

_INSIDER_ONLY = "Only for people with a role in the town; null for anonymous callers."
_EDITORS_ONLY = "Only for coordination and the provider's editors; null for everyone else."
_TRANSLATION_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "de"]


def _town(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.active(), slug=slug)


def _is_insider(user, town) -> bool:
    """Whether `user` has a role in `town` (a Municipality or its id)."""
    if isinstance(town, int):
        town = Municipality(pk=town)
    return user.is_authenticated and user.has_perm("offerings.view_directory", town)


def _sees_all(context, municipality_id: int) -> bool:
    """`_is_insider` for schema resolvers, asked once per request and town."""
    request = context["request"]
    cache = request.__dict__.setdefault("_offerings_insider", {})
    if municipality_id not in cache:
        cache[municipality_id] = _is_insider(request.auth, municipality_id)
    return cache[municipality_id]


def _may_edit(context, offering: Offering) -> bool:
    user = context["request"].auth
    return user.is_authenticated and user.has_perm("offerings.change_offering", offering)


def _require(user, perm: str, obj) -> None:
    if not user.is_authenticated or not user.has_perm(perm, obj):
        raise Http404


def _visible_offering(request, town, offering_id: int) -> Offering:
    """The offering with its schedule, if the caller may see it; else 404."""
    try:
        if _is_insider(request.auth, town):
            offering = workspace_selectors.offering_detail(municipality=town, pk=offering_id)
        else:
            offering = selectors.offering_public(municipality=town, pk=offering_id)
    except Offering.DoesNotExist:
        raise Http404 from None
    offering.is_open_now = hours.is_open(offering, timezone.now())
    return offering


def _editable_offering(request, town, offering_id: int) -> Offering:
    """The offering, if the caller may change it; else 404."""
    try:
        offering = workspace_selectors.offering_detail(municipality=town, pk=offering_id)
    except Offering.DoesNotExist:
        raise Http404 from None
    _require(request.auth, "offerings.change_offering", offering)
    return offering


# --- Schemas --------------------------------------------------------------------------------
class NamedRef(Schema):
    id: int
    name: str


class TranslationOut(Schema):
    language: str
    title: str
    description: str


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 is Monday, 6 is Sunday.")
    opens: datetime.time
    closes: datetime.time


class ExceptionOut(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    opens: datetime.time | None = Field(description="Null (with closes): closed on these days.")
    closes: datetime.time | None
    note: str


class SessionOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    note: str


class HistoryEntryOut(Schema):
    occurred_at: datetime.datetime
    action: str
    actor: str
    summary: str

    @staticmethod
    def resolve_actor(obj):
        if obj.actor is None:
            return ""
        return obj.actor.get_full_name() or obj.actor.email


class OfferingOut(Schema):
    id: int
    uuid: uuid.UUID
    title: str = Field(description="German.")
    description: str = Field(description="German.")
    translations: list[TranslationOut]
    provider: NamedRef
    kind: NamedRef
    is_meeting_place: bool
    field_of_action: NamedRef | None
    target_groups: list[NamedRef]
    languages: list[str] = Field(description="Language codes the offering is held in.")
    is_online: bool
    street: str
    postcode: str
    city: str
    district: NamedRef | None
    latitude: Decimal | None
    longitude: Decimal | None
    room_capacity: int | None
    schedule_kind: ScheduleKind
    closed_on_public_holidays: bool
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    is_free: bool
    cost: str
    step_free: bool
    sign_language: bool
    accessibility_notes: str
    registration_required: bool
    how_to_register: str
    contact_name: str
    email: str
    phone: str
    website: str
    is_open_now: bool | None = Field(None, description="At the time of the request.")
    status: OfferingStatus
    last_verified_on: datetime.date | None
    needs_verification: bool = Field(description="Not confirmed for a year.")
    public_url: str | None = Field(None, description="The public page; null until published.")
    revision_of_id: int | None = Field(
        None, description="Set on a pending change: the published offering it changes."
    )
    pending_revision_id: int | None = Field(
        None, description="A change waiting for approval or still a draft. " + _INSIDER_ONLY
    )
    review_note: str | None = Field(None, description="Why it was sent back. " + _EDITORS_ONLY)
    updated_at: datetime.datetime

    @staticmethod
    def resolve_translations(obj):
        return list(obj.translations.all())

    @staticmethod
    def resolve_is_meeting_place(obj):
        return obj.kind.is_meeting_place

    @staticmethod
    def resolve_target_groups(obj):
        return [{"id": t.pk, "name": t.name} for t in obj.target_groups.all()]

    @staticmethod
    def resolve_is_open_now(obj):
        return getattr(obj, "is_open_now", None)

    @staticmethod
    def resolve_public_url(obj):
        return obj.get_public_url() if obj.is_published else None

    @staticmethod
    def resolve_pending_revision_id(obj, context):
        if obj.revision_of_id or not _sees_all(context, obj.municipality_id):
            return None
        revision = getattr(obj, "pending_revision", None)
        return revision.pk if revision else None

    @staticmethod
    def resolve_review_note(obj, context):
        return obj.review_note if _may_edit(context, obj) else None


class OfferingDetailOut(OfferingOut):
    opening_hours: list[OpeningHoursOut]
    exceptions: list[ExceptionOut]
    sessions: list[SessionOut]
    history: list[HistoryEntryOut] | None = Field(
        None, description="Who changed, approved or verified it, newest first. " + _EDITORS_ONLY
    )

    @staticmethod
    def resolve_opening_hours(obj):
        return list(obj.opening_hours.all())

    @staticmethod
    def resolve_exceptions(obj):
        return list(obj.exceptions.all())

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())

    @staticmethod
    def resolve_history(obj, context):
        if not _may_edit(context, obj):
            return None
        return list(workspace_selectors.offering_history(offering=obj))


class OfferingFilter(FilterSchema):
    q: str = Field("", description="Full text; finds German word forms and tolerates a typo.")
    kind: list[int] = Field([], description="Kind ids; repeat for several.")
    target_group: list[int] = Field([], description="Target group ids; repeat for several.")
    language: list[str] = Field([], description="Language codes; repeat for several.")
    district: list[int] = Field([], description="District ids; repeat for several.")
    free: bool = Field(False, description="Free of charge only.")
    open_now: bool = Field(False, description="Open at the time of the request.")
    meeting_places: bool = Field(False, description="Meeting places only.")
    provider: int | None = Field(None, description="Offerings of one organisation.")
    status: OfferingStatus | None = Field(
        None,
        description=(
            "For people with a role in the town: draft, submitted or archived offerings instead "
            "of the published ones (these combine with q and provider only). Anonymous callers "
            "only ever get published offerings."
        ),
    )


class TranslationIn(Schema):
    language: str = Field(description="A platform language other than German.")
    title: str
    description: str = ""


class OpeningHoursIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    opens: datetime.time
    closes: datetime.time


class ExceptionIn(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    opens: datetime.time | None = Field(None, description="Leave out with closes: closed.")
    closes: datetime.time | None = None
    note: str = ""


class SessionIn(Schema):
    starts_at: datetime.datetime = Field(description="Without an offset: the town's local time.")
    ends_at: datetime.datetime
    note: str = ""


class OfferingIn(Schema):
    provider_id: int | None = Field(
        None, description="Coordination must give it; a network partner's own by default."
    )
    kind_id: int
    field_of_action_id: int | None = None
    target_groups: list[int] = []
    title: str = Field(description="German; required.")
    description: str = ""
    translations: list[TranslationIn] = []
    languages: list[str] = []
    is_online: bool = False
    street: str = ""
    postcode: str = ""
    city: str = ""
    district_id: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    outside_germany_confirmed: bool = False
    room_capacity: int | None = None
    schedule_kind: ScheduleKind = ScheduleKind.WEEKLY
    opening_hours: list[OpeningHoursIn] = []
    exceptions: list[ExceptionIn] = []
    sessions: list[SessionIn] = []
    closed_on_public_holidays: bool = True
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    is_free: bool = True
    cost: str = ""
    step_free: bool = False
    sign_language: bool = False
    accessibility_notes: str = ""
    registration_required: bool = False
    how_to_register: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    publish: bool = Field(
        False,
        description=(
            "Make it public: at once for coordination and in towns without review, otherwise "
            "it waits for coordination's approval. Without it the offering is a draft."
        ),
    )


class OfferingPatch(Schema):
    provider_id: int | None = None
    kind_id: int | None = None
    field_of_action_id: int | None = None
    target_groups: list[int] | None = None
    title: str | None = None
    description: str | None = None
    translations: list[TranslationIn] | None = Field(None, description="Replaces all of them.")
    languages: list[str] | None = None
    is_online: bool | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    district_id: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    outside_germany_confirmed: bool | None = None
    room_capacity: int | None = None
    schedule_kind: ScheduleKind | None = None
    opening_hours: list[OpeningHoursIn] | None = Field(None, description="Replaces all of them.")
    exceptions: list[ExceptionIn] | None = Field(None, description="Replaces all of them.")
    sessions: list[SessionIn] | None = Field(None, description="Replaces all of them.")
    closed_on_public_holidays: bool | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    is_free: bool | None = None
    cost: str | None = None
    step_free: bool | None = None
    sign_language: bool | None = None
    accessibility_notes: str | None = None
    registration_required: bool | None = None
    how_to_register: str | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    publish: bool | None = Field(
        None,
        description=(
            "As for creating. Left out, the status stays as it is; a partner's change to a "
            "published offering in a reviewing town then waits for approval."
        ),
    )


class SendBackIn(Schema):
    note: str = Field(description="What the provider should change.", max_length=2000)


# --- From the payload to an OfferingContent ------------------------------------------------
_FOREIGN_KEYS = {
    "provider_id": ("provider", Organisation),
    "kind_id": ("kind", OfferingKind),
    "field_of_action_id": ("field_of_action", FieldOfAction),
    "district_id": ("district", District),
}
_API_NAMES = {field: name for name, (field, _model) in _FOREIGN_KEYS.items()}
_REQUIRED = {"provider", "kind"}
_CHILDREN = {
    "translations": (OfferingTranslation, ("language", "title", "description")),
    "opening_hours": (OpeningHours, ("weekday", "opens", "closes")),
    "exceptions": (ScheduleException, ("starts_on", "ends_on", "opens", "closes", "note")),
    "sessions": (Session, ("starts_at", "ends_at", "note")),
}
# Text fields that take "" where a caller sends null; the other fields keep null or refuse it.
_TEXT_FIELDS = {"description", "street", "postcode", "city", "cost", "accessibility_notes",
                "how_to_register", "contact_name", "email", "phone", "website"}  # fmt: skip
_NULLABLE = {"latitude", "longitude", "room_capacity", "valid_from", "valid_to"}


def _content_of(offering: Offering) -> services.OfferingContent:
    """What is stored now, as the editor would send it; PATCH changes only what it names."""
    return services.OfferingContent(
        fields={name: getattr(offering, name) for name in services.CONTENT_FIELDS},
        target_groups=list(offering.target_groups.all()),
        **{
            name: list(getattr(offering, name).values(*columns))
            for name, (_model, columns) in _CHILDREN.items()
        },
    )


def _resolve(town, data: dict, content: services.OfferingContent) -> services.OfferingContent:
    """Apply payload `data` to `content`: ids become rows of the town, children are checked."""
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
        elif name == "target_groups":
            if value is None:
                errors.append("target_groups: send a list of ids (or []), or leave it out.")
                continue
            ids = set(value)
            rows = list(TargetGroup.objects.for_municipality(town).filter(pk__in=ids))
            if len(rows) != len(ids):
                errors.append(
                    "target_groups: not every id belongs to this town. Use ids of this town only."
                )
            content.target_groups = rows
        elif name in _CHILDREN:
            if value is None:
                errors.append(f"{name}: send a list (or []), or leave it out.")
                continue
            rows, row_errors = _children(name, value)
            errors += row_errors
            setattr(content, name, rows)
        elif value is None and name in _TEXT_FIELDS:
            content.fields[name] = ""
        elif value is None and name not in _NULLABLE:
            errors.append(f"{name}: this field cannot be null; send a value or leave it out.")
        else:
            content.fields[name] = value.value if hasattr(value, "value") else value
    if errors:
        raise HttpError(422, " ".join(errors))
    return content


def _children(name: str, rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The rows as the service takes them, and what is wrong with them, by position."""
    model, _columns = _CHILDREN[name]
    errors, seen_languages = [], set()
    for index, row in enumerate(rows):
        if name == "sessions":
            for key in ("starts_at", "ends_at"):
                if timezone.is_naive(row[key]):
                    row[key] = timezone.make_aware(row[key])
        if name == "translations":
            language = row["language"]
            if language not in _TRANSLATION_LANGUAGES:
                errors.append(
                    f"{name}[{index}].language: use one of {', '.join(_TRANSLATION_LANGUAGES)}; "
                    "the German text goes into title and description."
                )
            elif language in seen_languages:
                errors.append(f"{name}[{index}].language: {language} is given twice.")
            seen_languages.add(language)
        try:
            model(**row).full_clean(exclude=["offering"])
        except ValidationError as error:
            errors += _messages(error, prefix=f"{name}[{index}].")
    return rows, errors


def _messages(error: ValidationError, prefix: str = "") -> list[str]:
    return validation_messages(error, prefix=prefix, names=_API_NAMES)


def _validation_error(error: ValidationError) -> HttpError:
    return validation_error(error, names=_API_NAMES)


def _check_provider(user, town, provider) -> None:
    """A network partner offers for their own organisation only."""
    if provider is not None and not user.has_perm(
        "offerings.change_offering", Offering(municipality=town, provider=provider)
    ):
        raise HttpError(403, "provider_id: you can add offerings only for your own organisation.")


def _pending_change_of(town, user, offering: Offering) -> Offering | None:
    """The revision a partner's PATCH of a published offering writes to, if there is one."""
    if offering.revision_of_id or not offering.is_published:
        return None
    if not services.partner_needs_review(municipality=town, acting_user=user):
        return None
    return services.pending_revision_of(offering)


def _detail(town, offering: Offering) -> Offering:
    offering = workspace_selectors.offering_detail(municipality=town, pk=offering.pk)
    offering.is_open_now = hours.is_open(offering, timezone.now())
    return offering


# --- Operations -----------------------------------------------------------------------------
@router.get(
    "/municipalities/{slug}/offerings",
    response=list[OfferingOut],
    auth=token_session_or_anonymous,
)
@paginate(PageNumberPagination)
def list_offerings(request, slug: str, filters: Query[OfferingFilter]):
    """Offerings of a town, searched and filtered, a page at a time (`page`, `page_size`).

    Anonymous callers get the published offerings, as the public directory shows them.
    """
    town = _town(slug)
    insider = _is_insider(request.auth, town)
    status = filters.status.value if filters.status else OfferingStatus.PUBLISHED
    if status != OfferingStatus.PUBLISHED:
        if not insider:
            return Offering.objects.for_municipality(town).none()
        directory_only = [
            name
            for name in ("kind", "target_group", "language", "district", "free", "open_now",
                         "meeting_places")
            if getattr(filters, name)
        ]  # fmt: skip
        if directory_only:
            raise HttpError(
                422,
                f"{', '.join(directory_only)}: these filters apply to published offerings; "
                "leave them out, or leave out status.",
            )
        offerings = workspace_selectors.offerings_for_workspace(
            municipality=town, query=filters.q, status=status, provider_id=filters.provider
        )
    else:
        offerings = selectors.offerings_directory(
            municipality=town,
            filters=selectors.DirectoryFilters(
                query=filters.q,
                kinds=filters.kind,
                target_groups=filters.target_group,
                languages=filters.language,
                districts=filters.district,
                free_only=filters.free,
                open_now=filters.open_now,
                meeting_places_only=filters.meeting_places,
            ),
        )
        if filters.provider:
            offerings = offerings.filter(provider=filters.provider)
    return offerings.select_related(
        "provider", "kind", "district", "field_of_action", "pending_revision"
    ).prefetch_related("target_groups", "translations")


@router.get(
    "/municipalities/{slug}/offerings/{offering_id}",
    response=OfferingDetailOut,
    auth=token_session_or_anonymous,
)
def get_offering(request, slug: str, offering_id: int):
    """One offering with its opening hours, exceptions and dated sessions."""
    return _visible_offering(request, _town(slug), offering_id)


@router.post(
    "/municipalities/{slug}/offerings",
    response={201: OfferingDetailOut},
    auth=token_or_session,
)
def create_offering(request, slug: str, payload: OfferingIn):
    """Add an offering: coordination for any organisation, a network partner for their own."""
    town = _town(slug)
    user = request.auth
    _require(user, "offerings.add_offering", town)
    data = payload.dict()
    publish = data.pop("publish")
    if data["provider_id"] is None:
        data["provider_id"] = roles_in(user, town).get(Role.NETWORK_PARTNER)
    content = _resolve(town, data, services.OfferingContent(fields={}))
    _check_provider(user, town, content.fields["provider"])
    try:
        offering = services.offering_save(
            municipality=town, acting_user=user, content=content, publish=publish
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return Status(201, _detail(town, offering))


@router.patch(
    "/municipalities/{slug}/offerings/{offering_id}",
    response=OfferingDetailOut,
    auth=token_or_session,
)
def update_offering(request, slug: str, offering_id: int, payload: OfferingPatch):
    """Change an offering; only the fields sent change.

    When a partner changes a published offering in a town that reviews changes, the published
    version stays online and the answer is the pending change (`revision_of_id` set).
    """
    town = _town(slug)
    user = request.auth
    offering = _editable_offering(request, town, offering_id)
    if offering.status == OfferingStatus.ARCHIVED:
        raise HttpError(422, "Archived offerings cannot be changed.")
    if offering.revision_of_id and not services.partner_needs_review(
        municipality=town, acting_user=user
    ):
        raise HttpError(
            422,
            "This is a change waiting for approval: approve it or send it back, or change the "
            "published offering.",
        )
    data = payload.dict(exclude_unset=True)
    publish = data.pop("publish", None)
    pending = _pending_change_of(town, user, offering)
    if publish is None:
        # Keep the way the offering is on: a pending change stays submitted or draft, a draft
        # stays a draft, and a published offering stays published (or its change is submitted).
        publish = pending.status == OfferingStatus.SUBMITTED if pending else offering.is_published
    content = _resolve(town, data, _content_of(pending or offering))
    if "provider_id" in data:
        _check_provider(user, town, content.fields["provider"])
    try:
        saved = services.offering_save(
            municipality=town, acting_user=user, content=content, offering=offering,
            publish=publish,
        )  # fmt: skip
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, saved)


@router.delete(
    "/municipalities/{slug}/offerings/{offering_id}",
    response={204: None},
    auth=token_or_session,
)
def delete_offering(request, slug: str, offering_id: int):
    """Delete an offering, or discard a pending change; archiving keeps it for the records."""
    town = _town(slug)
    offering = _editable_offering(request, town, offering_id)
    services.offering_delete(offering=offering, acting_user=request.auth)
    return Status(204, None)


def _awaiting_decision(offering: Offering) -> Offering:
    """The row coordination decides on: a published offering's pending change, or itself."""
    if offering.is_published:
        return services.pending_revision_of(offering) or offering
    return offering


@router.post(
    "/municipalities/{slug}/offerings/{offering_id}/approve",
    response=OfferingDetailOut,
    auth=token_or_session,
)
def approve_offering(request, slug: str, offering_id: int):
    """Publish a submitted offering, or apply its pending change (coordination)."""
    town = _town(slug)
    _require(request.auth, "offerings.manage_directory", town)
    offering = _editable_offering(request, town, offering_id)
    try:
        published = services.offering_approve(
            offering=_awaiting_decision(offering), acting_user=request.auth
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, published)


@router.post(
    "/municipalities/{slug}/offerings/{offering_id}/send-back",
    response=OfferingDetailOut,
    auth=token_or_session,
)
def send_back_offering(request, slug: str, offering_id: int, payload: SendBackIn):
    """Return a submitted offering or change to its provider as a draft, with a note."""
    town = _town(slug)
    _require(request.auth, "offerings.manage_directory", town)
    offering = _editable_offering(request, town, offering_id)
    if not payload.note.strip():
        raise HttpError(422, "note: say what the provider should change.")
    try:
        returned = services.offering_send_back(
            offering=_awaiting_decision(offering),
            acting_user=request.auth,
            note=payload.note.strip(),
        )
    except ValidationError as error:
        raise _validation_error(error) from None
    return _detail(town, returned)


@router.post(
    "/municipalities/{slug}/offerings/{offering_id}/verify",
    response=OfferingDetailOut,
    auth=token_or_session,
)
def verify_offering(request, slug: str, offering_id: int):
    """Confirm the offering is still as described: the provider or coordination."""
    town = _town(slug)
    offering = _editable_offering(request, town, offering_id)
    if offering.revision_of_id:
        raise HttpError(422, "Confirm the published offering, not its pending change.")
    if offering.status == OfferingStatus.ARCHIVED:
        raise HttpError(422, "Archived offerings cannot be confirmed.")
    services.offering_verify(offering=offering, acting_user=request.auth)
    return _detail(town, offering)


@router.post(
    "/municipalities/{slug}/offerings/{offering_id}/archive",
    response=OfferingDetailOut,
    auth=token_or_session,
)
def archive_offering(request, slug: str, offering_id: int):
    """Take an offering off the public directory but keep it; a pending change is dropped."""
    town = _town(slug)
    offering = _editable_offering(request, town, offering_id)
    if offering.revision_of_id:
        raise HttpError(422, "Archive the published offering; delete a pending change instead.")
    services.offering_archive(offering=offering, acting_user=request.auth)
    return _detail(town, offering)
