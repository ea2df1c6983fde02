"""Writes of the directory: save with children, the review flow, verification, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from miteinander.offerings import services
from miteinander.offerings.models import (
    DirectorySettings,
    Offering,
    OfferingKind,
    OfferingStatus,
    VerificationReminder,
)
from miteinander.offerings.services import OfferingContent
from tests.factories import MembershipFactory, OfferingFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(directory_town):
    return directory_town


@pytest.fixture
def kind(town):
    return OfferingKind.objects.for_municipality(town).get(name="Sprachkurs")


def content(provider, kind, **fields):
    base = {
        "provider": provider,
        "kind": kind,
        "title": "Sprachcafé am Marktplatz",
        "description": "Deutsch üben bei Kaffee und Tee.",
        "street": "Marktplatz 1",
        "postcode": "64625",
        "city": "Bensheim",
        "languages": ["de", "ar"],
    }
    return OfferingContent(
        fields=base | fields,
        translations=[{"language": "ar", "title": "مقهى اللغة", "description": ""}],
        opening_hours=[
            {"weekday": 0, "opens": datetime.time(9), "closes": datetime.time(12)},
            {"weekday": 2, "opens": datetime.time(15), "closes": datetime.time(18)},
        ],
        exceptions=[
            {
                "starts_on": datetime.date(2026, 12, 21),
                "ends_on": datetime.date(2027, 1, 3),
                "opens": None,
                "closes": None,
                "note": "Weihnachtsferien",
            }
        ],
    )


def test_directory_setup_seeds_kinds_once_and_marks_the_meeting_place(town):
    services.directory_setup(municipality=town)
    kinds = OfferingKind.objects.for_municipality(town)
    assert [k.name for k in kinds] == OfferingKind.DEFAULTS
    assert [k.name for k in kinds.filter(is_meeting_place=True)] == ["Begegnung und Treffpunkt"]
    assert DirectorySettings.objects.for_municipality(town).count() == 1


def test_coordination_publishes_directly_with_children_and_audit(town, coordinator, provider, kind):
    offering = services.offering_save(
        municipality=town, acting_user=coordinator, content=content(provider, kind), publish=True
    )
    assert offering.is_published
    assert offering.last_verified_on == timezone.localdate()
    assert offering.opening_hours.count() == 2
    assert offering.exceptions.get().is_closed
    assert offering.translations.get().language == "ar"
    entry = AuditEntry.objects.get(action="offering.create")
    assert entry.actor == coordinator
    assert "opening_hours" in entry.changes


def test_partner_offering_waits_for_approval_when_the_town_reviews(
    town, partner, coordinator, provider, kind
):
    offering = services.offering_save(
        municipality=town, acting_user=partner, content=content(provider, kind), publish=True
    )
    assert offering.status == OfferingStatus.SUBMITTED
    assert not Offering.objects.for_municipality(town).published().exists()
    services.offering_approve(offering=offering, acting_user=coordinator)
    offering.refresh_from_db()
    assert offering.is_published


def test_partner_publishes_directly_when_the_town_does_not_review(town, partner, provider, kind):
    DirectorySettings.objects.for_municipality(town).update(review_required=False)
    offering = services.offering_save(
        municipality=town, acting_user=partner, content=content(provider, kind), publish=True
    )
    assert offering.is_published


def test_a_partners_change_waits_as_revision_while_the_published_version_stays(
    town, partner, coordinator, provider, kind
):
    published = services.offering_save(
        municipality=town, acting_user=coordinator, content=content(provider, kind), publish=True
    )
    changed = content(provider, kind, title="Sprachcafé im Bürgerhaus")
    changed.opening_hours = [
        {"weekday": 4, "opens": datetime.time(10), "closes": datetime.time(11)}
    ]
    revision = services.offering_save(
        municipality=town, acting_user=partner, content=changed, offering=published, publish=True
    )
    assert revision.revision_of == published
    assert revision.status == OfferingStatus.SUBMITTED
    published.refresh_from_db()
    assert published.title == "Sprachcafé am Marktplatz"
    assert list(Offering.objects.for_municipality(town).published()) == [published]

    # Editing again changes the same revision, not a second one.
    again = services.offering_save(
        municipality=town, acting_user=partner, content=changed, offering=published, publish=True
    )
    assert again.pk == revision.pk

    approved = services.offering_approve(offering=revision, acting_user=coordinator)
    assert approved.pk == published.pk
    assert approved.title == "Sprachcafé im Bürgerhaus"
    assert list(approved.opening_hours.values_list("weekday", "opens")) == [(4, datetime.time(10))]
    assert approved.translations.count() == 1
    assert Offering.objects.for_municipality(town).count() == 1
    assert approved.uuid == published.uuid


def test_coordination_publishing_a_proposed_change_applies_it_to_the_original(
    town, partner, coordinator, provider, kind
):
    published = services.offering_save(
        municipality=town, acting_user=coordinator, content=content(provider, kind), publish=True
    )
    revision = services.offering_save(
        municipality=town, acting_user=partner, content=content(provider, kind, title="Neu"),
        offering=published, publish=False,
    )  # fmt: skip
    result = services.offering_save(
        municipality=town, acting_user=coordinator, offering=revision, publish=True,
        content=content(provider, kind, title="Neu, von der Koordination verbessert"),
    )  # fmt: skip
    assert result.pk == published.pk
    assert result.title == "Neu, von der Koordination verbessert"
    assert list(Offering.objects.for_municipality(town)) == [published]


def test_translation_languages_must_be_platform_languages_once(town, coordinator, provider, kind):
    bad = content(provider, kind)
    bad.translations += [{"language": "ar", "title": "مرة أخرى", "description": ""}]
    with pytest.raises(ValidationError) as error:
        services.offering_save(municipality=town, acting_user=coordinator, content=bad)
    assert "translations" in error.value.message_dict
    bad.translations = [{"language": "de", "title": "Deutsch", "description": ""}]
    with pytest.raises(ValidationError):
        services.offering_save(municipality=town, acting_user=coordinator, content=bad)


def test_send_back_returns_a_draft_with_the_note(town, partner, coordinator, provider, kind):
    offering = services.offering_save(
        municipality=town, acting_user=partner, content=content(provider, kind), publish=True
    )
    services.offering_send_back(offering=offering, acting_user=coordinator, note="Adresse fehlt")
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.DRAFT
    assert offering.review_note == "Adresse fehlt"
    with pytest.raises(ValidationError):
        services.offering_send_back(offering=offering, acting_user=coordinator, note="nochmal")


@pytest.mark.parametrize(
    ("fields", "field_name"),
    [
        ({"title": ""}, "title"),
        (
            {"valid_from": datetime.date(2027, 1, 1), "valid_to": datetime.date(2026, 1, 1)},
            "valid_to",
        ),
        ({"latitude": Decimal("48.8566"), "longitude": Decimal("2.3522")}, "latitude"),
        ({"street": "", "is_online": False}, "street"),
        ({"room_capacity": 20}, "room_capacity"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    town, coordinator, provider, kind, fields, field_name
):
    with pytest.raises(ValidationError) as error:
        services.offering_save(
            municipality=town,
            acting_user=coordinator,
            content=content(provider, kind, **fields),
            publish=True,
        )
    assert field_name in error.value.message_dict
    assert not Offering.objects.for_municipality(town).exists()
    assert not AuditEntry.objects.filter(action__startswith="offering.").exists()


def test_coordinates_outside_germany_pass_once_confirmed(town, coordinator, provider, kind):
    offering = services.offering_save(
        municipality=town,
        acting_user=coordinator,
        content=content(
            provider,
            kind,
            latitude=Decimal("48.8566"),
            longitude=Decimal("2.3522"),
            outside_germany_confirmed=True,
        ),
        publish=True,
    )
    assert not offering.coordinates_in_germany


def test_a_bad_child_row_rolls_back_the_whole_offering(town, coordinator, provider, kind):
    bad = content(provider, kind)
    bad.opening_hours.append({"weekday": 1, "opens": datetime.time(12), "closes": datetime.time(9)})
    with pytest.raises(ValidationError):
        services.offering_save(municipality=town, acting_user=coordinator, content=bad)
    assert not Offering.objects.for_municipality(town).exists()


def test_rows_of_another_town_are_refused(town, minden, coordinator, kind):
    foreign = OrganisationFactory(municipality=minden)
    with pytest.raises(ValidationError):
        services.offering_save(
            municipality=town, acting_user=coordinator, content=content(foreign, kind)
        )


def test_archive_takes_it_offline_and_drops_a_pending_change(
    town, partner, coordinator, provider, kind
):
    published = services.offering_save(
        municipality=town, acting_user=coordinator, content=content(provider, kind), publish=True
    )
    services.offering_save(
        municipality=town, acting_user=partner, content=content(provider, kind, title="Neu"),
        offering=published, publish=True,
    )  # fmt: skip
    services.offering_archive(offering=published, acting_user=partner)
    assert not Offering.objects.for_municipality(town).published().exists()
    assert Offering.objects.for_municipality(town).count() == 1


def at(year, month, day):
    return datetime.datetime(year, month, day, 8, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
def test_unverified_offerings_are_reminded_to_provider_and_coordination_once(
    smtp_inbox, bensheim, coordinator, partner, provider
):
    stale = OfferingFactory(
        provider=provider, title="Hausaufgabenhilfe", last_verified_on=datetime.date(2025, 1, 1)
    )
    OfferingFactory(provider=provider, title="Frisch geprüft")
    other = OrganisationFactory(municipality=bensheim)
    OfferingFactory(provider=other, title="Frauentreff", last_verified_on=datetime.date(2025, 2, 1))
    inactive = UserFactory(is_active=False)
    MembershipFactory(municipality=bensheim, user=inactive, role=Role.COORDINATION)

    assert services.verification_reminders_send(municipality=bensheim, now=at(2026, 11, 22)) == 2
    by_recipient = {m["To"]: m.get_payload(decode=True).decode() for m in smtp_inbox.messages}
    assert set(by_recipient) == {"partner@caritas.example.org", "koordination@bensheim.example.org"}
    assert "Hausaufgabenhilfe" in by_recipient["partner@caritas.example.org"]
    assert "Frauentreff" not in by_recipient["partner@caritas.example.org"]
    assert "Frisch geprüft" not in by_recipient["koordination@bensheim.example.org"]
    assert "Frauentreff" in by_recipient["koordination@bensheim.example.org"]
    assert f"/workspace/offerings/{stale.pk}/" in by_recipient["partner@caritas.example.org"]
    reminder = VerificationReminder.objects.for_municipality(bensheim).get(offering=stale)
    assert reminder.sent_to == ["koordination@bensheim.example.org", "partner@caritas.example.org"]

    assert services.verification_reminders_send(municipality=bensheim, now=at(2026, 12, 1)) == 0
    assert services.verification_reminders_send(municipality=bensheim, now=at(2027, 1, 5)) == 2


def test_verify_resets_the_flag(town, coordinator):
    offering = OfferingFactory(
        provider__municipality=town, last_verified_on=datetime.date(2020, 1, 1)
    )
    assert offering.needs_verification
    services.offering_verify(offering=offering, acting_user=coordinator)
    assert not offering.needs_verification
