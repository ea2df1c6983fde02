"""The event editor: the repetition builder, dates in local time, left-out dates, errors."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from miteinander.events.forms.events import (
    EventEditor,
    EventForm,
    repetition_initial,
    repetition_summary,
)
from tests.factories import EventKindFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _english():
    """The messages asserted here are the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def kind(bensheim):
    return EventKindFactory(municipality=bensheim, name="Kurs")


def form_data(kind, **values):
    """A course on Tuesday 2 March 2027, 18:00 to 20:00, at the library."""
    return {
        "title": "Deutsch im Alltag",
        "kind": kind.pk,
        "place_name": "Stadtbücherei",
        "starts_on": "2027-03-02",
        "starts_time": "18:00",
        "ends_time": "20:00",
        "repeat": "none",
        "is_free": "on",
        "waiting_list": "on",
    } | values


def bound(town, kind, **values):
    form = EventForm(form_data(kind, **values), municipality=town)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("values", "rule"),
    [
        (
            {"repeat": "weekly", "weekdays": ["TU", "TH"], "repeat_ends": "until",
             "repeat_until": "2027-03-25"},
            # The last day ends at midnight German time, written in UTC (winter time: -1 h).
            "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270325T225959Z",
        ),
        (
            {"repeat": "fortnightly", "repeat_ends": "count", "repeat_count": "5"},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5",
        ),
        (
            {"repeat": "daily", "repeat_ends": "count", "repeat_count": "3"},
            "FREQ=DAILY;COUNT=3",
        ),
        (
            {"repeat": "monthly_weekday", "starts_on": "2027-03-09", "repeat_ends": "count",
             "repeat_count": "6"},
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
        ),
        (
            # A fifth Tuesday does not come every month: it means the last one.
            {"repeat": "monthly_weekday", "starts_on": "2027-03-30", "repeat_ends": "count",
             "repeat_count": "6"},
            "FREQ=MONTHLY;BYDAY=-1TU;COUNT=6",
        ),
        (
            {"repeat": "monthly_day", "repeat_ends": "until", "repeat_until": "2027-12-31"},
            "FREQ=MONTHLY;BYMONTHDAY=2;UNTIL=20271231T225959Z",
        ),
        (
            {"repeat": "custom", "starts_on": "2027-03-01",
             "rule": "freq=monthly;byday=1mo;count=4"},
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=4",
        ),
    ],
)  # fmt: skip
def test_the_repetition_builder_writes_the_rule(bensheim, kind, values, rule):
    form = bound(bensheim, kind, **values)
    assert form.errors == {}
    assert form.cleaned_data["recurrence_rule"] == rule
    assert form.cleaned_data["starts_at"] == local(2027, 3, int(form.data["starts_on"][-2:]), 18)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"repeat": "weekly"}, "repeat_ends"),
        ({"repeat": "weekly", "repeat_ends": "until"}, "repeat_until"),
        ({"repeat": "weekly", "repeat_ends": "count"}, "repeat_count"),
        ({"repeat": "weekly", "repeat_ends": "count", "repeat_count": "1"}, "repeat_count"),
        ({"repeat": "weekly", "repeat_ends": "until", "repeat_until": "2027-02-01"},
         "repeat_until"),
        ({"repeat": "custom", "rule": "FREQ=WEEKLY"}, "rule"),
        ({"repeat": "custom", "rule": "FREQ=SOMETIMES;COUNT=2"}, "rule"),
        ({"repeat": "custom"}, "rule"),
        # Tuesday 2 March is no Wednesday: calendar programs and the event would disagree.
        ({"repeat": "custom", "rule": "FREQ=WEEKLY;BYDAY=WE;COUNT=3"}, "rule"),
        ({"repeat": "none", "rule": "FREQ=WEEKLY;COUNT=3"}, "rule"),
        ({"repeat": "daily", "repeat_ends": "until", "repeat_until": "2029-12-31"},
         "repeat_until"),
    ],
)  # fmt: skip
def test_a_repetition_without_a_usable_end_is_refused_at_its_field(bensheim, kind, values, field):
    form = bound(bensheim, kind, **values)
    assert list(form.errors) == [field]


def test_an_endless_repetition_says_what_to_do(bensheim, kind):
    form = bound(bensheim, kind, repeat="weekly")
    assert form.errors["repeat_ends"] == [
        "A repeating event needs an end: give the date of the last time or how many times it "
        "takes place."
    ]


def test_a_filled_in_end_counts_without_ticking_how_it_ends(bensheim, kind):
    form = bound(bensheim, kind, repeat="weekly", repeat_count="4")
    assert form.errors == {}
    assert form.cleaned_data["recurrence_rule"] == "FREQ=WEEKLY;BYDAY=TU;COUNT=4"


def test_the_weekdays_must_include_the_first_date(bensheim, kind):
    form = bound(bensheim, kind, repeat="weekly", weekdays=["WE"], repeat_count="4")
    assert list(form.errors) == ["weekdays"]
    assert "Tuesday" in form.errors["weekdays"][0]


def test_an_end_before_the_start_is_refused_at_the_end_time(bensheim, kind):
    form = bound(bensheim, kind, ends_time="17:00")
    assert list(form.errors) == ["ends_time"]
    assert "end lies before the start" in form.errors["ends_time"][0]


def test_an_event_over_several_days_ends_on_its_last_day(bensheim, kind):
    form = bound(bensheim, kind, ends_on="2027-03-04", ends_time="12:00")
    assert form.errors == {}
    assert form.cleaned_data["ends_at"] == local(2027, 3, 4, 12)


def test_times_are_german_time_across_the_change_to_summer_time(bensheim, kind):
    form = bound(bensheim, kind, starts_on="2027-04-06")
    assert form.cleaned_data["starts_at"].astimezone(datetime.UTC).hour == 16


def test_left_out_dates_are_dates_of_the_series(bensheim, kind):
    series = {"repeat": "weekly", "repeat_count": "6"}
    form = bound(bensheim, kind, exceptions="16.03.2027\n2027-03-23\n\n", **series)
    assert form.errors == {}
    assert form.cleaned_data["recurrence_exceptions"] == ["2027-03-16", "2027-03-23"]

    stray = bound(bensheim, kind, exceptions="17.03.2027", **series)
    assert list(stray.errors) == ["exceptions"]
    assert "is not one of the dates of this series" in stray.errors["exceptions"][0]

    typo = bound(bensheim, kind, exceptions="16.13.2027", **series)
    assert "“16.13.2027” is not a date" in typo.errors["exceptions"][0]

    single = bound(bensheim, kind, exceptions="16.03.2027")
    assert "only be left out of a repeating event" in single.errors["exceptions"][0]


def test_a_format_length_fills_in_a_missing_end(bensheim, kind):
    form = EventForm(
        form_data(kind, ends_time=""),
        municipality=bensheim,
        default_duration=datetime.timedelta(minutes=150),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ends_at"] == local(2027, 3, 2, 20, 30)


@pytest.mark.parametrize(
    "values",
    [
        {"repeat": "weekly", "weekdays": ["TU", "TH"], "repeat_ends": "until",
         "repeat_until": "2027-03-25"},
        {"repeat": "fortnightly", "weekdays": ["TU"], "repeat_ends": "count",
         "repeat_count": "5"},
        {"repeat": "daily", "repeat_ends": "count", "repeat_count": "3"},
        {"repeat": "monthly_weekday", "repeat_ends": "count", "repeat_count": "6"},
        {"repeat": "monthly_day", "repeat_ends": "until", "repeat_until": "2027-12-31"},
    ],
)  # fmt: skip
def test_the_builder_shows_a_stored_rule_as_it_was_entered(bensheim, kind, values):
    form = bound(bensheim, kind, **values)
    initial = repetition_initial(form.cleaned_data["recurrence_rule"], local(2027, 3, 2, 18))
    expected = {key: value for key, value in values.items()}
    if "repeat_count" in expected:
        expected["repeat_count"] = int(expected["repeat_count"])
    if "repeat_until" in expected:
        expected["repeat_until"] = datetime.date.fromisoformat(expected["repeat_until"])
    assert initial == expected


def test_rules_the_builder_cannot_show_go_to_the_advanced_field():
    rule = "FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=6"
    assert repetition_initial(rule, local(2027, 3, 1, 18)) == {"repeat": "custom", "rule": rule}


def test_the_repetition_in_words():
    start = local(2027, 3, 2, 18)
    assert (
        repetition_summary("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", start)
        == "Every week on Tuesday, Thursday; 10 times"
    )
    assert (
        repetition_summary("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270325T225959Z", start)
        == "Every week on Tuesday; until 03/25/2027"
    )


def test_the_service_refusals_land_on_the_fields(bensheim, kind):
    editor = EventEditor(
        form_data(kind, repeat="custom", rule="FREQ=WEEKLY;COUNT=3"), municipality=bensheim
    )
    assert editor.is_valid()
    editor.add_service_errors(
        ValidationError(
            {
                "place_name": ["Give a meeting place."],
                "ends_at": ["Too late."],
                "recurrence_rule": ["Odd rule."],
                "recurrence_exceptions": ["Odd dates."],
            }
        )
    )
    assert editor.form.errors == {
        "place_name": ["Give a meeting place."],
        "ends_time": ["Too late."],
        "rule": ["Odd rule."],
        "exceptions": ["Odd dates."],
    }
    editor.add_service_errors(ValidationError("A chosen entry does not belong to this town."))
    summary = editor.error_summary()
    assert summary[0] == {
        "message": "A chosen entry does not belong to this town.",
        "label": "",
        "anchor": "",
    }
    assert {"message": "Odd rule.", "label": "Rule (RFC 5545)", "anchor": "id_rule"} in summary


def test_a_partner_names_only_their_own_organisation(bensheim, kind):
    own, other = (
        OrganisationFactory(municipality=bensheim),
        OrganisationFactory(municipality=bensheim),
    )
    choices = own._meta.model.objects.for_municipality(bensheim).filter(pk=own.pk)
    form = EventForm(
        form_data(kind, organiser=other.pk),
        municipality=bensheim,
        organisers=choices,
        organiser_required=True,
    )
    assert list(form.errors) == ["organiser"]
    empty = EventForm(
        form_data(kind), municipality=bensheim, organisers=choices, organiser_required=True
    )
    assert empty.errors["organiser"] == ["Choose the organisation that organises it."]
