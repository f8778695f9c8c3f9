"""Search has its own table now (search.SearchEntry, issue 16), so the documents the
old search kept on the meetings tables go: on PostgreSQL the generated
`search_document` columns of items and decisions with their GIN indexes (0005) and the
expression indexes of notes and attachment titles (0002). They cost every save of an
item, decision, note or attachment and were read by nothing. Nothing on SQLite.
"""

import importlib

from django.db import migrations

COLUMNS = ["meetings_agendaitem", "meetings_decision"]
# (index, table, expression) as 0002 made them.
INDEXES = [
    ("decisionnote_fts_danish", "meetings_decisionnote", "to_tsvector('danish'::regconfig, COALESCE(text, ''))"),
    ("attachment_fts_danish", "meetings_attachment", "to_tsvector('danish'::regconfig, COALESCE(title, ''))"),
]


def drop_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")  # and its index
    for index, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


def restore_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    stored = importlib.import_module("meetings.migrations.0005_stored_search_documents")
    for table, expression, index, _old_index in stored.DOCUMENTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({expression}) STORED")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_document)")
    for index, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (({expression}))")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0010_item_attachments_note")]

    operations = [migrations.RunPython(drop_documents, restore_documents, elidable=False)]
