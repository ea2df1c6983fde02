"""Writes of the network registry. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from miteinander.core.services import audit_record

from . import hooks
from .models import (
    Alliance,
    AllianceMembership,
    ContactPerson,
    FieldOfWork,
    Format,
    Organisation,
    TargetGroup,
)


def town_vocabularies_ensure(*, municipality) -> None:
    """Give a town the default fields of work and target groups it does not have yet."""
    for model in (FieldOfWork, TargetGroup):
        existing = {
            name.casefold()
            for name in model.objects.for_municipality(municipality).values_list("name", flat=True)
        }
        for position, name in enumerate(model.DEFAULTS):
            if name.casefold() not in existing:
                model.objects.create(municipality=municipality, name=name, position=position)


def _apply(instance, data: dict[str, Any], m2m: tuple[str, ...] = ()) -> dict[str, Any]:
    """Set fields from `data`; return {field: [before, after]} for the audit row."""
    changes = {}
    for field, value in data.items():
        if field in m2m:
            continue
        before = getattr(instance, field)
        if before != value:
            changes[field] = [_plain(before), _plain(value)]
            setattr(instance, field, value)
    return changes


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _set_m2m(instance, data: dict[str, Any], names: tuple[str, ...], changes: dict) -> None:
    for name in names:
        if name in data:
            manager = getattr(instance, name)
            before = sorted(manager.values_list("pk", flat=True))
            after = sorted(obj.pk for obj in data[name])
            if before != after:
                manager.set(data[name])
                changes[name] = [before, after]


_ORGANISATION_M2M = ("fields_of_work", "amplifier_for")


@transaction.atomic
def organisation_create(*, municipality, acting_user, **data) -> Organisation:
    organisation = Organisation(municipality=municipality)
    _apply(organisation, data, _ORGANISATION_M2M)
    organisation.full_clean()
    organisation.save()
    changes: dict = {}
    _set_m2m(organisation, data, _ORGANISATION_M2M, changes)
    audit_record(
        actor=acting_user,
        action="organisation.create",
        target=organisation,
        summary=organisation.name,
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, acting_user, **data) -> Organisation:
    changes = _apply(organisation, data, _ORGANISATION_M2M)
    organisation.full_clean()
    with hooks.tracking_writes(organisation.municipality):
        organisation.save()
        _set_m2m(organisation, data, _ORGANISATION_M2M, changes)
    if "name" in changes:
        hooks.organisation_renamed(organisation=organisation)
    if changes:
        audit_record(
            actor=acting_user,
            action="organisation.update",
            target=organisation,
            summary=organisation.name,
            changes=changes,
        )
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation, acting_user) -> None:
    audit_record(
        actor=acting_user,
        action="organisation.delete",
        target=organisation,
        summary=organisation.name,
    )
    with hooks.tracking_writes(organisation.municipality):
        organisation.delete()


@transaction.atomic
def contact_person_save(
    *, organisation: Organisation, acting_user, contact_person: ContactPerson | None = None, **data
) -> ContactPerson:
    """Create or change a contact person; consent date and purpose come together."""
    is_new = contact_person is None
    if is_new:
        contact_person = ContactPerson(
            municipality_id=organisation.municipality_id, organisation=organisation
        )
    changes = _apply(contact_person, data)
    contact_person.full_clean()
    with hooks.tracking_writes(organisation.municipality):
        contact_person.save()
    audit_record(
        actor=acting_user,
        action="contact_person.create" if is_new else "contact_person.update",
        target=contact_person,
        # Personal data stays out of the audit log: field names only.
        changes={"fields": sorted(changes)},
    )
    return contact_person


@transaction.atomic
def contact_person_erase(*, contact_person: ContactPerson, acting_user) -> None:
    """Delete a contact person for good (DSGVO Art. 17); the audit row keeps no personal data."""
    audit_record(actor=acting_user, action="contact_person.erase", target=contact_person)
    with hooks.tracking_writes(contact_person.municipality):
        contact_person.delete()


@transaction.atomic
def format_save(
    *, organisation: Organisation, acting_user, format: Format | None = None, **data
) -> Format:
    is_new = format is None
    if is_new:
        format = Format(municipality_id=organisation.municipality_id, organisation=organisation)
    changes = _apply(format, data)
    format.full_clean()
    format.save()
    audit_record(
        actor=acting_user,
        action="format.create" if is_new else "format.update",
        target=format,
        summary=format.name,
        changes=changes,
    )
    return format


@transaction.atomic
def format_delete(*, format: Format, acting_user) -> None:
    audit_record(actor=acting_user, action="format.delete", target=format, summary=format.name)
    format.delete()


@transaction.atomic
def alliance_save(
    *, municipality, acting_user, alliance: Alliance | None = None, **data
) -> Alliance:
    is_new = alliance is None
    if is_new:
        alliance = Alliance(municipality=municipality)
    changes = _apply(alliance, data)
    alliance.full_clean()
    alliance.save()
    audit_record(
        actor=acting_user,
        action="alliance.create" if is_new else "alliance.update",
        target=alliance,
        summary=alliance.name,
        changes=changes,
    )
    return alliance


@transaction.atomic
def alliance_delete(*, alliance: Alliance, acting_user) -> None:
    audit_record(
        actor=acting_user, action="alliance.delete", target=alliance, summary=alliance.name
    )
    alliance.delete()


@transaction.atomic
def alliance_member_add(
    *, alliance: Alliance, organisation: Organisation, acting_user, member_since=None
) -> AllianceMembership:
    membership, created = AllianceMembership.objects.for_municipality(
        alliance.municipality_id
    ).get_or_create(
        alliance=alliance,
        organisation=organisation,
        defaults={"municipality_id": alliance.municipality_id, "member_since": member_since},
    )
    if not created and member_since and membership.member_since != member_since:
        membership.member_since = member_since
        membership.save(update_fields=["member_since", "updated_at"])
    membership.full_clean()
    audit_record(
        actor=acting_user,
        action="alliance.member_add",
        target=membership,
        summary=f"{organisation} → {alliance}",
    )
    return membership


@transaction.atomic
def alliance_member_remove(*, membership: AllianceMembership, acting_user) -> None:
    audit_record(
        actor=acting_user,
        action="alliance.member_remove",
        target=membership,
        summary=f"{membership.organisation} → {membership.alliance}",
    )
    membership.delete()


@transaction.atomic
def vocabulary_add(*, model, municipality, name: str, acting_user):
    """Add a field of work or target group at the end of the town's list."""
    last = model.objects.for_municipality(municipality).aggregate(m=Max("position"))["m"]
    entry = model(municipality=municipality, name=name.strip(), position=(last or 0) + 1)
    entry.full_clean()
    entry.save()
    audit_record(actor=acting_user, action=f"{model._meta.model_name}.create", target=entry)
    return entry


@transaction.atomic
def vocabulary_remove(*, entry, acting_user) -> None:
    """Remove a field of work or target group; organisations simply lose that tag."""
    audit_record(
        actor=acting_user,
        action=f"{entry._meta.model_name}.delete",
        target=entry,
        summary=entry.name,
    )
    entry.delete()
