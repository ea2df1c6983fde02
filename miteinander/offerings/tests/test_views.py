"""Workspace pages of the directory: who may do what, the editor's form, the review flow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from miteinander.municipalities.models import Role
from miteinander.offerings.models import DirectorySettings, Offering, OfferingKind, OfferingStatus
from tests.factories import OfferingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(directory_town):
    return directory_town


def url(name, town, **kwargs):
    """The German address (the page language follows the address, not the test's order)."""
    with translation.override("de"):
        return reverse(f"offerings:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def editor_data(town, provider, **overrides):
    kind = OfferingKind.objects.for_municipality(town).get(name="Sprachkurs")
    data = {
        "title": "Deutschkurs für Eltern",
        "description": "Während die Kinder in der Kita sind.",
        "provider": provider.pk,
        "kind": kind.pk,
        "languages": ["de", "ar"],
        "street": "Hauptstraße 5",
        "postcode": "64625",
        "city": "Bensheim",
        "schedule_kind": "weekly",
        "closed_on_public_holidays": "on",
        "is_free": "on",
        "tr-ar-title": "دورة ألمانية للآباء",
        "tr-ar-description": "",
        "hours-TOTAL_FORMS": "3",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "1",
        "hours-0-opens": "09:00",
        "hours-0-closes": "11:30",
        "exceptions-TOTAL_FORMS": "1",
        "exceptions-INITIAL_FORMS": "0",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "publish": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATION, 200),
        (Role.NETWORK_PARTNER, 200),
        (Role.READER, 200),
        (Role.INTEGRATION_GUIDE, 200),
        (Role.BODY_MEMBER, 200),
    ],
)
def test_every_role_of_the_town_sees_the_list(client, town, member_of, role, status):
    OfferingFactory(provider__municipality=town, title="Sprachcafé")
    client.force_login(member_of(town, role))
    response = client.get(url("list", town))
    assert response.status_code == status
    assert "Sprachcafé" in response.text


def test_strangers_and_other_towns_get_404(client, town, minden, member_of):
    offering = OfferingFactory(provider__municipality=town)
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get(url("list", town)).status_code == 404
    assert client.get(url("offering", town, pk=offering.pk)).status_code == 404


def test_coordination_creates_and_publishes_with_hours_and_translation(
    client, town, coordinator, provider
):
    client.force_login(coordinator)
    response = client.post(url("create", town), editor_data(town, provider))
    offering = Offering.objects.for_municipality(town).get()
    assert response.status_code == 302
    assert response["Location"] == offering.get_absolute_url()
    assert offering.is_published
    assert offering.languages == ["de", "ar"]
    assert list(offering.opening_hours.values_list("weekday", "opens", "closes")) == [
        (1, datetime.time(9), datetime.time(11, 30))
    ]
    assert offering.translations.get().title == "دورة ألمانية للآباء"
    page = client.get(offering.get_absolute_url())
    assert "Deutschkurs für Eltern" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Give the offering a German title."),
        ({"hours-0-opens": "25:00"}, "Enter a time between 00:00 and 23:59"),
        ({"hours-0-closes": "08:00"}, "Closing time must be after opening time."),
        ({"valid_from": "2027-02-01", "valid_to": "2027-01-01"}, "The end date lies before"),
        ({"latitude": "40.4168", "longitude": "-3.7038"}, "These coordinates lie outside Germany"),
        ({"tr-ar-title": "", "tr-ar-description": "وصف"}, "A translation needs a title"),
    ],
)
def test_bad_input_is_named_in_german_and_nothing_is_saved(
    client, town, coordinator, provider, overrides, message
):
    client.force_login(coordinator)
    response = client.post(
        url("create", town).replace("/de/", "/en/"), editor_data(town, provider, **overrides)
    )
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing has been saved" in response.text
    assert not Offering.objects.for_municipality(town).exists()


def test_bad_input_message_is_in_german_under_the_german_address(
    client, town, coordinator, provider
):
    client.force_login(coordinator)
    response = client.post(url("create", town), editor_data(town, provider, title=""))
    assert response.status_code == 200
    assert "Es wurde nichts gespeichert" in response.text


def test_a_partner_offers_only_for_their_own_organisation(client, town, partner, provider):
    other = OrganisationFactory(municipality=town, name="Fremder Verein")
    client.force_login(partner)
    form = client.get(url("create", town))
    assert "Fremder Verein" not in form.text
    response = client.post(url("create", town), editor_data(town, other))
    assert response.status_code == 200
    assert not Offering.objects.for_municipality(town).exists()


def test_a_reader_cannot_add_or_edit(client, town, member_of):
    offering = OfferingFactory(provider__municipality=town)
    client.force_login(member_of(town, Role.READER))
    assert client.get(url("create", town)).status_code == 404
    assert client.get(url("edit", town, pk=offering.pk)).status_code == 404
    assert client.post(url("verify", town, pk=offering.pk)).status_code == 404


def test_a_partner_cannot_edit_another_providers_offering(client, town, partner):
    foreign = OfferingFactory(provider__municipality=town)
    client.force_login(partner)
    assert client.get(url("edit", town, pk=foreign.pk)).status_code == 404
    assert client.post(url("archive", town, pk=foreign.pk)).status_code == 404


def test_review_flow_through_the_pages(client, town, partner, coordinator, provider):
    client.force_login(partner)
    client.post(url("create", town), editor_data(town, provider))
    offering = Offering.objects.for_municipality(town).get()
    assert offering.status == OfferingStatus.SUBMITTED

    client.force_login(coordinator)
    queue = client.get(url("review", town))
    assert "Deutschkurs für Eltern" in queue.text
    client.post(url("approve", town, pk=offering.pk))
    offering.refresh_from_db()
    assert offering.is_published

    # The partner changes the published offering: a revision waits, the original stays.
    client.force_login(partner)
    client.post(
        url("edit", town, pk=offering.pk), editor_data(town, provider, title="Elternkurs Deutsch")
    )
    revision = Offering.objects.for_municipality(town).get(revision_of=offering)
    offering.refresh_from_db()
    assert offering.title == "Deutschkurs für Eltern"
    # Asking to edit the original again leads to the pending change.
    response = client.get(url("edit", town, pk=offering.pk))
    assert response["Location"] == url("edit", town, pk=revision.pk)

    client.force_login(coordinator)
    detail = client.get(revision.get_absolute_url())
    assert "Elternkurs Deutsch" in detail.text and "Deutschkurs für Eltern" in detail.text
    client.post(url("send-back", town, pk=revision.pk), {"note": "Bitte Uhrzeit prüfen"})
    revision.refresh_from_db()
    assert revision.status == OfferingStatus.DRAFT

    client.force_login(partner)
    assert "Bitte Uhrzeit prüfen" in client.get(revision.get_absolute_url()).text
    client.post(
        url("edit", town, pk=revision.pk), editor_data(town, provider, title="Elternkurs Deutsch")
    )
    client.force_login(coordinator)
    client.post(url("approve", town, pk=revision.pk))
    offering.refresh_from_db()
    assert offering.title == "Elternkurs Deutsch"
    assert not Offering.objects.for_municipality(town).filter(revision_of=offering).exists()


def test_only_coordination_approves_and_changes_settings(client, town, partner, provider):
    offering = OfferingFactory(provider=provider, status=OfferingStatus.SUBMITTED)
    client.force_login(partner)
    assert client.post(url("approve", town, pk=offering.pk)).status_code == 404
    assert client.get(url("settings", town)).status_code == 404
    assert client.get(url("review", town)).status_code == 404


def test_settings_switch_review_off_and_rename_a_kind(client, town, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("settings", town),
        {"tile_url": "", "tile_attribution": "", "map_zoom": "13"},
    )
    assert response.status_code == 302
    assert not DirectorySettings.for_town(town).review_required
    kind = OfferingKind.objects.for_municipality(town).get(name="Sprachkurs")
    client.post(
        url("vocabulary-edit", town, vocabulary="kinds", pk=kind.pk),
        {"name": "Sprach- und Integrationskurs", "position": "1"},
    )
    kind.refresh_from_db()
    assert kind.name == "Sprach- und Integrationskurs"
    bad = client.post(
        url("settings", town), {"tile_url": "https://tiles.example.org/map.png", "map_zoom": "13"}
    )
    assert "Die Adresse muss {z}, {x} und {y} enthalten." in bad.text


def test_verify_and_archive(client, town, partner, provider):
    offering = OfferingFactory(provider=provider, last_verified_on=datetime.date(2024, 5, 1))
    client.force_login(partner)
    page = client.get(offering.get_absolute_url())
    assert "Seit mehr als einem Jahr hat niemand dieses Angebot bestätigt." in page.text
    client.post(url("verify", town, pk=offering.pk))
    offering.refresh_from_db()
    assert offering.last_verified_on == timezone.localdate()
    client.post(url("archive", town, pk=offering.pk))
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.ARCHIVED
    assert client.get(url("edit", town, pk=offering.pk)).status_code == 302


def test_list_filters_attention(client, town, coordinator):
    OfferingFactory(
        provider__municipality=town, title="Alt", last_verified_on=datetime.date(2020, 1, 1)
    )
    OfferingFactory(provider__municipality=town, title="Wartet", status=OfferingStatus.SUBMITTED)
    OfferingFactory(provider__municipality=town, title="Aktuell")
    client.force_login(coordinator)
    unverified = client.get(url("list", town), {"attention": "unverified"})
    assert "Alt" in unverified.text and "Aktuell" not in unverified.text
    review = client.get(url("list", town), {"attention": "review"})
    assert "Wartet" in review.text and "Aktuell" not in review.text
