"""A person of Minden must never reach a Bensheim object: every such request answers 404.

The URLs come from the resolver and the objects from every tenant-owned model, so a new view
or model is covered without touching this file (and a model without a factory fails here).
"""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from miteinander.actionplan.models import (
    Guideline,
    IndicatorValue,
    MeasureImport,
    ProgressReport,
)
from miteinander.bodies.models import Attendance, OParlTombstone
from miteinander.core.models import MunicipalityScopedModel
from miteinander.municipalities.models import Role
from miteinander.network.models import StocktakeImport
from miteinander.offerings.models import (
    DirectorySettings,
    HsdsImport,
    SearchTerm,
    VerificationReminder,
)

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AllianceFactory,
    AllianceMembershipFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    ContactPersonFactory,
    DecisionFactory,
    DistrictFactory,
    DocumentFactory,
    EventFactory,
    EventFormatFactory,
    EventKindFactory,
    FeedbackFactory,
    FieldOfActionFactory,
    FieldOfWorkFactory,
    FormatFactory,
    GoalFactory,
    IdeaClusterFactory,
    IdeaFactory,
    IndicatorFactory,
    LegislativeTermFactory,
    LocationFactory,
    MeasureFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OfferingFactory,
    OfferingKindFactory,
    OrganisationFactory,
    PaperFactory,
    RecommendationFactory,
    RegistrationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

# One factory per tenant-owned model; the next issue's models add theirs here.
FACTORIES = {
    "municipalities.membership": lambda town: MembershipFactory(
        municipality=town, role=Role.READER
    ),
    "network.organisation": lambda town: OrganisationFactory(municipality=town),
    "network.contactperson": lambda town: ContactPersonFactory(organisation__municipality=town),
    "network.format": lambda town: FormatFactory(organisation__municipality=town),
    "network.alliance": lambda town: AllianceFactory(municipality=town),
    "network.alliancemembership": lambda town: AllianceMembershipFactory(
        alliance__municipality=town
    ),
    "network.fieldofwork": lambda town: FieldOfWorkFactory(municipality=town),
    "network.targetgroup": lambda town: TargetGroupFactory(municipality=town),
    "network.stocktakeimport": lambda town: StocktakeImport.objects.create(
        municipality=town, filename="bestandsaufnahme.csv"
    ),
    "actionplan.guideline": lambda town: Guideline.objects.create(municipality=town, title="L"),
    "actionplan.fieldofaction": lambda town: FieldOfActionFactory(municipality=town),
    "actionplan.goal": lambda town: GoalFactory(field_of_action__municipality=town),
    "actionplan.measure": lambda town: MeasureFactory(goal__field_of_action__municipality=town),
    "actionplan.indicator": lambda town: IndicatorFactory(
        measure__goal__field_of_action__municipality=town
    ),
    "actionplan.indicatorvalue": lambda town: IndicatorValue.objects.create(
        municipality=town,
        indicator=IndicatorFactory(measure__goal__field_of_action__municipality=town),
        measured_on="2026-01-01",
        value=1,
    ),
    "actionplan.recommendation": lambda town: RecommendationFactory(municipality=town),
    "actionplan.progressreport": lambda town: ProgressReport.objects.create(
        municipality=town,
        measure=MeasureFactory(goal__field_of_action__municipality=town),
        status="planned",
        progress=0,
    ),
    "actionplan.measureimport": lambda town: MeasureImport.objects.create(
        municipality=town, filename="massnahmen.xlsx"
    ),
    "offerings.offeringkind": lambda town: OfferingKindFactory(municipality=town),
    "offerings.district": lambda town: DistrictFactory(municipality=town),
    "offerings.directorysettings": lambda town: DirectorySettings.for_town(town),
    "offerings.offering": lambda town: OfferingFactory(provider__municipality=town),
    "offerings.hsdsimport": lambda town: HsdsImport.objects.create(
        municipality=town, filename="angebote.json"
    ),
    "offerings.searchterm": lambda town: SearchTerm.objects.create(municipality=town, term="kurs"),
    "offerings.verificationreminder": lambda town: VerificationReminder.objects.create(
        municipality=town,
        offering=OfferingFactory(provider__municipality=town),
        sent_at="2026-01-01T08:00Z",
    ),
    "bodies.legislativeterm": lambda town: LegislativeTermFactory(municipality=town),
    "bodies.location": lambda town: LocationFactory(municipality=town),
    "bodies.body": lambda town: BodyFactory(municipality=town),
    "bodies.bodymembership": lambda town: BodyMembershipFactory(body__municipality=town),
    "bodies.meetingseries": lambda town: MeetingSeriesFactory(body__municipality=town),
    "bodies.meeting": lambda town: MeetingFactory(body__municipality=town),
    "bodies.attendance": lambda town: Attendance.objects.create(
        municipality=town,
        meeting=MeetingFactory(body__municipality=town),
        guest_name="Gast",
    ),
    "bodies.agendaitem": lambda town: AgendaItemFactory(meeting__body__municipality=town),
    "bodies.decision": lambda town: DecisionFactory(agenda_item__meeting__body__municipality=town),
    "bodies.paper": lambda town: PaperFactory(municipality=town),
    "bodies.consultation": lambda town: ConsultationFactory(paper__municipality=town),
    "bodies.document": lambda town: DocumentFactory(paper__municipality=town),
    "bodies.actionitem": lambda town: ActionItemFactory(meeting__body__municipality=town),
    "bodies.oparltombstone": lambda town: OParlTombstone.objects.create(
        municipality=town, object_type="Meeting", object_id=1, created="2026-01-01T08:00Z"
    ),
    "events.eventkind": lambda town: EventKindFactory(municipality=town),
    "events.event": lambda town: EventFactory(organiser__municipality=town),
    "events.eventformat": lambda town: EventFormatFactory(municipality=town),
    "events.registration": lambda town: RegistrationFactory(event__organiser__municipality=town),
    "events.feedback": lambda town: FeedbackFactory(event__organiser__municipality=town),
    "events.ideacluster": lambda town: IdeaClusterFactory(event__organiser__municipality=town),
    "events.idea": lambda town: IdeaFactory(event__organiser__municipality=town),
}


def tenant_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, MunicipalityScopedModel) and not model._meta.abstract
    ]


def town_object_routes():
    """Every URL route below /<municipality_slug>/ that takes an object id."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and "<municipality_slug>" in route.replace(
                "<slug:municipality_slug>", "<municipality_slug>"
            ):
                if "<int:pk>" in route:
                    routes.append(route)

    walk(get_resolver().url_patterns, "/")
    return routes


def fill(route: str, language: str, town_slug: str, pk: int) -> str:
    path = route.replace("^", "").replace("/de/", f"/{language}/")
    path = path.replace("<slug:municipality_slug>", town_slug).replace("<int:pk>", str(pk))
    return path


def own_pks(town) -> set[int]:
    """Primary keys of the town's own rows, in any table.

    A route sees only the number: asked for a number that one of the town's own rows also has
    (in the table the route reads), it rightly answers 200, so such numbers prove nothing.
    """
    return {
        pk
        for model in tenant_models()
        for pk in model.objects.for_municipality(town).values_list("pk", flat=True)
    }


def test_every_tenant_model_has_a_factory_here():
    missing = {m._meta.label_lower for m in tenant_models()} - set(FACTORIES)
    assert not missing, f"Add factories for {missing} to FACTORIES in this test."


def test_there_are_object_routes_to_check():
    assert town_object_routes(), "the resolver walk found no object URLs; is it broken?"


@pytest.mark.parametrize("role", list(Role))
def test_a_minden_person_gets_404_for_every_bensheim_object(
    client, bensheim, minden, member_of, role
):
    """Asked under either town's address, by GET or POST, in any role (coordination included)."""
    bensheim_objects = [FACTORIES[m._meta.label_lower](bensheim) for m in tenant_models()]
    person = member_of(minden, role)
    client.force_login(person)
    # A route sees only the number in its address: objects sharing a primary key make the same
    # request, so each number is asked once, on behalf of every object that has it.
    objects_by_pk = {}
    minden_pks = own_pks(minden)
    for obj in bensheim_objects:
        if obj.pk not in minden_pks:
            objects_by_pk.setdefault(obj.pk, []).append(obj)
    checked = 0
    for route in town_object_routes():
        for pk, objs in objects_by_pk.items():
            # Public pages of Bensheim may show Bensheim's public rows to anyone; workspace pages
            # never. Under Minden's address no Bensheim row may ever be found.
            slugs = ("minden", "bensheim") if "/workspace/" in route else ("minden",)
            for town_slug in slugs:
                path = fill(route, "de", town_slug, pk)
                for method in (client.get, client.post):
                    response = method(path)
                    if response.status_code == 405:
                        # A method the route never takes is refused before any object is
                        # looked up; it says nothing about the object, as a missing id shows.
                        missing = method(fill(route, "de", town_slug, 2**31 - 1))
                        assert missing.status_code == 405, (method.__name__, path)
                    else:
                        assert response.status_code == 404, (method.__name__, path, objs)
                    checked += 1
    assert checked >= 8


def test_the_api_hides_another_towns_memberships(client, bensheim, minden, member_of):
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get("/api/v1/municipalities/minden/memberships").status_code == 200
    assert client.get("/api/v1/municipalities/bensheim/memberships").status_code == 404


def api_object_routes():
    """Every API operation below municipalities/<slug>/ that takes an object id, once each."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif route.startswith("/api/") and "/municipalities/<slug>/" in route:
                if re.search(r"<\w+_id>", route) and route not in routes:
                    routes.append(route)

    walk(get_resolver().url_patterns, "/")
    return routes


def api_request(client, method: str, route: str, town_slug: str, pk: int):
    path = re.sub(r"<\w+_id>", str(pk), route).replace("<slug>", town_slug)
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, {}, content_type="application/json")


def test_there_are_api_object_routes_to_check():
    routes = api_object_routes()
    assert "/api/v1/municipalities/<slug>/offerings/<offering_id>" in routes
    assert "/api/v1/municipalities/<slug>/events/<event_id>/cancel" in routes


# Coordination may do the most in its own town, and network partners write as well; the other
# roles only read, which the GET requests check for these two roles alike.
@pytest.mark.parametrize("role", [Role.COORDINATION, Role.NETWORK_PARTNER])
def test_a_minden_person_gets_404_from_the_api_for_every_bensheim_object(
    client, bensheim, minden, member_of, role
):
    """Reads under Minden's address, and writes under either town's address, never find a
    Bensheim row. (Bensheim's public rows under Bensheim's address are public reads.)"""
    bensheim_objects = [FACTORIES[m._meta.label_lower](bensheim) for m in tenant_models()]
    client.force_login(member_of(minden, role))
    asked = (
        ("minden", ("get", "post", "patch", "delete")),
        ("bensheim", ("post", "patch", "delete")),
    )
    pks = sorted({obj.pk for obj in bensheim_objects} - own_pks(minden))
    checked = 0
    for route in api_object_routes():
        for pk in pks:
            for town_slug, methods in asked:
                for method in methods:
                    response = api_request(client, method, route, town_slug, pk)
                    if response.status_code in (405, 422):
                        # A method the route never takes, or a body its schema refuses, is
                        # answered before any object is looked up, as a missing id shows.
                        missing = api_request(client, method, route, town_slug, 2**31 - 1)
                        assert missing.status_code == response.status_code, (method, route, pk)
                    else:
                        assert response.status_code == 404, (method, route, town_slug, pk)
                    checked += 1
    assert checked >= 8
