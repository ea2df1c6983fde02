from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.core.languages import LANGUAGE_CHOICES

from .models import (
    ActorGroup,
    Alliance,
    ContactPerson,
    FieldOfWork,
    Format,
    Organisation,
    Staffing,
    TargetGroup,
)


class _TownForm(forms.ModelForm):
    """A model form whose choices of related rows come from one town only."""

    town_scoped = {}  # field name -> model

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        for name, model in self.town_scoped.items():
            if name in self.fields:
                queryset = model.objects.for_municipality(municipality)
                if name == "parent" and self.instance.pk:
                    queryset = queryset.exclude(pk=self.instance.pk)
                self.fields[name].queryset = queryset


class OrganisationForm(_TownForm):
    """All fields: what coordination keeps."""

    languages = forms.MultipleChoiceField(
        label=_("Languages they work in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    town_scoped = {
        "parent": Organisation,
        "fields_of_work": FieldOfWork,
        "amplifier_for": TargetGroup,
    }

    class Meta:
        model = Organisation
        fields = [
            "name", "actor_group", "parent", "fields_of_work", "staffing", "street", "postcode",
            "city", "website", "languages", "notes", "is_public", "amplifier_for",
        ]  # fmt: skip
        widgets = {
            "fields_of_work": forms.CheckboxSelectMultiple,
            "amplifier_for": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.for_municipality(self.municipality).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        existing = clash.first()
        if existing is not None:
            raise forms.ValidationError(
                _("This town already has an organisation called “%(name)s”."),
                params={"name": existing.name},
            )
        return name


class PartnerOrganisationForm(OrganisationForm):
    """What a network partner keeps of their own organisation; coordination classifies it."""

    class Meta(OrganisationForm.Meta):
        fields = [
            "name", "fields_of_work", "staffing", "street", "postcode", "city", "website",
            "languages", "notes",
        ]  # fmt: skip


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "email", "phone", "consent_given_on", "consent_purpose"]
        widgets = {"consent_given_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given_on") and not cleaned.get("consent_purpose"):
            self.add_error("consent_purpose", _("Record what the person consented to."))
        if cleaned.get("consent_purpose") and not cleaned.get("consent_given_on"):
            self.add_error("consent_given_on", _("Enter the date the person gave consent."))
        return cleaned


class FormatForm(forms.ModelForm):
    class Meta:
        model = Format
        fields = ["name", "kind", "frequency", "description"]
        widgets = {
            "frequency": forms.TextInput(attrs={"list": "frequency-suggestions"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AllianceForm(_TownForm):
    town_scoped = {"coordinator": Organisation}

    class Meta:
        model = Alliance
        fields = ["name", "description", "coordinator", "founded_on", "is_public"]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class AllianceMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    member_since = forms.DateField(
        label=_("Member since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_municipality(
            alliance.municipality_id
        ).exclude(alliances=alliance)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    actor_group = forms.ChoiceField(
        label=_("Actor group"), required=False, choices=[("", _("All")), *ActorGroup.choices]
    )
    field_of_work = forms.ModelChoiceField(
        label=_("Field of work"),
        required=False,
        queryset=FieldOfWork.objects.none(),
        empty_label=_("All"),
    )
    staffing = forms.ChoiceField(
        label=_("Staffing"), required=False, choices=[("", _("All")), *Staffing.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *LANGUAGE_CHOICES]
    )
    alliance = forms.ModelChoiceField(
        label=_("Alliance"), required=False, queryset=Alliance.objects.none(), empty_label=_("All")
    )
    amplifier_for = forms.ModelChoiceField(
        label=_("Amplifier for"),
        required=False,
        queryset=TargetGroup.objects.none(),
        empty_label=_("All"),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_work"].queryset = FieldOfWork.objects.for_municipality(municipality)
        self.fields["alliance"].queryset = Alliance.objects.for_municipality(municipality)
        self.fields["amplifier_for"].queryset = TargetGroup.objects.for_municipality(municipality)


class VocabularyEntryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
