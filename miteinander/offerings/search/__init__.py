"""Full-text search over offerings, with the same results on SQLite and PostgreSQL.

All language work happens in Python (analysis.py): text is folded (case, accents, Arabic letter
variants), split into words, and every word is indexed together with its Snowball stem.
`offering_index` stores the result on the offering row (`search_text_de` from the German
content, `search_text_other` from the translations) and the town's distinct terms as
`SearchTerm` rows. The databases only look up prefixes of those terms (backends.py):

- SQLite: the FTS5 table `offerings_search`, one row per offering, every term prefixed with the
  town's id so that a lookup stays inside the town.
- PostgreSQL: a stored tsvector column built with the 'simple' configuration (the text is
  stemmed already; PostgreSQL's own 'german' stemmer is an older Snowball release that stems
  "Geflüchtete" and "Schueler" differently) and its GIN index.

A query word matches when one of its prefixes (the word, its stem, the stem of the stem) begins
an indexed term; all words must match. A word of five letters or more that begins no term of
the town is taken for a typo: the beginnings of the town's terms one edit (Damerau-Levenshtein)
away stand in for it. SQLite finds them by spelling out every one-edit variant and looking them
up in SearchTerm; PostgreSQL with its trigram index (pg_trgm), confirmed in Python; a test shows
that both return what comparing with every term returns. Relevance (how often the query's
prefixes occur, title counted twice) is computed in SQL from the stored text with the same
arithmetic on both databases, so both also give the same order.

`reindex_offerings` rebuilds everything, e.g. after a change to analysis.py.
"""

from .index import offering_forget, offering_index, offerings_reindex
from .query import search_offerings

__all__ = ["offering_forget", "offering_index", "offerings_reindex", "search_offerings"]
