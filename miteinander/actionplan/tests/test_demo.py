import datetime
from collections import Counter

import pytest
from django.core.management import call_command

from miteinander.actionplan import selectors
from miteinander.actionplan.models import (
    FieldOfAction,
    Guideline,
    Measure,
    MeasureStatus,
    Reachability,
    Recommendation,
)
from miteinander.municipalities.models import Municipality
from miteinander.municipalities.tests.test_demo import snapshot

pytestmark = pytest.mark.django_db


def demo():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_minden_has_99_measures_in_its_three_fields_of_action():
    demo()
    minden = Municipality.objects.get(slug="minden")
    fields = list(FieldOfAction.objects.for_municipality(minden))
    assert [(f.code, f.name) for f in fields] == [
        ("B", "Bildung und Erziehung"),
        ("A", "Arbeit und Soziales"),
        ("D", "Dialog und gesellschaftliche Teilhabe"),
    ]
    assert all(3 <= f.goals.count() <= 5 for f in fields)
    measures = Measure.objects.for_municipality(minden)
    assert measures.count() == 99
    assert len(set(measures.values_list("number", flat=True))) == 99
    assert len(set(measures.values_list("title", flat=True))) == 99
    for measure in measures.select_related("goal__field_of_action", "responsible_organisation"):
        field = measure.goal.field_of_action
        assert measure.number.startswith(f"{field.code}-")
        assert measure.working_group == f"AG {field.name}"
        assert measure.responsible_organisation.municipality_id == minden.pk
    assert 55 <= measures.published().count() <= 65
    statuses = Counter(measures.values_list("status", flat=True))
    assert set(statuses) == set(MeasureStatus.values)
    assert {"komm_in", "town_budget"} <= set(measures.values_list("funding_source", flat=True))
    assert Guideline.objects.for_municipality(minden).count() == 2


def test_minden_has_imap_recommendations_and_measured_figures():
    demo()
    minden = Municipality.objects.get(slug="minden")
    recommendations = Recommendation.objects.for_municipality(minden)
    assert 6 <= recommendations.count() <= 10
    assert all("imap" in r.source and r.measures.exists() for r in recommendations)
    with_figures = Measure.objects.for_municipality(minden).filter(indicators__values__isnull=False)
    assert with_figures.distinct().count() >= 5


def test_every_demo_town_has_a_plan_with_reports_due():
    demo()
    for town in Municipality.objects.all():
        assert Measure.objects.for_municipality(town).exists(), town.slug
        assert selectors.reports_due(municipality=town).exists(), town.slug


def test_bergkamen_plans_with_young_people_for_the_moderately_reachable():
    demo()
    bergkamen = Municipality.objects.get(slug="bergkamen")
    event = Measure.objects.for_municipality(bergkamen).get(
        title="Veranstaltung von Jugendlichen für Jugendliche"
    )
    assert event.goal.field_of_action.name == "Potentiale der Vielfalt"
    assert event.ends_on == datetime.date(2020, 2, 15)
    assert event.reachability_focus == Reachability.MEDIUM
    assert list(event.target_groups.values_list("name", flat=True)) == ["Jugendliche"]
    assert (
        Measure.objects.for_municipality(bergkamen)
        .filter(title__contains="Mehrsprachigkeit in Kindertagesstätten")
        .exists()
    )


def test_running_the_demo_twice_changes_nothing():
    demo()
    first = snapshot()
    demo()
    assert snapshot() == first
