import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from miteinander.actionplan import services
from miteinander.actionplan.models import Measure, MeasureStatus
from miteinander.actionplan.selectors import measure_history
from tests.factories import (
    ContactPersonFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(bensheim):
    return GoalFactory(field_of_action__municipality=bensheim)


def test_a_measure_is_created_and_every_change_kept_in_its_history(bensheim, coordinator, goal):
    measure = services.measure_save(
        municipality=bensheim, acting_user=coordinator, goal=goal, title="Sprachcafé", number="D-01"
    )
    services.measure_save(
        municipality=bensheim,
        measure=measure,
        acting_user=coordinator,
        status=MeasureStatus.IN_PROGRESS,
        progress=40,
    )
    history = list(measure_history(measure=measure))
    assert [entry.action for entry in history] == ["measure.update", "measure.create"]
    assert history[0].actor == coordinator
    assert history[0].changes == {"status": ["planned", "in_progress"], "progress": [0, 40]}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"progress": 150}, "progress"),
        (
            {"starts_on": datetime.date(2026, 5, 1), "ends_on": datetime.date(2026, 4, 1)},
            "ends_on",
        ),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(bensheim, coordinator, goal, data, field):
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            municipality=bensheim, acting_user=coordinator, goal=goal, title="X", **data
        )
    assert field in error.value.message_dict
    assert not Measure.objects.for_municipality(bensheim).exists()


def test_the_responsible_person_must_belong_to_the_responsible_organisation(
    bensheim, coordinator, goal
):
    council = OrganisationFactory(municipality=bensheim)
    other = OrganisationFactory(municipality=bensheim)
    left = ContactPersonFactory(organisation=other, name="Früher beim Rat")
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            municipality=bensheim,
            acting_user=coordinator,
            goal=goal,
            title="X",
            responsible_organisation=council,
            responsible_person=left,
        )
    assert "Früher beim Rat" in str(error.value.message_dict["responsible_person"])


def test_a_progress_report_updates_the_measure_and_records_figures(bensheim, coordinator):
    measure = MeasureFactory(
        goal__field_of_action__municipality=bensheim, report_due_on=datetime.date(2026, 1, 1)
    )
    indicator = IndicatorFactory(measure=measure)
    services.measure_report_progress(
        measure=measure,
        acting_user=coordinator,
        status=MeasureStatus.IN_PROGRESS,
        progress=30,
        note="Erste Runde gelaufen",
        indicator_values=[(indicator, Decimal(25), datetime.date(2026, 3, 1))],
    )
    measure.refresh_from_db()
    assert (measure.status, measure.progress, measure.report_due_on) == ("in_progress", 30, None)
    assert measure.last_reported_on is not None
    assert indicator.values.get().value == 25
    assert measure.reports.get().note == "Erste Runde gelaufen"


def test_an_indicator_value_needs_a_date(bensheim, coordinator):
    indicator = IndicatorFactory(measure__goal__field_of_action__municipality=bensheim)
    with pytest.raises(ValidationError) as error:
        services.indicator_value_add(
            indicator=indicator, value=Decimal(3), measured_on=None, acting_user=coordinator
        )
    assert "measured_on" in error.value.message_dict
