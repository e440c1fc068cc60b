from django.db import migrations, models

# Until now every plan was judged with the Huoshan plan's 6月"时间过半、任务过六" (60% by the end
# of June, gongye.indicators.pace.DEFAULT_CHECKPOINTS): existing plans keep that judgement.
# Plans imported from now on store what their own text states.
BACKFILL = {"6": 60}


def backfill(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Plan.objects.update(checkpoints=BACKFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_target_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="checkpoints",
            field=models.JSONField(blank=True, default=dict, verbose_name="序时节点"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
