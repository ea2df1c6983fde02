import datetime

import pytest
from django.urls import reverse

from miteinander.municipalities.models import Role
from miteinander.network.graph.selectors import network_graph, network_tables
from miteinander.network.models import ActorGroup
from tests.factories import AllianceFactory, AllianceMembershipFactory, OrganisationFactory
from tests.fixtures import TOWN_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(bensheim):
    """A small network: a Fachdienst under the town administration, two alliances."""
    rathaus = OrganisationFactory(
        municipality=bensheim, name="Stadtverwaltung", actor_group=ActorGroup.ADMINISTRATION
    )
    fachdienst = OrganisationFactory(
        municipality=bensheim,
        name="Fachdienst Integration",
        actor_group=ActorGroup.ADMINISTRATION,
        parent=rathaus,
    )
    verein = OrganisationFactory(
        municipality=bensheim,
        name="Kulturverein Miteinander",
        actor_group=ActorGroup.CIVIL_SOCIETY,
        is_public=True,
    )
    buendnis = AllianceFactory(
        municipality=bensheim, name="Bündnis für Vielfalt", coordinator=fachdienst
    )
    AllianceMembershipFactory(
        alliance=buendnis, organisation=verein, member_since=datetime.date(2021, 3, 1)
    )
    AllianceMembershipFactory(alliance=buendnis, organisation=fachdienst)
    runder_tisch = AllianceFactory(municipality=bensheim, name="Runder Tisch Asyl")
    return {
        "rathaus": rathaus,
        "fachdienst": fachdienst,
        "verein": verein,
        "buendnis": buendnis,
        "runder_tisch": runder_tisch,
    }


def edges_of(graph, kind):
    return {(e["source"], e["target"]) for e in graph["edges"] if e["kind"] == kind}


# --- Selector ---------------------------------------------------------------------------------
def test_graph_has_organisations_and_alliances_as_nodes(bensheim, network):
    graph = network_graph(municipality=bensheim)
    nodes = {node["id"]: node for node in graph["nodes"]}
    verein, buendnis = network["verein"], network["buendnis"]
    assert set(nodes) == {
        f"organisation-{network[key].pk}" for key in ("rathaus", "fachdienst", "verein")
    } | {f"alliance-{network[key].pk}" for key in ("buendnis", "runder_tisch")}
    assert nodes[f"organisation-{verein.pk}"] == {
        "id": f"organisation-{verein.pk}",
        "kind": "organisation",
        "kind_label": "Organisation",
        "label": "Kulturverein Miteinander",
        "group": "civil_society",
        "group_label": str(ActorGroup.CIVIL_SOCIETY.label),
        "is_public": True,
        "url": reverse(
            "network:organisation", kwargs={"municipality_slug": "bensheim", "pk": verein.pk}
        ),
    }
    alliance = nodes[f"alliance-{buendnis.pk}"]
    assert alliance["kind"] == "alliance" and alliance["label"] == "Bündnis für Vielfalt"
    assert alliance["url"] == reverse(
        "network:alliance", kwargs={"municipality_slug": "bensheim", "pk": buendnis.pk}
    )


def test_graph_connects_members_coordinators_and_sub_units(bensheim, network):
    graph = network_graph(municipality=bensheim)
    org = {key: f"organisation-{network[key].pk}" for key in ("rathaus", "fachdienst", "verein")}
    buendnis = f"alliance-{network['buendnis'].pk}"
    assert edges_of(graph, "member_of") == {
        (org["verein"], buendnis),
        (org["fachdienst"], buendnis),
    }
    assert edges_of(graph, "coordinates") == {(org["fachdienst"], buendnis)}
    assert edges_of(graph, "part_of") == {(org["fachdienst"], org["rathaus"])}
    since = {e["source"]: e["member_since"] for e in graph["edges"] if e["kind"] == "member_of"}
    assert since == {org["verein"]: "2021-03-01", org["fachdienst"]: None}
    assert len({e["id"] for e in graph["edges"]}) == len(graph["edges"])


def test_graph_brings_legend_and_edge_kinds_for_the_script(bensheim, network):
    graph = network_graph(municipality=bensheim)
    # The network's own kinds come first; apps built on it (bodies) add theirs after them.
    legend_keys = [entry["key"] for entry in graph["legend"]]
    assert legend_keys[: len(ActorGroup.values) + 1] == [*ActorGroup.values, "alliance"]
    edge_kinds = [kind["key"] for kind in graph["edge_kinds"]]
    assert edge_kinds[:3] == ["part_of", "member_of", "coordinates"]
    assert [kind["key"] for kind in graph["kinds"]][:2] == ["organisation", "alliance"]


def test_graph_shows_one_town_only(bensheim, minden, network):
    """Another town's organisations, alliances and memberships never appear."""
    fremd = OrganisationFactory(municipality=minden, name="Mindener Verein")
    AllianceMembershipFactory(
        alliance=AllianceFactory(municipality=minden, name="Mindener Bündnis"),
        organisation=fremd,
    )
    graph = network_graph(municipality=bensheim)
    labels = {node["label"] for node in graph["nodes"]}
    assert "Mindener Verein" not in labels and "Mindener Bündnis" not in labels
    assert len(graph["edges"]) == 4
    assert {node["label"] for node in network_graph(municipality=minden)["nodes"]} == {
        "Mindener Verein",
        "Mindener Bündnis",
    }


def test_graph_reads_a_large_network_in_a_few_queries(bensheim, django_assert_max_num_queries):
    parents = OrganisationFactory.create_batch(10, municipality=bensheim)
    for parent in parents:
        OrganisationFactory.create_batch(3, municipality=bensheim, parent=parent)
    for alliance in AllianceFactory.create_batch(5, municipality=bensheim, coordinator=parents[0]):
        for organisation in parents:
            AllianceMembershipFactory(alliance=alliance, organisation=organisation)
    # One query per kind of node and per kind of membership, whatever the network's size.
    with django_assert_max_num_queries(3 + 2):  # organisations, alliances, memberships; bodies
        graph = network_graph(municipality=bensheim)
    assert len(graph["nodes"]) == 45 and len(graph["edges"]) == 30 + 5 + 50


def test_tables_read_a_large_network_in_a_few_queries(bensheim, django_assert_max_num_queries):
    parents = OrganisationFactory.create_batch(10, municipality=bensheim)
    for parent in parents:
        OrganisationFactory.create_batch(3, municipality=bensheim, parent=parent)
    for alliance in AllianceFactory.create_batch(5, municipality=bensheim, coordinator=parents[0]):
        for organisation in parents:
            AllianceMembershipFactory(alliance=alliance, organisation=organisation)
    with django_assert_max_num_queries(4):
        tables = network_tables(municipality=bensheim)
        members = [m.organisation.name for a in tables.alliances for m in a.memberships.all()]
        units = [u.name for o in tables.organisations for u in o.sub_units.all()]
        parent_names = [o.parent.name for o in tables.organisations if o.parent]
        coordinators = [a.coordinator.name for a in tables.alliances]
    assert len(members) == 50 and len(units) == 30 and len(parent_names) == 30
    assert len(coordinators) == 5


# --- Views ------------------------------------------------------------------------------------
def graph_url(name="network:graph", town="bensheim"):
    return reverse(name, kwargs={"municipality_slug": town})


@pytest.mark.parametrize("name", ["network:graph", "network:graph-data"])
@pytest.mark.parametrize("role", TOWN_ROLES)
def test_every_role_of_the_town_sees_the_picture(client, bensheim, network, member_of, role, name):
    client.force_login(member_of(bensheim, role))
    assert client.get(graph_url(name)).status_code == 200


@pytest.mark.parametrize("name", ["network:graph", "network:graph-data"])
def test_another_towns_person_gets_404(client, bensheim, minden, network, member_of, name):
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get(graph_url(name)).status_code == 404


@pytest.mark.parametrize("name", ["network:graph", "network:graph-data"])
def test_anonymous_visitors_are_sent_to_the_login(client, bensheim, network, name):
    response = client.get(graph_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_page_has_the_picture_and_the_tables(client, bensheim, network, coordinator):
    client.force_login(coordinator)
    response = client.get(graph_url())
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-live="polite"' in html
    assert graph_url("network:graph-data") in html
    assert "vendor/cytoscape/cytoscape.min.js" in html and "network-graph.js" in html
    assert " style=" not in html and "<script>" not in html
    alliances = response.context["tables"].alliances
    assert [a.name for a in alliances] == ["Bündnis für Vielfalt", "Runder Tisch Asyl"]
    # The table says what the picture shows: coordinator, members since when, sub-units.
    organisation_url = reverse(
        "network:organisation",
        kwargs={"municipality_slug": "bensheim", "pk": network["fachdienst"].pk},
    )
    assert f'href="{organisation_url}">Fachdienst Integration</a>' in html
    assert "Kulturverein Miteinander</a> (" in html and "1. März 2021)" in html


def test_data_is_the_towns_graph_as_json(client, bensheim, network, coordinator):
    client.force_login(coordinator)
    response = client.get(graph_url("network:graph-data"))
    assert response["Content-Type"] == "application/json"
    assert "private" in response["Cache-Control"]
    data = response.json()
    assert {node["label"] for node in data["nodes"]} >= {"Stadtverwaltung", "Runder Tisch Asyl"}
    since = [e["member_since_label"] for e in data["edges"] if e.get("member_since")]
    assert len(since) == 1 and "1. März 2021" in since[0]


def test_empty_town_gets_a_helpful_message_instead_of_a_picture(client, bensheim, coordinator):
    client.force_login(coordinator)
    html = client.get(graph_url()).content.decode()
    assert 'role="img"' not in html and "cytoscape" not in html
    assert reverse("network:organisations", kwargs={"municipality_slug": "bensheim"}) in html
