"""Workspace forms: the offering editor with its schedule rows and translations, settings."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import FieldOfAction
from miteinander.core.languages import LANGUAGE_CHOICES
from miteinander.network.models import Organisation, TargetGroup

from .models import (
    DirectorySettings,
    District,
    Offering,
    OfferingKind,
    OfferingStatus,
    Weekday,
)
from .services import CONTENT_FIELDS, OfferingContent

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class OfferingForm(forms.ModelForm):
    """The offering's own fields. Partners offer for their own organisation only."""

    town_scoped = {
        "provider": Organisation,
        "kind": OfferingKind,
        "field_of_action": FieldOfAction,
        "district": District,
        "target_groups": TargetGroup,
    }

    class Meta:
        model = Offering
        fields = [*CONTENT_FIELDS, "target_groups"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "how_to_register": forms.Textarea(attrs={"rows": 2}),
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple(choices=LANGUAGE_CHOICES),
            "schedule_kind": forms.RadioSelect,
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }

    def __init__(self, *args, municipality, provider_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in self.town_scoped.items():
            self.fields[name].queryset = model.objects.for_municipality(municipality)
        if provider_choices is not None:
            self.fields["provider"].queryset = provider_choices
            if len(provider_choices) == 1:
                self.fields["provider"].initial = provider_choices[0]
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Offered in"),
            choices=LANGUAGE_CHOICES,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=self.fields["languages"].help_text,
        )
        self.fields["title"].error_messages["required"] = _("Give the offering a German title.")


class TranslationForm(forms.Form):
    """Title and description in one platform language (German lives on the offering)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, language: str, language_name: str, **kwargs):
        super().__init__(*args, prefix=f"tr-{language}", **kwargs)
        self.language = language
        self.language_name = language_name
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": "auto"})

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("title"):
            self.add_error("title", _("A translation needs a title as well."))
        return data

    def as_row(self) -> dict | None:
        if not self.cleaned_data.get("title"):
            return None
        return {
            "language": self.language,
            "title": self.cleaned_data["title"],
            "description": self.cleaned_data.get("description", ""),
        }


def _time_field(label, **kwargs):
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time between 00:00 and 23:59, e.g. 09:30.")},
        **kwargs,
    )


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=[("", "–"), *Weekday.choices], coerce=int, required=False
    )
    opens = _time_field(_("Opens"))
    closes = _time_field(_("Closes"))

    def clean(self):
        data = super().clean()
        filled = [data.get(name) not in (None, "") for name in ("weekday", "opens", "closes")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give weekday, opening and closing time."))
        if all(filled) and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data

    def as_row(self) -> dict | None:
        if self.cleaned_data.get("DELETE") or self.cleaned_data.get("weekday") in (None, ""):
            return None
        return {name: self.cleaned_data[name] for name in ("weekday", "opens", "closes")}


class ExceptionForm(forms.Form):
    """Days off the weekly hours: closed, or other hours."""

    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opens = _time_field(_("Opens"), help_text=_("Leave the times empty when closed."))
    closes = _time_field(_("Closes"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if any(data.get(name) for name in ("starts_on", "ends_on", "opens", "closes", "note")):
            if not (starts_on and ends_on):
                raise forms.ValidationError(_("Give the first and the last day."))
            if ends_on < starts_on:
                self.add_error("ends_on", _("The end date lies before the start date."))
        if bool(data.get("opens")) != bool(data.get("closes")):
            self.add_error("closes", _("Give opening and closing time, or neither for “closed”."))
        elif data.get("opens") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data

    def as_row(self) -> dict | None:
        if self.cleaned_data.get("DELETE") or not self.cleaned_data.get("starts_on"):
            return None
        return {
            "starts_on": self.cleaned_data["starts_on"],
            "ends_on": self.cleaned_data["ends_on"],
            "opens": self.cleaned_data.get("opens"),
            "closes": self.cleaned_data.get("closes"),
            "note": self.cleaned_data.get("note", ""),
        }


class SessionForm(forms.Form):
    """One dated session, for offerings without weekly hours."""

    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("starts_at")) != bool(data.get("ends_at")):
            raise forms.ValidationError(_("Give start and end."))
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end lies before the start."))
        return data

    def as_row(self) -> dict | None:
        if self.cleaned_data.get("DELETE") or not self.cleaned_data.get("starts_at"):
            return None
        return {
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
            "note": self.cleaned_data.get("note", ""),
        }


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=3, can_delete=True)
ExceptionFormSet = forms.formset_factory(ExceptionForm, extra=1, can_delete=True)
SessionFormSet = forms.formset_factory(SessionForm, extra=2, can_delete=True)


class OfferingEditor:
    """The offering form with its translations, hours, exceptions and sessions, as one unit."""

    def __init__(self, data=None, *, municipality, offering=None, provider_choices=None):
        self.offering = offering
        self.form = OfferingForm(
            data, instance=offering, municipality=municipality, provider_choices=provider_choices
        )
        existing = {t.language: t for t in offering.translations.all()} if offering else {}
        self.translations = [
            TranslationForm(
                data,
                language=code,
                language_name=name,
                initial=(
                    {"title": existing[code].title, "description": existing[code].description}
                    if code in existing
                    else None
                ),
            )
            for code, name in settings.LANGUAGES
            if code != "de"
        ]
        self.hours = OpeningHoursFormSet(
            data,
            prefix="hours",
            initial=[
                {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
                for h in (offering.opening_hours.all() if offering else [])
            ],
        )
        self.exceptions = ExceptionFormSet(
            data,
            prefix="exceptions",
            initial=list(
                offering.exceptions.values("starts_on", "ends_on", "opens", "closes", "note")
                if offering
                else []
            ),
        )
        self.sessions = SessionFormSet(
            data,
            prefix="sessions",
            initial=list(
                offering.sessions.values("starts_at", "ends_at", "note") if offering else []
            ),
        )

    def is_valid(self) -> bool:
        parts = [self.form, *self.translations, self.hours, self.exceptions, self.sessions]
        return all([part.is_valid() for part in parts])

    @property
    def has_errors(self) -> bool:
        return self.form.is_bound and not self.is_valid()

    def content(self) -> OfferingContent:
        data = self.form.cleaned_data
        return OfferingContent(
            fields={name: data[name] for name in CONTENT_FIELDS if name in data},
            target_groups=list(data.get("target_groups", [])),
            translations=[row for f in self.translations if (row := f.as_row())],
            opening_hours=[row for f in self.hours if (row := f.as_row())],
            exceptions=[row for f in self.exceptions if (row := f.as_row())],
            sessions=[row for f in self.sessions if (row := f.as_row())],
        )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What should the provider change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DirectorySettingsForm(forms.ModelForm):
    class Meta:
        model = DirectorySettings
        fields = [
            "review_required", "tile_url", "tile_attribution", "map_latitude", "map_longitude",
            "map_zoom",
        ]  # fmt: skip


class OfferingKindForm(forms.ModelForm):
    class Meta:
        model = OfferingKind
        fields = ["name", "is_meeting_place", "position"]


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "position"]


class WorkspaceFilterForm(forms.Form):
    """Filters of the workspace list (GET)."""

    STATUS_CHOICES = [("", _("All but archived")), *OfferingStatus.choices]

    q = forms.CharField(label=_("Title contains"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    attention = forms.ChoiceField(
        label=_("Needs attention"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("review", _("Waiting for approval")),
            ("unverified", _("Not verified for a year")),
        ],
    )
    mine = forms.BooleanField(label=_("Only my organisation's"), required=False)
