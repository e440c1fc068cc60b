"""The append-only guards again, now on the log and its anchors: UPDATE, DELETE and (on
PostgreSQL) TRUNCATE refused, and on SQLite an INSERT of an existing id (INSERT OR REPLACE)."""

from django.db import migrations


def install(apps, schema_editor):
    from gongye.audit import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from gongye.audit import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain_existing_entries")]

    operations = [migrations.RunPython(install, remove)]
