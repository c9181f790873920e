"""PostgreSQL search table: keep rows narrow, so finding matches never reads article text.

Rows hold the id and time inline and move the text and tsvector to TOAST storage
(``toast_tuple_target`` at its minimum): the 100k-article table shrinks from about 190 MB to
11 MB, which is what GIN bitmap scans visit to find the ids of matches. The tsvector and body
use lz4 (where the server has it): ranking decompresses each candidate's tsvector, and lz4 does
that several times faster than the default pglz. Both apply to rows written from now on, so
existing indexes get the benefit after ``broadsheet search rebuild``. Nothing to do on SQLite.
"""

from django.db import migrations

TABLE = "discovery_search_document"

FORWARD = [
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    # lz4 is optional at PostgreSQL build time: without it the columns keep pglz.
    f"""
    DO $$
    BEGIN
        ALTER TABLE {TABLE} ALTER COLUMN document SET COMPRESSION lz4,
                            ALTER COLUMN body SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
        NULL;
    END
    $$
    """,
]
BACKWARD = [
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    f"ALTER TABLE {TABLE} ALTER COLUMN document SET COMPRESSION DEFAULT, "
    "ALTER COLUMN body SET COMPRESSION DEFAULT",
]


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_related_lists_and_signals")]

    operations = [migrations.RunPython(narrow_rows, wide_rows, elidable=False)]
