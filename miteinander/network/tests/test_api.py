import pytest

from miteinander.accounts.services import api_token_create
from miteinander.municipalities.models import Role
from miteinander.network.models import Organisation
from tests.factories import (
    AllianceMembershipFactory,
    ContactPersonFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(bensheim):
    council = OrganisationFactory(
        municipality=bensheim, name="Rat der Religionen", is_public=True, notes="intern"
    )
    OrganisationFactory(municipality=bensheim, name="Intern")
    ContactPersonFactory(organisation=council, name="Mit Einwilligung")
    ContactPersonFactory(
        organisation=council, name="Ohne", consent_given_on=None, consent_purpose=""
    )
    AllianceMembershipFactory(alliance__municipality=bensheim, organisation=council)
    return council


def bearer(user):
    return {"authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def test_anonymous_callers_see_public_organisations_without_notes(client, council):
    data = client.get("/api/v1/municipalities/bensheim/organisations").json()
    assert [o["name"] for o in data] == ["Rat der Religionen"]
    assert data[0]["notes"] is None
    assert (
        client.get(
            f"/api/v1/municipalities/bensheim/organisations/{council.pk}/contact-persons"
        ).status_code
        == 401
    )


def test_staff_see_everything_and_persons_by_consent(client, bensheim, member_of, council):
    reader = member_of(bensheim, Role.READER)
    data = client.get(
        "/api/v1/municipalities/bensheim/organisations", headers=bearer(reader)
    ).json()
    assert {o["name"] for o in data} == {"Rat der Religionen", "Intern"}
    persons = client.get(
        f"/api/v1/municipalities/bensheim/organisations/{council.pk}/contact-persons",
        headers=bearer(reader),
    ).json()
    assert [p["name"] for p in persons] == ["Mit Einwilligung"]
    coordinator = member_of(bensheim, Role.COORDINATION)
    persons = client.get(
        f"/api/v1/municipalities/bensheim/organisations/{council.pk}/contact-persons",
        headers=bearer(coordinator),
    ).json()
    assert {p["name"] for p in persons} == {"Mit Einwilligung", "Ohne"}


def test_another_towns_staff_are_anonymous_here(client, minden, member_of, council):
    outsider = member_of(minden, Role.COORDINATION)
    data = client.get(
        "/api/v1/municipalities/bensheim/organisations", headers=bearer(outsider)
    ).json()
    assert [o["name"] for o in data] == ["Rat der Religionen"]
    response = client.get(
        f"/api/v1/municipalities/bensheim/organisations/{council.pk}/contact-persons",
        headers=bearer(outsider),
    )
    assert response.status_code == 404


def test_coordination_creates_and_a_partner_patches_their_own(client, bensheim, member_of, council):
    coordinator = member_of(bensheim, Role.COORDINATION)
    response = client.post(
        "/api/v1/municipalities/bensheim/organisations",
        {"name": "Stadtteilbüro", "actor_group": "local_partners", "languages": ["de", "ar"]},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    assert response.json()["actor_group"] == "local_partners"
    partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=council
    ).user
    ok = client.patch(
        f"/api/v1/municipalities/bensheim/organisations/{council.pk}",
        {"website": "https://rat.example.org"},
        content_type="application/json",
        headers=bearer(partner),
    )
    assert ok.status_code == 200 and ok.json()["website"] == "https://rat.example.org"
    refused = client.patch(
        f"/api/v1/municipalities/bensheim/organisations/{council.pk}",
        {"is_public": False},
        content_type="application/json",
        headers=bearer(partner),
    )
    assert refused.status_code == 403
    other = Organisation.objects.for_municipality(bensheim).get(name="Intern")
    assert (
        client.patch(
            f"/api/v1/municipalities/bensheim/organisations/{other.pk}",
            {"website": "https://x.example.org"},
            content_type="application/json",
            headers=bearer(partner),
        ).status_code
        == 404
    )


def test_alliances_and_formats_are_listed(client, bensheim, council):
    alliances = client.get("/api/v1/municipalities/bensheim/alliances").json()
    assert alliances[0]["members"][0]["organisation"] == "Rat der Religionen"
    assert client.get("/api/v1/municipalities/bensheim/formats").status_code == 200


def test_network_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/municipalities/{slug}/organisations",
        "/api/v1/municipalities/{slug}/organisations/{organisation_id}/contact-persons",
        "/api/v1/municipalities/{slug}/formats",
        "/api/v1/municipalities/{slug}/alliances",
    ):
        assert path in paths
