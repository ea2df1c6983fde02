"""Writes of the HSDS import: keep an uploaded file's plan, then apply it in one go.

Upload reads and checks the file (reading.py), turns each service into a planned offering
(mapping.py) and keeps the plan as an `HsdsImport`; nothing else changes. The preview
(preview.py) compares the plan with the directory; confirming applies it through
`offering_save`, so the audit log and the search index see every offering, in one transaction:
if one write fails, none is kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from miteinander.core.services import (
    pending_import_lock,
    pending_import_mark_applied,
    pending_import_save,
)
from miteinander.network import services as network_services
from miteinander.network.services import vocabulary_add
from miteinander.network.stocktake.plan import name_key

from .. import services as offering_services
from ..models import HsdsImport, OfferingKind
from . import reading
from .mapping import plan_service
from .plan import Plan
from .preview import OTHER_KIND, import_preview


def parse(data: bytes, filename: str) -> Plan:
    """Read and check a file into a plan; raise ValidationError if it cannot be imported."""
    source = reading.read(data, filename)
    plan = Plan(source={"kind": source.kind, "form": source.form, "notes": source.notes})
    for entry in source.entries:
        plan.services.append(plan_service(entry.service, position=entry.position, line=entry.line))
    return plan


def hsds_import_upload(*, municipality, acting_user, file) -> HsdsImport:
    """Read an uploaded HSDS file and keep its plan for the preview; nothing else changes.

    Raises ValidationError for a file that is too large, neither JSON nor a data package, or
    not valid against the HSDS 3.0 schemas.
    """
    reading.file_check(size=file.size)  # before a single byte is read
    filename = PurePath(file.name or "").name
    plan = parse(file.read(), filename)
    # Parsed outside the transaction: a write transaction locks SQLite while it lasts.
    with transaction.atomic():
        return pending_import_save(
            model=HsdsImport,
            municipality=municipality,
            acting_user=acting_user,
            filename=filename,
            plan=plan.to_json(),
            action="hsds_import.upload",
        )


@transaction.atomic
def hsds_import_apply(*, hsds_import: HsdsImport, acting_user) -> dict[str, int]:
    """Create and update the offerings of a checked import, published; return the counts.

    Compares the plan with the directory again first, so that an offering or organisation
    someone added since the preview is updated or reused, not duplicated.
    """
    municipality = hsds_import.municipality
    locked = pending_import_lock(hsds_import)
    preview = import_preview(municipality=municipality, plan=locked.plan)
    organisations = {}
    for name in preview.new_organisations:
        organisations[name_key(name)] = network_services.organisation_create(
            municipality=municipality,
            acting_user=acting_user,
            name=name,
            website=_website_of(preview, name),
        )
    other = None
    if preview.creates_other_kind:
        other = vocabulary_add(
            model=OfferingKind, municipality=municipality, name=OTHER_KIND, acting_user=acting_user
        )
    for step in preview.to_create + preview.to_update:
        organisation = step.organisation or organisations[name_key(step.organisation_name)]
        content = step.content(organisation=organisation, kind=step.kind or other)
        with _refused_names_the_service(step.label):
            offering_services.offering_save(
                municipality=municipality,
                acting_user=acting_user,
                content=content,
                offering=step.existing,
                publish=True,
                # The service keeps its id, so that importing the file again updates it.
                uuid=step.uuid,
            )
    summary = preview.counts
    pending_import_mark_applied(
        locked=locked, summary=summary, acting_user=acting_user, action="hsds_import.apply"
    )
    return summary


def _website_of(preview, name: str) -> str:
    """The website the file gives the organisation, if it is a valid address."""
    for step in preview.steps:
        organization = step.planned.organization or {}
        if name_key(organization.get("name", "")) == name_key(name):
            website = organization.get("website", "")
            if website.startswith(("https://", "http://")) and len(website) <= 200:
                return website
    return ""


@contextlib.contextmanager
def _refused_names_the_service(label: str) -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            _("%(service)s: %(reason)s"),
            code="refused",
            params={"service": label, "reason": " ".join(error.messages)},
        ) from error
