"""What the public may see of a town's bodies: one definition for the public pages and OParl.

Each function returns the queryset of rows the public may see. `public_ids` snapshots them all,
so that a write can tell afterwards which objects left the public view (they get an
`OParlTombstone`, as OParl's `deleted: true` requires) and which came back.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from miteinander.network.models import ContactPerson, Organisation

from .models import (
    AgendaItem,
    Body,
    BodyMembership,
    Consultation,
    Document,
    LegislativeTerm,
    Location,
    Meeting,
    OParlTombstone,
    Paper,
)


def public_bodies(municipality):
    return Body.objects.for_municipality(municipality).public()


def public_meetings(municipality):
    return Meeting.objects.for_municipality(municipality).public()


def public_agenda_items(municipality):
    return AgendaItem.objects.for_municipality(municipality).filter(
        is_public=True, meeting__is_public=True, meeting__body__is_public=True
    )


def public_papers(municipality):
    return Paper.objects.for_municipality(municipality).public()


def public_consultations(municipality):
    return (
        Consultation.objects.for_municipality(municipality)
        .filter(paper__is_public=True, body__is_public=True)
        .filter(Q(meeting__isnull=True) | Q(meeting__is_public=True))
        .filter(Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True))
    )


def public_documents(municipality):
    return (
        Document.objects.for_municipality(municipality)
        .filter(is_public=True)
        .filter(
            Q(paper__is_public=True)
            | Q(meeting__is_public=True, meeting__body__is_public=True)
            | Q(
                agenda_item__is_public=True,
                agenda_item__meeting__is_public=True,
                agenda_item__meeting__body__is_public=True,
            )
        )
    )


def _person_listed():
    return Q(
        person__isnull=False,
        name_is_public=True,
        person__consent_given_on__isnull=False,
    )


def public_memberships(municipality):
    """Memberships of public bodies that name a listed person or a public organisation."""
    return (
        BodyMembership.objects.for_municipality(municipality)
        .filter(body__is_public=True)
        .filter(_person_listed() | Q(organisation__isnull=False, organisation__is_public=True))
    )


def public_persons(municipality):
    """Contact persons listed by name with a membership of a public body (they consented)."""
    listed = BodyMembership.objects.for_municipality(municipality).filter(
        _person_listed(), body__is_public=True, person=OuterRef("pk")
    )
    return ContactPerson.objects.for_municipality(municipality).filter(Exists(listed))


def public_member_organisations(municipality):
    """Public organisations of the network that sit in a public body."""
    sitting = BodyMembership.objects.for_municipality(municipality).filter(
        body__is_public=True, organisation=OuterRef("pk")
    )
    return Organisation.objects.for_municipality(municipality).public().filter(Exists(sitting))


def public_locations(municipality):
    used_by_meeting = (
        Meeting.objects.for_municipality(municipality).public().filter(location=OuterRef("pk"))
    )
    used_by_body = (
        Body.objects.for_municipality(municipality).public().filter(location=OuterRef("pk"))
    )
    return Location.objects.for_municipality(municipality).filter(
        Exists(used_by_meeting) | Exists(used_by_body)
    )


def legislative_terms(municipality):
    return LegislativeTerm.objects.for_municipality(municipality)


# OParl type name -> the queryset of public rows of that type.
PUBLIC_SETS = {
    "Organization": public_bodies,
    "Meeting": public_meetings,
    "AgendaItem": public_agenda_items,
    "Paper": public_papers,
    "Consultation": public_consultations,
    "File": public_documents,
    "Membership": public_memberships,
    "Person": public_persons,
    # Public network organisations sitting in public bodies, shown as OParl Organizations.
    "Institution": public_member_organisations,
    "Location": public_locations,
    "LegislativeTerm": legislative_terms,
}


def public_ids(municipality) -> dict[str, dict[int, object]]:
    """For each OParl type, the public rows' ids with their creation times."""
    return {
        oparl_type: dict(queryset(municipality).values_list("pk", "created_at"))
        for oparl_type, queryset in PUBLIC_SETS.items()
    }


# The town whose writes are being tracked as one batch (see tracking_public_view_once).
_batch_town: ContextVar = ContextVar("bodies_public_view_batch", default=None)


@contextmanager
def tracking_public_view(municipality):
    """Leave a tombstone for every object the wrapped write takes out of the public view.

    Use inside the write's transaction. An object that comes back into view loses its tombstone.
    Inside `tracking_public_view_once` for the same town, the batch compares once for all.
    """
    if _batch_town.get() == municipality.pk:
        yield
        return
    before = public_ids(municipality)
    yield
    after = public_ids(municipality)
    tombstones = OParlTombstone.objects.for_municipality(municipality)
    for oparl_type, rows in before.items():
        removed = rows.keys() - after[oparl_type].keys()
        for pk in removed:
            tombstones.update_or_create(
                municipality=municipality,
                object_type=oparl_type,
                object_id=pk,
                defaults={"created": rows[pk], "deleted_at": timezone.now()},
            )
        if after[oparl_type]:
            tombstones.filter(
                object_type=oparl_type, object_id__in=list(after[oparl_type])
            ).delete()


@contextmanager
def tracking_public_view_once(municipality):
    """Track a batch of writes (the demo, an import) with one comparison instead of one each.

    Each comparison reads every public object of the town twice; for a few hundred writes in a
    row, once around all of them leaves the same tombstones.
    """
    with tracking_public_view(municipality):
        token = _batch_town.set(municipality.pk)
        try:
            yield
        finally:
            _batch_town.reset(token)


@contextmanager
def tracking_registry_write(municipality):
    """`tracking_public_view` for writes in the network registry (consent withdrawn, a person
    erased, an organisation made internal), skipped in towns without bodies."""
    if Body.objects.for_municipality(municipality).exists():
        with tracking_public_view(municipality):
            yield
    else:
        yield
