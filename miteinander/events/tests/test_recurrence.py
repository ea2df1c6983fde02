"""Repeating events keep their local wall-clock time and must end."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from miteinander.events import recurrence

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_a_weekly_event_stays_at_six_in_the_evening_across_the_change_to_summer_time():
    dates = recurrence.occurrences(
        starts_at=local(2027, 3, 16, 18, 0),
        ends_at=local(2027, 3, 16, 20, 0),
        rule="FREQ=WEEKLY;COUNT=4",
    )
    assert [d.starts_at.strftime("%d.%m. %H:%M %z") for d in dates] == [
        "16.03. 18:00 +0100",
        "23.03. 18:00 +0100",
        "30.03. 18:00 +0200",
        "06.04. 18:00 +0200",
    ]
    assert all(d.ends_at - d.starts_at == datetime.timedelta(hours=2) for d in dates)


def test_left_out_dates_and_the_window():
    dates = recurrence.occurrences(
        starts_at=local(2027, 3, 2, 18, 0),
        ends_at=local(2027, 3, 2, 20, 0),
        rule="FREQ=WEEKLY;UNTIL=20270330T230000Z",
        exdates=["2027-03-16"],
        window_start=local(2027, 3, 5),
        window_end=local(2027, 4, 1),
    )
    assert [d.date.isoformat() for d in dates] == ["2027-03-09", "2027-03-23", "2027-03-30"]


def test_the_series_ends_with_its_last_date():
    end = recurrence.series_end(
        starts_at=local(2027, 1, 5, 10, 0),
        ends_at=local(2027, 1, 5, 12, 0),
        rule="FREQ=MONTHLY;COUNT=3",
    )
    assert end == local(2027, 3, 5, 12, 0)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=WEEKLY", "endless"),
        ("FREQ=SOMETIMES;COUNT=3", "invalid"),
        ("FREQ=DAILY;COUNT=1000", "too_many"),
        ("FREQ=WEEKLY;BYDAY=WE;COUNT=3", "not_first"),
    ],
)
def test_rules_that_cannot_be_used_are_explained(rule, code):
    with pytest.raises(ValidationError) as error:
        recurrence.validate_rule(rule, local(2027, 1, 5, 10, 0))
    assert error.value.code == code


def test_until_as_a_local_date_becomes_the_end_of_that_day_in_utc():
    assert recurrence.normalise_rule("rrule:freq=weekly;until=20270630") == (
        "FREQ=WEEKLY;UNTIL=20270630T215959Z"
    )
