"""The public calendar's filters: a plain GET form that works without JavaScript, and how its
choices narrow the events.

Most filters are conditions in the database. Two are checked in Python on the events of the
period shown (at most a few hundred), because the databases differ where it matters: the
languages live in JSON lists (SQLite cannot ask "contains" of them), and the search must ignore
case in every script (SQLite's LIKE folds only ASCII letters, so "ä" would not find "Ä", nor
"д" "Д").
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from miteinander.core.languages import LANGUAGE_CHOICES
from miteinander.core.widgets import Select
from miteinander.network.models import Organisation, TargetGroup
from miteinander.offerings.public_forms import TownListField

from .models import Event, EventKind, EventStatus


@dataclass(frozen=True)
class CalendarFilters:
    """What a visitor narrowed the calendar to; empty values filter nothing."""

    query: str = ""
    kind: int | None = None
    target_group: int | None = None
    language: str = ""
    organiser: int | None = None
    free_only: bool = False
    step_free: bool = False
    childcare: bool = False
    registration_open: bool = False

    @property
    def is_empty(self) -> bool:
        return self == CalendarFilters()

    @property
    def terms(self) -> list[str]:
        return self.query.casefold().split()

    def apply(self, events: QuerySet, *, now, with_kind: bool = True) -> QuerySet:
        """The conditions the database checks; `with_kind=False` leaves the kind open (for the
        counts next to each kind)."""
        if with_kind and self.kind is not None:
            events = events.filter(kind_id=self.kind)
        if self.target_group is not None:
            events = events.filter(target_groups__id=self.target_group)
        if self.organiser is not None:
            events = events.filter(organiser_id=self.organiser)
        if self.free_only:
            events = events.filter(is_free=True)
        if self.step_free:
            events = events.filter(step_free=True)
        if self.childcare:
            events = events.filter(childcare=True)
        if self.registration_open:
            # As Event.registration_is_open: until it closes, or until the (first) start.
            events = events.filter(
                Q(registration_closes_at__gt=now)
                | Q(registration_closes_at__isnull=True, starts_at__gt=now),
                registration_enabled=True,
                status=EventStatus.PUBLISHED,
            )
        return events

    def matches(self, event: Event, *, language: str) -> bool:
        """The conditions checked in Python: language and search term."""
        if self.language and not (
            self.language in event.languages or self.language in event.interpreted_languages
        ):
            return False
        terms = self.terms
        if terms:
            text = searchable_text(event, language=language)
            return all(term in text for term in terms)
        return True


def searchable_text(event: Event, *, language: str) -> str:
    """German title and description, those in `language`, and the organiser's name, casefolded.

    Uses the prefetched translations and the selected organiser (selectors.public_events).
    """
    parts = [event.title, event.description]
    if language != "de":
        parts += [
            value
            for translation in event.translations.all()
            if translation.language == language
            for value in (translation.title, translation.description)
        ]
    if event.organiser_id:
        parts.append(event.organiser.name)
    return "\n".join(parts).casefold()


class CalendarFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Searches titles, descriptions and organisers."),
    )
    kind = TownListField(label=_("Kind of event"), empty_label=_("All"))
    target_group = TownListField(label=_("For whom"), empty_label=_("All"))
    language = forms.ChoiceField(
        label=_("Language (spoken or interpreted)"),
        required=False,
        choices=[("", _("All")), *LANGUAGE_CHOICES],
        widget=Select,
    )
    organiser = TownListField(label=_("Organiser"), empty_label=_("All"))
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    childcare = forms.BooleanField(label=_("Childcare offered"), required=False)
    registration_open = forms.BooleanField(label=_("Registration open"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].set_entries(EventKind.objects.for_municipality(municipality))
        self.fields["target_group"].set_entries(TargetGroup.objects.for_municipality(municipality))
        # Only organisations with public events: the town's whole network would be a long list.
        organisers = (
            Organisation.objects.for_municipality(municipality)
            .filter(organised_events__in=Event.objects.for_municipality(municipality).public())
            .distinct()
            .order_by("name")
        )
        self.fields["organiser"].set_entries(organisers)

    def set_kind_counts(self, counts: dict[int, int]) -> None:
        self.fields["kind"].set_counts(counts)

    def filters(self) -> CalendarFilters:
        """The valid part of what was sent; an invalid field (a stale link) filters nothing."""
        if not self.is_bound:
            return CalendarFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CalendarFilters(
            query=(data.get("q") or "").strip(),
            kind=data.get("kind"),
            target_group=data.get("target_group"),
            language=data.get("language") or "",
            organiser=data.get("organiser"),
            free_only=bool(data.get("free")),
            step_free=bool(data.get("step_free")),
            childcare=bool(data.get("childcare")),
            registration_open=bool(data.get("registration_open")),
        )
