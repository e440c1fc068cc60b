"""A published evaluation run and its results cannot change in the database
(``gongye.evaluation.guards``)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongye.evaluation import guards

    guards.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from gongye.evaluation import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_schemes_runs")]
    operations = [migrations.RunPython(forwards, backwards)]
