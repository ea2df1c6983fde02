"""The offerings API: who sees what, filters, writes with validation, review and verification."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from miteinander.accounts.services import api_token_create
from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from miteinander.offerings import services
from miteinander.offerings.models import (
    DirectorySettings,
    District,
    Offering,
    OfferingKind,
    OfferingStatus,
    OfferingTranslation,
    OpeningHours,
)
from tests.factories import (
    FieldOfActionFactory,
    MembershipFactory,
    OfferingFactory,
    OrganisationFactory,
    TargetGroupFactory,
)
from tests.fixtures import TOWN_ROLES

pytestmark = pytest.mark.django_db

BASE = "/api/v1/municipalities"
URL = f"{BASE}/bensheim/offerings"


def bearer(user, **headers):
    return {"authorization": f"Bearer {api_token_create(user=user, name='t')[1]}", **headers}


def english(user):
    """Token headers asking for English, so that messages can be compared as written."""
    return bearer(user, accept_language="en")


def partner_of(town, organisation):
    return MembershipFactory(
        municipality=town, role=Role.NETWORK_PARTNER, organisation=organisation
    ).user


@pytest.fixture
def directory(bensheim):
    """Bensheim's directory: two published offerings, a draft sent back, an archived one."""
    services.directory_setup(municipality=bensheim)
    kinds = {k.name: k for k in OfferingKind.objects.for_municipality(bensheim)}
    caritas = OrganisationFactory(municipality=bensheim, name="Caritasverband Bensheim")
    vhs = OrganisationFactory(municipality=bensheim, name="Volkshochschule Bergstraße")
    weststadt = District.objects.create(municipality=bensheim, name="Weststadt")
    women = TargetGroupFactory(municipality=bensheim, name="Frauen")
    youth = TargetGroupFactory(municipality=bensheim, name="Jugendliche")
    field = FieldOfActionFactory(municipality=bensheim, name="Sprache und Bildung")
    cafe = OfferingFactory(
        provider=caritas,
        kind=kinds["Begegnung und Treffpunkt"],
        title="Sprachcafé Weststadt",
        district=weststadt,
        field_of_action=field,
        languages=["de", "ar"],
        room_capacity=25,
        last_verified_on=datetime.date(2025, 3, 1),
    )
    cafe.target_groups.set([women])
    OfferingTranslation.objects.create(offering=cafe, language="en", title="Language café West")
    OpeningHours.objects.create(
        offering=cafe, weekday=0, opens=datetime.time(10), closes=datetime.time(12)
    )
    course = OfferingFactory(
        provider=vhs,
        kind=kinds["Sprachkurs"],
        title="Deutschkurs B1",
        languages=["de"],
        is_free=False,
        cost="80 € je Kurs",
    )
    course.target_groups.set([youth])
    draft = OfferingFactory(
        provider=caritas,
        kind=kinds["Beratung"],
        title="Frauenfrühstück",
        status=OfferingStatus.DRAFT,
        review_note="Bitte die Adresse ergänzen.",
    )
    archived = OfferingFactory(
        provider=vhs, kind=kinds["Sprachkurs"], title="Alter Kurs", status=OfferingStatus.ARCHIVED
    )
    return {
        "kinds": kinds, "caritas": caritas, "vhs": vhs, "weststadt": weststadt, "women": women,
        "youth": youth, "field": field, "cafe": cafe, "course": course, "draft": draft,
        "archived": archived,
    }  # fmt: skip


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def new_offering(directory, **fields):
    return {
        "kind_id": directory["kinds"]["Sprachkurs"].pk,
        "title": "Deutsch für den Beruf",
        "street": "Hauptstraße 12",
        "postcode": "64625",
        "city": "Bensheim",
        **fields,
    }


# --- Reading ---------------------------------------------------------------------------------
def test_anonymous_callers_see_published_offerings_without_internal_fields(client, directory):
    response = client.get(URL)
    assert titles(response) == ["Deutschkurs B1", "Sprachcafé Weststadt"]
    data = response.json()
    assert data["count"] == 2
    cafe = data["items"][1]
    assert cafe["provider"]["name"] == "Caritasverband Bensheim"
    assert cafe["kind"]["name"] == "Begegnung und Treffpunkt" and cafe["is_meeting_place"]
    assert cafe["target_groups"] == [{"id": directory["women"].pk, "name": "Frauen"}]
    assert cafe["translations"] == [
        {"language": "en", "title": "Language café West", "description": ""}
    ]
    assert cafe["district"]["name"] == "Weststadt" and cafe["room_capacity"] == 25
    assert cafe["last_verified_on"] == "2025-03-01"
    assert cafe["public_url"] == directory["cafe"].get_public_url()
    assert cafe["review_note"] is None and cafe["pending_revision_id"] is None
    assert client.get(URL, {"status": "draft"}).json() == {"items": [], "count": 0}


def test_anonymous_callers_get_a_published_offering_with_its_schedule(client, directory):
    data = client.get(f"{URL}/{directory['cafe'].pk}").json()
    assert data["opening_hours"] == [{"weekday": 0, "opens": "10:00:00", "closes": "12:00:00"}]
    assert data["exceptions"] == [] and data["sessions"] == []
    assert data["history"] is None and data["review_note"] is None
    assert isinstance(data["is_open_now"], bool)
    for hidden in ("draft", "archived"):
        assert client.get(f"{URL}/{directory[hidden].pk}").status_code == 404


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_every_role_in_the_town_sees_drafts_and_archived_offerings(
    client, bensheim, member_of, directory, role
):
    headers = bearer(member_of(bensheim, role))
    assert titles(client.get(URL, {"status": "draft"}, headers=headers)) == ["Frauenfrühstück"]
    assert titles(client.get(URL, {"status": "archived"}, headers=headers)) == ["Alter Kurs"]
    draft = client.get(f"{URL}/{directory['draft'].pk}", headers=headers)
    assert draft.status_code == 200 and draft.json()["status"] == "draft"


@pytest.mark.parametrize("role", [Role.READER, Role.INTEGRATION_GUIDE, Role.BODY_MEMBER])
def test_only_editors_read_the_note_from_coordination_and_the_history(
    client, bensheim, member_of, directory, role
):
    url = f"{URL}/{directory['draft'].pk}"
    data = client.get(url, headers=bearer(member_of(bensheim, role))).json()
    assert data["review_note"] is None and data["history"] is None
    other_partner = partner_of(bensheim, directory["vhs"])
    data = client.get(url, headers=bearer(other_partner)).json()
    assert data["review_note"] is None and data["history"] is None
    own_partner = partner_of(bensheim, directory["caritas"])
    data = client.get(url, headers=bearer(own_partner)).json()
    assert data["review_note"] == "Bitte die Adresse ergänzen." and data["history"] == []


def test_another_towns_coordination_is_anonymous_here(client, minden, member_of, directory):
    headers = bearer(member_of(minden, Role.COORDINATION))
    assert titles(client.get(URL, headers=headers)) == ["Deutschkurs B1", "Sprachcafé Weststadt"]
    assert client.get(URL, {"status": "draft"}, headers=headers).json()["count"] == 0
    draft, cafe = directory["draft"].pk, directory["cafe"].pk
    assert client.get(f"{URL}/{draft}", headers=headers).status_code == 404
    patched = client.patch(
        f"{URL}/{cafe}", {"title": "Fremd"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{cafe}/verify", headers=headers).status_code == 404
    assert client.delete(f"{URL}/{cafe}", headers=headers).status_code == 404
    # Under their own town's address, Bensheim's offerings do not exist at all.
    own = f"{BASE}/minden/offerings"
    assert client.get(f"{own}/{cafe}", headers=headers).status_code == 404
    assert client.get(own, headers=headers).json()["count"] == 0
    assert client.get(f"{BASE}/unbekannt/offerings").status_code == 404


def test_the_list_is_filtered(client, bensheim, directory):
    def listed(**params):
        return sorted(titles(client.get(URL, params)))

    kinds = directory["kinds"]
    assert listed(kind=kinds["Sprachkurs"].pk) == ["Deutschkurs B1"]
    assert listed(kind=[kinds["Sprachkurs"].pk, kinds["Begegnung und Treffpunkt"].pk]) == [
        "Deutschkurs B1",
        "Sprachcafé Weststadt",
    ]
    assert listed(target_group=directory["women"].pk) == ["Sprachcafé Weststadt"]
    assert listed(language="ar") == ["Sprachcafé Weststadt"]
    assert listed(district=directory["weststadt"].pk) == ["Sprachcafé Weststadt"]
    assert listed(free="true") == ["Sprachcafé Weststadt"]
    assert listed(meeting_places="true") == ["Sprachcafé Weststadt"]
    assert listed(provider=directory["vhs"].pk) == ["Deutschkurs B1"]
    assert client.get(URL, {"kind": "Sprachkurs"}).status_code == 422


def test_open_now_uses_the_towns_clock(client, directory):
    with freeze_time("2026-03-02 09:30:00"):  # Monday, 10:30 in Bensheim
        assert titles(client.get(URL, {"open_now": "true"})) == ["Sprachcafé Weststadt"]
        assert client.get(f"{URL}/{directory['cafe'].pk}").json()["is_open_now"] is True
    with freeze_time("2026-03-02 11:30:00"):  # Monday, 12:30
        assert titles(client.get(URL, {"open_now": "true"})) == []


def test_the_search_finds_german_word_forms(client, bensheim, directory):
    for offering in Offering.objects.for_municipality(bensheim):
        services.search.offering_index(offering)
    assert titles(client.get(URL, {"q": "Deutschkurse"})) == ["Deutschkurs B1"]
    assert titles(client.get(URL, {"q": "Sprachcafe"})) == ["Sprachcafé Weststadt"]


def test_staff_status_lists_refuse_directory_filters(client, coordinator, directory):
    response = client.get(URL, {"status": "draft", "free": "true"}, headers=english(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("free: these filters apply to published")
    drafts = client.get(
        URL, {"status": "draft", "provider": directory["caritas"].pk}, headers=bearer(coordinator)
    )
    assert titles(drafts) == ["Frauenfrühstück"]


def test_the_list_is_paginated(client, bensheim, directory):
    for number in range(3):
        OfferingFactory(provider=directory["vhs"], title=f"Zusatzkurs {number}")
    first = client.get(URL, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    last = client.get(URL, {"page_size": 2, "page": 3}).json()
    assert [item["title"] for item in last["items"]] == ["Zusatzkurs 2"]


def test_the_list_costs_the_same_queries_for_many_offerings(
    client, coordinator, directory, django_assert_max_num_queries
):
    for number in range(20):
        offering = OfferingFactory(provider=directory["vhs"], title=f"Kurs {number}")
        offering.target_groups.set([directory["women"], directory["youth"]])
    for headers in ({}, bearer(coordinator)):
        with django_assert_max_num_queries(10):
            assert len(client.get(URL, headers=headers).json()["items"]) == 22


# --- Writing ---------------------------------------------------------------------------------
def test_coordination_creates_an_offering_with_its_schedule(
    client, bensheim, coordinator, directory
):
    payload = new_offering(
        directory,
        provider_id=directory["vhs"].pk,
        field_of_action_id=directory["field"].pk,
        district_id=directory["weststadt"].pk,
        target_groups=[directory["women"].pk, directory["youth"].pk],
        languages=["de", "tr"],
        latitude="49.681",
        longitude="8.617",
        translations=[{"language": "tr", "title": "Meslek için Almanca"}],
        opening_hours=[{"weekday": 1, "opens": "14:00", "closes": "16:00"}],
        exceptions=[{"starts_on": "2026-12-24", "ends_on": "2026-12-31", "note": "Ferien"}],
        sessions=[{"starts_at": "2026-04-01T18:00:00", "ends_at": "2026-04-01T20:00:00"}],
        publish=True,
    )
    response = client.post(
        URL, payload, content_type="application/json", headers=bearer(coordinator)
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (
        data["status"] == "published" and data["provider"]["name"] == "Volkshochschule Bergstraße"
    )
    assert data["last_verified_on"] == timezone.localdate().isoformat()
    assert {t["name"] for t in data["target_groups"]} == {"Frauen", "Jugendliche"}
    assert data["translations"][0]["title"] == "Meslek için Almanca"
    assert data["opening_hours"] == [{"weekday": 1, "opens": "14:00:00", "closes": "16:00:00"}]
    assert data["exceptions"][0]["opens"] is None and data["exceptions"][0]["note"] == "Ferien"
    # A time without an offset is the town's local time (CEST in April: UTC+2).
    assert data["sessions"][0]["starts_at"].startswith("2026-04-01T16:00:00")
    assert data["latitude"] == "49.681000"
    offering = Offering.objects.for_municipality(bensheim).get(pk=data["id"])
    assert offering.sessions.get().starts_at == datetime.datetime(
        2026, 4, 1, 16, tzinfo=datetime.UTC
    )
    assert data["history"][0]["action"] == "offering.create"
    assert client.get(f"{URL}/{offering.pk}").status_code == 200


def test_a_partner_offers_for_their_own_organisation_only(client, bensheim, directory):
    DirectorySettings.objects.for_municipality(bensheim).update(review_required=False)
    partner = partner_of(bensheim, directory["caritas"])
    response = client.post(
        URL, new_offering(directory, publish=True), content_type="application/json",
        headers=bearer(partner),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["provider"]["id"] == directory["caritas"].pk
    assert response.json()["status"] == "published"  # this town publishes without review
    foreign = client.post(
        URL, new_offering(directory, provider_id=directory["vhs"].pk),
        content_type="application/json", headers=english(partner),
    )  # fmt: skip
    assert foreign.status_code == 403
    assert "only for your own organisation" in foreign.json()["detail"]
    moved = client.patch(
        f"{URL}/{response.json()['id']}", {"provider_id": directory["vhs"].pk},
        content_type="application/json", headers=english(partner),
    )  # fmt: skip
    assert moved.status_code == 403
    assert (
        Offering.objects.for_municipality(bensheim).filter(provider=directory["vhs"]).count() == 2
    )


@pytest.mark.parametrize("role", [Role.READER, Role.INTEGRATION_GUIDE, Role.BODY_MEMBER])
def test_roles_without_offerings_of_their_own_cannot_write(
    client, bensheim, member_of, directory, role
):
    headers = bearer(member_of(bensheim, role))
    payload = new_offering(directory, provider_id=directory["vhs"].pk)
    created = client.post(URL, payload, content_type="application/json", headers=headers)
    assert created.status_code == 404
    cafe = directory["cafe"].pk
    patched = client.patch(
        f"{URL}/{cafe}", {"title": "Anders"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{cafe}/verify", headers=headers).status_code == 404
    assert client.post(f"{URL}/{cafe}/approve", headers=headers).status_code == 404
    assert client.delete(f"{URL}/{cafe}", headers=headers).status_code == 404
    assert Offering.objects.for_municipality(bensheim).count() == 4


def test_another_partner_cannot_touch_the_offering(client, bensheim, directory):
    headers = bearer(partner_of(bensheim, directory["vhs"]))
    cafe = directory["cafe"].pk
    patched = client.patch(
        f"{URL}/{cafe}", {"title": "Anders"}, content_type="application/json", headers=headers
    )
    assert patched.status_code == 404
    assert client.post(f"{URL}/{cafe}/verify", headers=headers).status_code == 404
    assert client.post(f"{URL}/{cafe}/archive", headers=headers).status_code == 404
    assert client.delete(f"{URL}/{cafe}", headers=headers).status_code == 404
    directory["cafe"].refresh_from_db()
    assert directory["cafe"].title == "Sprachcafé Weststadt"


def test_anonymous_callers_cannot_write(client, directory):
    response = client.post(URL, new_offering(directory), content_type="application/json")
    assert response.status_code == 401
    assert client.post(f"{URL}/{directory['cafe'].pk}/verify").status_code == 401


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "title: This field cannot be blank."),
        ({"valid_from": "2026-05-01", "valid_to": "2026-04-01"},
         "valid_to: The end date lies before the start date."),
        ({"latitude": "40.4168", "longitude": "-3.7038"},
         "latitude: These coordinates lie outside Germany."),
        ({"latitude": "49.68"}, "longitude: Give both latitude and longitude, or neither."),
        ({"street": "", "is_online": False}, "street: Give an address or coordinates"),
        ({"email": "keine-adresse"}, "email: Enter a valid email address."),
        ({"opening_hours": [{"weekday": 0, "opens": "12:00", "closes": "09:00"}]},
         "opening_hours[0].closes: Closing time must be after opening time."),
        ({"exceptions": [{"starts_on": "2026-08-10", "ends_on": "2026-08-01"}]},
         "exceptions[0].ends_on: The end date lies before the start date."),
        ({"sessions": [{"starts_at": "2026-04-01T18:00", "ends_at": "2026-04-01T17:00"}]},
         "sessions[0].ends_at: The end lies before the start."),
        ({"translations": [{"language": "xx", "title": "?"}]}, "translations[0].language: use"),
        ({"translations": [{"language": "de", "title": "Doppelt"}]},
         "translations[0].language: use one of en, ar, tr, uk, ru, fa"),
        ({"kind_id": None}, "kind_id: this field is required."),
        ({"is_free": None}, "is_free: this field cannot be null"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_the_field_and_nothing_changes(
    client, coordinator, directory, change, message
):
    cafe = directory["cafe"]
    response = client.patch(
        f"{URL}/{cafe.pk}", change, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"]
    cafe.refresh_from_db()
    assert cafe.title == "Sprachcafé Weststadt" and cafe.opening_hours.count() == 1
    assert cafe.translations.get().language == "en" and cafe.valid_to is None


def test_bad_times_and_missing_titles_are_refused_by_the_schema(client, coordinator, directory):
    payload = new_offering(directory, provider_id=directory["vhs"].pk)
    del payload["title"]
    response = client.post(
        URL, payload, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title"
    late = new_offering(
        directory, provider_id=directory["vhs"].pk,
        opening_hours=[{"weekday": 0, "opens": "25:00", "closes": "26:00"}],
    )  # fmt: skip
    response = client.post(URL, late, content_type="application/json", headers=english(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-3:] == ["opening_hours", 0, "opens"]


def test_ids_of_another_town_are_refused(client, bensheim, minden, coordinator, directory):
    minden_kind = OfferingKind.objects.create(municipality=minden, name="Sprachkurs")
    minden_group = TargetGroupFactory(municipality=minden)
    minden_provider = OrganisationFactory(municipality=minden)
    payload = new_offering(
        directory, provider_id=minden_provider.pk, kind_id=minden_kind.pk,
        target_groups=[minden_group.pk],
    )  # fmt: skip
    response = client.post(
        URL, payload, content_type="application/json", headers=english(coordinator)
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    for name in ("provider_id", "kind_id", "target_groups"):
        assert f"{name}: " in detail
    assert Offering.objects.for_municipality(bensheim).count() == 4


def test_patch_changes_only_what_it_names(client, coordinator, directory):
    cafe = directory["cafe"]
    response = client.patch(
        f"{URL}/{cafe.pk}", {"cost": None, "is_free": True, "room_capacity": 30},
        content_type="application/json", headers=bearer(coordinator),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["room_capacity"] == 30 and data["cost"] == ""
    assert data["title"] == "Sprachcafé Weststadt" and len(data["opening_hours"]) == 1
    assert data["translations"][0]["title"] == "Language café West"
    assert [g["name"] for g in data["target_groups"]] == ["Frauen"]
    assert data["status"] == "published"


def test_a_change_without_publish_keeps_the_status(client, bensheim, coordinator, directory):
    """Coordination correcting a partner's submitted offering does not approve it by the way."""
    submitted = OfferingFactory(
        provider=directory["caritas"], kind=directory["kinds"]["Beratung"], title="Elterncafe",
        status=OfferingStatus.SUBMITTED,
    )  # fmt: skip
    response = client.patch(
        f"{URL}/{submitted.pk}", {"title": "Elterncafé"}, content_type="application/json",
        headers=bearer(coordinator),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and response.json()["title"] == "Elterncafé"
    draft = client.patch(
        f"{URL}/{directory['draft'].pk}", {"cost": "2 €"}, content_type="application/json",
        headers=bearer(partner_of(bensheim, directory["caritas"])),
    )  # fmt: skip
    assert draft.json()["status"] == "draft"


def test_the_provider_verifies_and_deletes(client, bensheim, directory):
    partner = partner_of(bensheim, directory["caritas"])
    cafe = directory["cafe"]
    response = client.post(f"{URL}/{cafe.pk}/verify", headers=bearer(partner))
    assert response.status_code == 200
    assert response.json()["last_verified_on"] == timezone.localdate().isoformat()
    cafe.refresh_from_db()
    assert cafe.last_verified_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="offering.verify", object_id=str(cafe.pk)).exists()
    response = client.delete(f"{URL}/{cafe.pk}", headers=bearer(partner))
    assert response.status_code == 204
    assert not Offering.objects.for_municipality(bensheim).filter(pk=cafe.pk).exists()


# --- Review ----------------------------------------------------------------------------------
def test_the_review_flow_through_the_api(client, bensheim, coordinator, directory):
    """A partner's offering waits for coordination; so does a change, while the old text stays."""
    assert DirectorySettings.for_town(bensheim).review_required
    partner = bearer(partner_of(bensheim, directory["caritas"]))
    staff = bearer(coordinator)
    created = client.post(
        URL, new_offering(directory, publish=True), content_type="application/json",
        headers=partner,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    offering_id = created.json()["id"]
    assert created.json()["status"] == "submitted"
    assert client.get(f"{URL}/{offering_id}").status_code == 404  # not public yet

    approved = client.post(f"{URL}/{offering_id}/approve", headers=staff)
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert client.get(f"{URL}/{offering_id}").json()["title"] == "Deutsch für den Beruf"

    # The partner changes the published offering: a pending change, the original stays online.
    changed = client.patch(
        f"{URL}/{offering_id}", {"title": "Deutsch für Beruf und Alltag"},
        content_type="application/json", headers=partner,
    )  # fmt: skip
    assert changed.status_code == 200, changed.content
    change = changed.json()
    assert change["revision_of_id"] == offering_id and change["status"] == "submitted"
    assert client.get(f"{URL}/{offering_id}").json()["title"] == "Deutsch für den Beruf"
    original = client.get(f"{URL}/{offering_id}", headers=staff).json()
    assert original["pending_revision_id"] == change["id"]
    assert client.get(f"{URL}/{offering_id}").json()["pending_revision_id"] is None

    # Coordination sends it back (addressing the published offering); the partner reads why.
    sent_back = client.post(
        f"{URL}/{offering_id}/send-back", {"note": "Bitte die Kurszeiten ergänzen."},
        content_type="application/json", headers=staff,
    )  # fmt: skip
    assert sent_back.status_code == 200, sent_back.content
    assert sent_back.json()["id"] == change["id"] and sent_back.json()["status"] == "draft"
    seen = client.get(f"{URL}/{change['id']}", headers=partner).json()
    assert seen["review_note"] == "Bitte die Kurszeiten ergänzen."

    # The partner completes the change and asks again; coordination approves.
    again = client.patch(
        f"{URL}/{offering_id}",
        {"opening_hours": [{"weekday": 3, "opens": "18:00", "closes": "19:30"}], "publish": True},
        content_type="application/json", headers=partner,
    )  # fmt: skip
    assert again.json()["id"] == change["id"] and again.json()["status"] == "submitted"
    assert again.json()["title"] == "Deutsch für Beruf und Alltag"  # the earlier change is kept
    approved = client.post(f"{URL}/{offering_id}/approve", headers=staff)
    assert approved.status_code == 200, approved.content
    public = client.get(f"{URL}/{offering_id}").json()
    assert public["title"] == "Deutsch für Beruf und Alltag"
    assert public["opening_hours"] == [{"weekday": 3, "opens": "18:00:00", "closes": "19:30:00"}]
    assert not Offering.objects.for_municipality(bensheim).filter(pk=change["id"]).exists()
    history = client.get(f"{URL}/{offering_id}", headers=staff).json()["history"]
    assert history[0]["action"] == "offering.approve_change"


def test_only_coordination_decides(client, bensheim, directory):
    partner = bearer(partner_of(bensheim, directory["caritas"]))
    draft = directory["draft"].pk
    assert client.post(f"{URL}/{draft}/approve", headers=partner).status_code == 404
    response = client.post(
        f"{URL}/{draft}/send-back", {"note": "x"}, content_type="application/json",
        headers=partner,
    )  # fmt: skip
    assert response.status_code == 404


def test_sending_back_needs_a_note_and_a_submitted_offering(client, coordinator, directory):
    headers = english(coordinator)
    url = f"{URL}/{directory['cafe'].pk}/send-back"
    empty = client.post(url, {"note": "  "}, content_type="application/json", headers=headers)
    assert empty.status_code == 422 and empty.json()["detail"].startswith("note:")
    published = client.post(url, {"note": "Bitte prüfen."}, content_type="application/json",
                            headers=headers)  # fmt: skip
    assert published.status_code == 422
    assert "Only offerings waiting for approval" in published.json()["detail"]


def test_offering_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/municipalities/{slug}/offerings"]) == {"get", "post"}
    assert set(paths["/api/v1/municipalities/{slug}/offerings/{offering_id}"]) == {
        "get", "patch", "delete",
    }  # fmt: skip
    for action in ("approve", "send-back", "verify", "archive"):
        assert (
            "post" in paths[f"/api/v1/municipalities/{{slug}}/offerings/{{offering_id}}/{action}"]
        )
    listing = paths["/api/v1/municipalities/{slug}/offerings"]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert {"q", "kind", "target_group", "language", "district", "free", "open_now",
            "meeting_places", "status", "page", "page_size"} <= parameters  # fmt: skip
    assert listing["tags"] == ["offerings"]
