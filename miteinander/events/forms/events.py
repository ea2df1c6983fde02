"""The event editor: the event's fields, its dates with a repetition builder, its translations.

Dates and times are entered in the town's time zone (Europe/Berlin). The repetition builder
offers the series people plan (every Tuesday, every second week, the second Thursday of each
month ...) and always asks for an end; it compiles to an RFC 5545 rule (see `recurrence`).
Any other rule can be typed in under "another rule". The editor hands the service an
`EventContent`; what the service refuses comes back onto the fields it concerns.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import Measure
from miteinander.core.languages import LANGUAGE_CHOICES
from miteinander.core.widgets import Select
from miteinander.network.models import Organisation, TargetGroup
from miteinander.offerings.forms import TranslationForm
from miteinander.offerings.models import Offering

from .. import recurrence
from ..models import Event, EventFormat, EventKind
from ..services import FORMAT_FIELDS, EventContent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Left-out dates: besides the page language's formats, German and ISO dates are understood.
DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]

# Event fields edited as the model defines them (languages get the shared language list).
MODEL_FIELDS = [
    *(name for name in FORMAT_FIELDS if name not in ("languages", "interpreted_languages")),
    "measure", "registration_closes_at", "target_groups", "co_organisers",
]  # fmt: skip
# What the editor hands to services.event_save.
CONTENT_FIELDS = [
    *FORMAT_FIELDS, "measure", "registration_closes_at",
    "starts_at", "ends_at", "recurrence_rule", "recurrence_exceptions",
]  # fmt: skip

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# The editor's sections in the order of the page (and of the error summary).
FIELDSETS = [
    (_("What"), "", [
        "title", "description", "kind", "organiser", "co_organisers", "target_groups", "measure",
    ]),
    (_("When"), _("Dates and times in German time (Europe/Berlin)."), [
        "starts_on", "starts_time", "ends_time", "ends_on",
    ]),
    (_("Repetition"), "", [
        "repeat", "weekdays", "repeat_ends", "repeat_until", "repeat_count", "exceptions", "rule",
    ]),
    (_("Where"), _(
        "Choose a meeting place from the directory, or give a place with its address, or mark "
        "the event as online."
    ), [
        "meeting_place", "place_name", "street", "postcode", "city", "latitude", "longitude",
        "is_online", "online_url",
    ]),
    (_("Languages, access and cost"), "", [
        "languages", "interpreted_languages", "step_free", "accessibility_notes", "childcare",
        "is_free", "cost", "contact_email",
    ]),
    (_("Registration"), "", [
        "registration_enabled", "capacity", "waiting_list", "registration_closes_at",
        "ask_diversity",
    ]),
    (_("Feedback and ideas wall"), "", ["feedback_enabled", "ideas_enabled", "ideas_question"]),
]  # fmt: skip


class Repeat:
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY_WEEKDAY = "monthly_weekday"
    MONTHLY_DAY = "monthly_day"
    CUSTOM = "custom"

    CHOICES = [
        (NONE, _("Does not repeat")),
        (DAILY, _("Every day")),
        (WEEKLY, _("Every week")),
        (FORTNIGHTLY, _("Every two weeks")),
        (MONTHLY_WEEKDAY, _("Every month on the same weekday (e.g. the second Tuesday)")),
        (MONTHLY_DAY, _("Every month on the same day (e.g. the 15th)")),
        (CUSTOM, _("Another rule (advanced)")),
    ]
    WEEKLY_KINDS = (WEEKLY, FORTNIGHTLY)


ENDS_CHOICES = [("until", _("On a date")), ("count", _("After a number of times"))]
ENDLESS = _(
    "A repeating event needs an end: give the date of the last time or how many times it "
    "takes place."
)


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time of day in the town's time zone."""
    return datetime.datetime.combine(day, time).replace(tzinfo=recurrence.local_zone())


def _monthly_weekday(day: datetime.date) -> str:
    """The BYDAY value for "the same weekday of the month": 2TU; a fifth one is the last (-1)."""
    nth = (day.day - 1) // 7 + 1
    return f"{-1 if nth == 5 else nth}{WEEKDAY_CODES[day.weekday()]}"


def repetition_initial(rule: str, starts_at: datetime.datetime) -> dict:
    """The builder's fields for a stored rule; rules it cannot show go to the advanced field."""
    if not rule:
        return {"repeat": Repeat.NONE}
    first = timezone.localtime(starts_at, recurrence.local_zone()).date()
    parts = recurrence.rule_parts(rule)
    freq, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    count, until = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    byday, bymonthday = parts.pop("BYDAY", None), parts.pop("BYMONTHDAY", None)
    ends: dict = {}
    if count and count.isdigit():
        ends = {"repeat_ends": "count", "repeat_count": int(count)}
    elif until:
        try:
            last = recurrence.normalise_rule(f"UNTIL={until}").partition("=")[2]
            moment = datetime.datetime.strptime(last, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        except ValueError:
            ends = {}
        else:
            ends = {
                "repeat_ends": "until",
                "repeat_until": moment.astimezone(recurrence.local_zone()).date(),
            }
    days = byday.split(",") if byday else []
    simple: dict | None = None
    if parts or not ends:
        simple = None
    elif freq == "DAILY" and interval == "1" and not days and not bymonthday:
        simple = {"repeat": Repeat.DAILY}
    elif freq == "WEEKLY" and interval in ("1", "2") and not bymonthday:
        days = days or [WEEKDAY_CODES[first.weekday()]]
        if set(days) <= set(WEEKDAY_CODES):
            kind = Repeat.WEEKLY if interval == "1" else Repeat.FORTNIGHTLY
            simple = {"repeat": kind, "weekdays": days}
    elif freq == "MONTHLY" and interval == "1":
        if len(days) == 1 and not bymonthday and days[0].lstrip("+") == _monthly_weekday(first):
            simple = {"repeat": Repeat.MONTHLY_WEEKDAY}
        elif not days and bymonthday in (None, str(first.day)):
            simple = {"repeat": Repeat.MONTHLY_DAY}
    if simple is None:
        return {"repeat": Repeat.CUSTOM, "rule": rule}
    return simple | ends


def repetition_summary(rule: str, starts_at: datetime.datetime) -> str:
    """How an event repeats, in words ("Every week on Tuesday, Thursday; 10 times")."""
    if not rule:
        return ""
    initial = repetition_initial(rule, starts_at)
    repeat = initial["repeat"]
    if repeat == Repeat.CUSTOM:
        return rule
    text = str(dict(Repeat.CHOICES)[repeat])
    if repeat in Repeat.WEEKLY_KINDS:
        names = ", ".join(str(WEEKDAYS[WEEKDAY_CODES.index(day)]) for day in initial["weekdays"])
        text = _("%(repeat)s on %(weekdays)s") % {"repeat": text, "weekdays": names}
    if initial.get("repeat_ends") == "count":
        return _("%(repeat)s; %(count)s times") % {"repeat": text, "count": initial["repeat_count"]}
    return _("%(repeat)s; until %(date)s") % {
        "repeat": text,
        "date": date_format(initial["repeat_until"], "SHORT_DATE_FORMAT"),
    }


class EventForm(forms.Form):
    """The event's own fields, its first date and how it repeats."""

    starts_on = forms.DateField(
        label=_("Date"),
        widget=DATE,
        help_text=_("For a repeating event: the first date."),
        error_messages={"required": _("Enter the date of the event.")},
    )
    starts_time = forms.TimeField(
        label=_("Starts at"),
        widget=TIME,
        error_messages={"required": _("Enter the time the event starts.")},
    )
    ends_time = forms.TimeField(
        label=_("Ends at"),
        widget=TIME,
        error_messages={"required": _("Enter the time the event ends.")},
    )
    ends_on = forms.DateField(
        label=_("Ends on another day"),
        widget=DATE,
        required=False,
        help_text=_("Only if the event ends on a later day than it starts, e.g. a weekend camp."),
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=Repeat.CHOICES,
        initial=Repeat.NONE,
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays"),
        choices=[(code, WEEKDAYS[index]) for index, code in enumerate(WEEKDAY_CODES)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “every week” and “every two weeks”; without a tick, the first date's."),
    )
    repeat_ends = forms.ChoiceField(
        label=_("The repetition ends"), choices=ENDS_CHOICES, required=False,
        widget=forms.RadioSelect,
    )  # fmt: skip
    repeat_until = forms.DateField(label=_("Date of the last time"), widget=DATE, required=False)
    repeat_count = forms.IntegerField(
        label=_("Number of times"),
        required=False,
        min_value=2,
        max_value=recurrence.MAX_OCCURRENCES,
        help_text=_("Counting the first date."),
    )
    exceptions = forms.CharField(
        label=_("Dates left out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line, e.g. 24.12.2026 for the holidays."),
    )
    rule = forms.CharField(
        label=_("Rule (RFC 5545)"),
        required=False,
        max_length=300,
        help_text=_(
            "Only with “another rule”: an RRULE such as FREQ=MONTHLY;BYDAY=1MO;COUNT=6. It "
            "must end with COUNT or UNTIL."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Spoken at the event"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpreted_languages = forms.MultipleChoiceField(
        label=_("Interpreted into"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Widgets of the fields taken from the model.
    MODEL_WIDGETS = {
        "kind": Select,
        "organiser": Select,
        "meeting_place": Select,
        "measure": Select,
        "description": forms.Textarea(attrs={"rows": 6}),
        "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        "target_groups": forms.CheckboxSelectMultiple,
        "co_organisers": forms.CheckboxSelectMultiple,
        "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
        "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        "capacity": forms.NumberInput(attrs={"min": 1}),
        "registration_closes_at": forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
        ),
    }

    def __init__(
        self,
        *args,
        municipality,
        organisers=None,
        organiser_required: bool = False,
        organiser_locked: bool = False,
        current: Event | None = None,
        default_duration: datetime.timedelta | None = None,
        **kwargs,
    ):
        """`organisers` narrows whom the person may name as organiser (None: any, or the town
        itself); `organiser_locked` keeps the current one; `default_duration` lets the end
        time be left empty (an event made from a format lasts as long as the format)."""
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Event, fields=MODEL_FIELDS, widgets=self.MODEL_WIDGETS))
        self.order_fields([name for _legend, _hint, names in FIELDSETS for name in names])
        town = municipality
        self.default_duration = default_duration
        self.fields["kind"].queryset = EventKind.objects.for_municipality(town)
        self.fields["kind"].error_messages["required"] = _("Choose what kind of event it is.")
        self.fields["kind"].empty_label = _("Choose a kind")
        self.fields["title"].error_messages["required"] = _("Give the event a German title.")
        self.fields["target_groups"].queryset = TargetGroup.objects.for_municipality(town)
        self.fields["co_organisers"].queryset = Organisation.objects.for_municipality(town)
        self.fields["measure"].queryset = Measure.objects.for_municipality(town)
        self.fields["measure"].help_text = _("The measure of the action plan the event serves.")
        self.fields["measure"].empty_label = _("No measure")
        places = (
            Offering.objects.for_municipality(town).current().filter(kind__is_meeting_place=True)
        )
        # The published ones, and the one an event already has even if it is no longer.
        keep = [current.meeting_place_id] if current and current.meeting_place_id else []
        self.fields["meeting_place"].queryset = places.filter(
            Q(pk__in=places.published().values("pk")) | Q(pk__in=keep)
        ).order_by("title")
        self.fields["meeting_place"].label_from_instance = _place_label
        self.fields["meeting_place"].help_text = _("A meeting place from the directory.")
        self.fields["meeting_place"].empty_label = _("None of the directory")
        organiser = self.fields["organiser"]
        organiser.queryset = (
            organisers if organisers is not None else Organisation.objects.for_municipality(town)
        )
        organiser.empty_label = _("The town itself")
        organiser.required = organiser_required
        organiser.disabled = organiser_locked
        if organiser_required:
            organiser.help_text = _("You add events for your own organisation.")
        organiser.error_messages["required"] = _("Choose the organisation that organises it.")
        if default_duration is not None:
            self.fields["ends_time"].required = False
            hours = default_duration.total_seconds() / 3600
            self.fields["ends_time"].help_text = _(
                "Leave empty to take the format's length (%(hours)s hours)."
            ) % {"hours": f"{hours:g}"}

    def fieldsets(self) -> list[dict]:
        """The page's sections with their bound fields."""
        return [
            {"legend": legend, "hint": hint, "fields": [self[name] for name in names]}
            for legend, hint, names in FIELDSETS
        ]

    # --- Cleaning ---------------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = self._clean_times(cleaned)
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        rule = self._clean_rule(cleaned, starts_at) if starts_at else ""
        cleaned["recurrence_rule"] = rule
        cleaned["recurrence_exceptions"] = self._clean_exceptions(cleaned, starts_at, ends_at, rule)
        return cleaned

    def _clean_times(self, cleaned):
        day, time = cleaned.get("starts_on"), cleaned.get("starts_time")
        if day is None or time is None:
            return None, None
        starts_at = aware(day, time)
        end_day, end_time = cleaned.get("ends_on"), cleaned.get("ends_time")
        if end_time is None:
            if end_day:
                self.add_error("ends_time", _("Enter the time the event ends on that day."))
            elif self.default_duration is not None and "ends_time" not in self.errors:
                return starts_at, starts_at + self.default_duration
            return starts_at, None
        ends_at = aware(end_day or day, end_time)
        if ends_at <= starts_at:
            self.add_error(
                "ends_time",
                _(
                    "The end lies before the start. Check the end time (and the end date if "
                    "the event ends on another day)."
                ),
            )
            return starts_at, None
        return starts_at, ends_at

    def _clean_rule(self, cleaned, starts_at) -> str:
        repeat = cleaned.get("repeat") or Repeat.NONE
        typed = (cleaned.get("rule") or "").strip()
        if typed and repeat != Repeat.CUSTOM:
            self.add_error(
                "rule",
                _("To use this rule, choose “another rule” under “Repeats”, or empty this field."),
            )
            return ""
        if repeat == Repeat.NONE:
            return ""
        if repeat == Repeat.CUSTOM:
            if not typed:
                self.add_error("rule", _("Enter the rule, e.g. FREQ=MONTHLY;BYDAY=1MO;COUNT=6."))
                return ""
            rule = recurrence.normalise_rule(typed)
        else:
            rule = self._built_rule(cleaned, repeat, starts_at)
            if not rule:
                return ""
        try:
            recurrence.validate_rule(rule, starts_at)
        except ValidationError as error:
            self.add_error(self._rule_error_field(repeat, cleaned, error.code), error)
            return ""
        if repeat == Repeat.CUSTOM and not self._starts_the_series(rule, starts_at):
            # Calendar programs count the first date as a date of the series even where the
            # rule would skip it; the event's own dates must agree with them.
            self.add_error(
                "rule",
                _(
                    "The first date is not a date of this rule. Change the first date or the "
                    "rule so that the series starts with it."
                ),
            )
            return ""
        return rule

    @staticmethod
    def _starts_the_series(rule: str, starts_at) -> bool:
        first = recurrence.occurrences(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=1), rule=rule
        )[0]
        return first.starts_at == starts_at

    def _ends(self, cleaned) -> str:
        """How the series ends; a filled-in end counts as chosen when only one is given."""
        ends = cleaned.get("repeat_ends")
        if not ends:
            until, count = cleaned.get("repeat_until"), cleaned.get("repeat_count")
            if until and not count:
                ends = "until"
            elif count and not until:
                ends = "count"
        return ends or ""

    def _built_rule(self, cleaned, repeat: str, starts_at) -> str:
        first = starts_at.date()
        own_day = WEEKDAY_CODES[first.weekday()]
        parts = {
            Repeat.DAILY: ["FREQ=DAILY"],
            Repeat.WEEKLY: ["FREQ=WEEKLY"],
            Repeat.FORTNIGHTLY: ["FREQ=WEEKLY", "INTERVAL=2"],
            Repeat.MONTHLY_WEEKDAY: ["FREQ=MONTHLY", f"BYDAY={_monthly_weekday(first)}"],
            Repeat.MONTHLY_DAY: ["FREQ=MONTHLY", f"BYMONTHDAY={first.day}"],
        }[repeat]
        valid = True
        if repeat in Repeat.WEEKLY_KINDS:
            days = cleaned.get("weekdays") or [own_day]
            if own_day not in days:
                self.add_error(
                    "weekdays",
                    _(
                        "The first date is a %(weekday)s. Tick %(weekday)s as well, or change "
                        "the first date."
                    )
                    % {"weekday": WEEKDAYS[first.weekday()]},
                )
                valid = False
            parts.append("BYDAY=" + ",".join(code for code in WEEKDAY_CODES if code in days))
        ends = self._ends(cleaned)
        if ends == "until":
            until = cleaned.get("repeat_until")
            if until is None:
                if "repeat_until" not in self.errors:
                    self.add_error("repeat_until", _("Enter the date of the last time."))
                return ""
            if until < first:
                self.add_error(
                    "repeat_until",
                    _("The last time lies before the first date. Check both dates."),
                )
                return ""
            parts.append(f"UNTIL={until:%Y%m%d}")
        elif ends == "count":
            count = cleaned.get("repeat_count")
            if count is None:
                if "repeat_count" not in self.errors:
                    self.add_error("repeat_count", _("Enter how many times the event takes place."))
                return ""
            parts.append(f"COUNT={count}")
        else:
            self.add_error("repeat_ends", ENDLESS)
            return ""
        return recurrence.normalise_rule(";".join(parts)) if valid else ""

    def _rule_error_field(self, repeat: str, cleaned, code: str | None = None) -> str:
        """The field that shows what is wrong with the rule."""
        if repeat == Repeat.CUSTOM:
            return "rule"
        if repeat == Repeat.NONE or code == "invalid":
            return "repeat"
        return {"until": "repeat_until", "count": "repeat_count"}.get(
            self._ends(cleaned), "repeat_ends"
        )

    def _clean_exceptions(self, cleaned, starts_at, ends_at, rule: str) -> list[str]:
        text = cleaned.get("exceptions") or ""
        formats = [*get_format("DATE_INPUT_FORMATS"), *DATE_FORMATS]
        days = []
        for line in (part.strip() for part in re.split(r"[\n,;]+", text)):
            if not line:
                continue
            try:
                days.append(forms.DateField(input_formats=formats).clean(line))
            except ValidationError:
                self.add_error(
                    "exceptions",
                    _("“%(value)s” is not a date. Write one date per line, e.g. 24.12.2026.")
                    % {"value": line},
                )
                return []
        if not days:
            return []
        if not rule:
            if (cleaned.get("repeat") or Repeat.NONE) == Repeat.NONE:
                self.add_error(
                    "exceptions",
                    _(
                        "Dates can only be left out of a repeating event. Choose how it "
                        "repeats, or empty this field."
                    ),
                )
            return []
        if starts_at and ends_at:
            series = {
                occurrence.date
                for occurrence in recurrence.occurrences(
                    starts_at=starts_at, ends_at=ends_at, rule=rule
                )
            }
            for day in days:
                if day not in series:
                    self.add_error(
                        "exceptions",
                        _(
                            "%(date)s is not one of the dates of this series. Check the date "
                            "and the repetition."
                        )
                        % {"date": date_format(day, "SHORT_DATE_FORMAT")},
                    )
                    return []
        return sorted({day.isoformat() for day in days})

    # --- Errors of the service --------------------------------------------------------------
    def field_for(self, name: str) -> str | None:
        """The form field that shows a service error about the model field `name`."""
        if name == "recurrence_rule":
            cleaned = getattr(self, "cleaned_data", {})
            return self._rule_error_field(cleaned.get("repeat") or Repeat.NONE, cleaned)
        mapped = {
            "starts_at": "starts_on",
            "ends_at": "ends_time",
            "recurrence_exceptions": "exceptions",
        }.get(name, name)
        return mapped if mapped in self.fields else None


def _place_label(offering: Offering) -> str:
    address = offering.address_line
    return f"{offering.title} ({address})" if address else offering.title


def initial_from_event(event: Event) -> dict:
    """The form's values for an event being edited, in local time."""
    initial = model_to_dict(event, fields=[*MODEL_FIELDS, "languages", "interpreted_languages"])
    start = timezone.localtime(event.starts_at, recurrence.local_zone())
    end = timezone.localtime(event.ends_at, recurrence.local_zone())
    initial |= {
        "starts_on": start.date(),
        "starts_time": start.time().replace(second=0, microsecond=0),
        "ends_time": end.time().replace(second=0, microsecond=0),
        "ends_on": end.date() if end.date() != start.date() else None,
        "exceptions": "\n".join(
            datetime.date.fromisoformat(day).strftime("%d.%m.%Y")
            for day in event.recurrence_exceptions or []
        ),
    }
    initial |= repetition_initial(event.recurrence_rule, event.starts_at)
    return initial


def initial_from_content(content: EventContent, *, with_dates: bool = True) -> dict:
    """The form's values for an event that does not exist yet (made from a format)."""
    names = [*MODEL_FIELDS, "languages", "interpreted_languages"]
    initial = {name: value for name, value in content.fields.items() if name in names}
    initial["target_groups"] = list(content.target_groups)
    initial["co_organisers"] = list(content.co_organisers)
    if with_dates and content.fields.get("starts_at"):
        start = timezone.localtime(content.fields["starts_at"], recurrence.local_zone())
        initial |= {"starts_on": start.date(), "starts_time": start.time()}
    return initial


class EventEditor:
    """The event form with one translation form per platform language, as one unit."""

    def __init__(
        self,
        data=None,
        *,
        municipality,
        event: Event | None = None,
        initial: dict | None = None,
        translations: list[dict] | None = None,
        **form_options,
    ):
        if event is not None and initial is None:
            initial = initial_from_event(event)
        self.form = EventForm(
            data, municipality=municipality, current=event, initial=initial, **form_options
        )
        if translations is None:
            translations = [
                {"language": t.language, "title": t.title, "description": t.description}
                for t in (event.translations.all() if event else [])
            ]
        existing = {row["language"]: row for row in translations}
        self.translations = [
            TranslationForm(
                data,
                language=code,
                language_name=name,
                initial=(
                    {
                        "title": existing[code].get("title", ""),
                        "description": existing[code].get("description", ""),
                    }
                    if code in existing
                    else None
                ),
            )
            for code, name in settings.LANGUAGES
            if code != "de"
        ]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in (self.form, *self.translations)])

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def content(self) -> EventContent:
        data = self.form.cleaned_data
        fields = {name: data[name] for name in CONTENT_FIELDS}
        # In UTC, as the database gives them back: the service compares the values it had with
        # the new ones to tell calendars whether the date moved.
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            if fields[name] is not None:
                fields[name] = fields[name].astimezone(datetime.UTC)
        return EventContent(
            fields=fields,
            target_groups=list(data.get("target_groups") or []),
            co_organisers=list(data.get("co_organisers") or []),
            translations=[row for form in self.translations if (row := form.as_row())],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a refusal of services.event_save at the fields it concerns, else on top."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.form.add_error(self.form.field_for(name), errors)

    def error_summary(self) -> list[dict]:
        """Every message of the editor, each with the id of the field to jump to."""
        rows = [
            {"message": message, "label": "", "anchor": ""}
            for message in self.form.non_field_errors()
        ]
        for form in (self.form, *self.translations):
            for name, messages in form.errors.items():
                if name == NON_FIELD_ERRORS:
                    continue
                bound = form[name]
                anchor = bound.auto_id
                if isinstance(
                    bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
                ):
                    anchor = f"{anchor}_0"
                label = bound.label
                if form is not self.form:
                    label = f"{form.language_name}: {label}"
                rows += [{"message": m, "label": label, "anchor": anchor} for m in messages]
        return rows


class EventFormatForm(forms.ModelForm):
    """Name and description of a format saved from an event."""

    class Meta:
        model = EventFormat
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Give the format a name.")


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the event's page and sent to the people who registered."),
    )


class EventFilterForm(forms.Form):
    """Filters of the workspace list (GET)."""

    WHEN_CHOICES = [
        ("upcoming", _("Upcoming")),
        ("past", _("Past")),
        ("drafts", _("Drafts")),
    ]
    TOWN = "town"

    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=None, required=False, empty_label=_("All kinds"), widget=Select
    )
    organiser = forms.ChoiceField(label=_("Organiser"), required=False, widget=Select)
    mine = forms.BooleanField(label=_("Only my organisation's events"), required=False)

    def __init__(self, *args, municipality, organisers, show_mine: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = EventKind.objects.for_municipality(municipality)
        self.fields["organiser"].choices = [
            ("", _("All organisers")),
            (self.TOWN, _("The town itself")),
            *((str(org.pk), org.name) for org in organisers),
        ]
        if not show_mine:
            del self.fields["mine"]

    def filters(self) -> dict:
        """The valid filters; bad input counts as no filter."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
