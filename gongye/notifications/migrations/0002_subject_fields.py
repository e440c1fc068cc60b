"""A notification is about any subject (a task, a project, an appeal …), not only a task: the
subject fields are added (``0003`` fills them from the task, ``0004`` drops the task key and
gives the tables the notifications app's names). Three migrations, because PostgreSQL will not
alter a table in the transaction that has just updated its rows."""

from django.db import migrations, models


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
    ]
