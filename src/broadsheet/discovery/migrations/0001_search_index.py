"""The search index: an FTS5 table on SQLite, a weighted tsvector table on PostgreSQL.

Neither is a Django model (an FTS5 virtual table cannot be one), so the SQL depends on the
database the migration runs on.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS discovery_search_fts USING fts5(
        headline, standfirst, topics, authors, body,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    # Publication times beside the text: a small table keyed by the FTS rowid, so ranking by
    # recency and hiding scheduled articles never reads the stored text of every match.
    """
    CREATE TABLE IF NOT EXISTS discovery_search_meta (
        article_id INTEGER PRIMARY KEY,
        published_at REAL NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS discovery_search_meta_published "
    "ON discovery_search_meta (published_at)",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS discovery_search_fts",
               "DROP TABLE IF EXISTS discovery_search_meta"]

POSTGRES_CREATE = [
    """
    CREATE TABLE IF NOT EXISTS discovery_search_document (
        -- No foreign key: Django does not know this table, so a constraint on it would
        -- block flushing content tables; deletions reach it through a post_delete receiver.
        article_id bigint PRIMARY KEY,
        published_at timestamp with time zone NOT NULL,
        headline text NOT NULL DEFAULT '',
        standfirst text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS discovery_search_document_gin "
    "ON discovery_search_document USING gin (document)",
    "CREATE INDEX IF NOT EXISTS discovery_search_document_published "
    "ON discovery_search_document (published_at)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS discovery_search_document"]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
