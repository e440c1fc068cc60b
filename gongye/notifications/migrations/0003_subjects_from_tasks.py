"""Every existing notification is about its task: subject, link and rule name filled from it."""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

RULE_LABELS = {"due_soon": "临期提醒", "due_today": "到期提醒", "overdue": "逾期督办"}


def subjects_from_tasks(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    task_id = Cast("task_id", CharField())
    Notification.objects.update(
        subject_type=Value("plans.task"),
        subject_id=task_id,
        link=Concat(Value("/supervision/tasks/"), task_id, Value("/")),
    )
    for rule, label in RULE_LABELS.items():
        Notification.objects.filter(rule=rule).update(rule_label=label)


def tasks_from_subjects(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(subject_type="plans.task"):
        notification.task_id = int(notification.subject_id)
        notification.save(update_fields=["task"])
    # anything else had no task; it cannot go back
    Notification.objects.exclude(subject_type="plans.task").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_subject_fields"),
    ]

    operations = [
        migrations.RunPython(subjects_from_tasks, tasks_from_subjects),
    ]
