import pytest

from miteinander.accounts.services import api_token_create
from miteinander.municipalities.models import Role

pytestmark = pytest.mark.django_db


def test_public_town_list_needs_no_login(client, bensheim):
    response = client.get("/api/v1/municipalities")
    assert response.status_code == 200
    (town,) = response.json()
    assert town["slug"] == "bensheim" and town["claim"] == "Vielfalt gemeinsam gestalten"


def test_unknown_town_is_404(client, bensheim):
    assert client.get("/api/v1/municipalities/atlantis").status_code == 404


def test_me_with_a_personal_token(client, bensheim, member_of):
    user = member_of(bensheim, Role.INTEGRATION_GUIDE)
    _token, key = api_token_create(user=user, name="Reporting")
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["municipalities"] == [
        {"municipality": "bensheim", "roles": ["integration_guide"]}
    ]


def test_a_revoked_or_wrong_token_is_refused(client, bensheim, member_of):
    from miteinander.accounts.services import api_token_revoke

    user = member_of(bensheim, Role.READER)
    token, key = api_token_create(user=user, name="Old")
    api_token_revoke(token=token, acting_user=user)
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {key}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_memberships_only_for_coordination(client, bensheim, member_of):
    reader = member_of(bensheim, Role.READER)
    client.force_login(reader)
    assert client.get("/api/v1/municipalities/bensheim/memberships").status_code == 404
    client.force_login(member_of(bensheim, Role.COORDINATION))
    emails = {m["email"] for m in client.get("/api/v1/municipalities/bensheim/memberships").json()}
    assert reader.email in emails


def test_openapi_document_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/municipalities" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200
