"""What the OParl API reads: the public rows of `visibility`, ready to serialise in a few queries.

Each function narrows nothing beyond `visibility` (one definition of "public" for the public
pages and OParl) and adds what serialising needs: related rows, the position of an agenda item
among the public ones, and `oparl_modified`.

`oparl_modified` is the newest change of anything the object shows, not only of its own row:
OParl clients synchronise with `modified_since` and see a change only through `modified`, and
the specification requires an object's `modified` to move when an object embedded in it changes.
So a meeting is modified when one of its public agenda items, their decisions or files change;
an agenda item when its meeting (say, the release of the minutes) or its decisions change.
"""

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from miteinander.municipalities.models import Municipality

from .. import visibility
from ..models import Decision, LegislativeTerm


def _newest(queryset, link: str) -> Subquery:
    """The newest `updated_at` among the rows of `queryset` whose `link` is the outer row."""
    return Subquery(
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(newest=Max("updated_at"))
        .values("newest")[:1],
        output_field=DateTimeField(),
    )


def _latest(*times):
    """The newest of the row's own `updated_at` and `times`; a missing time does not count.

    (Greatest ignores NULL on PostgreSQL but answers NULL on SQLite, hence the Coalesce.)
    """
    own = F("updated_at")
    if not times:
        return ExpressionWrapper(own, output_field=DateTimeField())
    return Greatest(own, *(Coalesce(t, own) for t in times), output_field=DateTimeField())


def _public_decisions(town):
    return Decision.objects.for_municipality(town).filter(
        agenda_item__in=visibility.public_agenda_items(town)
    )


def bodies():
    """Active towns, each an OParl Body; `oparl_modified` counts its embedded electoral terms."""
    newest_term = _newest(LegislativeTerm.objects.all(), "municipality")
    return (
        Municipality.objects.active().annotate(oparl_modified=_latest(newest_term)).order_by("pk")
    )


def legislative_terms_of(towns) -> dict[int, list]:
    """Electoral terms of several towns in one query: town id -> terms, oldest first.

    (Every electoral term is public, as `visibility.legislative_terms` says.)
    """
    terms = LegislativeTerm.objects.filter(municipality__in=[t.pk for t in towns]).annotate(
        oparl_modified=_latest()
    )
    grouped: dict[int, list] = {t.pk: [] for t in towns}
    for term in terms.order_by("starts_on", "pk"):
        grouped[term.municipality_id].append(term)
    return grouped


def legislative_terms(town):
    return visibility.legislative_terms(town).annotate(oparl_modified=_latest()).order_by("pk")


def files(town):
    return visibility.public_documents(town).annotate(oparl_modified=_latest()).order_by("pk")


def consultations(town):
    return visibility.public_consultations(town).annotate(oparl_modified=_latest()).order_by("pk")


def _listed_person(town):
    """A public membership names its person: the person is listed, and listed by this one."""
    return Q(name_is_public=True, person__in=visibility.public_persons(town))


def memberships(town):
    """Public memberships; `oparl_person_listed` says whether the person may be named."""
    return (
        visibility.public_memberships(town)
        .select_related("organisation")
        .annotate(
            oparl_person_listed=ExpressionWrapper(
                _listed_person(town), output_field=BooleanField()
            ),
            oparl_modified=_latest(F("person__updated_at"), F("organisation__updated_at")),
        )
        .order_by("pk")
    )


def persons(town):
    listed = memberships(town).filter(_listed_person(town))
    return (
        visibility.public_persons(town)
        .prefetch_related(
            Prefetch("body_memberships", queryset=listed, to_attr="oparl_memberships")
        )
        .annotate(oparl_modified=_latest(_newest(visibility.public_memberships(town), "person")))
        .order_by("pk")
    )


def organizations(town):
    """Public bodies (OParl Organizations of type "Gremium")."""
    public_memberships = visibility.public_memberships(town)
    return (
        visibility.public_bodies(town)
        .select_related("location", "parent")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=public_memberships.order_by("pk").only("pk", "body_id"),
                to_attr="oparl_memberships",
            )
        )
        .annotate(
            oparl_modified=_latest(
                F("location__updated_at"),
                F("parent__updated_at"),
                _newest(public_memberships, "body"),
            )
        )
        .order_by("pk")
    )


def institutions(town):
    """Public network organisations sitting in a public body (OParl type "Institution")."""
    return (
        visibility.public_member_organisations(town)
        .annotate(oparl_modified=_latest())
        .order_by("pk")
    )


def agenda_items(town):
    """Public agenda items, with `oparl_order`: the place among the meeting's public items."""
    public_items = visibility.public_agenda_items(town)
    public_documents = visibility.public_documents(town)
    public_consultations = visibility.public_consultations(town)
    earlier = Subquery(
        public_items.filter(meeting=OuterRef("meeting"), position__lt=OuterRef("position"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")[:1],
        output_field=IntegerField(),
    )
    return (
        public_items.select_related("meeting")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.for_municipality(town).order_by("pk"),
                to_attr="oparl_decisions",
            ),
            Prefetch("documents", queryset=files(town), to_attr="oparl_files"),
            Prefetch(
                "consultations",
                queryset=public_consultations.order_by("position", "pk").only(
                    "pk", "agenda_item_id"
                ),
                to_attr="oparl_consultations",
            ),
        )
        .annotate(
            oparl_order=Coalesce(earlier, Value(0)),
            oparl_modified=_latest(
                F("meeting__updated_at"),
                _newest(_public_decisions(town), "agenda_item"),
                _newest(public_documents, "agenda_item"),
                _newest(public_consultations, "agenda_item"),
            ),
        )
        .order_by("pk")
    )


def meetings(town):
    public_documents = visibility.public_documents(town)
    return (
        visibility.public_meetings(town)
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=agenda_items(town).order_by("position"),
                to_attr="oparl_items",
            ),
            Prefetch("documents", queryset=files(town), to_attr="oparl_files"),
        )
        .annotate(
            oparl_modified=_latest(
                F("location__updated_at"),
                _newest(visibility.public_agenda_items(town), "meeting"),
                _newest(_public_decisions(town), "agenda_item__meeting"),
                _newest(public_documents, "meeting"),
                _newest(public_documents, "agenda_item__meeting"),
                _newest(visibility.public_consultations(town), "meeting"),
            )
        )
        .order_by("pk")
    )


def papers(town):
    public_documents = visibility.public_documents(town)
    public_consultations = visibility.public_consultations(town)
    return (
        visibility.public_papers(town)
        .select_related("originator_body", "originator_organisation")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=files(town).order_by("-is_main_file", "pk"),
                to_attr="oparl_files",
            ),
            Prefetch(
                "consultations",
                queryset=consultations(town).order_by("position", "pk"),
                to_attr="oparl_consultations",
            ),
        )
        .annotate(
            oparl_modified=_latest(
                _newest(public_documents, "paper"), _newest(public_consultations, "paper")
            )
        )
        .order_by("pk")
    )


def locations(town):
    public_meetings = visibility.public_meetings(town)
    public_bodies = visibility.public_bodies(town)
    return (
        visibility.public_locations(town)
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=public_meetings.order_by("pk").only("pk", "location_id"),
                to_attr="oparl_meetings",
            ),
            Prefetch(
                "bodies",
                queryset=public_bodies.order_by("pk").only("pk", "location_id"),
                to_attr="oparl_bodies",
            ),
        )
        .annotate(
            oparl_modified=_latest(
                _newest(public_meetings, "location"), _newest(public_bodies, "location")
            )
        )
        .order_by("pk")
    )
