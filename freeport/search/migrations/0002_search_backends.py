"""Backend structures the ORM cannot express, created for the database in use only.

SQLite: the FTS5 table `search_fts` (rowid = product id), unicode61 tokenizer over the already
analysed terms, prefix indexes for autocomplete. PostgreSQL: pg_trgm, a generated weighted
tsvector over the analysed terms ('simple' config: analysis already segmented and stemmed them)
with a GIN index, and a trigram GIN index on the folded names for substring matches.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, facets, pinyin, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', facets), 'B') || "
    "setweight(to_tsvector('simple', pinyin), 'C') || "
    "setweight(to_tsvector('simple', body), 'D')) STORED",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING GIN (tsv)",
    "CREATE INDEX search_document_names_trgm ON search_searchdocument "
    "USING GIN (names gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_names_trgm",
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
