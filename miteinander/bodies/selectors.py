"""Reads of bodies and meetings, narrowed to what the person asking may see.

The public sees what `visibility` defines. A signed-in person sees that too, and in addition the
internal parts of the bodies they may read internally (`bodies.view_internal`): coordination
every body of their town, a member the bodies they belong to now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from miteinander.municipalities.predicates import is_coordinator, is_platform_admin

from . import visibility
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Body,
    BodyMembership,
    Consultation,
    Decision,
    Document,
    Meeting,
    MembershipRole,
    Paper,
)


def sees_everything(user, municipality) -> bool:
    return bool(is_coordinator(user, municipality) or is_platform_admin(user))


def member_body_ids(user, municipality) -> set[int]:
    """Bodies the user currently belongs to (with an account) in this town."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        BodyMembership.objects.for_municipality(municipality)
        .current(timezone.localdate())
        .filter(user=user)
        .values_list("body_id", flat=True)
    )


def internal_body_ids(user, municipality) -> set[int] | None:
    """Bodies whose internal parts the user reads; None means all of the town's."""
    if sees_everything(user, municipality):
        return None
    return member_body_ids(user, municipality)


def _or_internal(public_q: Q, body_path: str, internal: set[int] | None) -> Q | None:
    """`public_q`, widened by the bodies read internally; None means no restriction."""
    if internal is None:
        return None
    return public_q | Q(**{f"{body_path}__in": internal})


def bodies_for(*, user, municipality):
    queryset = Body.objects.for_municipality(municipality)
    condition = _or_internal(Q(is_public=True), "pk", internal_body_ids(user, municipality))
    return queryset if condition is None else queryset.filter(condition)


def meetings_for(*, user, municipality):
    queryset = Meeting.objects.for_municipality(municipality).select_related("body", "location")
    condition = _or_internal(
        Q(is_public=True, body__is_public=True), "body", internal_body_ids(user, municipality)
    )
    return queryset if condition is None else queryset.filter(condition)


def agenda_items_for(*, user, meeting: Meeting):
    queryset = AgendaItem.objects.for_municipality(meeting.municipality).filter(meeting=meeting)
    if not reads_internally(user, meeting.body):
        queryset = queryset.filter(is_public=True)
    return queryset


def reads_internally(user, body: Body) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("bodies.view_internal", body)
    )


def minutes_visible(user, meeting: Meeting) -> bool:
    """Minutes and decisions: members and coordination always, the public once released."""
    return reads_internally(user, meeting.body) or meeting.minutes_released


def papers_for(*, user, municipality):
    """Public papers, plus internal ones of bodies the user reads internally."""
    queryset = Paper.objects.for_municipality(municipality)
    internal = internal_body_ids(user, municipality)
    if internal is None:
        return queryset
    return queryset.filter(
        Q(is_public=True) | Q(originator_body__in=internal) | Q(consultations__body__in=internal)
    ).distinct()


def consultations_visible(*, user, municipality):
    """Consultations the user may see: among public things, or in bodies read internally.

    Whether the paper itself may be read is `papers_for`'s to say.
    """
    queryset = Consultation.objects.for_municipality(municipality).select_related(
        "body", "meeting", "agenda_item"
    )
    internal = internal_body_ids(user, municipality)
    if internal is None:
        return queryset
    public = (
        Q(body__is_public=True)
        & (Q(meeting__isnull=True) | Q(meeting__is_public=True))
        & (Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True))
    )
    return queryset.filter(public | Q(body__in=internal))


def consultations_for(*, user, paper: Paper):
    """The paper's way through the bodies, as far as the user may follow it."""
    return consultations_visible(user=user, municipality=paper.municipality).filter(paper=paper)


def documents_for(*, user, municipality):
    queryset = Document.objects.for_municipality(municipality)
    internal = internal_body_ids(user, municipality)
    if internal is None:
        return queryset
    public_ids = visibility.public_documents(municipality).values("pk")
    return queryset.filter(
        Q(pk__in=public_ids)
        | Q(meeting__body__in=internal)
        | Q(agenda_item__meeting__body__in=internal)
        | Q(paper__originator_body__in=internal)
        | Q(paper__consultations__body__in=internal)
    ).distinct()


def meeting_detail(*, user, municipality, pk: int) -> dict:
    """Everything the meeting page shows, narrowed to this user; raises Meeting.DoesNotExist."""
    meeting = meetings_for(user=user, municipality=municipality).get(pk=pk)
    internal = reads_internally(user, meeting.body)
    show_minutes = minutes_visible(user, meeting)
    documents = documents_for(user=user, municipality=municipality)
    items = (
        agenda_items_for(user=user, meeting=meeting)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.for_municipality(municipality).order_by("id"),
            ),
            Prefetch(
                "documents",
                queryset=documents.filter(agenda_item__meeting=meeting),
                to_attr="visible_documents",
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.for_municipality(municipality).select_related(
                    "paper"
                ),
            ),
        )
        .order_by("position")
    )
    return {
        "meeting": meeting,
        "internal": internal,
        "show_minutes": show_minutes,
        "agenda_items": list(items),
        "documents": list(documents.filter(meeting=meeting)),
        "action_items": list(action_items_of(meeting)) if internal else [],
        "carried_over": list(carried_over_action_items(meeting)) if internal else [],
    }


def action_items_of(meeting: Meeting):
    return (
        ActionItem.objects.for_municipality(meeting.municipality)
        .filter(meeting=meeting)
        .select_related("owner_person", "owner_organisation", "measure", "agenda_item")
    )


def carried_over_action_items(meeting: Meeting):
    """Tasks from the body's earlier meetings that were still open when this one began."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        ActionItem.objects.for_municipality(meeting.municipality)
        .filter(meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at)
        .filter(
            Q(status=ActionItemStatus.OPEN) | Q(completed_on__isnull=False, completed_on__gte=day)
        )
        .exclude(status=ActionItemStatus.DROPPED)
        .select_related("meeting", "owner_person", "owner_organisation", "measure")
        .order_by("due_on", "id")
    )


def open_action_items(*, user, municipality):
    """Open tasks of every body the user reads internally, earliest due first."""
    queryset = ActionItem.objects.for_municipality(municipality).open()
    internal = internal_body_ids(user, municipality)
    if internal is not None:
        queryset = queryset.filter(meeting__body__in=internal)
    return queryset.select_related("meeting__body", "owner_person", "owner_organisation").order_by(
        "due_on", "id"
    )


def memberships_for(*, user, body: Body):
    """Members as the user may see them: all for readers of the body, else the public list."""
    queryset = BodyMembership.objects.for_municipality(body.municipality).filter(body=body)
    if not reads_internally(user, body):
        queryset = visibility.public_memberships(body.municipality).filter(body=body)
    return queryset.select_related("person", "organisation", "user")


# Member lists start with the chair, then deputies, members, advisers and the management.
ROLE_ORDER = [
    MembershipRole.CHAIR,
    MembershipRole.DEPUTY,
    MembershipRole.MEMBER,
    MembershipRole.ADVISORY,
    MembershipRole.MANAGEMENT,
]


@dataclass(frozen=True)
class MemberRow:
    """A membership as a page may show it: names only where the person asking may see them."""

    membership: BodyMembership
    person: str  # the person's name, or "" where it is not to be shown
    organisation: object | None  # network.Organisation, where it is to be shown
    organisation_is_public: bool
    is_current: bool  # the term includes today
    is_former: bool  # the term has ended


def member_rows(*, user, body: Body, today: datetime.date | None = None) -> list[MemberRow]:
    """The body's members for a page: all for its readers; for the public, persons who are
    listed with consent and public organisations. Ordered by role, then name."""
    today = today or timezone.localdate()
    internal = reads_internally(user, body)
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    rows = []
    for membership in memberships_for(user=user, body=body):
        person, organisation = membership.person, membership.organisation
        show_person = person is not None and (
            internal or (membership.name_is_public and person.has_consent)
        )
        show_organisation = organisation is not None and (internal or organisation.is_public)
        if not (show_person or show_organisation):
            continue
        started = membership.starts_on is None or membership.starts_on <= today
        ended = membership.ends_on is not None and membership.ends_on < today
        rows.append(
            MemberRow(
                membership=membership,
                person=person.name if show_person else "",
                organisation=organisation if show_organisation else None,
                organisation_is_public=bool(show_organisation and organisation.is_public),
                is_current=started and not ended,
                is_former=ended,
            )
        )
    rows.sort(
        key=lambda row: (
            rank.get(row.membership.role, len(rank)),
            row.person or row.organisation.name,
        )
    )
    return rows


def organisation_bodies(organisation, user) -> dict | None:
    """Bodies the organisation sits in, for its page in the network (a page section)."""
    queryset = (
        BodyMembership.objects.for_municipality(organisation.municipality)
        .current(timezone.localdate())
        .filter(organisation=organisation)
        .select_related("body")
    )
    internal = internal_body_ids(user, organisation.municipality)
    if internal is not None:
        queryset = queryset.filter(Q(body__is_public=True) | Q(body__in=internal))
    memberships = list(queryset)
    return {"body_memberships": memberships} if memberships else None


def measure_bodies(measure, user) -> dict | None:
    """Tasks agreed in meetings and papers on a measure, for its page (a page section).

    Tasks only from the bodies the user reads internally; papers as `papers_for` allows.
    """
    municipality = measure.municipality
    action_items = ActionItem.objects.for_municipality(municipality).filter(measure=measure)
    internal = internal_body_ids(user, municipality)
    if internal is not None:
        action_items = action_items.filter(meeting__body__in=internal)
    papers = papers_for(user=user, municipality=municipality).filter(measures=measure)
    data = {
        "action_items": list(
            action_items.select_related(
                "meeting__body", "owner_person", "owner_organisation"
            ).order_by("status", "due_on", "id")
        ),
        "papers": list(papers.order_by("-date")),
    }
    return data if data["action_items"] or data["papers"] else None
