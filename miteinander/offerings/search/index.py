"""Keeping the index in step with the offerings: one at a time after each write, or in bulk."""

from __future__ import annotations

from itertools import islice

from django.db import connection, transaction

from ..models import Offering, SearchTerm
from .analysis import index_terms
from .backends import backend_for


def _with_relations(queryset):
    return queryset.select_related(
        "kind", "provider", "district", "field_of_action"
    ).prefetch_related("target_groups", "translations")


def _document(offering: Offering) -> tuple[str, str]:
    """The analysed German text and the analysed text of all translations."""
    german = [
        # The title twice: relevance (backends.Relevance) counts occurrences, and a word in
        # the title says more about an offering than one in its description.
        offering.title,
        offering.title,
        offering.description,
        offering.kind.name,
        offering.provider.name,
        *(group.name for group in offering.target_groups.all()),
        offering.district.name if offering.district else "",
        offering.field_of_action.name if offering.field_of_action else "",
        offering.city,
    ]
    other = [
        term
        for translation in offering.translations.all()
        for term in index_terms(
            f"{translation.title} {translation.title} {translation.description}",
            translation.language,
        )
    ]
    return " ".join(index_terms(" ".join(german), "de")), " ".join(other)


def _terms(*texts: str) -> set[str]:
    return {term for text in texts for term in text.split()}


@transaction.atomic
def offering_index(offering: Offering) -> None:
    """Index one offering anew; services call this after every write of an offering."""
    rows = Offering.objects.for_municipality(offering.municipality_id).filter(pk=offering.pk)
    current = _with_relations(rows).get()
    before = _terms(current.search_text_de, current.search_text_other)
    de, other = _document(current)
    rows.update(search_text_de=de, search_text_other=other)
    # A later full save() of this instance must not write the old text back.
    offering.search_text_de, offering.search_text_other = de, other

    backend = backend_for()
    backend.store([(offering.pk, offering.municipality_id, de, other)])
    after = _terms(de, other)
    _add_terms(offering.municipality_id, after)
    _prune_terms(backend, offering.municipality_id, before - after)


@transaction.atomic
def offering_forget(offering: Offering) -> None:
    """Take an offering out of the index; services call this before deleting it."""
    rows = Offering.objects.for_municipality(offering.municipality_id).filter(pk=offering.pk)
    texts = rows.values_list("search_text_de", "search_text_other").first()
    if texts is None:
        return
    rows.update(search_text_de="", search_text_other="")
    offering.search_text_de = offering.search_text_other = ""
    backend = backend_for()
    backend.remove([offering.pk])
    _prune_terms(backend, offering.municipality_id, _terms(*texts))


def _add_terms(town_id: int, terms, batch_size: int = 1000) -> None:
    SearchTerm.objects.bulk_create(
        [SearchTerm(municipality_id=town_id, term=term) for term in terms],
        batch_size=batch_size,
        ignore_conflicts=True,
    )


def _prune_terms(backend, town_id: int, terms: set[str]) -> None:
    """Forget the terms that no offering of the town contains any more.

    Two offerings of one town changed at the same moment on PostgreSQL may leave a term
    missing here although one of them contains it; then only typo tolerance misses it until
    the next `reindex_offerings`.
    """
    unused = terms - backend.terms_in_use(town_id, terms)
    if unused:
        SearchTerm.objects.for_municipality(town_id).filter(term__in=unused).delete()


def offerings_reindex(*, municipality=None, batch_size: int = 1000) -> int:
    """Rebuild the index of one town or of all; returns how many offerings were indexed.

    Each town is rebuilt in a transaction of its own, so searches elsewhere go on meanwhile.
    """
    backend = backend_for()
    if municipality is not None:
        return _reindex_town(backend, municipality.pk, batch_size)
    town_ids = list(
        Offering.objects.all_municipalities()
        .order_by()
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    SearchTerm.objects.all_municipalities().exclude(municipality_id__in=town_ids).delete()
    count = sum(_reindex_town(backend, town_id, batch_size) for town_id in sorted(town_ids))
    backend.tidy()
    return count


@transaction.atomic
def _reindex_town(backend, town_id: int, batch_size: int) -> int:
    backend.clear(town_id)
    SearchTerm.objects.for_municipality(town_id).delete()
    offerings = _with_relations(Offering.objects.for_municipality(town_id)).order_by("pk")
    iterator = offerings.iterator(chunk_size=batch_size)
    terms: set[str] = set()
    count = 0
    while batch := list(islice(iterator, batch_size)):
        rows = [(offering.pk, town_id, *_document(offering)) for offering in batch]
        _update_texts(rows)
        backend.store(rows)
        for _pk, _town, de, other in rows:
            terms |= _terms(de, other)
        count += len(rows)
    _add_terms(town_id, terms, batch_size)
    return count


def _update_texts(rows) -> None:
    """One UPDATE per offering, sent as a batch: far faster than bulk_update's CASE chains."""
    table = connection.ops.quote_name(Offering._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET search_text_de = %s, search_text_other = %s "  # noqa: S608
            "WHERE id = %s AND municipality_id = %s",
            [(de, other, pk, town_id) for pk, town_id, de, other in rows],
        )


def provider_reindex(*, organisation) -> None:
    """The provider's name is part of its offerings' index: index them again after a rename."""
    for offering in Offering.objects.for_municipality(organisation.municipality_id).filter(
        provider=organisation
    ):
        offering_index(offering)
