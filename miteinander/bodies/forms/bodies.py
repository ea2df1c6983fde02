"""Forms of bodies, memberships and the town's meeting places and electoral terms.

Each form edits an unsaved (or stored) instance that already carries its town, so the model's
own checks run while the form validates; the view then hands the instance to the service.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import FieldOfAction
from miteinander.municipalities.models import Membership
from miteinander.network.models import ContactPerson, Organisation

from ..models import Body, BodyKind, BodyMembership, LegislativeTerm, Location

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TownModelForm(forms.ModelForm):
    """Selects of related rows offer the town's rows only."""

    town_scoped: dict = {}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        for name, model in self.town_scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.for_municipality(municipality)


class BodyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *BodyKind.choices]
    )

    def kind_filter(self) -> str:
        return self.cleaned_data["kind"] if self.is_valid() else ""


class BodyForm(TownModelForm):
    town_scoped = {"field_of_action": FieldOfAction, "parent": Body, "location": Location}

    class Meta:
        model = Body
        fields = [
            "name", "short_name", "kind", "purpose", "is_public", "field_of_action", "parent",
            "location", "website", "starts_on", "ends_on",
        ]  # fmt: skip
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


def person_label(person: ContactPerson) -> str:
    return f"{person.name} ({person.organisation.name})"


def account_label(user) -> str:
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class MembershipForm(TownModelForm):
    town_scoped = {"person": ContactPerson, "organisation": Organisation}

    class Meta:
        model = BodyMembership
        fields = [
            "person", "organisation", "user", "role", "has_voting_right", "represents",
            "starts_on", "ends_on", "name_is_public",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {
            "person": _(
                "A contact person of the network. Choose a person, an organisation or both."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.queryset = person.queryset.select_related("organisation").order_by("name")
        person.label_from_instance = person_label
        # Only people with a role in this town can hold the account of a membership.
        in_town = Membership.objects.for_municipality(self.municipality).values("user_id")
        user = self.fields["user"]
        user.queryset = get_user_model().objects.filter(pk__in=in_town)
        user.label_from_instance = account_label


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "description", "room", "street", "postcode", "city", "latitude", "longitude",
        ]  # fmt: skip
        help_texts = {
            "latitude": _("Decimal degrees, e.g. 49.680800. Give both coordinates or neither."),
        }


class LegislativeTermForm(forms.ModelForm):
    class Meta:
        model = LegislativeTerm
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
