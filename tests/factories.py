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
from miteinander.bodies.models import (
    ActionItem,
    AgendaItem,
    Body,
    BodyKind,
    BodyMembership,
    Consultation,
    Decision,
    DecisionKind,
    Document,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingSeries,
    MembershipRole,
    Paper,
    PaperType,
)
from miteinander.events import recurrence as event_recurrence
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


class LegislativeTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegislativeTerm

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wahlperiode {2020 + n}–{2025 + n}")
    starts_on = datetime.date(2021, 11, 1)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    municipality = factory.SubFactory(MunicipalityFactory)
    description = factory.Sequence(lambda n: f"Rathaus, Sitzungsraum {n}")
    street = "Rathausplatz 1"
    postcode = "64625"
    city = "Bensheim"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    kind = BodyKind.WORKING_GROUP
    is_public = True


class BodyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    person = factory.SubFactory(
        ContactPersonFactory, organisation__municipality=factory.SelfAttribute("...municipality")
    )
    organisation = factory.SelfAttribute("person.organisation")
    role = MembershipRole.MEMBER
    starts_on = datetime.date(2024, 1, 1)


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    name = factory.Sequence(lambda n: f"Sitzungsrunden {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    name = factory.Sequence(lambda n: f"{n + 1}. Sitzung")
    starts_at = datetime.datetime(2026, 12, 3, 17, 0, tzinfo=datetime.UTC)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda item: str(item.position))
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    municipality = factory.SelfAttribute("agenda_item.municipality")
    kind = DecisionKind.NOTED
    text = "Die Mitglieder nehmen den Bericht zur Kenntnis."


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    municipality = factory.SubFactory(MunicipalityFactory)
    reference = factory.Sequence(lambda n: f"IR/2026/{n:03d}")
    title = factory.Sequence(lambda n: f"Sachstandsbericht {n}")
    paper_type = PaperType.STATUS_REPORT
    date = datetime.date(2026, 11, 2)
    is_public = True


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    paper = factory.SubFactory(PaperFactory)
    municipality = factory.SelfAttribute("paper.municipality")
    body = factory.SubFactory(BodyFactory, municipality=factory.SelfAttribute("..municipality"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    paper = factory.SubFactory(PaperFactory)
    municipality = factory.SelfAttribute("paper.municipality")
    title = "Sachstandsbericht (PDF)"
    file = factory.django.FileField(filename="sachstand.pdf", data=b"%PDF-1.4\n%%EOF\n")
    file_name = "sachstand.pdf"
    mime_type = "application/pdf"
    size = 15
    sha1 = "0" * 40
    sha512 = "0" * 128


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    owner_organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..municipality")
    )
    due_on = datetime.date(2027, 1, 15)


class EventKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventKind"
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Fest"


class EventFactory(factory.django.DjangoModelFactory):
    """A published single event at an address, in the organiser's town, in December 2026."""

    class Meta:
        model = "events.Event"

    organiser = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organiser.municipality")
    kind = factory.SubFactory(
        EventKindFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    description = "Eine Veranstaltung im Netzwerk."
    place_name = "Bürgerhaus"
    street = "Marktplatz 1"
    postcode = "64625"
    city = "Bensheim"
    starts_at = datetime.datetime(2026, 12, 12, 14, 0, tzinfo=datetime.UTC)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=3))
    series_ends_at = factory.LazyAttribute(
        lambda e: event_recurrence.series_end(
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            rule=e.recurrence_rule,
            exdates=e.recurrence_exceptions,
        )
    )
    recurrence_rule = ""
    recurrence_exceptions = factory.LazyFunction(list)
    status = "published"
    published_at = factory.LazyAttribute(lambda e: e.starts_at - datetime.timedelta(days=30))


class EventTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventTranslation"

    event = factory.SubFactory(EventFactory)
    language = "en"
    title = factory.LazyAttribute(lambda t: f"{t.event.title} (en)")


class EventFormatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventFormat"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Format {n}")
    data = factory.LazyFunction(dict)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory, registration_enabled=True)
    municipality = factory.SelfAttribute("event.municipality")
    name = factory.Sequence(lambda n: f"Teilnehmende {n}")
    email = factory.Sequence(lambda n: f"teilnehmende{n}@example.org")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Feedback"

    event = factory.SubFactory(EventFactory)
    municipality = factory.SelfAttribute("event.municipality")
    rating = 4


class IdeaClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.IdeaCluster"

    event = factory.SubFactory(EventFactory, ideas_enabled=True)
    municipality = factory.SelfAttribute("event.municipality")
    title = factory.Sequence(lambda n: f"Themengruppe {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Idea"

    event = factory.SubFactory(EventFactory, ideas_enabled=True)
    municipality = factory.SelfAttribute("event.municipality")
    text = factory.Sequence(lambda n: f"Idee {n}: mehr Begegnung im Stadtteil")
