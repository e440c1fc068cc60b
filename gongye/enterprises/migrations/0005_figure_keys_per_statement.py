"""PostgreSQL: the monthly figures' foreign keys checked once per statement instead of once per
row (``gongye.enterprises.figure_keys``); SQLite keeps its own."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongye.enterprises import figure_keys

    figure_keys.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from gongye.enterprises import figure_keys

    figure_keys.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_alter_computedtarget_options"),
        ("orgs", "0002_unit_updated_at"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
