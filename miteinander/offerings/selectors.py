"""Reads of the offerings directory, shared by the public pages, the workspace and the API.

Every function takes the town explicitly. A page of the directory costs the same four queries
however many offerings a town has: the facets (count per kind, which also gives the total), the
page's rows, their translations, and which of them are open now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from miteinander.network.models import TargetGroup

from . import search
from .hours import open_now_q
from .models import District, Offering, OfferingKind, OfferingTranslation

GERMAN = "de"


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor narrows the directory by; empty lists mean "any"."""

    query: str = ""
    kinds: tuple[int, ...] | list[int] = field(default_factory=tuple)
    target_groups: tuple[int, ...] | list[int] = field(default_factory=tuple)
    languages: tuple[str, ...] | list[str] = field(default_factory=tuple)
    districts: tuple[int, ...] | list[int] = field(default_factory=tuple)
    free_only: bool = False
    open_now: bool = False
    meeting_places_only: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.query.strip() or self.kinds or self.target_groups or self.languages
            or self.districts or self.free_only or self.open_now or self.meeting_places_only
        )  # fmt: skip


def _language(language: str | None) -> str:
    return (language or get_language() or GERMAN).lower()


def _filtered(
    *, municipality, filters: DirectoryFilters, at: datetime.datetime, skip_kinds: bool = False
) -> QuerySet[Offering]:
    queryset = Offering.objects.for_municipality(municipality).published(on=timezone.localdate(at))
    if filters.kinds and not skip_kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.target_groups:
        # EXISTS instead of a join, so an offering for two chosen groups is listed once.
        through = Offering.target_groups.through
        queryset = queryset.filter(
            Exists(
                through.objects.filter(
                    offering=OuterRef("pk"), targetgroup__in=filters.target_groups
                )
            )
        )
    if filters.languages:
        # A JSON list of codes; matching the quoted code in its text works on both databases
        # (`contains` on JSON is PostgreSQL-only).
        any_language = Q()
        for code in filters.languages:
            any_language |= Q(languages__icontains=f'"{code}"')
        queryset = queryset.filter(any_language)
    if filters.districts:
        queryset = queryset.filter(district__in=filters.districts)
    if filters.free_only:
        queryset = queryset.filter(is_free=True)
    if filters.meeting_places_only:
        queryset = queryset.filter(kind__is_meeting_place=True)
    if filters.open_now:
        queryset = queryset.filter(open_now_q(municipality=municipality, at=at))
    if filters.query.strip():
        queryset = search.search_offerings(queryset, filters.query.strip())
    else:
        queryset = queryset.order_by("title", "id")
    return queryset


def offerings_directory(
    *,
    municipality,
    filters: DirectoryFilters = DirectoryFilters(),
    at: datetime.datetime | None = None,
    language: str | None = None,
) -> QuerySet[Offering]:
    """The town's published offerings, searched and filtered, ready for the directory's list.

    Each row carries `visitor_translations`: the translation into `language` (default the
    active one) as a list of at most one. Whether a row is open now is not part of the query
    (it would be worked out for every matching row before sorting); ask `open_now_ids` for the
    rows of a page.
    """
    at = at or timezone.now()
    return _for_listing(_filtered(municipality=municipality, filters=filters, at=at), language)


def _for_listing(queryset: QuerySet[Offering], language: str | None) -> QuerySet[Offering]:
    return queryset.select_related("provider", "kind", "district", "municipality").prefetch_related(
        Prefetch(
            "translations",
            queryset=OfferingTranslation.objects.filter(language=_language(language)),
            to_attr="visitor_translations",
        )
    )


def directory_results(
    *, municipality, filters: DirectoryFilters, at: datetime.datetime, language: str | None = None
) -> tuple[QuerySet[Offering], DirectoryFacets]:
    """The directory's list and its counts per kind, searching only once for both."""
    matching = _filtered(municipality=municipality, filters=filters, at=at, skip_kinds=True)
    listing = matching.filter(kind__in=filters.kinds) if filters.kinds else matching
    return _for_listing(listing, language), _facets(matching, filters)


def open_now_ids(*, municipality, offerings, at: datetime.datetime | None = None) -> set[int]:
    """Which of `offerings` (a page of them) are open at `at`, in one query."""
    ids = [offering.pk for offering in offerings]
    if not ids:
        return set()
    return set(
        Offering.objects.for_municipality(municipality)
        .filter(open_now_q(municipality=municipality, at=at or timezone.now()), pk__in=ids)
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class DirectoryFacets:
    """How many offerings the filters find, in all and per kind (other filters as they are)."""

    total: int
    kinds: dict[int, int]


def _facets(matching: QuerySet[Offering], filters: DirectoryFilters) -> DirectoryFacets:
    """The result count and the count per kind, from one grouped query.

    `matching` is filtered by everything but the kind, so a visitor sees what choosing another
    kind would give; the total is then the sum over the chosen kinds.
    """
    rows = matching.order_by().values("kind").annotate(count=Count("pk"))
    kinds = {row["kind"]: row["count"] for row in rows}
    chosen = set(filters.kinds) if filters.kinds else kinds.keys()
    return DirectoryFacets(sum(kinds.get(kind, 0) for kind in chosen), kinds)


def offering_public(*, municipality, pk: int, language: str | None = None) -> Offering:
    """One published offering with everything its public page shows (raises DoesNotExist)."""
    language = _language(language)
    return (
        Offering.objects.for_municipality(municipality)
        .published()
        .select_related("provider", "kind", "district", "field_of_action", "municipality")
        .prefetch_related(
            "target_groups",
            "opening_hours",
            "exceptions",
            "sessions",
            Prefetch(
                "translations",
                queryset=OfferingTranslation.objects.filter(language=language),
                to_attr="visitor_translations",
            ),
        )
        .get(pk=pk)
    )


# --- Text in the visitor's language -----------------------------------------------------------
@dataclass(frozen=True)
class OfferingText:
    """Title and description as shown to a visitor, with the language each is in."""

    title: str
    title_lang: str
    description: str
    description_lang: str
    language: str

    @property
    def is_fallback(self) -> bool:
        """The visitor's language is not German and the offering's text is not in it."""
        return self.language != GERMAN and self.title_lang == GERMAN


def offering_text(offering: Offering, language: str | None = None) -> OfferingText:
    """The offering's text in `language` where it has a translation, German otherwise.

    Uses the `visitor_translations` the selectors above prefetch when present.
    """
    language = _language(language)
    if language == GERMAN:
        translation = None
    elif hasattr(offering, "visitor_translations"):
        translation = next(
            (t for t in offering.visitor_translations if t.language == language), None
        )
    else:
        translation = offering.translations.filter(language=language).first()
    if translation is None:
        return OfferingText(offering.title, GERMAN, offering.description, GERMAN, language)
    description, description_lang = translation.description, language
    if not description and offering.description:
        description, description_lang = offering.description, GERMAN
    return OfferingText(translation.title, language, description, description_lang, language)


@dataclass(frozen=True)
class DirectoryEntry:
    offering: Offering
    text: OfferingText
    is_open_now: bool = False


def directory_entries(
    offerings, *, municipality, language: str | None = None, at=None
) -> list[DirectoryEntry]:
    """A page of offerings with their text in the visitor's language and whether they are open."""
    offerings = list(offerings)
    open_now = open_now_ids(municipality=municipality, offerings=offerings, at=at)
    return [DirectoryEntry(o, offering_text(o, language), o.pk in open_now) for o in offerings]


def map_markers(entries: list[DirectoryEntry]) -> list[dict]:
    """Coordinates, title and address of the entries that have coordinates, for the map."""
    return [
        {
            "lat": float(entry.offering.latitude),
            "lng": float(entry.offering.longitude),
            "title": entry.text.title,
            "lang": entry.text.title_lang,
            "url": entry.offering.get_public_url(),
        }
        for entry in entries
        if entry.offering.latitude is not None and entry.offering.longitude is not None
    ]


# --- Vocabularies for the filters -------------------------------------------------------------
def kinds(*, municipality) -> QuerySet[OfferingKind]:
    return OfferingKind.objects.for_municipality(municipality)


def districts(*, municipality) -> QuerySet[District]:
    return District.objects.for_municipality(municipality)


def target_groups(*, municipality) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.for_municipality(municipality)
