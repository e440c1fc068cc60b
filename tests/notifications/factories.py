"""Factories for reminders (about a key task by default) and units' group robots."""

from __future__ import annotations

import datetime as dt

import factory

from gongye.core.roles import Role
from gongye.notifications.choices import Channel
from gongye.notifications.models import Notification, WebhookEndpoint
from gongye.orgs.models import Unit
from tests.plans.factories import TaskFactory


def _kfq() -> Unit:
    return Unit.objects.get(region__code="341525", name="开发区")


class NotificationFactory(factory.django.DjangoModelFactory):
    """``NotificationFactory(subject=task)``: a reminder about that task."""

    class Meta:
        model = Notification
        exclude = ("subject",)

    subject = factory.SubFactory(TaskFactory)
    subject_type = factory.LazyAttribute(lambda o: o.subject._meta.label_lower)
    subject_id = factory.LazyAttribute(lambda o: str(o.subject.pk))
    link = factory.LazyAttribute(lambda o: f"/supervision/tasks/{o.subject.pk}/")
    unit = factory.LazyFunction(_kfq)
    audience = Role.LIAISON
    rule = "due_soon"
    rule_label = "临期提醒"
    day = dt.date(2022, 1, 28)
    title = factory.Sequence(lambda n: f"提醒{n}")
    body = "请按时报送。"


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    unit = factory.LazyFunction(_kfq)
    kind = Channel.WECOM
    url = factory.Sequence(lambda n: f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k{n}")
