"""Stored search documents for agenda items and decisions (PostgreSQL only), and an
index on the meeting date.

0002_search_index indexed expressions, so every row that PostgreSQL had to check
outside the index meant running to_tsvector on the item's whole text again (about
0.15 ms an item). Search lists the newest matches first, and the fast way to find
them for a common word is to walk the newest items in date order and check each
one; that only pays when checking an item is cheap. So the document becomes a
generated column, computed by PostgreSQL when a row is written and never by a query.

The columns are not model fields: Django neither reads nor writes them (the database
fills them in), and on SQLite they do not exist. meetings/search.py reaches them
through StoredDocument. The expressions are the ones 0002 indexed; the GIN indexes
move from the expressions to the columns.
"""

from django.db import migrations, models

ITEM_EXPRESSION = (
    "to_tsvector('danish'::regconfig, COALESCE(title, '') || ' ' || COALESCE(case_description, '') || ' ' "
    "|| COALESCE(recommendation_lead, '') || ' ' || COALESCE(recommendations::text, ''))"
)
DECISION_EXPRESSION = "to_tsvector('danish'::regconfig, COALESCE(text, ''))"

# (table, generated-column expression, new index, the 0002 expression index it replaces)
DOCUMENTS = [
    ("meetings_agendaitem", ITEM_EXPRESSION, "agendaitem_document_gin", "agendaitem_fts_danish"),
    ("meetings_decision", DECISION_EXPRESSION, "decision_document_gin", "decision_fts_danish"),
]


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression, index, old_index in DOCUMENTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({expression}) STORED")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_document)")
        schema_editor.execute(f"DROP INDEX {old_index}")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression, index, old_index in DOCUMENTS:
        schema_editor.execute(f"CREATE INDEX {old_index} ON {table} USING gin (({expression}))")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")  # drops its index too


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_site_version")]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["date", "start_time"], name="meeting_date_time"),
        ),
        migrations.RunPython(add_columns, drop_columns, elidable=False),
    ]
