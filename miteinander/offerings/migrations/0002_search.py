"""Search index structures that Django's schema language cannot express; see offerings/search.

SQLite gets an FTS5 table; PostgreSQL a stored tsvector column, trigram support and GIN
indexes. Other databases: nothing.
After this migration on an existing installation, run `miteinander reindex_offerings`.
"""

from django.db import migrations

FORWARDS = {
    "sqlite": [
        # rowid = offering id; each term is stored as "<town id>x<term>" (search/backends.py).
        # The terms arrive folded and stemmed (search/analysis.py), so the tokenizer must not
        # change them further; detail=none because only whole terms and prefixes are queried.
        "CREATE VIRTUAL TABLE offerings_search USING fts5("
        "terms, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
    ],
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # Kept by PostgreSQL itself and unknown to the model: a tsvector stored with the row, so
        # that a plan that filters rows rather than asking the index (a town's offerings, a
        # kind) does not have to run to_tsvector on every row. 'simple': the text arrives
        # stemmed (search/analysis.py).
        "ALTER TABLE offerings_offering ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "to_tsvector('simple'::regconfig, search_text_de) "
        "|| to_tsvector('simple'::regconfig, search_text_other)) STORED",
        "CREATE INDEX offering_search_vector ON offerings_offering USING gin (search_vector)",
        "CREATE INDEX search_term_trigram ON offerings_searchterm USING gin (term gin_trgm_ops)",
        # LIKE 'prefix%' within a town, whatever the database's collation.
        "CREATE INDEX search_term_prefix ON offerings_searchterm "
        "(municipality_id, term varchar_pattern_ops)",
    ],
}

BACKWARDS = {
    "sqlite": ["DROP TABLE offerings_search"],
    "postgresql": [
        "DROP INDEX search_term_prefix",
        "DROP INDEX search_term_trigram",
        "DROP INDEX offering_search_vector",
        "ALTER TABLE offerings_offering DROP COLUMN search_vector",
    ],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("offerings", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
