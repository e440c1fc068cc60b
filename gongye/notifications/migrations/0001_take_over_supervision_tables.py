"""The models as they were in the supervision app, taken over with their tables unchanged
(state only; no data moves). ``0002`` then makes a notification about any subject."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0001_initial"),
        ("plans", "0002_task_parent"),
        ("supervision", "0003_taskstate_updated_at"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("audience", models.CharField(max_length=16, verbose_name="接收人")),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("due_soon", "临期提醒"),
                            ("due_today", "到期提醒"),
                            ("overdue", "逾期督办"),
                        ],
                        max_length=16,
                        verbose_name="规则",
                    ),
                ),
                ("day", models.DateField(verbose_name="日期")),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("body", models.TextField(verbose_name="内容")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="生成时间")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="已读时间")),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="plans.task",
                        verbose_name="重点工作",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="orgs.unit",
                        verbose_name="接收单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "提醒消息",
                "verbose_name_plural": "提醒消息",
                "ordering": ["-day", "-id"],
                "db_table": "supervision_notification",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("task", "rule", "unit", "audience", "day"),
                        name="notification_once_per_day",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("in_app", "站内消息"),
                            ("email", "电子邮件"),
                            ("dingtalk", "钉钉群机器人"),
                            ("wecom", "企业微信群机器人"),
                        ],
                        max_length=16,
                        verbose_name="渠道",
                    ),
                ),
                ("target", models.CharField(max_length=500, verbose_name="发送目标")),
                ("ok", models.BooleanField(default=False, verbose_name="成功")),
                ("detail", models.TextField(blank=True, verbose_name="结果")),
                ("attempted_at", models.DateTimeField(auto_now_add=True, verbose_name="发送时间")),
                (
                    "notification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="notifications.notification",
                        verbose_name="消息",
                    ),
                ),
            ],
            options={
                "verbose_name": "发送记录",
                "verbose_name_plural": "发送记录",
                "db_table": "supervision_delivery",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("notification", "channel", "target"), name="delivery_once"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="WebhookEndpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("dingtalk", "钉钉群机器人"), ("wecom", "企业微信群机器人")],
                        max_length=16,
                        verbose_name="类型",
                    ),
                ),
                ("url", models.URLField(max_length=500, verbose_name="Webhook 地址")),
                (
                    "secret",
                    models.CharField(
                        blank=True,
                        help_text="钉钉机器人“加签”安全设置的密钥。",
                        max_length=200,
                        verbose_name="加签密钥",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="webhooks",
                        to="orgs.unit",
                        verbose_name="单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "群机器人",
                "verbose_name_plural": "群机器人",
                "db_table": "supervision_webhookendpoint",
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations, database_operations=[]
        )
    ]
