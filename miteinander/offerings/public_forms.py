"""The public directory's filter form: a plain GET form that works without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from miteinander.core.languages import LANGUAGE_CHOICES
from miteinander.core.widgets import Select
from miteinander.network.models import TargetGroup

from . import selectors
from .models import District, OfferingKind
from .selectors import DirectoryFilters


class KindChoiceField(forms.ModelChoiceField):
    """Kinds of offering, each with the number of results it would show when counts are set."""

    counts: dict[int, int] | None = None

    def label_from_instance(self, obj):
        if self.counts is None:
            return obj.name
        return f"{obj.name} ({self.counts.get(obj.pk, 0)})"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = KindChoiceField(
        label=_("Kind of offering"),
        required=False,
        queryset=OfferingKind.objects.none(),
        empty_label=_("All"),
        widget=Select,
    )
    target_group = forms.ModelChoiceField(
        label=_("For whom"),
        required=False,
        queryset=TargetGroup.objects.none(),
        empty_label=_("All"),
        widget=Select,
    )
    language = forms.ChoiceField(
        label=_("Language offered"),
        required=False,
        choices=[("", _("All")), *LANGUAGE_CHOICES],
        widget=Select,
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("All"),
        widget=Select,
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    meeting_places = forms.BooleanField(label=_("Meeting places only"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = selectors.kinds(municipality=municipality)
        self.fields["target_group"].queryset = selectors.target_groups(municipality=municipality)
        districts = selectors.districts(municipality=municipality)
        if districts.exists():
            self.fields["district"].queryset = districts
        else:
            del self.fields["district"]

    def set_kind_counts(self, counts: dict[int, int]) -> None:
        self.fields["kind"].counts = counts

    def filters(self) -> DirectoryFilters:
        """The valid part of what was sent; an invalid field (a stale link) filters nothing."""
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def ids(name):
            return (data[name].pk,) if data.get(name) else ()

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
