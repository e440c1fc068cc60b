from django.db import migrations


def install(apps, schema_editor):
    from gongye.audit import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from gongye.audit import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    """The audit table refuses UPDATE and DELETE at the database, not only in the ORM."""

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
