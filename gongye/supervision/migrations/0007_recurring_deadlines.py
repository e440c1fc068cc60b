"""Tasks with a recurring time (每月10日前 …) imported before it was understood had no
deadline at all (green forever): each gets the deadline of the first period not yet reported
for, as new ones do (``supervision.rules.recurring_due``)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.utils import timezone

    from gongye.plans.recurrence import recurrence_of

    TaskState = apps.get_model("supervision", "TaskState")
    for state in TaskState.objects.filter(due__isnull=True, closed_at__isnull=True).select_related(
        "task__plan"
    ):
        task = state.task
        if task.due is not None:
            continue
        recurrence = recurrence_of(task.period_label, task.text)
        if recurrence is None:
            continue
        deadlines = recurrence.deadlines(task.plan.year)
        last = timezone.localdate(state.last_reported_at) if state.last_reported_at else None
        due = deadlines[0]
        if last is not None:  # the period after the one the latest report answers
            covered = min(deadlines, key=lambda d: (abs((d - last).days), d))
            due = next((d for d in deadlines if d > covered), deadlines[-1])
        TaskState.objects.filter(pk=state.pk).update(due=due, updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_progressreport_task_before_and_more"),
        ("plans", "0006_target_task"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
