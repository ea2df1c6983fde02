import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from miteinander.bodies.models import Body, BodyKind, BodyMembership, LegislativeTerm, Location
from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    ContactPersonFactory,
    FieldOfActionFactory,
    LegislativeTermFactory,
    LocationFactory,
    MeetingFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "coordination",
    "integration_guide",
    "network_partner",
    "body_member",  # a Gremienmitglied without a membership in the internal body
    "member_of_body",  # a Gremienmitglied sitting in the internal body with their account
    "reader",
    "other_town",  # Minden's coordinator
    "anonymous",
]
READ = dict.fromkeys(ROLES, 200) | {"other_town": 404, "anonymous": 302}
INTERNAL = dict.fromkeys(ROLES, 404) | {
    "coordination": 200,
    "member_of_body": 200,
    "anonymous": 302,
}
MANAGE = dict.fromkeys(ROLES, 404) | {"coordination": 200, "anonymous": 302}


def url(name, town, lang=None, **kwargs):
    with translation.override(lang or "de"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def days_from_now(days, hour=17):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def town(bensheim, member_of):
    council = BodyFactory(
        municipality=bensheim,
        name="Integrationsrat",
        kind=BodyKind.INTEGRATION_COUNCIL,
        is_public=True,
    )
    steering = BodyFactory(
        municipality=bensheim,
        name="Steuerungsgruppe KIM",
        kind=BodyKind.STEERING_GROUP,
        is_public=False,
    )
    member = member_of(bensheim, Role.BODY_MEMBER)
    membership = BodyMembershipFactory(
        body=steering,
        person__name="Aylin Demir",
        person__consent_given_on=None,
        user=member,
        represents="Jugendliche",
    )
    term = LegislativeTermFactory(municipality=bensheim)
    location = LocationFactory(municipality=bensheim)
    return {
        "council": council,
        "steering": steering,
        "member": member,
        "membership": membership,
        "term": term,
        "location": location,
    }


@pytest.fixture
def login(client, bensheim, minden, member_of, town):
    def as_role(role):
        if role == "anonymous":
            return client
        if role == "other_town":
            user = member_of(minden, Role.COORDINATION)
        elif role == "member_of_body":
            user = town["member"]
        else:
            user = member_of(bensheim, Role(role))
        client.force_login(user)
        return client

    return as_role


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_which_page(login, bensheim, town, role):
    """Everyone of the town reads public bodies; internals and writes are for the few."""
    client = login(role)
    council, steering = town["council"].pk, town["steering"].pk
    pages = [
        ("list", {}, READ),
        ("body", {"pk": council}, READ),
        ("body", {"pk": steering}, INTERNAL),
        ("body-add", {}, MANAGE),
        ("body-edit", {"pk": council}, MANAGE),
        ("body-delete", {"pk": council}, MANAGE),
        ("membership-add", {"pk": steering}, MANAGE),
        ("membership-edit", {"pk": town["membership"].pk}, MANAGE),
        ("membership-delete", {"pk": town["membership"].pk}, MANAGE),
        ("settings", {}, MANAGE),
        ("location-add", {}, MANAGE),
        ("location-edit", {"pk": town["location"].pk}, MANAGE),
        ("term-add", {}, MANAGE),
        ("term-edit", {"pk": town["term"].pk}, MANAGE),
    ]
    for name, kwargs, expected in pages:
        response = client.get(url(name, bensheim, **kwargs))
        assert response.status_code == expected[role], (name, kwargs)


def test_an_internal_body_is_listed_and_shown_to_its_members_only(login, bensheim, town):
    client = login("body_member")
    names = [b.name for b in client.get(url("list", bensheim)).context["bodies"]]
    assert names == ["Integrationsrat"]
    assert client.get(url("body", bensheim, pk=town["steering"].pk)).status_code == 404
    client = login("member_of_body")
    names = [b.name for b in client.get(url("list", bensheim)).context["bodies"]]
    assert names == ["Integrationsrat", "Steuerungsgruppe KIM"]
    html = client.get(url("body", bensheim, pk=town["steering"].pk)).content.decode()
    assert "Aylin Demir" in html and "Jugendliche" in html


def test_the_list_shows_kind_visibility_members_and_next_meeting(
    client, bensheim, coordinator, town
):
    council = town["council"]
    BodyMembershipFactory(body=council)
    BodyMembershipFactory(body=council, ends_on=datetime.date(2024, 12, 31))  # left
    MeetingFactory(body=council, name="Frühere Sitzung", starts_at=days_from_now(-10))
    MeetingFactory(body=council, name="Übernächste Sitzung", starts_at=days_from_now(40))
    MeetingFactory(body=council, name="Nächste Sitzung", starts_at=days_from_now(5))
    client.force_login(coordinator)
    response = client.get(url("list", bensheim, lang="en"))
    bodies = {b.name: b for b in response.context["bodies"]}
    assert bodies["Integrationsrat"].member_count == 1
    assert bodies["Integrationsrat"].next_meeting.name == "Nächste Sitzung"
    assert bodies["Steuerungsgruppe KIM"].next_meeting is None
    html = response.content.decode()
    assert "Integration council / foreigners&#x27; council" in html
    assert "Steering group" in html and ">internal<" in html and ">public<" in html
    filtered = client.get(url("list", bensheim), {"kind": BodyKind.STEERING_GROUP})
    assert [b.name for b in filtered.context["bodies"]] == ["Steuerungsgruppe KIM"]


def test_the_body_page_shows_members_meetings_and_papers(client, bensheim, coordinator, town):
    from tests.factories import ConsultationFactory

    council = town["council"]
    council.field_of_action = FieldOfActionFactory(municipality=bensheim, name="Teilhabe")
    council.save()
    sub = BodyFactory(municipality=bensheim, name="AG Bildung", parent=council)
    BodyMembershipFactory(body=council, person__name="Frau Aktuell", user=town["member"])
    BodyMembershipFactory(
        body=council, person__name="Herr Früher", ends_on=datetime.date(2024, 12, 31)
    )
    MeetingFactory(body=council, name="Kommende Sitzung", starts_at=days_from_now(7))
    MeetingFactory(body=council, name="Vergangene Sitzung", starts_at=days_from_now(-7))
    ConsultationFactory(paper__municipality=bensheim, paper__title="Sachstand KIM", body=council)
    client.force_login(coordinator)
    response = client.get(url("body", bensheim, lang="en", pk=council.pk))
    html = response.content.decode()
    assert [r.person for r in response.context["members"]] == ["Frau Aktuell"]
    assert [r.person for r in response.context["past_members"]] == ["Herr Früher"]
    assert html.index("Frau Aktuell") < html.index("Former members") < html.index("Herr Früher")
    assert [m.name for m in response.context["upcoming_meetings"]] == ["Kommende Sitzung"]
    assert [m.name for m in response.context["past_meetings"]] == ["Vergangene Sitzung"]
    assert "Sachstand KIM" in html and "Teilhabe" in html and sub.name in html
    assert "?field_of_action=" in html  # the field links to the action plan


def test_outside_the_body_persons_are_named_only_with_consent(client, bensheim, member_of, town):
    council = town["council"]
    BodyMembershipFactory(body=council, person__name="Öffentlich Genannt", name_is_public=True)
    BodyMembershipFactory(
        body=council,
        person__name="Nicht Genannt",
        person__organisation__is_public=True,
        person__organisation__name="Moscheeverein",
    )
    client.force_login(member_of(bensheim, Role.READER))
    html = client.get(url("body", bensheim, pk=council.pk)).content.decode()
    assert "Öffentlich Genannt" in html and "Moscheeverein" in html
    assert "Nicht Genannt" not in html


def test_coordination_creates_a_body_with_the_towns_choices_only(
    client, bensheim, minden, coordinator, town
):
    field = FieldOfActionFactory(municipality=bensheim, name="Bildung")
    foreign_field = FieldOfActionFactory(municipality=minden)
    client.force_login(coordinator)
    form = client.get(url("body-add", bensheim)).context["form"]
    assert list(form.fields["field_of_action"].queryset) == [field]
    assert LocationFactory(municipality=minden) not in form.fields["location"].queryset
    data = {
        "name": "Jugendforum",
        "kind": BodyKind.YOUTH_BODY,
        "purpose": "Jugendliche entscheiden mit.",
        "is_public": "on",
        "field_of_action": field.pk,
        "parent": town["council"].pk,
        "location": town["location"].pk,
    }
    refused = client.post(url("body-add", bensheim), data | {"field_of_action": foreign_field.pk})
    assert "field_of_action" in refused.context["form"].errors
    response = client.post(url("body-add", bensheim), data)
    body = Body.objects.for_municipality(bensheim).get(name="Jugendforum")
    assert response["Location"] == body.get_absolute_url()
    assert (body.parent, body.field_of_action, body.is_public) == (town["council"], field, True)
    assert AuditEntry.objects.filter(action="body.create", object_id=str(body.pk)).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)]


def test_a_body_cannot_be_its_own_parent(client, bensheim, coordinator, town):
    council = town["council"]
    client.force_login(coordinator)
    form = client.get(url("body-edit", bensheim, pk=council.pk)).context["form"]
    assert council not in form.fields["parent"].queryset
    sub = BodyFactory(municipality=bensheim, parent=council)
    response = client.post(
        url("body-edit", bensheim, pk=council.pk),
        {"name": council.name, "kind": council.kind, "parent": sub.pk},
    )
    assert "parent" in response.context["form"].errors
    council.refresh_from_db()
    assert council.parent is None


def test_deleting_a_body_asks_first(client, bensheim, coordinator, town):
    council = town["council"]
    client.force_login(coordinator)
    page = url("body-delete", bensheim, pk=council.pk)
    assert client.get(page).status_code == 200
    assert Body.objects.for_municipality(bensheim).filter(pk=council.pk).exists()
    response = client.post(page)
    assert response["Location"] == url("list", bensheim)
    assert not Body.objects.for_municipality(bensheim).filter(pk=council.pk).exists()


def test_coordination_adds_a_member_and_an_overlapping_term_is_refused(
    client, bensheim, coordinator, town
):
    steering = town["steering"]
    person = ContactPersonFactory(organisation__municipality=bensheim, name="Jonas Weber")
    client.force_login(coordinator)
    data = {
        "person": person.pk,
        "organisation": person.organisation.pk,
        "user": town["member"].pk,
        "role": "chair",
        "has_voting_right": "on",
        "represents": "Schulen",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
    }
    response = client.post(url("membership-add", bensheim, pk=steering.pk), data)
    assert response.status_code == 302
    membership = BodyMembership.objects.for_municipality(bensheim).get(body=steering, person=person)
    assert (membership.role, membership.user, membership.represents) == (
        "chair",
        town["member"],
        "Schulen",
    )
    assert AuditEntry.objects.filter(action="body_membership.create").exists()

    overlapping = client.post(
        url("membership-add", bensheim, pk=steering.pk, lang="en"),
        data | {"starts_on": "2025-06-01", "ends_on": ""},
    )
    assert overlapping.status_code == 200
    assert "already a member of this body during this term" in overlapping.content.decode()
    assert overlapping.context["form"].errors["starts_on"]
    assert (
        BodyMembership.objects.for_municipality(bensheim)
        .filter(body=steering, person=person)
        .count()
        == 1
    )


def test_a_name_without_consent_is_not_shown_publicly(client, bensheim, coordinator, town):
    person = ContactPersonFactory(organisation__municipality=bensheim, consent_given_on=None)
    client.force_login(coordinator)
    response = client.post(
        url("membership-add", bensheim, pk=town["council"].pk, lang="en"),
        {"person": person.pk, "role": "member", "name_is_public": "on"},
    )
    assert "has not consented to being listed" in response.content.decode()
    assert not BodyMembership.objects.for_municipality(bensheim).filter(person=person).exists()


def test_the_membership_form_offers_the_towns_people_and_accounts(
    client, bensheim, minden, member_of, coordinator, town
):
    ContactPersonFactory(organisation__municipality=minden, name="Fremde Person")
    outsider = member_of(minden, Role.COORDINATION, email="fremd@minden.example.org")
    person = ContactPersonFactory(
        organisation=OrganisationFactory(municipality=bensheim, name="Caritas"), name="Ida Roth"
    )
    client.force_login(coordinator)
    response = client.get(url("membership-add", bensheim, pk=town["council"].pk))
    form = response.context["form"]
    assert outsider not in form.fields["user"].queryset
    assert town["member"] in form.fields["user"].queryset
    html = response.content.decode()
    assert "Ida Roth (Caritas)" in html and "Fremde Person" not in html
    assert town["member"].email in html
    assert person in form.fields["person"].queryset


def test_a_membership_is_edited_and_deleted(client, bensheim, coordinator, town):
    membership = town["membership"]
    client.force_login(coordinator)
    response = client.post(
        url("membership-edit", bensheim, pk=membership.pk),
        {
            "person": membership.person.pk,
            "organisation": membership.organisation.pk,
            "role": "deputy",
            "starts_on": "2024-01-01",
            "ends_on": "2024-12-31",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "deputy" and membership.ends_on == datetime.date(2024, 12, 31)
    assert client.get(url("membership-delete", bensheim, pk=membership.pk)).status_code == 200
    client.post(url("membership-delete", bensheim, pk=membership.pk))
    assert not BodyMembership.objects.for_municipality(bensheim).filter(pk=membership.pk).exists()


def test_places_and_terms_are_kept_with_the_models_messages(client, bensheim, coordinator, town):
    client.force_login(coordinator)
    page = client.get(url("settings", bensheim)).content.decode()
    assert town["location"].description in page and town["term"].name in page
    half = client.post(
        url("location-add", bensheim, lang="en"),
        {"description": "Bürgerhaus", "latitude": "49.68"},
    )
    assert "Give both latitude and longitude, or neither." in half.content.decode()
    assert not Location.objects.for_municipality(bensheim).filter(description="Bürgerhaus").exists()
    added = client.post(
        url("location-add", bensheim),
        {"description": "Bürgerhaus", "room": "Saal", "latitude": "49.68", "longitude": "8.62"},
    )
    assert added["Location"] == url("settings", bensheim)
    assert Location.objects.for_municipality(bensheim).get(description="Bürgerhaus").room == "Saal"

    backwards = client.post(
        url("term-edit", bensheim, lang="en", pk=town["term"].pk),
        {"name": "WP", "starts_on": "2026-11-01", "ends_on": "2021-10-31"},
    )
    assert "The end cannot be before the start." in backwards.content.decode()
    client.post(
        url("term-add", bensheim),
        {"name": "Wahlperiode 2026–2031", "starts_on": "2026-11-01"},
    )
    term = LegislativeTerm.objects.for_municipality(bensheim).get(name="Wahlperiode 2026–2031")
    assert AuditEntry.objects.filter(action="legislative_term.create", object_id=str(term.pk))


def test_another_towns_place_is_not_found(client, bensheim, minden, coordinator, town):
    client.force_login(coordinator)
    foreign = LocationFactory(municipality=minden)
    assert client.get(url("location-edit", bensheim, pk=foreign.pk)).status_code == 404


def optional_url(name, **kwargs):
    """The address of a page another part of the app provides, or None while it is missing."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_the_body_page_links_meetings_planning_and_public_pages(
    client, bensheim, coordinator, member_of, town
):
    council, steering = town["council"], town["steering"]
    client.force_login(coordinator)
    html = client.get(url("body", bensheim, lang="en", pk=council.pk)).content.decode()
    assert "No meeting planned." in html and "No past meeting." in html
    with translation.override("en"):
        links = {
            "add": optional_url("bodies:meeting-add", municipality_slug="bensheim"),
            "series": optional_url(
                "bodies:series-add", municipality_slug="bensheim", pk=council.pk
            ),
            "public": optional_url(
                "bodies-public:body", municipality_slug="bensheim", pk=council.pk
            ),
            "ics": optional_url(
                "bodies-public:body-calendar", municipality_slug="bensheim", pk=council.pk
            ),
        }
    if links["add"]:
        assert f'{links["add"]}?body={council.pk}"' in html
    for key in ("series", "public", "ics"):
        if links[key]:
            assert f'href="{links[key]}"' in html, key
    # An internal body has no public page; a reader runs no meetings.
    internal_html = client.get(url("body", bensheim, pk=steering.pk)).content.decode()
    assert f"/{steering.pk}/kalender.ics" not in internal_html
    client.force_login(member_of(bensheim, Role.READER))
    reader_html = client.get(url("body", bensheim, lang="en", pk=council.pk)).content.decode()
    assert "?body=" not in reader_html and "Plan a series" not in reader_html
