"""What a stock-take import would do to a town's registry, read fresh from the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from miteinander.network.models import ActorGroup, Format, FormatKind, Organisation

from .plan import Level, Note, Plan, PlannedFormat, PlannedOrganisation, name_key


@dataclass
class OrganisationStep:
    planned: PlannedOrganisation
    existing: Organisation | None

    @property
    def actor_group_label(self) -> str:
        return ActorGroup(self.planned.actor_group).label


@dataclass
class MergeStep:
    name: str
    lines: list[int]
    reason: str


@dataclass
class FormatStep:
    planned: PlannedFormat
    exists: bool

    @property
    def kind_label(self) -> str:
        return FormatKind(self.planned.kind).label


@dataclass
class Preview:
    plan: Plan
    organisations: list[OrganisationStep] = field(default_factory=list)
    merges: list[MergeStep] = field(default_factory=list)
    formats: list[FormatStep] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def to_create(self) -> list[OrganisationStep]:
        return [step for step in self.organisations if step.existing is None]

    @property
    def formats_to_add(self) -> list[FormatStep]:
        return [step for step in self.formats if not step.exists]

    @property
    def formats_present(self) -> list[FormatStep]:
        return [step for step in self.formats if step.exists]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "organisations_created": len(self.to_create),
            "organisations_merged": len(self.merges),
            "formats_created": len(self.formats_to_add),
            "formats_present": len(self.formats_present),
            "rejected": sum(note.level == Level.ERROR for note in self.notes),
            "warnings": sum(note.level == Level.WARNING for note in self.notes),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.formats_to_add)


def _damaged() -> ValidationError:
    return ValidationError(
        _("The stored import cannot be read any more. Upload the file again."),
        code="damaged_plan",
    )


def stocktake_preview(*, municipality, plan: dict) -> Preview:
    """Compare a parsed plan with the town's registry as it is now: what is new, what merges."""
    try:
        parsed = Plan.from_json(plan)
    except (KeyError, TypeError, ValueError) as error:
        raise _damaged() from error
    preview = Preview(plan=parsed, notes=list(parsed.notes))
    registry = {
        name_key(organisation.name): organisation
        for organisation in Organisation.objects.for_municipality(municipality).select_related(
            "parent"
        )
    }
    planned_keys = {planned.key for planned in parsed.organisations}
    for planned in parsed.organisations:
        if planned.actor_group not in ActorGroup.values:
            raise _damaged()  # stored before the actor groups changed
        if planned.parent is not None and name_key(planned.parent) not in planned_keys:
            raise _damaged()
        existing = registry.get(planned.key)
        preview.organisations.append(OrganisationStep(planned, existing))
        if existing is not None:
            preview.merges.append(
                MergeStep(existing.name, planned.lines, _("Already in the registry."))
            )
            _compare(preview, planned, existing)
        elif len(planned.lines) > 1:
            preview.merges.append(
                MergeStep(
                    planned.name,
                    planned.lines,
                    _("Named more than once in the file; created once."),
                )
            )

    present = {
        (organisation_id, name_key(name))
        for organisation_id, name in Format.objects.for_municipality(municipality).values_list(
            "organisation_id", "name"
        )
    }
    for planned in parsed.formats:
        if planned.kind not in FormatKind.values:
            raise _damaged()
        if name_key(planned.organisation) not in planned_keys:
            raise _damaged()
        owner = registry.get(name_key(planned.organisation))
        exists = owner is not None and (owner.pk, planned.key) in present
        preview.formats.append(FormatStep(planned, exists))
    preview.notes.sort(key=lambda note: note.line or 0)
    return preview


def _compare(preview: Preview, planned: PlannedOrganisation, existing: Organisation) -> None:
    """Warn where the file says something else than the registry; the registry wins."""
    line = planned.lines[0]
    if existing.actor_group != planned.actor_group:
        preview.notes.append(
            Note(
                line,
                Level.WARNING,
                "group_differs",
                gettext_noop(
                    "“%(name)s” is in the registry with the actor group “%(existing)s”, the "
                    "file says “%(group)s”. The actor group stays as it is; change it on the "
                    "organisation's page if the file is right."
                ),
                {
                    "name": existing.name,
                    "existing": str(existing.get_actor_group_display()),
                    "group": str(ActorGroup(planned.actor_group).label),
                },
            )
        )
    if planned.parent is None:
        return
    current = existing.parent.name if existing.parent else ""
    if name_key(current) != name_key(planned.parent):
        preview.notes.append(
            Note(
                line,
                Level.WARNING,
                "parent_differs",
                gettext_noop(
                    "“%(name)s” is in the registry as a part of “%(existing)s”, not of "
                    "“%(parent)s”; it stays where it is."
                )
                if current
                else gettext_noop(
                    "“%(name)s” is in the registry on its own, not as a part of “%(parent)s”; "
                    "it stays where it is."
                ),
                {"name": existing.name, "existing": current, "parent": planned.parent},
            )
        )
