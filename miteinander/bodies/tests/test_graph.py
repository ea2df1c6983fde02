import pytest

from miteinander.network.graph.selectors import contributor_tables, network_graph
from tests.factories import BodyFactory, BodyMembershipFactory


@pytest.fixture
def sitting(bensheim):
    public = BodyFactory(municipality=bensheim, name="Rat der Religionen", is_public=True)
    internal = BodyFactory(municipality=bensheim, name="Netzwerktreffen intern", is_public=False)
    member = BodyMembershipFactory(body=public)
    BodyMembershipFactory(body=internal, organisation=member.organisation, person=None)
    return public, internal, member


def test_public_bodies_join_the_network_picture_with_their_member_organisations(sitting):
    public, internal, member = sitting
    graph = network_graph(municipality=public.municipality)
    labels = {node["label"] for node in graph["nodes"]}
    assert public.name in labels and internal.name not in labels
    edges = {(e["kind"], e["source"], e["target"]) for e in graph["edges"]}
    assert ("sits_in", f"organisation-{member.organisation_id}", f"body-{public.pk}") in edges
    assert all(e["target"] != f"body-{internal.pk}" for e in graph["edges"])
    assert {"key": "body", "label": "Body"} in graph["legend"]


def test_the_picture_page_lists_the_same_connections_as_a_table(client, sitting, coordinator):
    public, internal, member = sitting
    client.force_login(coordinator)
    page = client.get("/en/bensheim/workspace/network/graph/").content.decode()
    table = page[page.index('id="network-bodies"') :]
    assert public.name in table and member.organisation.name in table
    assert internal.name not in table
    assert [t["template"] for t in contributor_tables(municipality=public.municipality)] == [
        "bodies/_network_bodies_table.html"
    ]
