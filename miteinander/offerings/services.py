"""Writes of the offerings directory; each is one transaction with an audit row.

An offering is saved together with its translations, opening hours, exceptions and sessions:
the children are replaced as a whole, so what the form showed is exactly what is stored.

Review: in a town whose DirectorySettings.review_required is on, a network partner cannot publish.
A new offering is submitted for approval; a change to a published offering is saved as a
revision (a second Offering row with `revision_of` set) while the published version stays
visible, and approval copies the revision onto the original.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from miteinander.core.services import audit_record
from miteinander.municipalities.models import Membership, Role

from . import search
from .models import (
    DirectorySettings,
    District,
    Offering,
    OfferingKind,
    OfferingStatus,
    OfferingTranslation,
    OpeningHours,
    ScheduleException,
    Session,
    VerificationReminder,
)

# Fields an editor sets; everything else is workflow or derived.
CONTENT_FIELDS = (
    "provider", "kind", "field_of_action", "title", "description", "languages", "is_online",
    "street", "postcode", "city", "district", "latitude", "longitude",
    "outside_germany_confirmed", "room_capacity", "schedule_kind", "closed_on_public_holidays",
    "valid_from", "valid_to", "is_free", "cost", "step_free", "sign_language",
    "accessibility_notes", "registration_required", "how_to_register", "contact_name", "email",
    "phone", "website",
)  # fmt: skip


@dataclass
class OfferingContent:
    """Everything an editor submits for one offering."""

    fields: dict[str, Any]
    target_groups: list = field(default_factory=list)
    translations: list[dict] = field(default_factory=list)  # language, title, description
    opening_hours: list[dict] = field(default_factory=list)  # weekday, opens, closes
    exceptions: list[dict] = field(default_factory=list)  # starts_on, ends_on, opens, closes, note
    sessions: list[dict] = field(default_factory=list)  # starts_at, ends_at, note


def directory_setup(*, municipality) -> None:
    """Give a town the default kinds of offering and its directory settings (idempotent)."""
    existing = {
        name.casefold()
        for name in OfferingKind.objects.for_municipality(municipality).values_list(
            "name", flat=True
        )
    }
    for position, name in enumerate(OfferingKind.DEFAULTS):
        if name.casefold() not in existing:
            OfferingKind.objects.create(
                municipality=municipality,
                name=name,
                position=position,
                is_meeting_place=name == OfferingKind.MEETING_PLACE_DEFAULT,
            )
    DirectorySettings.for_town(municipality)


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | datetime.time | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def _check_content(municipality, content: OfferingContent) -> None:
    """What a form or the API may send wrong: rows of another town, odd translation languages."""
    related = [content.fields.get(name) for name in ("provider", "kind", "field_of_action")]
    related += [content.fields.get("district"), *content.target_groups]
    for obj in related:
        if obj is not None and obj.municipality_id != municipality.pk:
            raise ValidationError(_("A chosen entry does not belong to this town."))
    languages = [row["language"] for row in content.translations]
    allowed = {code for code, _name in settings.LANGUAGES} - {"de"}
    if not set(languages) <= allowed or len(languages) != len(set(languages)):
        raise ValidationError(
            {"translations": _("Translate into each platform language except German at most once.")}
        )


def _write(offering: Offering, content: OfferingContent) -> dict:
    """Apply content to `offering` (saved), replacing its children; return the changes."""
    changes = {}
    for name in CONTENT_FIELDS:
        if name not in content.fields:
            continue
        value = content.fields[name]
        if Offering._meta.get_field(name).is_relation:
            before, after = getattr(offering, f"{name}_id"), getattr(value, "pk", None)
        else:
            before, after = getattr(offering, name), value
        if before != after:
            changes[name] = [_plain(before), _plain(after)]
            setattr(offering, name, value)
    offering.full_clean(exclude=["search_text_de", "search_text_other"])
    offering.save()

    before_groups = sorted(offering.target_groups.values_list("pk", flat=True))
    after_groups = sorted(group.pk for group in content.target_groups)
    if before_groups != after_groups:
        offering.target_groups.set(content.target_groups)
        changes["target_groups"] = [before_groups, after_groups]

    children = (
        ("translations", OfferingTranslation, content.translations),
        ("opening_hours", OpeningHours, content.opening_hours),
        ("exceptions", ScheduleException, content.exceptions),
        ("sessions", Session, content.sessions),
    )
    for related_name, model, rows in children:
        before = _child_rows(offering, related_name)
        getattr(offering, related_name).all().delete()
        for row in rows:
            child = model(offering=offering, **row)
            child.full_clean(exclude=["offering"])
            child.save()
        after = _child_rows(offering, related_name)
        if before != after:
            changes[related_name] = [before, after]
    return changes


def _child_rows(offering: Offering, related_name: str) -> list[dict]:
    rows = getattr(offering, related_name).values()
    return [
        {k: _plain(v) for k, v in row.items() if k not in ("id", "offering_id")} for row in rows
    ]


def partner_needs_review(*, municipality, acting_user) -> bool:
    """Whether this user's offerings wait for coordination's approval in this town.

    No user means the system itself (demo, imports run by coordination): never reviewed.
    """
    if acting_user is None or acting_user.has_perm("offerings.manage_directory", municipality):
        return False
    return DirectorySettings.for_town(municipality).review_required


@transaction.atomic
def offering_save(
    *,
    municipality,
    acting_user,
    content: OfferingContent,
    offering: Offering | None = None,
    publish: bool = False,
    uuid: str | None = None,
) -> Offering:
    """Create or change an offering. `publish`: the editor asks for it to be public.

    `uuid`: the public identifier of a new offering, when an import brings its own.

    Returns the row that was written: the offering, or its pending revision.
    """
    _check_content(municipality, content)
    review = partner_needs_review(municipality=municipality, acting_user=acting_user)
    today = timezone.localdate()

    if offering is not None and offering.is_published and review:
        # Keep the published version online; the change waits as a revision.
        target = pending_revision_of(offering) or _copy_for_revision(offering)
        target.status = OfferingStatus.SUBMITTED if publish else OfferingStatus.DRAFT
        changes = _write(target, content)
        audit_record(
            actor=acting_user, action="offering.propose_change", target=offering,
            summary=str(offering)[:300], changes=changes,
        )  # fmt: skip
        search.offering_index(target)
        return target

    if offering is not None and offering.revision_of_id and not review:
        # Coordination finishing a partner's proposed change: apply it to the original.
        changes = _write(offering, content)
        audit_record(
            actor=acting_user, action="offering.propose_change", target=offering.revision_of,
            summary=str(offering)[:300], changes=changes,
        )  # fmt: skip
        search.offering_index(offering)
        if publish:
            return offering_approve(offering=offering, acting_user=acting_user)
        return offering

    creating = offering is None
    offering = offering or Offering(municipality=municipality)
    if creating and uuid:
        offering.uuid = uuid
    if publish:
        offering.status = OfferingStatus.SUBMITTED if review else OfferingStatus.PUBLISHED
    elif creating:
        offering.status = OfferingStatus.DRAFT
    if offering.status == OfferingStatus.PUBLISHED:
        offering.published_at = offering.published_at or timezone.now()
        offering.last_verified_on = today
        offering.review_note = ""
    changes = _write(offering, content)
    audit_record(
        actor=acting_user, action="offering.create" if creating else "offering.update",
        target=offering, summary=str(offering)[:300], changes=changes,
    )  # fmt: skip
    search.offering_index(offering)
    return offering


def pending_revision_of(offering: Offering) -> Offering | None:
    return (
        Offering.objects.for_municipality(offering.municipality_id)
        .filter(revision_of=offering)
        .first()
    )


def _copy_for_revision(offering: Offering) -> Offering:
    revision = Offering(
        municipality_id=offering.municipality_id,
        revision_of=offering,
        **{name: getattr(offering, name) for name in CONTENT_FIELDS},
    )
    revision.save()
    revision.target_groups.set(offering.target_groups.all())
    return revision


@transaction.atomic
def offering_approve(*, offering: Offering, acting_user) -> Offering:
    """Publish a submitted offering, or apply a pending revision to the published one."""
    today = timezone.localdate()
    if offering.revision_of_id:
        original = offering.revision_of
        content = OfferingContent(
            fields={name: getattr(offering, name) for name in CONTENT_FIELDS},
            target_groups=list(offering.target_groups.all()),
            translations=_children(offering, "translations", ("language", "title", "description")),
            opening_hours=_children(offering, "opening_hours", ("weekday", "opens", "closes")),
            exceptions=_children(
                offering, "exceptions", ("starts_on", "ends_on", "opens", "closes", "note")
            ),
            sessions=_children(offering, "sessions", ("starts_at", "ends_at", "note")),
        )
        search.offering_forget(offering)
        offering.delete()
        changes = _write(original, content)
        original.last_verified_on = today
        original.review_note = ""
        original.save(update_fields=["last_verified_on", "review_note", "updated_at"])
        audit_record(
            actor=acting_user, action="offering.approve_change", target=original,
            summary=str(original)[:300], changes=changes,
        )  # fmt: skip
        search.offering_index(original)
        return original
    if offering.status not in (OfferingStatus.SUBMITTED, OfferingStatus.DRAFT):
        raise ValidationError(_("Only drafts and submitted offerings can be published."))
    offering.status = OfferingStatus.PUBLISHED
    offering.published_at = offering.published_at or timezone.now()
    offering.last_verified_on = today
    offering.review_note = ""
    offering.save(
        update_fields=["status", "published_at", "last_verified_on", "review_note", "updated_at"]
    )
    audit_record(
        actor=acting_user, action="offering.approve", target=offering, summary=str(offering)[:300]
    )
    search.offering_index(offering)
    return offering


def _children(offering: Offering, related_name: str, names: tuple[str, ...]) -> list[dict]:
    return list(getattr(offering, related_name).values(*names))


@transaction.atomic
def offering_send_back(*, offering: Offering, acting_user, note: str) -> Offering:
    """Return a submitted offering or change to its provider as a draft, with a note."""
    if offering.status != OfferingStatus.SUBMITTED:
        raise ValidationError(_("Only offerings waiting for approval can be sent back."))
    offering.status = OfferingStatus.DRAFT
    offering.review_note = note
    offering.save(update_fields=["status", "review_note", "updated_at"])
    audit_record(
        actor=acting_user, action="offering.send_back",
        target=offering.revision_of or offering, summary=note[:300],
    )  # fmt: skip
    return offering


@transaction.atomic
def offering_verify(*, offering: Offering, acting_user) -> Offering:
    """The provider or coordination confirms the offering is still as described."""
    offering.last_verified_on = timezone.localdate()
    offering.save(update_fields=["last_verified_on", "updated_at"])
    audit_record(
        actor=acting_user, action="offering.verify", target=offering, summary=str(offering)[:300]
    )
    return offering


@transaction.atomic
def offering_archive(*, offering: Offering, acting_user) -> Offering:
    """Take an offering off the public directory but keep it for the records."""
    offering.status = OfferingStatus.ARCHIVED
    offering.save(update_fields=["status", "updated_at"])
    revision = pending_revision_of(offering)
    if revision is not None:
        search.offering_forget(revision)
        revision.delete()
    audit_record(
        actor=acting_user, action="offering.archive", target=offering, summary=str(offering)[:300]
    )
    search.offering_index(offering)
    return offering


@transaction.atomic
def offering_delete(*, offering: Offering, acting_user) -> None:
    audit_record(
        actor=acting_user, action="offering.delete", target=offering, summary=str(offering)[:300]
    )
    search.offering_forget(offering)
    offering.delete()


@transaction.atomic
def directory_settings_save(
    *, directory_settings: DirectorySettings, acting_user, changed: list[str]
):
    directory_settings.full_clean()
    directory_settings.save()
    audit_record(
        actor=acting_user, action="directory_settings.update", target=directory_settings,
        summary=", ".join(changed)[:300],
    )  # fmt: skip
    return directory_settings


@transaction.atomic
def vocabulary_save(*, entry: OfferingKind | District, acting_user):
    """Save a kind of offering or a district; the names show in every offering's index."""
    creating = entry.pk is None
    entry.full_clean()
    entry.save()
    audit_record(
        actor=acting_user, action=f"{entry._meta.model_name}.{'create' if creating else 'update'}",
        target=entry, summary=entry.name,
    )  # fmt: skip
    if not creating:
        field = "kind" if isinstance(entry, OfferingKind) else "district"
        for offering in Offering.objects.for_municipality(entry.municipality_id).filter(
            **{field: entry}
        ):
            search.offering_index(offering)
    return entry


# Once reminded, an offering is not reminded again for this long.
REMINDER_PAUSE = datetime.timedelta(days=30)


def verification_reminders_send(*, municipality, now: datetime.datetime | None = None) -> int:
    """E-mail providers and coordination about offerings nobody verified for a year.

    Each recipient gets one message listing their offerings; each offering is reminded at most
    once per REMINDER_PAUSE. Returns the number of messages sent.
    """
    now = now or timezone.now()
    recently = VerificationReminder.objects.for_municipality(municipality).filter(
        sent_at__gte=now - REMINDER_PAUSE
    )
    offerings = list(
        Offering.objects.for_municipality(municipality)
        .unverified(on=timezone.localdate(now))
        .exclude(pk__in=recently.values("offering_id"))
        .select_related("provider")
        .order_by("provider__name", "title")
    )
    if not offerings:
        return 0
    members = Membership.objects.for_municipality(municipality).select_related("user")
    coordinators = [m.user for m in members.filter(role=Role.COORDINATION) if m.user.is_active]
    partners: dict[int, list] = {}
    for m in members.filter(role=Role.NETWORK_PARTNER, organisation__isnull=False):
        if m.user.is_active:
            partners.setdefault(m.organisation_id, []).append(m.user)

    inbox: dict[str, list[Offering]] = {}
    sent_to: dict[int, set[str]] = {}
    for offering in offerings:
        for user in [*partners.get(offering.provider_id, []), *coordinators]:
            inbox.setdefault(user.email, []).append(offering)
            sent_to.setdefault(offering.pk, set()).add(user.email)

    with transaction.atomic():
        for offering in offerings:
            VerificationReminder.objects.create(
                municipality=municipality,
                offering=offering,
                sent_at=now,
                sent_to=sorted(sent_to.get(offering.pk, ())),
            )
        for email, listed in inbox.items():
            transaction.on_commit(
                lambda email=email, listed=listed: _send_reminder(
                    municipality=municipality, email=email, offerings=listed
                )
            )
    return len(inbox)


def _send_reminder(*, municipality, email: str, offerings: list[Offering]) -> None:
    base = settings.BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "municipality": municipality,
            "offerings": [(o, base + o.get_absolute_url()) for o in offerings],
        }
        send_mail(
            subject=_("Please check your offerings in Miteinander %(town)s")
            % {"town": municipality.name},
            message=render_to_string("offerings/email/verification_reminder.txt", context),
            from_email=None,
            recipient_list=[email],
        )
