"""The weighted term document and its GIN index (PostgreSQL only).

The document is the three term columns turned into a tsvector without any parser or
dictionary (array_to_tsvector), so it holds exactly the terms search.danish made,
the same ones SQLite matches with LIKE: title A, decisions B, everything else C.
PostgreSQL computes it when a row is written. It is not a model field: search/query.py
names it in SQL, and on SQLite it does not exist. search.index.rebuild_all drops and
re-creates the index (same name, same definition) around a full load.
"""

from django.db import migrations


def _vector(column, weight):
    return f"setweight(array_to_tsvector(array_remove(string_to_array({column}, ' '), '')), '{weight}')"


DOCUMENT = " || ".join([_vector("title_terms", "A"), _vector("strong_terms", "B"), _vector("body_terms", "C")])


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    # Without a pending list (fastupdate) a query never has to read unsorted new rows,
    # and the planner trusts the index on a freshly written table; rows arrive a few at
    # a time (signals), and a full rebuild builds the index once (search.index).
    schema_editor.execute(
        "CREATE INDEX searchentry_document_gin ON search_searchentry USING gin (document) WITH (fastupdate = off)")


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN document")  # drops its index too


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_document, drop_document, elidable=False)]
