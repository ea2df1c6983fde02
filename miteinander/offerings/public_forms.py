"""The public directory's filter form: a plain GET form that works without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.core.languages import LANGUAGE_CHOICES
from miteinander.core.widgets import Select

from . import selectors
from .selectors import DirectoryFilters


class TownListField(forms.TypedChoiceField):
    """One entry of a town's list (kinds, target groups, districts), chosen by its id.

    The list is read once per request (`set_entries`) and serves both the options and the
    check of what was sent; a ModelChoiceField would read it again for each.
    """

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(coerce=int, empty_value=None, required=False, widget=Select, **kwargs)
        self.empty_label = empty_label
        self.entries: list = []
        self.counts: dict[int, int] | None = None

    def set_entries(self, entries) -> None:
        self.entries = list(entries)
        self._refresh()

    def set_counts(self, counts: dict[int, int]) -> None:
        """Show next to each entry how many results it would give."""
        self.counts = counts
        self._refresh()

    def _refresh(self) -> None:
        self.choices = [("", self.empty_label)] + [
            (str(entry.pk), self._label(entry)) for entry in self.entries
        ]

    def _label(self, entry) -> str:
        if self.counts is None:
            return entry.name
        return f"{entry.name} ({self.counts.get(entry.pk, 0)})"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = TownListField(label=_("Kind of offering"), empty_label=_("All"))
    target_group = TownListField(label=_("For whom"), empty_label=_("All"))
    language = forms.ChoiceField(
        label=_("Language offered"),
        required=False,
        choices=[("", _("All")), *LANGUAGE_CHOICES],
        widget=Select,
    )
    district = TownListField(label=_("District"), empty_label=_("All"))
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    meeting_places = forms.BooleanField(label=_("Meeting places only"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].set_entries(selectors.kinds(municipality=municipality))
        self.fields["target_group"].set_entries(selectors.target_groups(municipality=municipality))
        districts = list(selectors.districts(municipality=municipality))
        if districts:
            self.fields["district"].set_entries(districts)
        else:
            del self.fields["district"]

    def set_kind_counts(self, counts: dict[int, int]) -> None:
        self.fields["kind"].set_counts(counts)

    def filters(self) -> DirectoryFilters:
        """The valid part of what was sent; an invalid field (a stale link) filters nothing."""
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def ids(name):
            return (data[name],) if data.get(name) is not None else ()

        return DirectoryFilters(
            query=data.get("q") or "",
            kinds=ids("kind"),
            target_groups=ids("target_group"),
            languages=(data["language"],) if data.get("language") else (),
            districts=ids("district"),
            free_only=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            meeting_places_only=bool(data.get("meeting_places")),
        )
