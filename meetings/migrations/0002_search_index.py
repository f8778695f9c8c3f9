"""GIN indexes for Danish full-text search (PostgreSQL only; a no-op on SQLite).

The indexes are over expressions, not stored columns, so no model changes. The
expressions are frozen here on purpose: meetings/search.py builds its queries from
its own copies, and tests/meetings/test_search.py checks from the query plan that
PostgreSQL uses these indexes. Changing a document in search.py needs a new
migration that rebuilds the index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("AgendaItem", GinIndex(
        SearchVector("title", "case_description", "recommendation_lead", "recommendations", config="danish"),
        name="agendaitem_fts_danish",
    )),
    ("Decision", GinIndex(SearchVector("text", config="danish"), name="decision_fts_danish")),
    ("DecisionNote", GinIndex(SearchVector("text", config="danish"), name="decisionnote_fts_danish")),
    ("Attachment", GinIndex(SearchVector("title", config="danish"), name="attachment_fts_danish")),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("meetings", model_name), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.remove_index(apps.get_model("meetings", model_name), index)


class Migration(migrations.Migration):
    # After the workspace migration only so that the graph has one leaf; this one
    # touches no model state.
    dependencies = [("meetings", "0002_workspace")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
