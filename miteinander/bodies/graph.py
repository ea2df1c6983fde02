"""Bodies in the network picture: which organisations sit in which public body.

Registered with the network's picture through its contributor registry (imported in
AppConfig.ready). Internal bodies stay out: the picture is shown to everyone in the town's
workspace, and an internal body is only for its members and coordination.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miteinander.network.graph.selectors import EdgeKind, GraphPart, contributor, node_id

from .models import Body, BodyKind, BodyMembership

SITS_IN = EdgeKind(
    key="sits_in",
    label=_("Sits in a body"),
    outgoing=_("Sits in"),
    incoming=_("Member organisations"),
)


def _current_memberships(municipality):
    return (
        BodyMembership.objects.for_municipality(municipality)
        .current(timezone.localdate())
        .filter(organisation__isnull=False, body__is_public=True)
    )


def bodies_table(municipality) -> dict:
    memberships = _current_memberships(municipality).select_related("organisation")
    bodies = (
        Body.objects.for_municipality(municipality)
        .public()
        .prefetch_related(
            Prefetch("memberships", queryset=memberships.order_by("organisation__name"))
        )
        .order_by("name")
    )
    rows = []
    for body in bodies:
        organisations = {m.organisation_id: m.organisation for m in body.memberships.all()}
        rows.append({"body": body, "organisations": list(organisations.values())})
    return {"rows": rows}


@contributor(
    key="body",
    label_plural=_("Bodies"),
    legend=lambda: [("body", str(_("Body")))],
    edge_kinds=[SITS_IN],
    table_template="bodies/_network_bodies_table.html",
    table=bodies_table,
)
def body_part(municipality) -> GraphPart:
    part = GraphPart()
    for pk, name, kind in (
        Body.objects.for_municipality(municipality)
        .public()
        .order_by("name")
        .values_list("pk", "name", "kind")
    ):
        part.nodes.append(
            {
                "id": node_id("body", pk),
                "kind": "body",
                "kind_label": str(_("Body")),
                "label": name,
                "group": "body",
                "group_label": str(BodyKind(kind).label),
                "is_public": True,
                "url": reverse(
                    "bodies:body", kwargs={"municipality_slug": municipality.slug, "pk": pk}
                ),
            }
        )
    seen = set()
    for organisation_id, body_id in _current_memberships(municipality).values_list(
        "organisation_id", "body_id"
    ):
        if (organisation_id, body_id) in seen:
            continue
        seen.add((organisation_id, body_id))
        part.edges.append(
            {
                "id": f"sits_in-{organisation_id}-{body_id}",
                "kind": SITS_IN.key,
                "source": node_id("organisation", organisation_id),
                "target": node_id("body", body_id),
            }
        )
    return part
