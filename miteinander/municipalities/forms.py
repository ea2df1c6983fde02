from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.network.models import Organisation

from .models import Role


class _RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for network partners: the organisation whose entries they keep."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_municipality(municipality)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.NETWORK_PARTNER and not cleaned.get("organisation"):
            self.add_error(
                "organisation", _("Choose the organisation this network partner edits for.")
            )
        elif cleaned.get("role") != Role.NETWORK_PARTNER:
            cleaned["organisation"] = None
        return cleaned


class MembershipCreateForm(_RoleFields):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("A person without an account gets an invitation to choose a password."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "role", "organisation"]


class MembershipChangeForm(_RoleFields):
    pass


class TeamFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
