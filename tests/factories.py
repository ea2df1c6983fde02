"""Factories shared by every app's tests."""

import datetime

import factory
from django.contrib.auth import get_user_model

from miteinander.actionplan.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Recommendation,
)
from miteinander.municipalities.models import (
    Membership,
    Municipality,
    Programme,
    ProgrammeMembership,
    Role,
)
from miteinander.network.models import (
    Alliance,
    AllianceMembership,
    ContactPerson,
    FieldOfWork,
    Format,
    FormatKind,
    Organisation,
    TargetGroup,
)

PASSWORD = "correct horse battery staple"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    state = "Hessen"
    claim = "Vielfalt leben"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Verein {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATION
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.NETWORK_PARTNER),
        yes_declaration=factory.SubFactory(
            OrganisationFactory, municipality=factory.SelfAttribute("..municipality")
        ),
        no_declaration=None,
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"programm-{n}")
    name = factory.Sequence(lambda n: f"Förderprogramm {n}")


class ProgrammeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)


class FieldOfWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfWork

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Arbeitsfeld {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    name = factory.Faker("name", locale="de_DE")
    function = "Vorsitz"
    email = factory.Sequence(lambda n: f"kontakt{n}@verein.example.org")
    consent_given_on = factory.Faker("past_date")
    consent_purpose = "Ansprechperson im Netzwerk"


class FormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Format

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    name = factory.Sequence(lambda n: f"Stadtgespräch {n}")
    kind = FormatKind.EVENT
    frequency = "zwei Mal/Jahr"


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Bündnis {n}")


class AllianceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMembership

    alliance = factory.SubFactory(AllianceFactory)
    municipality = factory.SelfAttribute("alliance.municipality")
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..alliance.municipality")
    )


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    code = factory.Sequence(lambda n: f"H{n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    municipality = factory.SelfAttribute("field_of_action.municipality")
    title = factory.Sequence(lambda n: f"Ziel {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    municipality = factory.SelfAttribute("goal.municipality")
    number = factory.Sequence(lambda n: f"M-{n:02d}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    municipality = factory.SelfAttribute("measure.municipality")
    name = "Teilnehmende"
    unit = "Personen"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Empfehlung {n}")
    source = "Institut für interkulturelle Management- und Politikberatung (imap)"


class OfferingKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offerings.OfferingKind"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Angebotsart {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offerings.District"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Stadtteil {n}")


class OfferingFactory(factory.django.DjangoModelFactory):
    """A published offering at an address in the provider's town."""

    class Meta:
        model = "offerings.Offering"

    provider = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("provider.municipality")
    kind = factory.SubFactory(
        OfferingKindFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Ein Angebot im Netzwerk."
    street = "Marktplatz 1"
    postcode = "64625"
    city = "Bensheim"
    status = "published"
    last_verified_on = factory.LazyFunction(datetime.date.today)
