"""Narrowing a queryset of offerings to those matching a search query."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.lookups import Exact

from ..models import Offering
from .analysis import analyse_query, is_typo_candidate, minimal_prefixes, prefixes
from .backends import Relevance, backend_for

# Words shorter than this are not corrected: one edit in a four-letter German word usually
# makes another word (Haus, Hals, Hans, Laus, Maus), so "corrections" would mostly add noise.
MIN_TYPO_LENGTH = 5


def search_offerings(queryset: QuerySet, query: str) -> QuerySet:
    """The offerings of `queryset` that match every word of `query`, best matches first.

    `queryset` holds offerings of one town (`Offering.objects.for_municipality(town)`, filtered
    as the caller likes); the result is a queryset again, to filter, count and slice further.
    Each word matches as a prefix of the indexed words or their stems. A word with no such match
    in the town, if it has at least MIN_TYPO_LENGTH letters, is taken for a typo: the beginnings
    of the town's terms one edit away from it stand in for it. A query without searchable words
    (empty, only punctuation, only words like "und" or "für") leaves `queryset` as it is.

    The result is ordered by relevance (annotated as `search_rank`, see backends.Relevance),
    then title. Clear that ordering with `.order_by()` before `.values(...).annotate(...)`.
    """
    words = analyse_query(query or "")
    if not words:
        return queryset
    town_id = _town_id(queryset)
    if town_id is None:
        return queryset.none()
    backend = backend_for(queryset.db)
    groups = []
    for word in words:
        matches_with = word.prefixes
        if not backend.any_term_starts_with(town_id, matches_with):
            matches_with = _corrections(backend, town_id, word.forms)
        if not matches_with:
            return queryset.none()
        groups.append(matches_with)
    matching = backend.match(queryset, town_id, groups)
    return matching.annotate(search_rank=Relevance(groups)).order_by("-search_rank", "title", "pk")


def typo_corrections(backend, town_id: int, form: str) -> set[str]:
    """What a single typo in `form` could have been made of: beginnings of the town's terms."""
    if len(form) < MIN_TYPO_LENGTH:
        return set()
    intended = backend.typo_prefixes(town_id, form)
    return {string for string in intended if is_typo_candidate(form, string)}


def _corrections(backend, town_id: int, forms) -> tuple[str, ...]:
    """The prefixes to match instead of a word the town has no term for."""
    intended = set().union(*(typo_corrections(backend, town_id, form) for form in forms))
    # Each correction is then treated like the word the user meant to type.
    return minimal_prefixes(prefix for word in intended for prefix in prefixes(word))


def _town_id(queryset: QuerySet) -> int | None:
    """The town the queryset is narrowed to, from its filter or else from its rows."""
    where = queryset.query.where
    municipality = Offering._meta.get_field("municipality")
    if where.connector == "AND" and not where.negated:
        for child in where.children:
            if (
                isinstance(child, Exact)
                and getattr(child.lhs, "target", None) == municipality
                and isinstance(child.rhs, int)
            ):
                return child.rhs
    town_ids = list(queryset.order_by().values_list("municipality_id", flat=True).distinct()[:2])
    if len(town_ids) > 1:
        raise ValueError("search_offerings() searches the offerings of one town at a time.")
    return town_ids[0] if town_ids else None
