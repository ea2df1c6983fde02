"""Forms of registration, the anonymous self-description, check-in and feedback.

The public forms work without JavaScript. Spam is kept out without third parties: a field that
people never see (`website`), which simple bots fill in.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.core.languages import LANGUAGE_CHOICES, language_label
from miteinander.core.widgets import Select

from .. import diversity
from ..feedback import RATING_CHOICES
from ..models import ComeAgain, Event

DIVERSITY_PREFIX = "diversity_"


def diversity_fields() -> dict[str, forms.ChoiceField]:
    """One optional question per dimension, "Prefer not to say" chosen until someone changes it."""
    return {
        DIVERSITY_PREFIX + dimension: forms.ChoiceField(
            label=label,
            required=False,
            initial="",
            choices=[("", _("Prefer not to say")), *values],
            widget=forms.RadioSelect,
        )
        for dimension, label, values in diversity.dimensions()
    }


class DiversityMixin:
    def diversity_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith(DIVERSITY_PREFIX)]

    def diversity_answers(self) -> dict[str, str]:
        return {
            name.removeprefix(DIVERSITY_PREFIX): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith(DIVERSITY_PREFIX)
        }


class RegistrationForm(DiversityMixin, forms.Form):
    name = forms.CharField(
        label=_("Name or pseudonym"),
        max_length=200,
        help_text=_("A first name or a pseudonym is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the confirmation there, with a link to cancel."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        help_text=_("Only if the organiser should be able to call you, e.g. at short notice."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    interpreting_into = forms.ChoiceField(
        label=_("I need interpreting into"),
        required=False,
        choices=[("", _("No interpreting needed")), *LANGUAGE_CHOICES],
        widget=Select,
    )
    needs_step_free_access = forms.BooleanField(label=_("I need step-free access"), required=False)
    childcare_children = forms.IntegerField(
        label=_("Children for childcare"),
        required=False,
        min_value=0,
        max_value=10,
        help_text=_("How many children should be looked after during the event."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    other_needs = forms.CharField(
        label=_("Anything else we should know"),
        max_length=500,
        required=False,
        help_text=_("E.g. a hearing loop, a place to sit, food you cannot eat."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The spam trap: hidden from people (and screen readers), so only bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.childcare:
            del self.fields["childcare_children"]
        if event.interpreted_languages:
            self.fields["interpreting_into"].help_text = _(
                "Interpreting is planned into: %(languages)s. Ask for another language here too."
            ) % {"languages": ", ".join(language_label(c) for c in event.interpreted_languages)}
        if event.ask_diversity:
            self.fields.update(diversity_fields())

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "interpreting_into": data["interpreting_into"],
            "needs_step_free_access": data["needs_step_free_access"],
            "childcare_children": data.get("childcare_children") or 0,
            "other_needs": data["other_needs"],
            "diversity_answers": self.diversity_answers() if self.event.ask_diversity else None,
        }


class SelfDescriptionForm(DiversityMixin, forms.Form):
    """The kiosk at check-in: the same questions, nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(diversity_fields())


class WalkInForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to just count the person."),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did you like the event overall?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
    )
    liked = forms.CharField(
        label=_("What was good?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improve = forms.CharField(
        label=_("What could be better?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    come_again = forms.ChoiceField(
        label=_("Would you come to an event like this again?"),
        required=False,
        choices=ComeAgain.choices,
        widget=forms.RadioSelect,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
