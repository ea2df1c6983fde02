"""Reads for the workspace: staff lists, the review queue, a change compared with the original.

The public directory's reads (search, filters, open now) are in selectors.py.
"""

from django.db.models import Q, QuerySet

from miteinander.core.models import AuditEntry

from .models import Offering, OfferingStatus
from .services import CONTENT_FIELDS


def offering_detail(*, municipality, pk: int) -> Offering:
    return (
        Offering.objects.for_municipality(municipality)
        .select_related("provider", "kind", "district", "field_of_action", "revision_of")
        .prefetch_related(
            "target_groups", "translations", "opening_hours", "exceptions", "sessions"
        )
        .get(pk=pk)
    )


def offerings_for_workspace(
    *, municipality, query: str = "", status: str = "", attention: str = "", provider_id=None
) -> QuerySet[Offering]:
    """Offerings (not pending changes) for staff, with their pending change if there is one."""
    offerings = (
        Offering.objects.for_municipality(municipality)
        .current()
        .select_related("provider", "kind", "district", "pending_revision")
    )
    if status:
        offerings = offerings.filter(status=status)
    else:
        offerings = offerings.exclude(status=OfferingStatus.ARCHIVED)
    if query:
        offerings = offerings.filter(Q(title__icontains=query) | Q(provider__name__icontains=query))
    if attention == "review":
        offerings = offerings.filter(
            Q(status=OfferingStatus.SUBMITTED)
            | Q(pending_revision__status=OfferingStatus.SUBMITTED)
        )
    elif attention == "unverified":
        offerings = offerings & Offering.objects.for_municipality(municipality).unverified()
    if provider_id is not None:
        offerings = offerings.filter(provider_id=provider_id)
    return offerings.order_by("title", "id")


def waiting_for_approval(*, municipality) -> QuerySet[Offering]:
    """New offerings and changes that partners submitted, oldest first."""
    return (
        Offering.objects.for_municipality(municipality)
        .filter(status=OfferingStatus.SUBMITTED)
        .select_related("provider", "kind", "revision_of")
        .order_by("updated_at")
    )


def attention_counts(*, municipality) -> dict[str, int]:
    offerings = Offering.objects.for_municipality(municipality)
    return {
        "review": offerings.filter(status=OfferingStatus.SUBMITTED).count(),
        "unverified": offerings.unverified().count(),
    }


def revision_changes(revision: Offering) -> list[tuple[str, str, str]]:
    """What a pending change alters: (field label, published value, proposed value)."""
    original = revision.revision_of
    rows = []
    for name in CONTENT_FIELDS:
        field = Offering._meta.get_field(name)
        before, after = getattr(original, name), getattr(revision, name)
        if before != after:
            if field.choices:
                before = getattr(original, f"get_{name}_display")()
                after = getattr(revision, f"get_{name}_display")()
            rows.append((field.verbose_name, before, after))
    before_groups = {str(g) for g in original.target_groups.all()}
    after_groups = {str(g) for g in revision.target_groups.all()}
    if before_groups != after_groups:
        rows.append(
            (
                Offering._meta.get_field("target_groups").verbose_name,
                ", ".join(sorted(before_groups)),
                ", ".join(sorted(after_groups)),
            )
        )
    for related_name in ("translations", "opening_hours", "exceptions", "sessions"):
        before = [str(row) for row in getattr(original, related_name).all()]
        after = [str(row) for row in getattr(revision, related_name).all()]
        if before != after:
            label = getattr(Offering, related_name).rel.related_model._meta.verbose_name_plural
            rows.append((label, "; ".join(before), "; ".join(after)))
    return rows


def offering_history(*, offering: Offering) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        municipality_id=offering.municipality_id,
        object_type="offerings.offering",
        object_id=str(offering.pk),
    ).select_related("actor")[:50]


def organisation_offerings(organisation, user) -> dict | None:
    """The offerings an organisation provides (a section of its workspace page)."""
    if not user.has_perm("offerings.view_directory", organisation.municipality):
        return None
    return {
        "offerings": list(
            Offering.objects.for_municipality(organisation.municipality_id)
            .current()
            .filter(provider=organisation)
            .exclude(status=OfferingStatus.ARCHIVED)
            .select_related("kind")
        )
    }
