import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from miteinander.accounts.services import api_token_create
from miteinander.actionplan.models import IndicatorValue, Measure, MeasureStatus, ProgressReport
from miteinander.actionplan.selectors import measure_history
from miteinander.municipalities.models import Role
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    TargetGroupFactory,
)
from tests.fixtures import TOWN_ROLES

pytestmark = pytest.mark.django_db

BASE = "/api/v1/municipalities"


def bearer(user, **headers):
    return {"authorization": f"Bearer {api_token_create(user=user, name='t')[1]}", **headers}


def english(user):
    """Token headers asking for English, so that messages can be compared as written."""
    return bearer(user, accept_language="en")


@pytest.fixture
def plan(bensheim):
    """Bensheim's plan: a published measure by an internal organisation, an unpublished one."""
    field = FieldOfActionFactory(municipality=bensheim, name="Begegnung und Vielfalt", code="BV")
    goal = GoalFactory(field_of_action=field, title="Begegnungsräume ausbauen")
    council = OrganisationFactory(municipality=bensheim, name="Rat der Religionen", is_public=True)
    internal = OrganisationFactory(municipality=bensheim, name="Internes Team", is_public=False)
    youth = TargetGroupFactory(municipality=bensheim, name="Jugendliche")
    recommendation = RecommendationFactory(municipality=bensheim, title="Feste etablieren")
    published = MeasureFactory(
        goal=goal,
        number="BV-01",
        title="Interkulturelles Fest",
        responsible_organisation=internal,
        status=MeasureStatus.IN_PROGRESS,
        progress=60,
        budget=Decimal("4500.00"),
        funding_source="wir",
        is_published=True,
        report_due_on=datetime.date(2026, 1, 31),
        last_reported_on=datetime.date(2025, 7, 1),
    )
    published.partners.set([council, internal])
    published.target_groups.set([youth])
    published.recommendations.set([recommendation])
    hidden = MeasureFactory(
        goal=goal, number="BV-02", title="Internes Konzept", responsible_organisation=council
    )
    indicator = IndicatorFactory(
        measure=published, name="Besuchende", unit="Personen", baseline=0, target=500
    )
    IndicatorValue.objects.create(
        municipality=bensheim, indicator=indicator, measured_on=datetime.date(2025, 6, 1), value=320
    )
    return {
        "field": field, "goal": goal, "council": council, "internal": internal, "youth": youth,
        "published": published, "hidden": hidden, "indicator": indicator,
        "recommendation": recommendation,
    }  # fmt: skip


def measures_in(plan_data) -> list[str]:
    return [
        measure["number"]
        for field in plan_data["fields_of_action"]
        for goal in field["goals"]
        for measure in goal["measures"]
    ]


def test_anonymous_callers_see_published_measures_without_internal_dates(client, plan):
    """Anonymous callers get published measures, budget included, but no reporting dates and
    no organisation that is not public."""
    data = client.get(f"{BASE}/bensheim/action-plan").json()
    assert measures_in(data) == ["BV-01"]
    assert data["recommendations"][0]["title"] == "Feste etablieren"
    measure = data["fields_of_action"][0]["goals"][0]["measures"][0]
    assert measure["budget"] == "4500.00" and measure["funding_source_label"] == "WIR"
    assert measure["report_due_on"] is None and measure["last_reported_on"] is None
    assert measure["responsible_organisation"] is None
    assert [p["name"] for p in measure["partners"]] == ["Rat der Religionen"]
    assert [m["number"] for m in client.get(f"{BASE}/bensheim/measures").json()] == ["BV-01"]
    hidden = plan["hidden"]
    assert client.get(f"{BASE}/bensheim/measures/{hidden.pk}").status_code == 404


def test_anonymous_callers_get_a_published_measure_with_its_figures(client, plan):
    data = client.get(f"{BASE}/bensheim/measures/{plan['published'].pk}").json()
    assert data["title"] == "Interkulturelles Fest"
    assert data["field_of_action_id"] == plan["field"].pk
    assert data["target_groups"] == [{"id": plan["youth"].pk, "name": "Jugendliche"}]
    (indicator,) = data["indicators"]
    assert indicator["name"] == "Besuchende" and indicator["target"] == "500.00"
    assert [(v["measured_on"], v["value"]) for v in indicator["values"]] == [
        ("2025-06-01", "320.00")
    ]


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_every_role_in_the_town_sees_the_whole_plan(client, bensheim, member_of, plan, role):
    person = member_of(bensheim, role)
    data = client.get(f"{BASE}/bensheim/action-plan", headers=bearer(person)).json()
    assert measures_in(data) == ["BV-01", "BV-02"]
    measure = data["fields_of_action"][0]["goals"][0]["measures"][0]
    assert measure["report_due_on"] == "2026-01-31"
    assert measure["last_reported_on"] == "2025-07-01"
    assert measure["responsible_organisation"]["name"] == "Internes Team"
    listed = client.get(f"{BASE}/bensheim/measures", headers=bearer(person)).json()
    assert {m["number"] for m in listed} == {"BV-01", "BV-02"}
    hidden = client.get(f"{BASE}/bensheim/measures/{plan['hidden'].pk}", headers=bearer(person))
    assert hidden.status_code == 200


def test_the_session_counts_like_a_token(client, coordinator, plan):
    client.force_login(coordinator)
    assert measures_in(client.get(f"{BASE}/bensheim/action-plan").json()) == ["BV-01", "BV-02"]


def test_another_towns_staff_are_anonymous_here(client, minden, member_of, plan):
    outsider = bearer(member_of(minden, Role.COORDINATION))
    data = client.get(f"{BASE}/bensheim/action-plan", headers=outsider).json()
    assert measures_in(data) == ["BV-01"]
    hidden = plan["hidden"].pk
    assert client.get(f"{BASE}/bensheim/measures/{hidden}", headers=outsider).status_code == 404
    # Under their own town's address, Bensheim's measures do not exist at all.
    published = plan["published"].pk
    assert client.get(f"{BASE}/minden/measures/{published}", headers=outsider).status_code == 404
    assert client.get(f"{BASE}/minden/measures", headers=outsider).json() == []
    assert client.get(f"{BASE}/unbekannt/action-plan").status_code == 404


def test_measures_are_filtered(client, coordinator, plan):
    headers = bearer(coordinator)
    other_goal = GoalFactory(field_of_action__municipality=plan["field"].municipality)
    MeasureFactory(goal=other_goal, number="X-01", funding_source="town_budget")

    def numbers(**params):
        response = client.get(f"{BASE}/bensheim/measures", params, headers=headers)
        assert response.status_code == 200, response.content
        return sorted(m["number"] for m in response.json())

    assert numbers(status="in_progress") == ["BV-01"]
    assert numbers(status="planned") == ["BV-02", "X-01"]
    assert numbers(field_of_action=plan["field"].pk) == ["BV-01", "BV-02"]
    assert numbers(responsible_organisation=plan["council"].pk) == ["BV-02"]
    assert numbers(target_group=plan["youth"].pk) == ["BV-01"]
    assert numbers(funding_source="town_budget") == ["X-01"]
    assert numbers(q="Fest") == ["BV-01"]
    refused = client.get(f"{BASE}/bensheim/measures", {"status": "unknown"}, headers=headers)
    assert refused.status_code == 422


def test_coordination_creates_and_changes_a_measure(client, bensheim, coordinator, plan):
    person = ContactPersonFactory(organisation=plan["council"], name="Leyla Aksoy")
    response = client.post(
        f"{BASE}/bensheim/measures",
        {
            "goal_id": plan["goal"].pk,
            "number": "BV-03",
            "title": "Sprachcafé im Stadtteil",
            "responsible_organisation_id": plan["council"].pk,
            "responsible_person_id": person.pk,
            "partners": [plan["internal"].pk],
            "target_groups": [plan["youth"].pk],
            "recommendations": [plan["recommendation"].pk],
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
            "budget": "1200.50",
            "funding_source": "wir",
            "reachability_focus": "medium",
        },
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "planned" and created["budget"] == "1200.50"
    assert created["responsible_person_id"] == person.pk
    assert [p["id"] for p in created["partners"]] == [plan["internal"].pk]
    assert created["recommendations"][0]["title"] == "Feste etablieren"
    changed = client.patch(
        f"{BASE}/bensheim/measures/{created['id']}",
        {"status": "in_progress", "progress": 25, "is_published": True, "funding_source": None},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert changed.status_code == 200, changed.content
    data = changed.json()
    assert (data["status"], data["progress"], data["is_published"]) == ("in_progress", 25, True)
    assert data["funding_source"] == "" and data["title"] == "Sprachcafé im Stadtteil"
    measure = Measure.objects.for_municipality(bensheim).get(pk=created["id"])
    history = list(measure_history(measure=measure))
    assert [entry.action for entry in history] == ["measure.update", "measure.create"]
    assert history[0].actor == coordinator
    assert history[0].changes["status"] == ["planned", "in_progress"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"progress": 150}, "progress: Ensure this value is less than or equal to 100."),
        ({"progress": -5}, "progress: Ensure this value is greater than or equal to 0."),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"},
         "ends_on: The end cannot be before the start."),
        ({"title": ""}, "title: This field cannot be blank."),
        ({"budget": "-1"}, "budget: Ensure this value is greater than or equal to 0."),
    ],
)  # fmt: skip
def test_bad_measure_input_is_refused_with_the_message(client, coordinator, plan, change, message):
    measure = plan["published"]
    response = client.patch(
        f"{BASE}/bensheim/measures/{measure.pk}",
        change,
        content_type="application/json",
        headers=english(coordinator),
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]
    measure.refresh_from_db()
    assert measure.progress == 60 and measure.title == "Interkulturelles Fest"


def test_a_new_measure_needs_a_goal_and_a_title(client, coordinator, plan):
    response = client.post(
        f"{BASE}/bensheim/measures",
        {"number": "BV-09"},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert response.status_code == 422


def test_a_responsible_person_must_belong_to_the_responsible_organisation(
    client, coordinator, plan
):
    stranger = ContactPersonFactory(organisation=plan["internal"], name="Peter Lorenz")
    response = client.patch(
        f"{BASE}/bensheim/measures/{plan['hidden'].pk}",
        {"responsible_person_id": stranger.pk},
        content_type="application/json",
        headers=english(coordinator),
    )
    assert response.status_code == 422
    assert "responsible_person_id: Peter Lorenz is not" in response.json()["detail"]


def test_ids_of_another_town_are_not_found(client, bensheim, minden, coordinator, plan):
    minden_goal = GoalFactory(field_of_action__municipality=minden)
    minden_group = TargetGroupFactory(municipality=minden)
    minden_measure = MeasureFactory(goal=minden_goal)
    headers = bearer(coordinator)
    url = f"{BASE}/bensheim/measures"
    payload = {"goal_id": minden_goal.pk, "title": "Fremdes Ziel"}
    response = client.post(url, payload, content_type="application/json", headers=headers)
    assert response.status_code == 404
    payload = {"goal_id": plan["goal"].pk, "title": "T", "target_groups": [minden_group.pk]}
    response = client.post(url, payload, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "target_groups" in response.json()["detail"]
    response = client.patch(
        f"{url}/{minden_measure.pk}", {"title": "X"}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 404
    assert Measure.objects.for_municipality(bensheim).count() == 2


@pytest.mark.parametrize("role", [r for r in TOWN_ROLES if r != Role.COORDINATION])
def test_only_coordination_writes_measures(client, bensheim, member_of, plan, role):
    person = member_of(bensheim, role)
    response = client.post(
        f"{BASE}/bensheim/measures",
        {"goal_id": plan["goal"].pk, "title": "Nicht erlaubt"},
        content_type="application/json",
        headers=bearer(person),
    )
    assert response.status_code == 404
    response = client.patch(
        f"{BASE}/bensheim/measures/{plan['published'].pk}",
        {"progress": 90},
        content_type="application/json",
        headers=bearer(person),
    )
    assert response.status_code == 404


def test_anonymous_callers_cannot_write(client, plan):
    response = client.post(
        f"{BASE}/bensheim/measures",
        {"goal_id": plan["goal"].pk, "title": "Anonym"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_the_responsible_partner_reports_progress_with_figures(client, bensheim, plan):
    measure = plan["hidden"]  # the council is responsible for it
    measure.report_due_on = datetime.date(2026, 1, 31)
    measure.save()
    indicator = IndicatorFactory(measure=measure, name="Treffen")
    partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=plan["council"]
    ).user
    response = client.post(
        f"{BASE}/bensheim/measures/{measure.pk}/reports",
        {
            "status": "in_progress",
            "progress": 30,
            "note": "Zwei Treffen haben stattgefunden.",
            "indicator_values": [
                {"indicator_id": indicator.pk, "value": "2", "measured_on": "2026-02-01"}
            ],
        },
        content_type="application/json",
        headers=bearer(partner),
    )
    assert response.status_code == 201, response.content
    assert response.json()["note"] == "Zwei Treffen haben stattgefunden."
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("in_progress", 30)
    assert measure.report_due_on is None
    assert measure.last_reported_on == timezone.localdate()
    assert [v.value for v in indicator.values.all()] == [Decimal("2.00")]


def test_others_cannot_report_progress(client, bensheim, minden, member_of, plan):
    """Only coordination and the responsible organisation report; everyone else gets 404."""
    url = f"{BASE}/bensheim/measures/{plan['hidden'].pk}/reports"
    payload = {"status": "done", "progress": 100}
    other_partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=plan["internal"]
    ).user
    for person in (
        other_partner,
        member_of(bensheim, Role.READER),
        member_of(bensheim, Role.INTEGRATION_GUIDE),
        member_of(minden, Role.COORDINATION),
    ):
        response = client.post(
            url, payload, content_type="application/json", headers=bearer(person)
        )
        assert response.status_code == 404
    assert client.post(url, payload, content_type="application/json").status_code == 401
    assert not ProgressReport.objects.for_municipality(bensheim).exists()


def test_a_bad_report_is_refused_and_nothing_is_kept(client, bensheim, coordinator, plan):
    measure = plan["published"]
    url = f"{BASE}/bensheim/measures/{measure.pk}/reports"
    response = client.post(
        url,
        {"status": "done", "progress": 150},
        content_type="application/json",
        headers=english(coordinator),
    )
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 100." in response.json()["detail"]
    foreign = IndicatorFactory(measure=plan["hidden"])
    response = client.post(
        url,
        {
            "status": "done",
            "progress": 100,
            "indicator_values": [{"indicator_id": foreign.pk, "value": "1"}],
        },
        content_type="application/json",
        headers=english(coordinator),
    )
    assert response.status_code == 422
    undated = {"indicator_id": plan["indicator"].pk, "value": "1"}
    response = client.post(
        url,
        {"status": "done", "progress": 100, "indicator_values": [undated]},
        content_type="application/json",
        headers=english(coordinator),
    )
    assert response.status_code == 422
    assert "measured_on" in response.json()["detail"][0]["loc"]
    assert not ProgressReport.objects.for_municipality(bensheim).exists()
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("in_progress", 60)


def test_an_indicator_value_needs_a_date(client, coordinator, plan):
    indicator = plan["indicator"]
    url = f"{BASE}/bensheim/measures/{plan['published'].pk}/indicators/{indicator.pk}/values"
    missing = client.post(
        url, {"value": "410"}, content_type="application/json", headers=english(coordinator)
    )
    assert missing.status_code == 422
    assert "measured_on" in missing.json()["detail"][0]["loc"]
    added = client.post(
        url,
        {"value": "410", "measured_on": "2025-12-01", "note": "Fest 2025"},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert added.status_code == 201, added.content
    assert added.json()["value"] == "410.00"
    assert indicator.values.count() == 2


def test_indicator_values_only_for_the_measures_own_indicators(
    client, bensheim, member_of, coordinator, plan
):
    indicator = plan["indicator"]
    wrong = f"{BASE}/bensheim/measures/{plan['hidden'].pk}/indicators/{indicator.pk}/values"
    payload = {"value": "1", "measured_on": "2025-12-01"}
    response = client.post(
        wrong, payload, content_type="application/json", headers=bearer(coordinator)
    )
    assert response.status_code == 404
    right = f"{BASE}/bensheim/measures/{plan['published'].pk}/indicators/{indicator.pk}/values"
    reader = member_of(bensheim, Role.READER)
    response = client.post(right, payload, content_type="application/json", headers=bearer(reader))
    assert response.status_code == 404


def test_actionplan_operations_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert set(paths["/api/v1/municipalities/{slug}/action-plan"]) == {"get"}
    assert set(paths["/api/v1/municipalities/{slug}/measures"]) == {"get", "post"}
    assert set(paths["/api/v1/municipalities/{slug}/measures/{measure_id}"]) == {"get", "patch"}
    assert "post" in paths["/api/v1/municipalities/{slug}/measures/{measure_id}/reports"]
    values = "/api/v1/municipalities/{slug}/measures/{measure_id}/indicators/{indicator_id}/values"
    assert "post" in paths[values]
    tags = {tag for operation in paths[values].values() for tag in operation["tags"]}
    assert tags == {"actionplan"}
