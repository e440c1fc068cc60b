from django.db import migrations


def backfill(apps, schema_editor):
    """Tasks imported before supervision existed get their state (idempotent)."""
    Task = apps.get_model("plans", "Task")
    TaskState = apps.get_model("supervision", "TaskState")
    have = set(TaskState.objects.values_list("task_id", flat=True))
    TaskState.objects.bulk_create(
        TaskState(task_id=t.pk, region_id=t.plan.region_id, due=t.due)
        for t in Task.objects.select_related("plan").exclude(pk__in=have)
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("plans", "0002_task_parent")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
