"""Opening hours in the town's local time: DST changes, holidays, exceptions, sessions."""

import datetime
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.utils import translation

from miteinander.offerings.hours import (
    STATE_CODES,
    Schedule,
    is_open,
    local,
    open_now_q,
    opening_state,
    public_holiday,
    state_code,
)
from miteinander.offerings.models import (
    Offering,
    OpeningHours,
    ScheduleException,
    ScheduleKind,
    Session,
)
from tests.factories import MunicipalityFactory, OfferingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY, THURSDAY, SATURDAY, SUNDAY = 0, 3, 5, 6


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def berlin(*args) -> datetime.datetime:
    """A moment given on the town's clock."""
    return datetime.datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))


def t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def make_offering(town, hours=(), **fields) -> Offering:
    offering = OfferingFactory(provider=OrganisationFactory(municipality=town), **fields)
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(offering=offering, weekday=weekday, opens=opens, closes=closes)
    return offering


def open_in_database(town, offering, at) -> bool:
    return (
        Offering.objects.for_municipality(town)
        .filter(open_now_q(municipality=town, at=at), pk=offering.pk)
        .exists()
    )


def assert_open(town, offering, at, expected: bool):
    """is_open and the SQL filter both give `expected` at the moment `at`."""
    assert is_open(offering, at) is expected, (at, local(at))
    assert open_in_database(town, offering, at) is expected, (at, local(at))


@pytest.fixture
def night_and_morning(bensheim):
    """Open Sundays 01:00–04:00 (across the clock change) and Mondays 09:00–12:00."""
    return make_offering(bensheim, [(SUNDAY, t(1), t(4)), (MONDAY, t(9), t(12))])


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 3, 28, 23, 59), False),  # Sunday 00:59 CET
        (utc(2026, 3, 29, 0, 0), True),  # 01:00 CET, opens
        (utc(2026, 3, 29, 0, 59), True),  # 01:59 CET; a minute later the clocks jump to 03:00
        (utc(2026, 3, 29, 1, 0), True),  # 03:00 CEST
        (utc(2026, 3, 29, 1, 59), True),  # 03:59 CEST
        (utc(2026, 3, 29, 2, 0), False),  # 04:00 CEST, closed
        (utc(2026, 3, 23, 7, 59), False),  # Monday before the change, 08:59 CET
        (utc(2026, 3, 23, 8, 0), True),  # 09:00 CET
        (utc(2026, 3, 23, 10, 59), True),  # 11:59 CET
        (utc(2026, 3, 23, 11, 0), False),  # 12:00 CET
        (utc(2026, 3, 30, 6, 59), False),  # Monday after the change, 08:59 CEST
        (utc(2026, 3, 30, 7, 0), True),  # 09:00 CEST
        (utc(2026, 3, 30, 9, 59), True),  # 11:59 CEST
        (utc(2026, 3, 30, 10, 0), False),  # 12:00 CEST
    ],
)
def test_open_by_the_local_clock_around_the_spring_clock_change(
    bensheim, night_and_morning, at, expected
):
    """Hours follow the town's wall clock on both sides of the change to summer time."""
    assert_open(bensheim, night_and_morning, at, expected)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (utc(2026, 10, 24, 22, 59), False),  # Sunday 00:59 CEST
        (utc(2026, 10, 24, 23, 0), True),  # 01:00 CEST, opens
        (utc(2026, 10, 25, 0, 30), True),  # 02:30 CEST, the first time
        (utc(2026, 10, 25, 1, 30), True),  # 02:30 CET, the second time
        (utc(2026, 10, 25, 2, 59), True),  # 03:59 CET
        (utc(2026, 10, 25, 3, 0), False),  # 04:00 CET, closed
        (utc(2026, 10, 26, 7, 59), False),  # Monday 08:59 CET
        (utc(2026, 10, 26, 8, 0), True),  # 09:00 CET
        (utc(2026, 10, 26, 11, 0), False),  # 12:00 CET
        (utc(2026, 10, 19, 7, 0), True),  # the Monday before: 09:00 CEST
        (utc(2026, 10, 19, 10, 0), False),  # 12:00 CEST
    ],
)
def test_open_by_the_local_clock_around_the_autumn_clock_change(
    bensheim, night_and_morning, at, expected
):
    """In the repeated hour the offering is open both times the clocks show it."""
    assert_open(bensheim, night_and_morning, at, expected)


def test_opening_state_says_until_when_and_when_next_in_local_time(bensheim, night_and_morning):
    with translation.override("en"):
        state = opening_state(night_and_morning, utc(2026, 3, 30, 7, 30))  # Monday 09:30 CEST
        assert state.is_open
        assert state.until == berlin(2026, 3, 30, 12, 0)
        assert state.headline == "Open now until 12:00"

        state = opening_state(night_and_morning, utc(2026, 3, 29, 2, 0))  # Sunday 04:00 CEST
        assert not state.is_open
        assert state.kind == "opens"
        assert state.next_opening == berlin(2026, 3, 30, 9, 0)
        assert state.headline == "Opens tomorrow at 09:00"

        state = opening_state(night_and_morning, utc(2026, 3, 30, 5, 0))  # Monday 07:00 CEST
        assert state.headline == "Opens today at 09:00"

        state = opening_state(night_and_morning, utc(2026, 3, 31, 10, 0))  # Tuesday noon
        assert state.next_opening == berlin(2026, 4, 5, 1, 0)
        assert state.headline == "Opens on Sunday at 01:00"
    with translation.override("de"):
        # The weekday comes in the visitor's language (the sentence once the catalogue has it).
        assert "Sonntag" in opening_state(night_and_morning, utc(2026, 3, 31, 10, 0)).headline


def test_adjoining_intervals_read_as_one_opening(bensheim):
    offering = make_offering(bensheim, [(MONDAY, t(9), t(12)), (MONDAY, t(12), t(14))])
    state = opening_state(offering, utc(2026, 3, 30, 8, 0))  # Monday 10:00 CEST
    assert state.until.time() == t(14)


def test_several_intervals_a_day_in_the_week_table(bensheim):
    offering = make_offering(
        bensheim, [(MONDAY, t(14), t(16)), (MONDAY, t(9), t(12)), (THURSDAY, t(18), t(20))]
    )
    with translation.override("en"):
        week = Schedule(offering).week_table()
    assert [row.label for row in week] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ]  # fmt: skip
    assert [(i.opens, i.closes) for i in week[0].intervals] == [(t(9), t(12)), (t(14), t(16))]
    assert week[1].intervals == ()
    assert [(i.opens, i.closes) for i in week[3].intervals] == [(t(18), t(20))]
    assert not is_open(offering, utc(2026, 3, 30, 10, 30))  # 12:30, the lunch break
    assert is_open(offering, utc(2026, 3, 30, 12, 30))  # 14:30


# --- Public holidays --------------------------------------------------------------------------
EASTER_MONDAY_11 = utc(2026, 4, 6, 9, 0)  # Easter Monday 2026, 11:00 CEST
CORPUS_CHRISTI_11 = utc(2026, 6, 4, 9, 0)  # Thursday 4 June 2026, 11:00 CEST


def test_closed_on_easter_monday(bensheim):
    monday = make_offering(bensheim, [(MONDAY, t(9), t(12))])
    assert_open(bensheim, monday, EASTER_MONDAY_11, False)
    assert_open(bensheim, monday, EASTER_MONDAY_11 + datetime.timedelta(days=7), True)

    state = opening_state(monday, EASTER_MONDAY_11, language="de")
    assert state.kind == "closed_today"
    assert state.reason == "holiday"
    assert state.note == "Ostermontag"
    assert state.next_opening == berlin(2026, 4, 13, 9, 0)
    with translation.override("en"):
        assert state.headline == "Closed today for a public holiday"
        assert state.next_text.startswith("Opens on ")


def test_open_on_holidays_when_the_offering_says_so(bensheim):
    monday = make_offering(bensheim, [(MONDAY, t(9), t(12))], closed_on_public_holidays=False)
    assert_open(bensheim, monday, EASTER_MONDAY_11, True)


@pytest.mark.parametrize(
    ("state", "closed_on_corpus_christi"),
    [("Hessen", True), ("Nordrhein-Westfalen", True), ("Berlin", False), ("Atlantis", False)],
)
def test_holidays_follow_the_towns_federal_state(state, closed_on_corpus_christi):
    """Corpus Christi is a holiday in Hessen and NRW only; an unknown state gets the nationwide
    holidays, among them Easter Monday."""
    town = MunicipalityFactory(state=state)
    thursday = make_offering(town, [(THURSDAY, t(9), t(12)), (MONDAY, t(9), t(12))])
    assert_open(town, thursday, CORPUS_CHRISTI_11, not closed_on_corpus_christi)
    assert_open(town, thursday, EASTER_MONDAY_11, False)


def test_every_state_name_maps_to_a_subdivision_of_the_holidays_package():
    assert len(STATE_CODES) == 16
    assert set(STATE_CODES.values()) <= set(holidays.Germany.subdivisions)
    assert state_code(" Nordrhein-Westfalen ") == "NW"
    assert state_code("thüringen") == "TH"
    assert state_code("") is None


def test_holiday_names_in_the_visitors_language_where_the_package_has_it(bensheim):
    assert public_holiday(bensheim, datetime.date(2026, 4, 6), "de") == "Ostermontag"
    assert public_holiday(bensheim, datetime.date(2026, 4, 6), "en") == "Easter Monday"
    assert public_holiday(bensheim, datetime.date(2026, 4, 6), "ar") == "Ostermontag"
    assert public_holiday(bensheim, datetime.date(2026, 4, 7), "de") is None


def test_upcoming_holidays_lists_the_days_the_offering_would_have_opened(bensheim):
    monday = make_offering(bensheim, [(MONDAY, t(9), t(12))])
    days = Schedule(monday).upcoming_holidays(datetime.date(2026, 3, 30), language="de")
    # Good Friday and 1 May (a Friday) are holidays too, but the offering is closed on Fridays.
    assert [(h.day, h.note) for h in days] == [
        (datetime.date(2026, 4, 6), "Ostermontag"),
        (datetime.date(2026, 5, 25), "Pfingstmontag"),
    ]


# --- Exceptions -------------------------------------------------------------------------------
def test_closed_period_closes_and_names_its_reason(bensheim):
    offering = make_offering(bensheim, [(MONDAY, t(9), t(12))])
    ScheduleException.objects.create(
        offering=offering,
        starts_on=datetime.date(2026, 7, 20),
        ends_on=datetime.date(2026, 8, 2),
        note="Sommerpause",
    )
    monday_in_break = utc(2026, 7, 27, 8, 0)
    assert_open(bensheim, offering, monday_in_break, False)
    assert_open(bensheim, offering, utc(2026, 8, 3, 8, 0), True)
    state = opening_state(offering, monday_in_break)
    assert (state.kind, state.reason, state.note) == ("closed_today", "closed", "Sommerpause")
    assert state.next_opening == berlin(2026, 8, 3, 9, 0)


def test_other_hours_replace_the_weekly_ones_for_their_days(bensheim):
    offering = make_offering(bensheim, [(MONDAY, t(9), t(12))])
    ScheduleException.objects.create(
        offering=offering,
        starts_on=datetime.date(2026, 5, 11),
        ends_on=datetime.date(2026, 5, 11),
        opens=t(14),
        closes=t(16),
    )
    ScheduleException.objects.create(  # an extra Saturday
        offering=offering,
        starts_on=datetime.date(2026, 5, 16),
        ends_on=datetime.date(2026, 5, 16),
        opens=t(10),
        closes=t(12),
    )
    assert_open(bensheim, offering, utc(2026, 5, 11, 8, 0), False)  # Monday 10:00
    assert_open(bensheim, offering, utc(2026, 5, 11, 13, 0), True)  # Monday 15:00
    assert_open(bensheim, offering, utc(2026, 5, 16, 9, 0), True)  # Saturday 11:00
    assert_open(bensheim, offering, utc(2026, 5, 18, 8, 0), True)  # next Monday as usual
    state = opening_state(offering, utc(2026, 5, 11, 6, 0))  # Monday 08:00
    assert state.next_opening.time() == t(14)


def test_an_exception_opens_a_holiday_and_closed_beats_other_hours(bensheim):
    offering = make_offering(bensheim, [(MONDAY, t(9), t(12))])
    ScheduleException.objects.create(
        offering=offering,
        starts_on=datetime.date(2026, 4, 6),
        ends_on=datetime.date(2026, 4, 6),
        opens=t(10),
        closes=t(12),
        note="Ostercafé",
    )
    assert_open(bensheim, offering, EASTER_MONDAY_11, True)
    ScheduleException.objects.create(
        offering=offering, starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 4, 10)
    )
    assert_open(bensheim, offering, EASTER_MONDAY_11, False)


# --- Sessions and appointments ----------------------------------------------------------------
def test_dated_sessions_open_the_offering_while_they_run(bensheim):
    course = make_offering(bensheim, schedule_kind=ScheduleKind.SESSIONS)
    Session.objects.create(
        offering=course, starts_at=utc(2026, 5, 12, 16, 0), ends_at=utc(2026, 5, 12, 18, 0)
    )  # 18:00–20:00 CEST
    assert_open(bensheim, course, utc(2026, 5, 12, 15, 59), False)
    assert_open(bensheim, course, utc(2026, 5, 12, 16, 0), True)
    assert_open(bensheim, course, utc(2026, 5, 12, 17, 59), True)
    assert_open(bensheim, course, utc(2026, 5, 12, 18, 0), False)
    with translation.override("en"):
        state = opening_state(course, utc(2026, 5, 12, 16, 30))
        assert state.headline == "Open now until 20:00"
        state = opening_state(course, utc(2026, 5, 1, 10, 0))
        assert state.kind == "opens"
        assert state.headline == "Opens on 05/12/2026 at 18:00"
        assert opening_state(course, utc(2026, 5, 12, 18, 0)).kind == "closed"


def test_weekly_hours_do_not_count_for_offerings_by_appointment(bensheim):
    offering = make_offering(
        bensheim, [(MONDAY, t(9), t(12))], schedule_kind=ScheduleKind.ON_REQUEST
    )
    assert_open(bensheim, offering, utc(2026, 3, 30, 8, 0), False)
    with translation.override("en"):
        state = opening_state(offering, utc(2026, 3, 30, 8, 0))
        assert state.kind == "on_request"
        assert state.headline == "By appointment"


def test_an_offering_without_any_schedule_says_nothing(bensheim):
    offering = make_offering(bensheim)
    state = opening_state(offering, utc(2026, 3, 30, 8, 0))
    assert state.kind == "none"
    assert state.headline == ""


def test_naive_datetimes_are_refused(bensheim, night_and_morning):
    with pytest.raises(ValueError, match="aware"):
        is_open(night_and_morning, datetime.datetime(2026, 3, 30, 9, 30))  # noqa: DTZ001
