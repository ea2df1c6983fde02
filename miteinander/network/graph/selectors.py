"""Reads for the network picture: who is connected with whom in one town.

The picture is assembled from contributors. Each contributor adds one kind of node (with its
legend entries) and the edges that start or end there. Another node kind, such as the town's
bodies, joins by registering one more contributor with `@contributor(...)` (from its own app,
imported in its AppConfig.ready, since network must not import the apps built on it). The JSON
and the script then draw it without change; network-graph.js only needs a shape and colour for
the new legend key (until then it draws a grey barrel), and the page a table for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from miteinander.municipalities.models import Municipality

from ..models import ActorGroup, Alliance, AllianceMembership, Organisation


@dataclass(frozen=True)
class EdgeKind:
    """A kind of connection, named from both ends ("Member of" / "Members")."""

    key: str
    label: str  # in the legend
    outgoing: str  # seen from the source node
    incoming: str  # seen from the target node


@dataclass
class GraphPart:
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Contributor:
    """One node kind of the picture: its legend entries, edge kinds, and how to read them."""

    key: str
    label_plural: str  # heads this kind's nodes in the list of nodes
    legend: Callable[[], list[tuple[str, str]]]  # [(style key, label)]
    edge_kinds: tuple[EdgeKind, ...]
    build: Callable[[Municipality], GraphPart]
    # The same connections as a table for the page (its template and the template's context);
    # the network's own kinds have theirs in network_tables.
    table_template: str = ""
    table: Callable[[Municipality], dict] | None = None


CONTRIBUTORS: list[Contributor] = []


def contributor(*, key, label_plural, legend, edge_kinds=(), table_template="", table=None):
    """Register `build(municipality) -> GraphPart` as one node kind of the network picture."""

    def register(build):
        if all(existing.key != key for existing in CONTRIBUTORS):
            CONTRIBUTORS.append(
                Contributor(
                    key=key,
                    label_plural=label_plural,
                    legend=legend,
                    edge_kinds=tuple(edge_kinds),
                    build=build,
                    table_template=table_template,
                    table=table,
                )
            )
        return build

    return register


def contributor_tables(*, municipality: Municipality) -> list[dict]:
    """Tables of the node kinds that later apps add: [{template, context}]."""
    return [
        {"template": part.table_template, "context": part.table(municipality)}
        for part in CONTRIBUTORS
        if part.table is not None
    ]


def node_id(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


MEMBER_OF = EdgeKind(
    key="member_of",
    label=_("Member of an alliance"),
    outgoing=_("Member of"),
    incoming=_("Members"),
)
COORDINATES = EdgeKind(
    key="coordinates",
    label=_("Coordinates an alliance"),
    outgoing=_("Coordinates"),
    incoming=_("Coordinated by"),
)
PART_OF = EdgeKind(
    key="part_of",
    label=_("Sub-unit of an organisation"),
    outgoing=_("Part of"),
    incoming=_("Sub-units"),
)


@contributor(
    key="organisation",
    label_plural=_("Organisations"),
    legend=lambda: [(group.value, str(group.label)) for group in ActorGroup],
    edge_kinds=[PART_OF],
)
def organisation_part(municipality: Municipality) -> GraphPart:
    part = GraphPart()
    rows = (
        Organisation.objects.for_municipality(municipality)
        .order_by("name")
        .values_list("pk", "name", "actor_group", "is_public", "parent_id")
    )
    for pk, name, actor_group, is_public, parent_id in rows:
        part.nodes.append(
            {
                "id": node_id("organisation", pk),
                "kind": "organisation",
                "kind_label": str(_("Organisation")),
                "label": name,
                "group": actor_group,
                "group_label": str(ActorGroup(actor_group).label),
                "is_public": is_public,
                "url": reverse(
                    "network:organisation",
                    kwargs={"municipality_slug": municipality.slug, "pk": pk},
                ),
            }
        )
        if parent_id is not None:
            part.edges.append(
                {
                    "id": f"part_of-{pk}",
                    "kind": PART_OF.key,
                    "source": node_id("organisation", pk),
                    "target": node_id("organisation", parent_id),
                }
            )
    return part


@contributor(
    key="alliance",
    label_plural=_("Alliances"),
    legend=lambda: [("alliance", str(_("Alliance")))],
    edge_kinds=[MEMBER_OF, COORDINATES],
)
def alliance_part(municipality: Municipality) -> GraphPart:
    part = GraphPart()
    alliances = (
        Alliance.objects.for_municipality(municipality)
        .order_by("name")
        .values_list("pk", "name", "is_public", "coordinator_id")
    )
    for pk, name, is_public, coordinator_id in alliances:
        part.nodes.append(
            {
                "id": node_id("alliance", pk),
                "kind": "alliance",
                "kind_label": str(_("Alliance")),
                "label": name,
                "group": "alliance",
                "group_label": str(_("Alliance")),
                "is_public": is_public,
                "url": reverse(
                    "network:alliance",
                    kwargs={"municipality_slug": municipality.slug, "pk": pk},
                ),
            }
        )
        if coordinator_id is not None:
            part.edges.append(
                {
                    "id": f"coordinates-{pk}",
                    "kind": COORDINATES.key,
                    "source": node_id("organisation", coordinator_id),
                    "target": node_id("alliance", pk),
                }
            )
    memberships = (
        AllianceMembership.objects.for_municipality(municipality)
        .order_by("alliance_id", "organisation__name")
        .values_list("pk", "alliance_id", "organisation_id", "member_since")
    )
    for pk, alliance_id, organisation_id, member_since in memberships:
        part.edges.append(
            {
                "id": f"member_of-{pk}",
                "kind": MEMBER_OF.key,
                "source": node_id("organisation", organisation_id),
                "target": node_id("alliance", alliance_id),
                "member_since": member_since.isoformat() if member_since else None,
                "member_since_label": (
                    _("since %(date)s") % {"date": date_format(member_since)}
                    if member_since
                    else ""
                ),
            }
        )
    return part


def network_graph(*, municipality: Municipality) -> dict:
    """Nodes, edges and legend of one town's network picture, ready for JSON.

    kinds: [{key, label}] one per contributor. nodes: [{id, kind, kind_label, label, group,
    group_label, is_public, url}]; the script styles a node by its `group`. edges: [{id, kind,
    source, target}] and, for alliance memberships, `member_since` (ISO date or None) and
    `member_since_label` ("since 1 March 2021"). legend: [{key, label}] by `group`.
    edge_kinds: [{key, label, outgoing, incoming}]. Edges whose ends are not in the picture
    are left out.
    """
    kinds: list[dict] = []
    nodes: list[dict] = []
    edges: list[dict] = []
    legend: list[dict] = []
    edge_kinds: list[dict] = []
    for part_contributor in CONTRIBUTORS:
        part = part_contributor.build(municipality)
        kinds.append({"key": part_contributor.key, "label": str(part_contributor.label_plural)})
        nodes += part.nodes
        edges += part.edges
        legend += [{"key": key, "label": label} for key, label in part_contributor.legend()]
        edge_kinds += [
            {
                "key": kind.key,
                "label": str(kind.label),
                "outgoing": str(kind.outgoing),
                "incoming": str(kind.incoming),
            }
            for kind in part_contributor.edge_kinds
        ]
    present = {node["id"] for node in nodes}
    edges = [edge for edge in edges if edge["source"] in present and edge["target"] in present]
    return {
        "kinds": kinds,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "edge_kinds": edge_kinds,
    }


@dataclass(frozen=True)
class NetworkTables:
    """What the page shows as tables: the same connections as the picture, without script."""

    alliances: list[Alliance]
    organisations: list[Organisation]

    @property
    def is_empty(self) -> bool:
        return not self.organisations


def network_tables(*, municipality: Municipality) -> NetworkTables:
    """Alliances with coordinator and members (since when), organisations with sub-units."""
    organisations = Organisation.objects.for_municipality(municipality)
    alliances = (
        Alliance.objects.for_municipality(municipality)
        .select_related("coordinator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=AllianceMembership.objects.for_municipality(municipality)
                .select_related("organisation")
                .order_by("organisation__name"),
            )
        )
        .order_by("name")
    )
    return NetworkTables(
        alliances=list(alliances),
        organisations=list(
            organisations.select_related("parent")
            .prefetch_related(Prefetch("sub_units", queryset=organisations.order_by("name")))
            .order_by("name")
        ),
    )
