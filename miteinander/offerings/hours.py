"""When an offering is open, always in the town's local time (settings.TIME_ZONE).

Times are compared on the wall clock: an offering open Sundays 01:00–04:00 is open from 01:00 to
04:00 as the town's clocks show it, also on the nights the clocks change. Datetimes from the
database (sessions) are aware and in UTC; they are turned into local time before comparing.

What applies on a day, most specific first:
1. an exception covering the day: "closed" wins over other hours if both cover it;
2. a public holiday of the town's federal state, for offerings closed on public holidays;
3. the weekly opening hours of that weekday.
Dated sessions come on top: an offering is open while one of its sessions runs. Weekly hours,
exceptions and holidays count only for offerings whose schedule is weekly; offerings "by
appointment" are never open by the clock.

`open_now_q` says the same in SQL, for the directory's "open now" filter over many offerings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import OpeningHours, ScheduleException, ScheduleKind, Session, Weekday

# How far ahead "opens next" looks; a longer closure reads as "no upcoming opening".
HORIZON_DAYS = 120

# Municipality.state holds the state's German name; the holidays package wants ISO 3166-2 codes.
STATE_CODES = {
    "baden-württemberg": "BW",
    "bayern": "BY",
    "berlin": "BE",
    "brandenburg": "BB",
    "bremen": "HB",
    "hamburg": "HH",
    "hessen": "HE",
    "mecklenburg-vorpommern": "MV",
    "niedersachsen": "NI",
    "nordrhein-westfalen": "NW",
    "rheinland-pfalz": "RP",
    "saarland": "SL",
    "sachsen": "SN",
    "sachsen-anhalt": "ST",
    "schleswig-holstein": "SH",
    "thüringen": "TH",
}
# Languages the holidays package names German holidays in, by our language codes.
HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US", "uk": "uk"}

# Day kinds of DayHours.reason
REGULAR = "regular"
OTHER_HOURS = "exception"
CLOSED = "closed"
HOLIDAY = "holiday"


def town_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(at: datetime.datetime) -> datetime.datetime:
    """`at` (aware) on the town's clock."""
    if at.tzinfo is None:
        raise ValueError("Pass an aware datetime; naive ones have no defined moment.")
    return at.astimezone(town_zone())


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware moment the town's clocks show `time` on `day` (the first one if twice)."""
    return datetime.datetime.combine(day, time, tzinfo=town_zone())


# --- Public holidays --------------------------------------------------------------------------
def state_code(state: str) -> str | None:
    """The subdivision code of a German federal state's name ("Hessen" -> "HE"), or None."""
    return STATE_CODES.get(" ".join(state.split()).casefold())


@lru_cache(maxsize=512)
def _holidays(code: str | None, year: int, language: str) -> dict[datetime.date, str]:
    return dict(holidays.Germany(subdiv=code, years=year, language=language))


def holiday_language(language: str | None = None) -> str:
    """The language holiday names come in for this visitor language (German if unsupported)."""
    language = (language or get_language() or "de").split("-")[0]
    return language if language in HOLIDAY_LANGUAGES else "de"


def public_holiday(municipality, day: datetime.date, language: str = "de") -> str | None:
    """The name of the public holiday on `day` in the town's state, or None.

    A town without a known state gets the nationwide holidays only.
    """
    code = state_code(municipality.state or "")
    names = _holidays(code, day.year, HOLIDAY_LANGUAGES[holiday_language(language)])
    return names.get(day)


# --- One offering's schedule ------------------------------------------------------------------
@dataclass(frozen=True)
class Interval:
    opens: datetime.time
    closes: datetime.time

    def __contains__(self, time: datetime.time) -> bool:
        return self.opens <= time < self.closes


@dataclass(frozen=True)
class DayHours:
    """What applies on one day: the opening intervals and why (regular, exception, holiday)."""

    day: datetime.date
    intervals: tuple[Interval, ...]
    reason: str = REGULAR
    note: str = ""
    note_lang: str = "de"

    @property
    def is_closed_specially(self) -> bool:
        return self.reason in (CLOSED, HOLIDAY)


@dataclass(frozen=True)
class WeekRow:
    weekday: int
    label: str
    intervals: tuple[Interval, ...]


@dataclass(frozen=True)
class OpeningState:
    """What the page says about opening: open until, opens next, closed today, by appointment.

    `kind` is one of "open", "opens", "closed_today", "on_request", "closed" (no opening ahead)
    or "none" (the offering has no schedule at all). Datetimes are local.
    """

    kind: str
    at: datetime.datetime
    until: datetime.datetime | None = None
    next_opening: datetime.datetime | None = None
    note: str = ""
    note_lang: str = "de"
    reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.kind == "open"

    @property
    def headline(self) -> str:
        """One short sentence in the active language, without the (German) note."""
        if self.kind == "open":
            if self.until.date() == self.at.date():
                return _("Open now until %(time)s") % {"time": _time(self.until)}
            return _("Open now until %(date)s, %(time)s") % {
                "date": formats.date_format(self.until, "SHORT_DATE_FORMAT"),
                "time": _time(self.until),
            }
        if self.kind == "closed_today":
            if self.reason == HOLIDAY:
                return _("Closed today for a public holiday")
            return _("Closed today")
        if self.kind == "opens":
            return self.next_text
        if self.kind == "on_request":
            return _("By appointment")
        if self.kind == "closed":
            return _("No upcoming opening hours")
        return ""

    @property
    def next_text(self) -> str:
        """When it opens next, as a sentence ("Opens tomorrow at 09:00"), or ""."""
        when = self.next_opening
        if when is None:
            return ""
        days = (when.date() - self.at.date()).days
        values = {"time": _time(when)}
        if days == 0:
            return _("Opens today at %(time)s") % values
        if days == 1:
            return _("Opens tomorrow at %(time)s") % values
        if days < 7:
            values["weekday"] = formats.date_format(when, "l")
            return _("Opens on %(weekday)s at %(time)s") % values
        values["date"] = formats.date_format(when, "SHORT_DATE_FORMAT")
        return _("Opens on %(date)s at %(time)s") % values


def _time(moment: datetime.datetime | datetime.time) -> str:
    return moment.strftime("%H:%M")


class Schedule:
    """One offering's hours, exceptions and sessions, read once (prefetched rows are used)."""

    def __init__(self, offering, *, municipality=None):
        self.offering = offering
        self.municipality = municipality or offering.municipality
        self.weekly_kind = offering.schedule_kind == ScheduleKind.WEEKLY
        self.on_request = offering.schedule_kind == ScheduleKind.ON_REQUEST
        self.weekly: dict[int, tuple[Interval, ...]] = {}
        if self.weekly_kind:
            rows = sorted(offering.opening_hours.all(), key=lambda row: (row.weekday, row.opens))
            for row in rows:
                self.weekly.setdefault(row.weekday, ())
                self.weekly[row.weekday] += (Interval(row.opens, row.closes),)
        self.exceptions = (
            sorted(offering.exceptions.all(), key=lambda e: (e.starts_on, e.ends_on))
            if self.weekly_kind
            else []
        )
        self.sessions = sorted(offering.sessions.all(), key=lambda s: s.starts_at)

    @property
    def is_empty(self) -> bool:
        return not (self.weekly or self.exceptions or self.sessions or self.on_request)

    def hours_on(self, day: datetime.date, *, language: str | None = None) -> DayHours:
        """The opening intervals that apply on `day` and why."""
        if not self.weekly_kind:
            return DayHours(day, ())
        covering = [e for e in self.exceptions if e.starts_on <= day <= e.ends_on]
        closed = [e for e in covering if e.is_closed]
        if closed:
            return DayHours(day, (), CLOSED, closed[0].note)
        if covering:
            intervals = tuple(sorted(Interval(e.opens, e.closes) for e in covering))
            note = next((e.note for e in covering if e.note), "")
            return DayHours(day, intervals, OTHER_HOURS, note)
        if self.offering.closed_on_public_holidays:
            name = public_holiday(self.municipality, day, holiday_language(language))
            if name:
                return DayHours(day, (), HOLIDAY, name, holiday_language(language))
        return DayHours(day, self.weekly.get(day.weekday(), ()))

    def running_sessions(self, at: datetime.datetime) -> list:
        return [s for s in self.sessions if s.starts_at <= at < s.ends_at]

    def is_open(self, at: datetime.datetime) -> bool:
        now = local(at)
        time = now.time()
        if any(time in interval for interval in self.hours_on(now.date()).intervals):
            return True
        return bool(self.running_sessions(at))

    def _open_until(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the current opening ends (adjoining intervals count as one), or None."""
        time = now.time()
        until = None
        for interval in self.hours_on(now.date()).intervals:
            if time in interval or (until is not None and interval.opens <= until):
                until = max(until or interval.closes, interval.closes)
        weekly_until = local_datetime(now.date(), until) if until else None
        session_ends = [local(s.ends_at) for s in self.running_sessions(now)]
        candidates = [moment for moment in (weekly_until, *session_ends) if moment]
        return max(candidates) if candidates else None

    def next_opening(self, at: datetime.datetime) -> datetime.datetime | None:
        """The next moment (local) the offering opens after `at`, within HORIZON_DAYS."""
        now = local(at)
        found = None
        if self.weekly_kind and (self.weekly or self.exceptions):
            for offset in range(HORIZON_DAYS + 1):
                day = now.date() + datetime.timedelta(days=offset)
                later = [
                    interval.opens
                    for interval in self.hours_on(day).intervals
                    if offset > 0 or interval.opens > now.time()
                ]
                if later:
                    found = local_datetime(day, min(later))
                    break
        upcoming = [local(s.starts_at) for s in self.sessions if s.starts_at > at]
        if upcoming and (found is None or upcoming[0] < found):
            found = upcoming[0]
        return found

    def state(self, at: datetime.datetime, *, language: str | None = None) -> OpeningState:
        now = local(at)
        if self.is_open(at):
            return OpeningState("open", now, until=self._open_until(now))
        if self.on_request and not self.sessions:
            return OpeningState("on_request", now)
        if self.is_empty:
            return OpeningState("none", now)
        next_opening = self.next_opening(at)
        today = self.hours_on(now.date(), language=language)
        if today.is_closed_specially and self.weekly.get(now.weekday()):
            return OpeningState(
                "closed_today", now, next_opening=next_opening, note=today.note,
                note_lang=today.note_lang, reason=today.reason,
            )  # fmt: skip
        if next_opening is None:
            if self.on_request:
                return OpeningState("on_request", now)
            return OpeningState("closed", now)
        return OpeningState("opens", now, next_opening=next_opening)

    def week_table(self) -> list[WeekRow]:
        """Monday to Sunday with the regular opening intervals (empty: closed)."""
        return [
            WeekRow(day.value, str(day.label), self.weekly.get(day.value, ())) for day in Weekday
        ]

    def upcoming_exceptions(self, today: datetime.date) -> list:
        return [e for e in self.exceptions if e.ends_on >= today]

    def upcoming_sessions(self, at: datetime.datetime, limit: int = 20) -> list:
        return [s for s in self.sessions if s.ends_at > at][:limit]

    def upcoming_holidays(
        self, today: datetime.date, *, days: int = 60, language: str | None = None
    ) -> list[DayHours]:
        """Public holidays ahead on which the offering would have been open but closes."""
        if not (self.weekly and self.offering.closed_on_public_holidays):
            return []
        result = []
        for offset in range(days + 1):
            day = today + datetime.timedelta(days=offset)
            hours = self.hours_on(day, language=language)
            if hours.reason == HOLIDAY and self.weekly.get(day.weekday()):
                result.append(hours)
        return result


def is_open(offering, at: datetime.datetime) -> bool:
    """Whether the offering is open at the moment `at` (aware)."""
    return Schedule(offering).is_open(at)


def opening_state(offering, at: datetime.datetime, *, language: str | None = None):
    """Open now until …, opens next …, closed today because of …, or by appointment."""
    return Schedule(offering).state(at, language=language)


# --- The same in SQL --------------------------------------------------------------------------
def open_now_q(*, municipality, at: datetime.datetime) -> Q:
    """A condition on Offering rows of `municipality`: open at `at`, as `is_open` decides.

    Correlated EXISTS on the schedule tables (indexed by offering), so the filter costs a few
    index lookups per candidate row; holidays are decided once in Python for the town's state.
    """
    now = local(at)
    day, time = now.date(), now.time()
    today_exceptions = ScheduleException.objects.filter(
        offering=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
    )
    weekly_hours = OpeningHours.objects.filter(
        offering=OuterRef("pk"), weekday=day.weekday(), opens__lte=time, closes__gt=time
    )
    regular_day = Q(~Exists(today_exceptions)) & Q(Exists(weekly_hours))
    if public_holiday(municipality, day):
        regular_day &= Q(closed_on_public_holidays=False)
    other_hours = Q(~Exists(today_exceptions.filter(opens__isnull=True))) & Q(
        Exists(today_exceptions.filter(opens__lte=time, closes__gt=time))
    )
    running = Session.objects.filter(offering=OuterRef("pk"), starts_at__lte=at, ends_at__gt=at)
    return (Q(schedule_kind=ScheduleKind.WEEKLY) & (other_hours | regular_day)) | Q(Exists(running))
