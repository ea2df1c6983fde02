"""What differs between SQLite and PostgreSQL: where the analysed text is indexed and how a
prefix is looked up. Both receive the same terms and the same prefix groups, and answer the same.

SQLite keeps the terms of each offering in the FTS5 table `offerings_search` (rowid = offering
id), each term written as "<town id>x<term>": a prefix query then only walks the town's own
terms and documents (0.1-0.5 ms with 50,000 offerings, against 2-36 ms with a town column).

PostgreSQL keeps a tsvector of the two texts in a generated column of the offering row, with a
GIN index (migration 0002_search). Stored, because a plan that filters a town's rows instead of
asking the index would otherwise run to_tsvector on each of them (about 0.2 ms a row), and the
planner, which thinks that function cheap, often chooses such a plan. The 'simple'
configuration splits and lowercases only: the text arrives stemmed by analysis.py.
PostgreSQL's 'german' stemmer is an older Snowball release than the Python one (it stems
"Schueler" to "schuel", the Python one to "schul"), and identical results need one stemmer.

Relevance is computed the same way on both from the stored text (`Relevance`), so the two
databases also agree on the order.
"""

from __future__ import annotations

import json

from django.db import connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from ..models import Offering, SearchTerm
from .analysis import edits1, typo_prefixes

FTS_TABLE = "offerings_search"

# Lowest pg_trgm word_similarity between a word of 5 or more letters and a term that begins
# with a string one edit away from it is 1/6: "abcde" against "bacdex", where the swap spoils
# four of the word's six trigrams and the continuation a fifth (an exhaustive search over short
# words confirms it). Below that, the trigram index returns every term a typo could have meant;
# analysis.typo_prefixes then keeps the real ones.
TRIGRAM_THRESHOLD = 0.15


def backend_for(using: str = "default"):
    vendor = connections[using].vendor
    try:
        return _BACKENDS[vendor](using)
    except KeyError:
        raise NotImplementedError(f"Offering search does not support {vendor}.") from None


class Relevance(Func):
    """How well an offering's stored text matches the prefix groups, higher is better.

    For each query word, n = how often a stored term begins with one of its prefixes (the title
    is stored twice, so title words count double); the word adds 1 - 1 / (n + 1), so matching
    every word weighs more than repeating one. Plain string functions with the same arithmetic
    on both databases, so both order alike.
    """

    output_field = FloatField()

    def __init__(self, groups: list[tuple[str, ...]]):
        super().__init__(F("search_text_de"), F("search_text_other"))
        self.groups = groups

    def as_sql(self, compiler, connection, **extra_context):
        (de, de_params), (other, other_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        text, text_params = f"(' ' || {de} || ' ' || {other})", (*de_params, *other_params)
        words, params = [], []
        for group in self.groups:
            counts = []
            for prefix in group:
                # Occurrences of " prefix" = characters removed / length of " prefix".
                counts.append(f"(LENGTH({text}) - LENGTH(REPLACE({text}, %s, ''))) / %s")
                params += [*text_params, *text_params, " " + prefix, len(prefix) + 1]
            count = " + ".join(counts)
            # In double precision on both databases (PostgreSQL would otherwise use numeric).
            words.append(f"(1.0 - 1.0 / CAST({count} + 1 AS DOUBLE PRECISION))")
        return "(" + " + ".join(words) + ")", params


class _Backend:
    def __init__(self, using: str):
        self.using = using

    def cursor(self):
        return connections[self.using].cursor()

    def terms(self, town_id) -> QuerySet:
        return SearchTerm.objects.using(self.using).for_municipality(town_id)

    def store(self, rows: list[tuple[int, int, str, str]]) -> None:
        """(offering id, town id, German text, other text) of offerings just (re)indexed."""

    def remove(self, offering_ids: list[int]) -> None:
        """Offerings no longer in the index."""

    def clear(self, town_id: int) -> None:
        """Everything of one town, before it is indexed anew."""

    def tidy(self) -> None:
        """After a full rebuild."""


# --- SQLite ------------------------------------------------------------------------------------


def _fts_term(town_id: int, term: str) -> str:
    return f"{town_id}x{term}"


def _fts_string(town_id: int, term: str) -> str:
    return '"' + _fts_term(town_id, term).replace('"', '""') + '"'


class _Sqlite(_Backend):
    def store(self, rows):
        self.remove([offering_id for offering_id, *_rest in rows])
        with self.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, terms) VALUES (%s, %s)",  # noqa: S608 (constant)
                [
                    (pk, " ".join(_fts_term(town_id, t) for t in f"{de} {other}".split()))
                    for pk, town_id, de, other in rows
                ],
            )

    def remove(self, offering_ids):
        with self.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(offering_id,) for offering_id in offering_ids],
            )

    def clear(self, town_id):
        with self.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN "  # noqa: S608
                f"(SELECT id FROM {Offering._meta.db_table} WHERE municipality_id = %s)",
                [town_id],
            )

    def tidy(self):
        with self.cursor() as cursor:
            # Offerings deleted by a cascade (their provider, their town) never passed
            # offering_forget.
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN "  # noqa: S608
                f"(SELECT id FROM {Offering._meta.db_table})"
            )
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

    def match(self, queryset: QuerySet, town_id: int, groups: list[tuple[str, ...]]) -> QuerySet:
        expression = " AND ".join(
            "(" + " OR ".join(f"{_fts_string(town_id, prefix)} *" for prefix in group) + ")"
            for group in groups
        )
        matching = RawSQL(  # noqa: S611 (the expression is a parameter)
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [expression],
        )
        return queryset.filter(pk__in=matching)

    def terms_in_use(self, town_id: int, terms) -> set[str]:
        used = set()
        with self.cursor() as cursor:
            for term in terms:
                # The join skips rows of offerings deleted without offering_forget.
                cursor.execute(
                    f"SELECT 1 FROM {FTS_TABLE} JOIN {Offering._meta.db_table} offering "  # noqa: S608
                    f"ON offering.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT 1",
                    [_fts_string(town_id, term)],
                )
                if cursor.fetchone():
                    used.add(term)
        return used

    def any_term_starts_with(self, town_id: int, prefixes) -> bool:
        # A range on the (municipality, term) index; SQLite compares text by code point.
        condition = Q()
        for prefix in prefixes:
            condition |= Q(term__gte=prefix, term__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
        return self.terms(town_id).filter(condition).exists()

    def typo_prefixes(self, town_id: int, word: str) -> set[str]:
        """The strings one edit away from `word` that begin a term of the town."""
        with self.cursor() as cursor:
            cursor.execute(
                # One range probe of the (municipality, term) index per variant.
                "SELECT variant.value FROM json_each(%s) AS variant WHERE EXISTS ("  # noqa: S608
                f"SELECT 1 FROM {SearchTerm._meta.db_table} WHERE municipality_id = %s "
                "AND term >= variant.value AND term < variant.value || char(1114111))",
                [json.dumps(sorted(edits1(word))), town_id],
            )
            return {variant for (variant,) in cursor.fetchall()}


# --- PostgreSQL --------------------------------------------------------------------------------

# The column migration 0002_search adds: to_tsvector('simple', search_text_de) ||
# to_tsvector('simple', search_text_other), kept by PostgreSQL, with a GIN index.
PG_VECTOR_COLUMN = "search_vector"


class _PgMatches(Func):
    """The offering's stored tsvector @@ a tsquery of prefixes."""

    output_field = BooleanField()

    def __init__(self, tsquery: str):
        # Resolving a real field of the offering gives the table alias of this query.
        super().__init__(F("search_text_de"), Value(tsquery))

    def as_sql(self, compiler, connection, **extra_context):
        column, tsquery = self.get_source_expressions()
        vector = f"{compiler.quote_name_unless_alias(column.alias)}.{PG_VECTOR_COLUMN}"
        query_sql, query_params = compiler.compile(tsquery)
        return f"{vector} @@ to_tsquery('simple'::regconfig, {query_sql})", query_params


class _Postgres(_Backend):
    def match(self, queryset, town_id, groups):
        tsquery = " & ".join(
            "(" + " | ".join(f"'{prefix}':*" for prefix in group) + ")" for group in groups
        )
        return queryset.filter(_PgMatches(tsquery))

    def terms_in_use(self, town_id, terms):
        terms = list(terms)
        if not terms:
            return set()
        with self.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM unnest(%s::text[]) AS term WHERE EXISTS ("  # noqa: S608
                f"SELECT 1 FROM {Offering._meta.db_table} o WHERE o.municipality_id = %s AND "
                f"o.{PG_VECTOR_COLUMN} @@ to_tsquery('simple'::regconfig, quote_literal(term)))",
                [terms, town_id],
            )
            return {term for (term,) in cursor.fetchall()}

    def any_term_starts_with(self, town_id, prefixes):
        condition = Q()
        for prefix in prefixes:
            condition |= Q(term__startswith=prefix)
        return self.terms(town_id).filter(condition).exists()

    def typo_prefixes(self, town_id, word):
        """The beginnings of the town's terms one edit away from `word`.

        The trigram index finds every term whose trigrams resemble `word` somewhere
        (word_similarity); Python then keeps the beginnings really one edit away.
        """
        resembles = Func(
            Value(word), F("term"), arg_joiner=" <%% ", template="(%(expressions)s)",
            output_field=BooleanField(),
        )  # fmt: skip
        with transaction.atomic(using=self.using), self.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            terms = self.terms(town_id).filter(resembles).values_list("term", flat=True)
            return {prefix for term in terms for prefix in typo_prefixes(word, term)}


_BACKENDS = {"sqlite": _Sqlite, "postgresql": _Postgres}
