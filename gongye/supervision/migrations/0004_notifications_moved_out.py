"""Notifications, their deliveries and the units' group robots move to the notifications app
(issue 9). The tables stay where they are: this migration only forgets the models in the
supervision app's state; ``notifications.0001`` takes them over under the same tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_taskstate_updated_at"),
        ("notifications", "0001_take_over_supervision_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="WebhookEndpoint"),
            ],
            database_operations=[],
        )
    ]
