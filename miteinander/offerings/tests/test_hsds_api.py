"""The read-only HSDS API under /hsds/<town>/: responses as the HSDS OpenAPI document says."""

import pytest

from miteinander.municipalities.models import Role
from miteinander.offerings.hsds import schemas
from miteinander.offerings.hsds import vocabulary as v

from .test_hsds_export import (
    all_ids,
    build_directory,
    directory_with_coordinator,
    schema_errors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hsds_town(bensheim, member_of):
    return directory_with_coordinator(bensheim, member_of)


def api(client, path="", town="bensheim", **params):
    response = client.get(f"/hsds/{town}/{path}", params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response


def openapi_errors(path: str, data) -> list[str]:
    validator = schemas.openapi_response_validator(path, strict=True)
    return [e.message for e in validator.iter_errors(data)]


def test_the_root_describes_the_api(client, hsds_town):
    response = api(client)
    assert response.status_code == 200
    data = response.json()
    assert openapi_errors("/", data) == []
    assert data == {
        "version": "3.0",
        "profile": "https://github.com/openreferral/specification/tree/3.0",
        "openapi_url": "http://testserver/hsds/bensheim/openapi.json",
    }
    document = api(client, "openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
    }
    assert document["servers"] == [{"url": "http://testserver/hsds/bensheim"}]
    assert "Bensheim" in document["info"]["title"]


def test_services_are_listed_in_pages(client, hsds_town):
    """page and per_page as in the HSDS OpenAPI document, with every Page field."""
    first = api(client, "services", per_page=2).json()
    assert openapi_errors("/services", first) == []
    for item in first["contents"]:
        assert schema_errors("compiled/service_list.json", item) == []
    assert {k: first[k] for k in first if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = api(client, "services", page=2, per_page=2).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    names = [s["name"] for s in first["contents"] + second["contents"]]
    assert names == [
        "Migrationsberatung für Erwachsene",
        "Online-Bewerbungstraining",
        "Sprachcafé am Marktplatz",
    ]
    beyond = api(client, "services", page=3, per_page=2).json()
    assert (beyond["size"], beyond["contents"], beyond["last_page"]) == (0, [], True)
    default = api(client, "services").json()
    assert (default["size"], default["total_pages"]) == (3, 1)
    assert "schedules" not in default["contents"][0]

    full = api(client, "services", full="true").json()
    assert openapi_errors("/services", full) == []
    for item in full["contents"]:
        assert schema_errors("compiled/service.json", item) == []
        assert "schedules" in item

    for bad in ({"page": "zwei"}, {"per_page": "0"}, {"page": "-1"}):
        response = api(client, "services", **bad)
        assert response.status_code == 400 and "detail" in response.json()


def test_an_empty_directory_answers_an_empty_page(client, minden):
    data = api(client, "services", town="minden").json()
    assert openapi_errors("/services", data) == []
    assert (data["total_items"], data["empty"], data["contents"]) == (0, True, [])
    assert (data["first_page"], data["last_page"], data["total_pages"]) == (True, True, 1)


def test_services_can_be_searched_and_filtered(client, hsds_town):
    def names(**params):
        return [s["name"] for s in api(client, "services", **params).json()["contents"]]

    assert names(search="sprachcafé") == ["Sprachcafé am Marktplatz"]
    assert names(search="language café") == ["Sprachcafé am Marktplatz"]
    assert names(search="Bewerbung") == ["Online-Bewerbungstraining"]
    assert names(search="Bewerbugstraining") == ["Online-Bewerbungstraining"]  # one typo
    assert names(search="gibt es nicht") == []
    caritas = v.organisation_id(hsds_town["town"], hsds_town["caritas"].pk)
    assert names(organization_id=caritas) == [
        "Migrationsberatung für Erwachsene",
        "Sprachcafé am Marktplatz",
    ]
    assert names(taxonomy_term_id=v.term_id("kind", "Beratung")) == [
        "Migrationsberatung für Erwachsene"
    ]
    assert names(taxonomy_term_id=v.term_id("target_group", "Frauen")) == [
        "Sprachcafé am Marktplatz"
    ]
    assert names(modified_after="2999-01-01T00:00:00Z") == []
    assert len(names(modified_after="2000-01-01")) == 3


def test_a_service_in_full(client, hsds_town):
    cafe = hsds_town["cafe"]
    response = api(client, f"services/{cafe.uuid}")
    assert response.status_code == 200
    data = response.json()
    assert schema_errors("compiled/service.json", data) == []
    assert schema_errors("service.json", data) == []
    assert data["id"] == str(cafe.uuid)
    assert data["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Bensheim"
    assert api(client, f"services/{cafe.uuid}/").status_code == 200


def test_unpublished_unknown_and_other_towns_ids_are_json_404(client, hsds_town, minden, member_of):
    other = build_directory(minden, member_of(minden, Role.COORDINATION))
    town = hsds_town["town"]
    missing = [
        f"services/{hsds_town['draft'].uuid}",
        f"services/{hsds_town['archived'].uuid}",
        f"services/{hsds_town['expired'].uuid}",
        f"services/{other['cafe'].uuid}",
        "services/00000000-0000-0000-0000-000000000000",
        "services/kein-uuid",
        f"organizations/{v.organisation_id(minden, other['caritas'].pk)}",
        f"organizations/{v.organisation_id(town, hsds_town['lonely'].pk)}",
        f"service_at_locations/{v.child_id(other['cafe'].uuid, 'service_at_location')}",
        f"service_at_locations/{v.child_id(hsds_town['draft'].uuid, 'service_at_location')}",
        "taxonomies",
        "irgendwas/anderes",
    ]
    for path in missing:
        response = api(client, path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    # The same ids answer in their own town.
    assert api(client, f"services/{other['cafe'].uuid}", town="minden").status_code == 200
    listed = set(all_ids(api(client, "services", full="true").json()))
    for hidden in (hsds_town["draft"], hsds_town["archived"], hsds_town["expired"]):
        assert str(hidden.uuid) not in listed
    assert str(other["cafe"].uuid) not in listed


def test_an_inactive_or_unknown_town_answers_404(client, hsds_town):
    town = hsds_town["town"]
    town.is_active = False
    town.save()
    assert client.get("/hsds/bensheim/services").status_code == 404
    assert client.get(f"/hsds/bensheim/services/{hsds_town['cafe'].uuid}").status_code == 404
    assert client.get("/hsds/gibt-es-nicht/").status_code == 404


def test_an_inactive_town_answers_json(client, hsds_town):
    town = hsds_town["town"]
    town.is_active = False
    town.save()
    response = client.get("/hsds/bensheim/services")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_organizations(client, hsds_town):
    data = api(client, "organizations").json()
    assert openapi_errors("/organizations", data) == []
    assert [o["name"] for o in data["contents"]] == [
        "Caritasverband Darmstadt",
        "Stadtverwaltung, Fachdienst Integration",
    ]
    assert data["contents"][0]["website"] == "https://www.caritas-darmstadt.de"
    assert "website" not in data["contents"][1]  # not shown publicly in the registry
    caritas = data["contents"][0]["id"]
    detail = api(client, f"organizations/{caritas}").json()
    assert schema_errors("compiled/organization.json", detail) == []
    assert [s["name"] for s in detail["services"]] == [
        "Migrationsberatung für Erwachsene",
        "Sprachcafé am Marktplatz",
    ]
    assert "schedules" not in detail["services"][0]
    full = api(client, f"organizations/{caritas}", full_service="true").json()
    assert schema_errors("compiled/organization.json", full) == []
    assert "schedules" in full["services"][0]
    one = api(client, "organizations", per_page=1, page=2).json()
    assert [o["name"] for o in one["contents"]] == ["Stadtverwaltung, Fachdienst Integration"]


def test_service_at_locations(client, hsds_town):
    data = api(client, "service_at_locations").json()
    assert openapi_errors("/service_at_locations", data) == []
    assert data["total_items"] == 3
    for item in data["contents"]:
        assert schema_errors("compiled/service_at_location_list.json", item) == []
    by_service = {item["service"]["name"]: item for item in data["contents"]}
    assert by_service["Online-Bewerbungstraining"]["location"]["location_type"] == "virtual"
    cafe = by_service["Sprachcafé am Marktplatz"]
    detail = api(client, f"service_at_locations/{cafe['id']}").json()
    assert schema_errors("compiled/service_at_location.json", detail) == []
    assert detail["location"]["addresses"][0]["address_1"] == "Hauptstraße 53"
    assert detail["service"]["id"] == str(hsds_town["cafe"].uuid)
    assert len(api(client, "service_at_locations", per_page=2).json()["contents"]) == 2


def test_the_api_is_read_only_and_needs_no_login(client, hsds_town):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/hsds/bensheim/services")
        assert response.status_code == 405
        assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/hsds/bensheim/services")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/hsds/bensheim/services").status_code == 200
