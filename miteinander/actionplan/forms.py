from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.network.models import ContactPerson, Organisation, TargetGroup

from .models import (
    FieldOfAction,
    FundingSource,
    Goal,
    Guideline,
    Indicator,
    Measure,
    MeasureStatus,
    Recommendation,
)
from .selectors import MeasureFilters


class _TownModelForm(forms.ModelForm):
    """Choices of related rows come from one town only."""

    town_scoped: dict = {}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        for name, model in self.town_scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.for_municipality(municipality)


class MeasureForm(_TownModelForm):
    town_scoped = {
        "goal": Goal,
        "responsible_organisation": Organisation,
        "responsible_person": ContactPerson,
        "partners": Organisation,
        "target_groups": TargetGroup,
        "recommendations": Recommendation,
    }

    class Meta:
        model = Measure
        fields = [
            "goal", "number", "title", "description", "responsible_organisation",
            "responsible_person", "partners", "target_groups", "reachability_focus",
            "working_group", "starts_on", "ends_on", "budget", "funding_source", "status",
            "progress", "recommendations", "is_published", "report_due_on",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "recommendations": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "report_due_on": forms.DateInput(attrs={"type": "date"}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.select_related(
            "field_of_action"
        )
        self.fields["goal"].label_from_instance = lambda g: f"{g.field_of_action} – {g.title}"
        self.fields["responsible_person"].queryset = self.fields[
            "responsible_person"
        ].queryset.select_related("organisation")
        self.fields["responsible_person"].label_from_instance = lambda p: (
            f"{p.name} ({p.organisation})"
        )


class ProgressReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress in percent"),
        min_value=0,
        max_value=100,
        error_messages={"max_value": _("Progress cannot be more than 100 percent.")},
    )
    note = forms.CharField(
        label=_("Short note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened since the last report, what is next."),
    )  # fmt: skip

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}{unit}", required=False, max_digits=12, decimal_places=2
            )
        if self.indicators:
            self.fields["measured_on"] = forms.DateField(
                label=_("Date of the figures"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self):
        cleaned = super().clean()
        has_values = any(
            cleaned.get(f"indicator_{indicator.pk}") is not None for indicator in self.indicators
        )
        if has_values and not cleaned.get("measured_on"):
            self.add_error("measured_on", _("Enter the date the figures refer to."))
        return cleaned

    def indicator_values(self):
        date = self.cleaned_data.get("measured_on")
        return [
            (indicator, self.cleaned_data[f"indicator_{indicator.pk}"], date)
            for indicator in self.indicators
            if self.cleaned_data.get(f"indicator_{indicator.pk}") is not None
        ]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = Guideline
        fields = ["title", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class FieldOfActionForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ["name", "code", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GoalForm(_TownModelForm):
    town_scoped = {"field_of_action": FieldOfAction}

    class Meta:
        model = Goal
        fields = ["field_of_action", "title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RecommendationForm(_TownModelForm):
    town_scoped = {"field_of_action": FieldOfAction}

    class Meta:
        model = Recommendation
        fields = ["title", "text", "source", "field_of_action"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class MeasureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MeasureStatus.choices]
    )
    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"), required=False, queryset=FieldOfAction.objects.none(),
        empty_label=_("All"),
    )  # fmt: skip
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), required=False, queryset=Organisation.objects.none(),
        empty_label=_("All"),
    )  # fmt: skip
    target_group = forms.ModelChoiceField(
        label=_("Target group"), required=False, queryset=TargetGroup.objects.none(),
        empty_label=_("All"),
    )  # fmt: skip
    funding_source = forms.ChoiceField(
        label=_("Funding"), required=False, choices=[("", _("All")), *FundingSource.choices]
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.for_municipality(
            municipality
        )
        self.fields["responsible_organisation"].queryset = (
            Organisation.objects.for_municipality(municipality)
            .filter(responsible_for_measures__isnull=False)
            .distinct()
        )
        self.fields["target_group"].queryset = TargetGroup.objects.for_municipality(municipality)

    def filters(self):
        if not self.is_valid():
            return MeasureFilters()
        data = self.cleaned_data
        return MeasureFilters(
            query=data["q"],
            status=data["status"],
            field_of_action=data["field_of_action"].pk if data["field_of_action"] else None,
            responsible_organisation=(
                data["responsible_organisation"].pk if data["responsible_organisation"] else None
            ),
            target_group=data["target_group"].pk if data["target_group"] else None,
            funding_source=data["funding_source"],
        )


class RequestReportsForm(forms.Form):
    due_on = forms.DateField(
        label=_("Report due by"), widget=forms.DateInput(attrs={"type": "date"})
    )
