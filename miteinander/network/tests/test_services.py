import pytest
from django.core.exceptions import ValidationError

from miteinander.core.models import AuditEntry
from miteinander.municipalities.setup import municipality_setup
from miteinander.network import services
from miteinander.network.models import ActorGroup, FieldOfWork, Organisation, TargetGroup
from tests.factories import ContactPersonFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_town_gets_the_default_fields_of_work_once():
    town = MunicipalityFactory()
    municipality_setup(municipality=town)
    municipality_setup(municipality=town)
    names = list(FieldOfWork.objects.for_municipality(town).values_list("name", flat=True))
    assert names == FieldOfWork.DEFAULTS
    assert TargetGroup.objects.for_municipality(town).count() == len(TargetGroup.DEFAULTS)


def test_create_and_update_leave_an_audit_trail(bensheim, coordinator):
    municipality_setup(municipality=bensheim)
    education = FieldOfWork.objects.for_municipality(bensheim).get(name="Bildung")
    organisation = services.organisation_create(
        municipality=bensheim,
        acting_user=coordinator,
        name="Stadtbücherei",
        actor_group=ActorGroup.ADMINISTRATION,
        fields_of_work=[education],
        languages=["de", "ar"],
    )
    assert list(organisation.fields_of_work.all()) == [education]
    services.organisation_update(
        organisation=organisation, acting_user=coordinator, website="https://buecherei.example.org"
    )
    entry = AuditEntry.objects.filter(action="organisation.update").get()
    assert entry.changes == {"website": ["", "https://buecherei.example.org"]}
    assert entry.actor == coordinator and entry.municipality == bensheim


def test_names_are_unique_per_town_regardless_of_case(bensheim, minden, coordinator):
    OrganisationFactory(municipality=bensheim, name="Caritas")
    with pytest.raises(ValidationError):
        services.organisation_create(municipality=bensheim, acting_user=coordinator, name="CARITAS")
    # Another town may have its own Caritas.
    services.organisation_create(municipality=minden, acting_user=coordinator, name="Caritas")


def test_an_organisation_cannot_be_its_own_ancestor(bensheim, coordinator):
    parent = OrganisationFactory(municipality=bensheim, name="Fachbereich")
    child = OrganisationFactory(municipality=bensheim, name="Fachdienst", parent=parent)
    with pytest.raises(ValidationError):
        services.organisation_update(organisation=parent, acting_user=coordinator, parent=child)


def test_unknown_language_codes_are_refused(bensheim, coordinator):
    with pytest.raises(ValidationError):
        services.organisation_create(
            municipality=bensheim, acting_user=coordinator, name="X", languages=["klingon"]
        )


def test_consent_needs_a_purpose(bensheim, coordinator):
    organisation = OrganisationFactory(municipality=bensheim)
    import datetime

    with pytest.raises(ValidationError):
        services.contact_person_save(
            organisation=organisation,
            acting_user=coordinator,
            name="Eva Muster",
            consent_given_on=datetime.date(2026, 1, 1),
            consent_purpose="",
        )


def test_erasing_a_contact_person_keeps_no_personal_data_in_the_log(bensheim, coordinator):
    person = ContactPersonFactory(organisation__municipality=bensheim, name="Eva Muster")
    services.contact_person_save(
        organisation=person.organisation,
        contact_person=person,
        acting_user=coordinator,
        phone="06251 123",
    )
    services.contact_person_erase(contact_person=person, acting_user=coordinator)
    assert not Organisation.objects.for_municipality(bensheim).get().contact_persons.exists()
    logged = " ".join(
        f"{e.summary} {e.changes}"
        for e in AuditEntry.objects.filter(object_type="network.contactperson")
    )
    assert "Eva Muster" not in logged and "06251" not in logged
