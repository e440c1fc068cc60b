"""The task key goes (the subject replaces it, with its own once-a-day constraint) and the
tables take the notifications app's names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_subjects_from_tasks"),
    ]

    operations = [
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
