"""What an HSDS import would do to a town's directory, read fresh from the database.

Per service: create, update (an offering of the town has the service's id), unchanged, or
rejected with the reasons. Providers are matched by name (case and spaces do not matter) or
created; kinds are matched by name, else the offering is filed under "Sonstiges". Each planned
offering is checked with the model's own validation, so that confirming does not fail on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miteinander.network.models import Organisation, TargetGroup
from miteinander.network.stocktake.plan import name_key

from ..models import (
    District,
    Offering,
    OfferingKind,
    OfferingStatus,
    OpeningHours,
    ScheduleException,
    Session,
)
from ..services import OfferingContent
from . import vocabulary as v
from .messages import service_label
from .plan import Level, Plan, PlannedService, render

OTHER_KIND = "Sonstiges"

# Offering fields and child fields -> their HSDS names, for messages.
CHILD_FIELDS = {
    "opening_hours": {"weekday": "byday", "opens": "opens_at", "closes": "closes_at"},
    "exceptions": {
        "starts_on": "valid_from",
        "ends_on": "valid_to",
        "opens": "opens_at",
        "closes": "closes_at",
        "note": "notes",
    },
    "sessions": {"starts_at": "opens_at", "ends_at": "closes_at", "note": "notes"},
}
HOURS = ("weekday", "opens", "closes")
EXCEPTION = ("starts_on", "ends_on", "opens", "closes", "note")
SESSION = ("starts_at", "ends_at", "note")
CHILD_MODELS = {"opening_hours": OpeningHours, "exceptions": ScheduleException, "sessions": Session}
CHANGE_LABELS = {
    "provider": gettext_lazy("provider"),
    "kind": gettext_lazy("kind"),
    "district": gettext_lazy("district"),
    "target_groups": gettext_lazy("target groups"),
    "translations": gettext_lazy("translations"),
    "opening_hours": gettext_lazy("opening hours"),
    "exceptions": gettext_lazy("exceptions"),
    "sessions": gettext_lazy("sessions"),
    "status": gettext_lazy("published again"),
}


def imported_uuid(municipality, service_id: str) -> str:
    """The id an offering gets when the service's own id belongs to another town's offering."""
    return v.uid("import", municipality.slug, service_id)


@dataclass
class ServiceStep:
    planned: PlannedService
    action: str  # create, update, unchanged, rejected
    label: str
    existing: Offering | None = None
    uuid: str = ""
    organisation: Organisation | None = None
    kind: OfferingKind | None = None
    target_groups: list = field(default_factory=list)
    district: District | None = None
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation else self.planned.organization["name"]

    @property
    def kind_name(self) -> str:
        return self.kind.name if self.kind else OTHER_KIND

    def content(self, *, organisation: Organisation, kind: OfferingKind) -> OfferingContent:
        """What offering_save writes; provider and kind as they exist at that moment.

        A file of another directory cannot carry translations, and may say nothing about
        when: an offering it updates keeps its own then.
        """
        planned, existing = self.planned, self.existing
        fields = typed_fields(planned.fields)
        fields.update(provider=organisation, kind=kind, district=self.district)
        content = OfferingContent(
            fields=fields,
            target_groups=list(self.target_groups),
            translations=[dict(t) for t in planned.translations],
            opening_hours=_children(planned.opening_hours),
            exceptions=_children(planned.exceptions),
            sessions=_children(planned.sessions),
        )
        if existing is None:
            return content
        if not planned.from_miteinander and not planned.translations:
            content.translations = list(
                existing.translations.values("language", "title", "description")
            )
        if not planned.has_schedules:
            content.opening_hours = list(existing.opening_hours.values(*HOURS))
            content.exceptions = list(existing.exceptions.values(*EXCEPTION))
            content.sessions = list(existing.sessions.values(*SESSION))
        return content


@dataclass
class Preview:
    plan: Plan
    steps: list[ServiceStep] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    creates_other_kind: bool = False

    def _with(self, action: str) -> list[ServiceStep]:
        return [step for step in self.steps if step.action == action]

    @property
    def to_create(self):
        return self._with("create")

    @property
    def to_update(self):
        return self._with("update")

    @property
    def unchanged(self):
        return self._with("unchanged")

    @property
    def rejected(self):
        return self._with("rejected")

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "organisations_created": len(self.new_organisations),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)


def typed_fields(fields: dict) -> dict:
    """The plan's JSON values as the model's types."""
    typed = dict(fields)
    for name in ("valid_from", "valid_to"):
        if typed.get(name):
            typed[name] = datetime.date.fromisoformat(typed[name])
    for name in ("latitude", "longitude"):
        if typed.get(name) is not None:
            typed[name] = Decimal(typed[name])
    return typed


def _children(rows: list[dict]) -> list[dict]:
    typed = []
    for row in rows:
        row = {key: value for key, value in row.items() if key != "path"}
        for key in ("opens", "closes"):
            if row.get(key):
                row[key] = datetime.time.fromisoformat(row[key])
        for key in ("starts_on", "ends_on"):
            if row.get(key):
                row[key] = datetime.date.fromisoformat(row[key])
        for key in ("starts_at", "ends_at"):
            if row.get(key):
                row[key] = datetime.datetime.fromisoformat(row[key])
        typed.append(row)
    return typed


def _damaged() -> ValidationError:
    return ValidationError(
        gettext_lazy("The stored import cannot be read any more. Upload the file again."),
        code="damaged_plan",
    )


def import_preview(*, municipality, plan: dict) -> Preview:
    """Compare a parsed plan with the town's directory as it is now."""
    try:
        parsed = Plan.from_json(plan)
    except (KeyError, TypeError, ValueError) as error:
        raise _damaged() from error
    return _Comparison(municipality, parsed).run()


class _Comparison:
    def __init__(self, municipality, plan: Plan):
        self.town = municipality
        self.preview = Preview(plan=plan)
        self.organisations = {
            name_key(o.name): o for o in Organisation.objects.for_municipality(municipality)
        }
        self.kinds = {
            name_key(k.name): k for k in OfferingKind.objects.for_municipality(municipality)
        }
        self.groups = {
            name_key(g.name): g for g in TargetGroup.objects.for_municipality(municipality)
        }
        self.districts = {
            name_key(d.name): d for d in District.objects.for_municipality(municipality)
        }
        ids = {planned.service_id for planned in plan.services}
        candidates = ids | {imported_uuid(municipality, i) for i in ids}
        self.offerings = {
            str(o.uuid): o
            for o in Offering.objects.for_municipality(municipality)
            .current()
            .filter(uuid__in=candidates)
            .select_related("kind")
            .prefetch_related(
                "target_groups", "translations", "opening_hours", "exceptions", "sessions"
            )
        }
        # Offering ids are unique on the whole platform (another town's offering, or a pending
        # revision), so this looks at every town; it only learns which ids are taken.
        self.taken = {
            str(u)
            for u in Offering.objects.all_municipalities()
            .filter(uuid__in=ids)
            .values_list("uuid", flat=True)
        }

    def run(self) -> Preview:
        seen = set()
        for planned in self.preview.plan.services:
            step = ServiceStep(
                planned, "create", str(service_label(planned.position, {"name": planned.name}))
            )
            self.preview.steps.append(step)
            step.notes = [
                render(n.message, n.params) for n in planned.notes if n.level != Level.ERROR
            ]
            step.reasons = [render(n.message, n.params) for n in planned.errors]
            if planned.service_id in seen:
                step.reasons.append(
                    _(
                        "its id %(id)s appears more than once in the file; only the first "
                        "is imported"
                    )
                    % {"id": planned.service_id}
                )
            seen.add(planned.service_id)
            if step.reasons:
                step.action = "rejected"
                continue
            self._match(step)
            self._check(step)
            if step.reasons:
                step.action = "rejected"
                continue
            if step.existing is not None:
                step.changes = self._changes(step)
                step.action = "update" if step.changes else "unchanged"
        # Only what an imported service needs is created.
        new = {}
        for step in self.preview.to_create + self.preview.to_update:
            if step.organisation is None:
                new.setdefault(name_key(step.organisation_name), step.organisation_name)
            if step.kind is None:
                self.preview.creates_other_kind = True
        self.preview.new_organisations = list(new.values())
        return self.preview

    def _match(self, step: ServiceStep) -> None:
        planned = step.planned
        existing = self.offerings.get(planned.service_id) or self.offerings.get(
            imported_uuid(self.town, planned.service_id)
        )
        step.existing = existing
        if existing is not None:
            step.uuid = str(existing.uuid)
        elif planned.service_id in self.taken:
            step.uuid = imported_uuid(self.town, planned.service_id)
            step.notes.append(
                _(
                    "Its id is already used by an offering elsewhere on the platform, so the "
                    "new offering gets the id %(id)s; importing the file again updates it."
                )
                % {"id": step.uuid}
            )
        else:
            step.uuid = planned.service_id

        step.organisation = self.organisations.get(name_key(planned.organization["name"]))

        for name in planned.kind_names:
            if name_key(name) in self.kinds:
                step.kind = self.kinds[name_key(name)]
                break
        if step.kind is None and existing is not None and not planned.from_miteinander:
            step.kind = existing.kind  # another directory's terms say nothing about our kinds
        if step.kind is None:
            step.kind = self.kinds.get(name_key(OTHER_KIND))
            if planned.kind_names:
                step.notes.append(
                    _("No kind of the town is called “%(names)s”; it is filed under “%(other)s”.")
                    % {"names": ", ".join(planned.kind_names[:3]), "other": OTHER_KIND}
                )
        # A "Sonstiges" the import creates is no kind of meeting place either.
        if step.kind is None or not step.kind.is_meeting_place:
            if planned.fields.get("room_capacity") is not None:
                planned.fields["room_capacity"] = None
                step.notes.append(
                    _("The room capacity is left out: “%(kind)s” is not a kind of meeting place.")
                    % {"kind": step.kind_name}
                )

        groups, unknown = [], []
        for name in planned.target_group_names:
            group = self.groups.get(name_key(name))
            if group is not None and group not in groups:
                groups.append(group)
            elif group is None and planned.from_miteinander and name not in planned.kind_names:
                unknown.append(name)
        if not groups and existing is not None and not planned.from_miteinander:
            groups = list(existing.target_groups.all())
        step.target_groups = groups
        if unknown:
            step.notes.append(
                _("The town has no target group “%(names)s”; left out.")
                % {"names": ", ".join(unknown)}
            )
        if planned.district_name:
            step.district = self.districts.get(name_key(planned.district_name))
            if step.district is None and planned.from_miteinander:
                step.notes.append(
                    _("The town has no district “%(name)s”; left out.")
                    % {"name": planned.district_name}
                )
        elif existing is not None and not planned.from_miteinander:
            step.district = existing.district

        if existing is not None and existing.status == OfferingStatus.ARCHIVED:
            step.notes.append(_("The offering is archived and will be published again."))

    def _check(self, step: ServiceStep) -> None:
        """Run the model's validation on the planned offering and its children."""
        planned = step.planned
        content = step.content(organisation=step.organisation, kind=step.kind)
        offering = Offering(municipality=self.town)
        for name, value in content.fields.items():
            if name in ("provider", "kind", "district") and value is None:
                continue
            setattr(offering, name, value)
        exclude = ["uuid", "search_text_de", "search_text_other"]
        if step.organisation is None:
            exclude.append("provider")
        if step.kind is None:
            exclude.append("kind")
        try:
            offering.full_clean(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                path = planned.paths.get(name, name if name != "__all__" else "")
                for message in messages:
                    step.reasons.append(_field_reason(path, message))
        for related_name, model in CHILD_MODELS.items():
            rows = getattr(planned, related_name)
            for row, typed in zip(rows, _children(rows), strict=True):
                try:
                    model(**typed).full_clean(exclude=["offering"])
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        hsds = CHILD_FIELDS[related_name].get(name, "")
                        path = f"{row['path']}.{hsds}" if hsds else row["path"]
                        for message in messages:
                            step.reasons.append(_field_reason(path, message))

    def _changes(self, step: ServiceStep) -> list[str]:
        existing = step.existing
        content = step.content(organisation=step.organisation, kind=step.kind)
        changes = []
        for name, value in content.fields.items():
            if name in ("provider", "kind", "district"):
                before = getattr(existing, f"{name}_id")
                after = value.pk if value is not None else None
                if name == "provider" and step.organisation is None:
                    after = -1
            else:
                before = getattr(existing, name)
                after = value
            if before != after:
                label = CHANGE_LABELS.get(name) or Offering._meta.get_field(name).verbose_name
                changes.append(str(label))
        if {g.pk for g in existing.target_groups.all()} != {g.pk for g in step.target_groups}:
            changes.append(str(CHANGE_LABELS["target_groups"]))
        children = {
            "translations": ("language", "title", "description"),
            "opening_hours": HOURS,
            "exceptions": EXCEPTION,
            "sessions": SESSION,
        }
        for related_name, names in children.items():
            before = sorted(
                tuple(_comparable(getattr(child, n)) for n in names)
                for child in getattr(existing, related_name).all()
            )
            after = sorted(
                tuple(_comparable(row.get(n)) for n in names)
                for row in getattr(content, related_name)
            )
            if before != after:
                changes.append(str(CHANGE_LABELS[related_name]))
        if not existing.is_published:
            changes.append(str(CHANGE_LABELS["status"]))
        return changes


def _comparable(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return "" if value is None else str(value)


def _field_reason(path: str, message: str) -> str:
    if not path:
        return message
    return _("field “%(field)s”: %(reason)s") % {"field": path, "reason": message}
