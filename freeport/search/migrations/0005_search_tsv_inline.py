"""PostgreSQL: keep the documents' tsvector in the row (STORAGE MAIN), compressed, rather than in
the TOAST table. Ranking reads every matching document's vector: fetched out of line it cost
about 25 ms per 6,000 matches on 100,000 SKUs, inline about 8 ms (docs/benchmarks.md, "Search
speed"). The wide text columns move out of line instead; they are read at indexing only. Rows
written before this migration keep their storage until re-indexed (`manage.py search_reindex`).
Nothing on SQLite.
"""

from django.db import migrations


def _storage(kind: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE {kind}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_dispatch_hours")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
