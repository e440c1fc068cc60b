"""A notification is about any subject (a task, a project, an appeal …), not only a task:
``subject_type``/``subject_id``/``link`` replace the task key, filled from it for every
existing row; then the tables take the notifications app's names."""

from django.db import migrations, models
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
        ("notifications", "0001_take_over_supervision_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="subject_type",
            field=models.CharField(default="", max_length=64, verbose_name="对象类型"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="subject_id",
            field=models.CharField(default="", max_length=64, verbose_name="对象编号"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="link",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="链接"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="rule_label",
            field=models.CharField(blank=True, default="", max_length=50, verbose_name="规则名称"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="notification",
            name="task",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="notifications",
                to="plans.task",
                verbose_name="重点工作",
            ),
        ),
        migrations.RunPython(subjects_from_tasks, tasks_from_subjects),
        migrations.RemoveConstraint(model_name="notification", name="notification_once_per_day"),
        migrations.RemoveField(model_name="notification", name="task"),
        migrations.AlterField(
            model_name="notification",
            name="rule",
            field=models.CharField(max_length=32, verbose_name="规则"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="audience",
            field=models.CharField(
                choices=[
                    ("plan_office", "督办（计划办）"),
                    ("liaison", "联络员"),
                    ("unit_head", "单位负责人（审核）"),
                    ("leader", "领导"),
                    ("statistics", "统计"),
                    ("enterprise", "企业用户"),
                    ("sys_admin", "系统管理员"),
                    ("sec_admin", "安全管理员"),
                    ("audit_admin", "审计管理员"),
                ],
                max_length=16,
                verbose_name="接收人",
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("subject_type", "subject_id", "rule", "unit", "audience", "day"),
                name="notification_once_per_day",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["unit", "audience", "day"], name="notificatio_unit_id_28407a_idx"
            ),
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AlterModelTable(name="delivery", table=None),
        migrations.AlterModelTable(name="webhookendpoint", table=None),
    ]
