"""Forms of meetings: the meeting itself, session rounds, agenda, attendance, minutes, tasks.

Model forms edit an instance that already carries its town (and its meeting or agenda item), so
the model's own checks run while the form validates; the view hands the instance to a service.
Times are entered as a date and a time of day in the town's time zone (Europe/Berlin).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import Measure
from miteinander.network.models import ContactPerson, Organisation

from ..models import (
    ActionItem,
    AgendaItem,
    AttendanceStatus,
    Decision,
    Location,
    Meeting,
    MeetingSeries,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time of day in the town's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def attach_errors(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None):
    """Show a service's ValidationError on the form: on its field where the form has one."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class MeetingFilterForm(forms.Form):
    WHEN_CHOICES = [
        ("upcoming", _("Upcoming")),
        ("past", _("Past")),
        ("all", _("All")),
    ]

    body = forms.ModelChoiceField(
        label=_("Body"), required=False, queryset=None, empty_label=_("All bodies")
    )
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN_CHOICES)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def filters(self) -> tuple:
        """(body or None, "upcoming" | "past" | "all"); bad input falls back to the default."""
        if not self.is_valid():
            return None, "upcoming"
        return self.cleaned_data["body"], self.cleaned_data["when"] or "upcoming"


class MeetingForm(forms.Form):
    """A meeting's body, title, date and times, place or link, visibility and series."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    name = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("E.g. “12. Sitzung” or “Sitzungsrunde 2”."),
    )
    starts_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends_time = forms.TimeField(label=_("Ends at"), widget=TIME, required=False)
    ends_on = forms.DateField(
        label=_("Ends on another day"),
        widget=DATE,
        required=False,
        help_text=_("Only if the meeting does not end on the day it starts."),
    )
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=None, required=False, empty_label=_("No place (online only)")
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For meetings held online or with online participation."),
    )
    is_public = forms.BooleanField(
        label=_("Public meeting"),
        required=False,
        initial=True,
        help_text=_("Only matters for public bodies; internal bodies always meet internally."),
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=None,
        required=False,
        help_text=_("E.g. the session rounds of a working group."),
    )

    def __init__(self, *args, municipality, bodies, instance: Meeting | None = None, **kwargs):
        self.municipality = municipality
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["location"].queryset = Location.objects.for_municipality(municipality)
        self.fields["series"].queryset = (
            MeetingSeries.objects.for_municipality(municipality)
            .filter(body__in=bodies)
            .select_related("body")
        )
        self.fields["series"].label_from_instance = lambda s: f"{s.body} – {s.name}"

    @staticmethod
    def initial_from(meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.starts_at)
        initial = {
            "body": meeting.body_id,
            "name": meeting.name,
            "starts_on": start.date(),
            "starts_time": start.time().replace(second=0, microsecond=0),
            "location": meeting.location_id,
            "online_url": meeting.online_url,
            "is_public": meeting.is_public,
            "series": meeting.series_id,
        }
        if meeting.ends_at:
            end = timezone.localtime(meeting.ends_at)
            initial["ends_time"] = end.time().replace(second=0, microsecond=0)
            if end.date() != start.date():
                initial["ends_on"] = end.date()
        return initial

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("starts_on"), cleaned.get("starts_time")
        end_day, end_time = cleaned.get("ends_on"), cleaned.get("ends_time")
        if day is None or time is None:
            return cleaned
        cleaned["starts_at"] = aware(day, time)
        cleaned["ends_at"] = None
        if end_day and not end_time:
            self.add_error("ends_time", _("Enter the time the meeting ends on that day."))
        elif end_time:
            cleaned["ends_at"] = aware(end_day or day, end_time)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error(
                    "ends_time",
                    _(
                        "The meeting must end after it starts. Check the end time (and the "
                        "end date if it ends on another day)."
                    ),
                )
        body, series = cleaned.get("body"), cleaned.get("series")
        if body and series and series.body_id != body.pk:
            self.add_error("series", _("Choose a series of the body you chose, or none."))
        return cleaned

    # Model fields that have no field of their own here.
    FIELD_MAP = {"starts_at": "starts_time", "ends_at": "ends_time"}

    def apply(self, meeting: Meeting) -> Meeting:
        """Copy the entered values onto the meeting (not saved)."""
        data = self.cleaned_data
        for name in ("body", "name", "location", "online_url", "is_public", "series"):
            setattr(meeting, name, data[name])
        meeting.starts_at, meeting.ends_at = data["starts_at"], data["ends_at"]
        return meeting


class SeriesForm(forms.Form):
    """A series of session rounds: a number of rounds at a fixed interval, or a list of dates."""

    MAX_ROUNDS = 20
    # Besides the page language's formats, German and ISO dates are always understood.
    DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]

    name = forms.CharField(
        label=_("Name of the series"),
        max_length=200,
        help_text=_("E.g. “Sitzungsrunden 2019”."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_date = forms.DateField(label=_("Date of the first round"), widget=DATE, required=False)
    rounds = forms.IntegerField(
        label=_("Number of rounds"), required=False, min_value=1, max_value=MAX_ROUNDS
    )
    interval_weeks = forms.IntegerField(
        label=_("Weeks between the rounds"), required=False, min_value=1, max_value=52, initial=4
    )
    dates = forms.CharField(
        label=_("Or: the dates of the rounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One date per line, e.g. 14.03.2027. Leave the three fields above empty."),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    duration = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=24 * 60, initial=120
    )
    location = forms.ModelChoiceField(label=_("Place"), queryset=None, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_municipality(municipality)

    def _parse_dates(self, text: str) -> list[datetime.date]:
        days = []
        for line in (part.strip() for part in re.split(r"[\n,;]+", text)):
            if not line:
                continue
            try:
                days.append(
                    forms.DateField(
                        input_formats=[*get_format("DATE_INPUT_FORMATS"), *self.DATE_FORMATS]
                    ).clean(line)
                )
            except ValidationError:
                raise ValidationError(
                    _("“%(value)s” is not a date. Write one date per line, e.g. 14.03.2027."),
                    params={"value": line},
                ) from None
        return days

    def clean(self):
        cleaned = super().clean()
        days = []
        if cleaned.get("dates"):
            try:
                days = self._parse_dates(cleaned["dates"])
            except ValidationError as error:
                self.add_error("dates", error)
                return cleaned
            if len(days) > self.MAX_ROUNDS:
                self.add_error(
                    "dates",
                    _("Plan at most %(count)s rounds at once.") % {"count": self.MAX_ROUNDS},
                )
            elif len(set(days)) != len(days):
                self.add_error("dates", _("Each date can be given only once."))
        elif cleaned.get("first_date") and cleaned.get("rounds"):
            step = datetime.timedelta(weeks=cleaned.get("interval_weeks") or 4)
            days = [cleaned["first_date"] + step * n for n in range(cleaned["rounds"])]
        elif not self.errors:
            self.add_error(
                "first_date",
                _(
                    "Give the date of the first round and the number of rounds, or list the "
                    "dates of all rounds."
                ),
            )
        cleaned["days"] = days
        return cleaned

    def starts(self) -> list[datetime.datetime]:
        return [aware(day, self.cleaned_data["start_time"]) for day in self.cleaned_data["days"]]

    def duration_delta(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.cleaned_data["duration"])


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "is_public", "presenter"]
        help_texts = {
            "number": _("Leave empty to number the items in their order."),
        }


class MinutesForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}


class DecisionForm(forms.ModelForm):
    VOTES = ("votes_for", "votes_against", "abstentions")

    class Meta:
        model = Decision
        fields = ["kind", "text", "votes_for", "votes_against", "abstentions"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "votes_for": forms.NumberInput(attrs={"min": 0}),
            "votes_against": forms.NumberInput(attrs={"min": 0}),
            "abstentions": forms.NumberInput(attrs={"min": 0}),
        }
        help_texts = {
            "votes_for": _("Only if there was a vote: then give all three counts."),
        }

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.VOTES if cleaned.get(name) is not None]
        if given and len(given) < len(self.VOTES):
            for name in self.VOTES:
                if name not in given and name not in self.errors:
                    self.add_error(
                        name,
                        _("Give the votes for, against and the abstentions, or none of them."),
                    )
        return cleaned

    def _post_clean(self):
        # The model repeats the all-or-none rule without naming a field; clean() above has
        # already put it on the missing counts.
        if any(name in self.errors for name in self.VOTES):
            return
        super()._post_clean()


class AttendanceForm(forms.Form):
    """One present/excused/absent choice per member, and guests by name."""

    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line, e.g. the speaker of an external institute."),
    )

    def __init__(self, *args, memberships, recorded: dict, guests: list[str], **kwargs):
        kwargs.setdefault("initial", {})["guests"] = "\n".join(guests)
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[self.key(membership)] = forms.ChoiceField(
                label=membership.member_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=recorded.get(membership.pk),
            )

    @staticmethod
    def key(membership) -> str:
        return f"member_{membership.pk}"

    def rows(self):
        """(membership, bound field) per member, for the table."""
        return [(m, self[self.key(m)]) for m in self.memberships]

    def statuses(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[self.key(m)]
            for m in self.memberships
            if self.cleaned_data.get(self.key(m))
        }

    def guest_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["guests"].splitlines() if line.strip()]


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "title", "agenda_item", "owner_person", "owner_organisation", "due_on", "measure",
            "status",
        ]  # fmt: skip
        widgets = {"due_on": DATE}
        help_texts = {
            "owner_person": _("Choose a person, an organisation or both."),
            "measure": _("If the task serves a measure of the action plan."),
        }

    def __init__(self, *args, municipality, show_all_persons: bool, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance.meeting
        self.fields["agenda_item"].queryset = AgendaItem.objects.for_municipality(
            municipality
        ).filter(meeting=meeting)
        persons = ContactPerson.objects.for_municipality(municipality).select_related(
            "organisation"
        )
        if not show_all_persons:
            # The network's consent rule: without consent only coordination sees a person.
            persons = persons.filter(
                Q(consent_given_on__isnull=False) | Q(pk=self.instance.owner_person_id)
            )
        self.fields["owner_person"].queryset = persons
        self.fields["owner_person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["owner_organisation"].queryset = Organisation.objects.for_municipality(
            municipality
        )
        self.fields["measure"].queryset = Measure.objects.for_municipality(municipality)
        if self.instance.pk is None:
            del self.fields["status"]
