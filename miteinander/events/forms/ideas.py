"""Forms of the ideas wall: posting a card, typing up paper cards, sorting and moderating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.actionplan.models import Goal

from ..ideas import CLUSTER_TITLE_MAX_LENGTH, IDEA_MAX_LENGTH, UNSORTED

# The honeypot's name: a field people never see but form-filling robots like to fill.
HONEYPOT = "website"


def _column_id(value: str | None) -> int | None:
    return None if not value or value == UNSORTED else int(value)


def _textarea(rows: int, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class IdeaPostForm(forms.Form):
    """A participant's card; its length is judged by `ideas.idea_post`."""

    text = forms.CharField(
        label=_("Your idea"),
        strip=False,
        error_messages={"required": _("Write your idea before sending it.")},
        widget=_textarea(5, maxlength=IDEA_MAX_LENGTH),
        help_text=_("At most 500 characters. Please do not write names or contact details."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=forms.TextInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Out of the tab order and of autofill; sighted people never see it (ideas.css).
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class IdeaEditForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the card"),
        strip=False,
        error_messages={"required": _("Write the text of the card.")},
        widget=_textarea(5, maxlength=IDEA_MAX_LENGTH),
        help_text=_("At most 500 characters."),
    )


class PaperCardsForm(forms.Form):
    """Several paper cards typed up at once."""

    text = forms.CharField(
        label=_("Text of the cards"),
        strip=False,
        error_messages={"required": _("Type the text of at least one card, one card per line.")},
        widget=_textarea(8),
        help_text=_(
            "One card per line. When a card has several lines, leave an empty line between "
            "the cards instead."
        ),
    )
    cluster = forms.ChoiceField(
        label=_("Put them into"),
        initial=UNSORTED,
        error_messages={
            "required": _("Choose where the cards go."),
            "invalid_choice": _("This group no longer exists. Choose another one."),
        },
    )

    def __init__(self, *args, column_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = column_choices

    def target(self) -> int | None:
        """The chosen group's id, or None for the unsorted cards."""
        return _column_id(self.cleaned_data.get("cluster"))


class MoveForm(forms.Form):
    """Where a card goes: a column (empty: the unsorted cards) and a place in it."""

    cluster = forms.ChoiceField(
        label=_("Move to"),
        error_messages={
            "required": _("Choose where the card goes."),
            "invalid_choice": _("This group is not on this wall. Reload the board and try again."),
        },
    )
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=1,
        help_text=_("1 is the top; leave empty for the end."),
        error_messages={"min_value": _("Give a position of 1 or more.")},
    )

    def __init__(self, *args, column_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = column_choices
        self.fields["position"].widget.attrs.update({"inputmode": "numeric", "min": 1})

    def target(self) -> int | None:
        """The chosen group's id, or None for the unsorted cards."""
        return _column_id(self.cleaned_data.get("cluster"))

    def index(self) -> int | None:
        """The place from 0, as the services count."""
        position = self.cleaned_data.get("position")
        return None if position is None else position - 1


class ClusterForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the group"),
        max_length=CLUSTER_TITLE_MAX_LENGTH,
        error_messages={
            "required": _("Give the group a title."),
            "max_length": _("Keep the title of the group to 200 characters."),
        },
    )


class ClusterMoveForm(forms.Form):
    position = forms.IntegerField(
        min_value=1, error_messages={"min_value": _("Give a position of 1 or more.")}
    )


class ClusterMeasureForm(forms.Form):
    """Turning a group into a measure: under which goal, with which title and number."""

    goal = forms.ModelChoiceField(
        label=_("Goal of the action plan"),
        queryset=Goal.objects.none(),
        error_messages={
            "required": _("Choose the goal the measure serves."),
            "invalid_choice": _("Choose a goal of this town's action plan."),
        },
    )
    title = forms.CharField(label=_("Title of the measure"), max_length=300)
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("E.g. B-07.")
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        field.queryset = Goal.objects.for_municipality(municipality).select_related(
            "field_of_action"
        )
        field.label_from_instance = lambda goal: f"{goal.field_of_action.name}: {goal.title}"


class WallSettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Use an ideas wall at this event"),
        required=False,
        help_text=_("Participants post their ideas by phone through a QR code."),
    )
    question = forms.CharField(
        label=_("Question on the ideas wall"),
        max_length=200,
        required=False,
        help_text=_("E.g. “What do you wish for in our town?”"),
    )
