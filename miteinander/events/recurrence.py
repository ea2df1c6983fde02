"""Repeating events: RFC 5545 recurrence rules, expanded in the town's local time.

An event stores its first occurrence (`starts_at`, `ends_at`), an RRULE value such as
"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T220000Z" and the local dates it skips (EXDATE). Occurrences
keep the wall-clock time of the first one: a course at 18:00 stays at 18:00 after the change to
summer time, as calendar clients expand the same rule with its TZID. A rule must end (COUNT or
UNTIL), and no series may have more than MAX_OCCURRENCES occurrences.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_OCCURRENCES = 520  # ten years of a weekly meeting


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event, in local time."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def date(self) -> datetime.date:
        return self.starts_at.date()


def _strip(value: str) -> str:
    value = value.strip()
    return value[6:] if value[:6].upper() == "RRULE:" else value


def _naive_local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(local_zone()).replace(tzinfo=None)


def _rule(value: str, first_start: datetime.datetime) -> rrule:
    """The rule as dateutil reads it, anchored at the first start in naive local time.

    UNTIL in UTC (as RFC 5545 asks when DTSTART has a time zone) is turned into local time,
    because dateutil compares it with the naive local starts.
    """
    parts = []
    for part in _strip(value).split(";"):
        key, _sep, setting = part.partition("=")
        if key.upper() == "UNTIL" and setting.upper().endswith("Z"):
            until = datetime.datetime.strptime(setting[:-1], "%Y%m%dT%H%M%S").replace(
                tzinfo=datetime.UTC
            )
            setting = _naive_local(until).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key}={setting}")
    rule = rrulestr(";".join(parts), dtstart=_naive_local(first_start), forceset=False)
    if not isinstance(rule, rrule):  # pragma: no cover - rrulestr returns a set only if asked
        raise ValueError("not a single rule")
    return rule


def normalise_rule(value: str) -> str:
    """The rule as calendar files need it: upper-case, without "RRULE:", UNTIL in UTC.

    RFC 5545 wants UNTIL in UTC when DTSTART carries a time zone; a date alone means the end of
    that local day.
    """
    parts = []
    for part in _strip(value).split(";"):
        if not part:
            continue
        key, _sep, setting = part.partition("=")
        key, setting = key.strip().upper(), setting.strip().upper()
        if key == "UNTIL" and not setting.endswith("Z"):
            try:
                if len(setting) == 8:
                    naive = datetime.datetime.strptime(setting, "%Y%m%d").replace(  # noqa: DTZ007
                        hour=23, minute=59, second=59
                    )
                else:
                    naive = datetime.datetime.strptime(setting, "%Y%m%dT%H%M%S")  # noqa: DTZ007
            except ValueError:
                pass  # validate_rule explains what is wrong
            else:
                until = naive.replace(tzinfo=local_zone()).astimezone(datetime.UTC)
                setting = until.strftime("%Y%m%dT%H%M%SZ")
        parts.append(f"{key}={setting}")
    return ";".join(parts)


def validate_rule(value: str, first_start: datetime.datetime) -> None:
    """Raise a ValidationError with a sentence for the organiser when the rule cannot be used."""
    if not value:
        return
    upper = value.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise ValidationError(
            _(
                "A repeating event needs an end: give the date of the last time or how many "
                "times it takes place."
            ),
            code="endless",
        )
    try:
        rule = _rule(value, first_start)
    except (ValueError, TypeError, KeyError):
        raise ValidationError(
            _("The repetition rule could not be read. Check its spelling (RFC 5545 RRULE)."),
            code="invalid",
        ) from None
    count = 0
    for start in rule:
        if count == 0 and start != _naive_local(first_start):
            # RFC 5545 leaves a series whose first date the rule skips undefined; calendar apps
            # then disagree about it, so the first date must be one of the rule's.
            raise ValidationError(
                _(
                    "The first date is not one of the series' dates. Choose the weekdays or the "
                    "day of the month so that they include the first date."
                ),
                code="not_first",
            )
        count += 1
        if count > MAX_OCCURRENCES:
            raise ValidationError(
                _("A series may have at most %(max)s dates. End it earlier.")
                % {"max": MAX_OCCURRENCES},
                code="too_many",
            )
    if count == 0:
        raise ValidationError(
            _("The repetition rule gives no date. Check its end."), code="no_dates"
        )


def _localise(naive: datetime.datetime) -> datetime.datetime:
    # fold=0: an ambiguous autumn hour is its first (summer time) instance; a time that does not
    # exist in spring is shifted forward by the zone, as calendar clients do.
    return naive.replace(tzinfo=local_zone())


def occurrences(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    rule: str = "",
    exdates: list[str] | tuple[str, ...] = (),
    window_start: datetime.datetime | None = None,
    window_end: datetime.datetime | None = None,
) -> list[Occurrence]:
    """The occurrences that overlap [window_start, window_end), in local time.

    Without a window, every occurrence of the series.
    """
    duration = ends_at - starts_at
    if not rule:
        starts = [_naive_local(starts_at)]
    else:
        starts = list(_rule(rule, starts_at))
    skipped = set(exdates)
    result = []
    for naive_start in starts:
        if naive_start.date().isoformat() in skipped:
            continue
        start = _localise(naive_start)
        # The duration is kept in wall-clock terms too: 18:00-20:00 on the night the clocks
        # change is still 18:00-20:00.
        end = _localise(naive_start + duration)
        if window_end is not None and start >= window_end:
            continue
        if window_start is not None and end <= window_start:
            continue
        result.append(Occurrence(start, end))
    return result


def series_end(
    *, starts_at: datetime.datetime, ends_at: datetime.datetime, rule: str, exdates=()
) -> datetime.datetime:
    """When the last occurrence ends (the first one's end for a single event)."""
    if not rule:
        return ends_at
    dates = occurrences(starts_at=starts_at, ends_at=ends_at, rule=rule, exdates=exdates)
    return dates[-1].ends_at if dates else ends_at


def rule_parts(rule: str) -> dict[str, str]:
    """The rule's parts by name ({"FREQ": "WEEKLY", "BYDAY": "TU,TH", ...}), for the event form."""
    parts = {}
    for part in _strip(rule).split(";"):
        key, _sep, value = part.partition("=")
        if key:
            parts[key.upper()] = value
    return parts
