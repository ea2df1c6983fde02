import datetime

import pytest
from django.urls import reverse

from miteinander.municipalities.models import Role
from miteinander.municipalities.setup import municipality_setup
from miteinander.network.models import Organisation
from tests.factories import (
    AllianceMembershipFactory,
    ContactPersonFactory,
    FormatFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def url(name, town, **kwargs):
    return reverse(f"network:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


@pytest.fixture
def registry(bensheim):
    municipality_setup(municipality=bensheim)
    council = OrganisationFactory(
        municipality=bensheim, name="Rat der Religionen", is_public=True, languages=["de", "ar"]
    )
    hidden = OrganisationFactory(municipality=bensheim, name="Interner Arbeitskreis")
    ContactPersonFactory(organisation=council, name="Mit Einwilligung")
    ContactPersonFactory(
        organisation=council, name="Ohne Einwilligung", consent_given_on=None, consent_purpose=""
    )
    FormatFactory(organisation=council, name="Interkulturelles Fest", frequency="ein Mal/Jahr")
    AllianceMembershipFactory(alliance__municipality=bensheim, organisation=council)
    return council, hidden


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_registry(client, bensheim, member_of, registry, role):
    client.force_login(member_of(bensheim, role))
    council, _ = registry
    for page in ("organisations", "alliances", "matrix"):
        assert client.get(url(page, bensheim)).status_code == 200
    assert client.get(url("organisation", bensheim, pk=council.pk)).status_code == 200


def test_a_person_without_consent_is_visible_to_coordination_only(
    client, bensheim, member_of, registry
):
    council, _ = registry
    page = url("organisation", bensheim, pk=council.pk)
    client.force_login(member_of(bensheim, Role.READER))
    html = client.get(page).content.decode()
    assert "Mit Einwilligung" in html and "Ohne Einwilligung" not in html
    client.force_login(member_of(bensheim, Role.COORDINATION))
    assert "Ohne Einwilligung" in client.get(page).content.decode()


@pytest.mark.parametrize(
    "role", [Role.INTEGRATION_GUIDE, Role.BODY_MEMBER, Role.READER, Role.NETWORK_PARTNER]
)
def test_only_coordination_adds_organisations(client, bensheim, member_of, registry, role):
    client.force_login(member_of(bensheim, role))
    assert client.get(url("organisation-create", bensheim)).status_code == 404
    assert client.post(url("organisation-create", bensheim), {"name": "X"}).status_code == 404


def test_a_network_partner_edits_their_own_organisation_only(client, bensheim, registry):
    council, hidden = registry
    partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=council
    ).user
    client.force_login(partner)
    assert client.get(url("organisation-edit", bensheim, pk=hidden.pk)).status_code == 404
    form = client.get(url("organisation-edit", bensheim, pk=council.pk)).context["form"]
    # Classification stays with coordination.
    assert "actor_group" not in form.fields and "is_public" not in form.fields
    response = client.post(
        url("organisation-edit", bensheim, pk=council.pk),
        {"name": "Rat der Religionen", "street": "Hauptstraße 1", "languages": ["de", "tr"]},
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.street == "Hauptstraße 1" and council.languages == ["de", "tr"]
    assert council.is_public  # untouched
    # Their own contact persons and formats too.
    assert client.get(url("contact-create", bensheim, pk=council.pk)).status_code == 200
    assert client.get(url("contact-create", bensheim, pk=hidden.pk)).status_code == 404


def test_coordination_adds_an_organisation_with_a_clear_duplicate_message(
    client, bensheim, coordinator, registry
):
    client.force_login(coordinator)
    response = client.post(
        url("organisation-create", bensheim),
        {"name": "  rat der   RELIGIONEN ", "actor_group": "civil_society"},
    )
    assert response.status_code == 200
    assert "Rat der Religionen" in str(response.context["form"].errors["name"])
    response = client.post(
        url("organisation-create", bensheim),
        {"name": "Stadtteilbüro Weststadt", "actor_group": "local_partners", "languages": ["ar"]},
    )
    created = Organisation.objects.for_municipality(bensheim).get(name="Stadtteilbüro Weststadt")
    assert response["Location"] == created.get_absolute_url()


def test_search_and_filters(client, bensheim, coordinator, registry):
    client.force_login(coordinator)

    def names(**query):
        response = client.get(url("organisations", bensheim), query)
        return [o.name for o in response.context["organisations"]]

    assert names(q="fest") == ["Rat der Religionen"]  # found through its format
    assert names(language="ar") == ["Rat der Religionen"]
    assert names(q="arbeitskreis") == ["Interner Arbeitskreis"]
    assert names(actor_group="politics") == []


def test_matrix_counts_and_links(client, bensheim, coordinator, registry):
    council, _ = registry
    municipality_fields = council.municipality
    from miteinander.network.models import FieldOfWork

    religion = FieldOfWork.objects.for_municipality(municipality_fields).get(name="Religion")
    council.fields_of_work.add(religion)
    client.force_login(coordinator)
    matrix = client.get(url("matrix", bensheim)).context["matrix"]
    row = next(r for r in matrix.rows if r.field_of_work == religion)
    assert row.total == 1
    assert [c.count for c in row.cells if c.actor_group == council.actor_group] == [1]
    assert matrix.organisations == 2


def test_export_xlsx_and_csv(client, bensheim, member_of, registry):
    import io

    from openpyxl import load_workbook

    client.force_login(member_of(bensheim, Role.READER))
    response = client.get(url("export", bensheim, fmt="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Organisationen", "Formate", "Bündnisse"]
    names = [row[0].value for row in workbook["Organisationen"].iter_rows(min_row=2)]
    assert names == ["Interner Arbeitskreis", "Rat der Religionen"]
    csv_text = client.get(url("export", bensheim, fmt="csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Name;Akteursgruppe")
    # Contact persons never travel in an export.
    assert "Einwilligung" not in csv_text
    assert client.get(url("export", bensheim, fmt="pdf")).status_code == 404


def test_public_pages_show_public_organisations_without_contact_persons(client, bensheim, registry):
    council, hidden = registry
    listing = client.get("/de/bensheim/organisations/").content.decode()
    assert "Rat der Religionen" in listing and "Interner Arbeitskreis" not in listing
    detail = client.get(f"/ar/bensheim/organisations/{council.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200 and 'dir="rtl"' in html
    assert "Einwilligung" not in html and "Interkulturelles Fest" in html
    assert client.get(f"/de/bensheim/organisations/{hidden.pk}/").status_code == 404


def test_alliance_membership_is_managed_by_coordination(client, bensheim, coordinator, registry):
    _, hidden = registry
    client.force_login(coordinator)
    client.post(
        url("alliance-create", bensheim), {"name": "Bündnis für Vielfalt", "is_public": "on"}
    )
    from miteinander.network.models import Alliance

    alliance = Alliance.objects.for_municipality(bensheim).get(name="Bündnis für Vielfalt")
    client.post(
        url("alliance-member-add", bensheim, pk=alliance.pk),
        {"organisation": hidden.pk, "member_since": "2020-04-01"},
    )
    membership = alliance.memberships.get()
    assert membership.organisation == hidden and membership.member_since == datetime.date(
        2020, 4, 1
    )
    client.post(url("alliance-member-remove", bensheim, pk=membership.pk))
    assert not alliance.memberships.exists()
