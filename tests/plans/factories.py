"""Factories for plans, their key tasks and targets. A task's lead and cooperating units are
given by name (``TaskFactory(lead=["开发区"], cooperating=["相关乡镇"])``); its supervision state
is made by the app's own signal, as for an imported task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from gongye.core.periods import month_end
from gongye.orgs.models import Region, Unit
from gongye.plans.choices import Comparator, TargetKind, UnitRole
from gongye.plans.models import Plan, Target, Task, TaskUnit


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    region = factory.LazyFunction(lambda: Region.objects.get(code="341525"))
    year = 2022
    title = factory.LazyAttribute(lambda o: f"{o.region.name}{o.year}年工业工作意见（测试）")
    checkpoints = factory.LazyFunction(lambda: {"6": 60})


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    month = factory.Sequence(lambda n: n % 12 + 1)
    period_label = factory.LazyAttribute(lambda o: f"{o.month}月")
    seq = factory.Sequence(lambda n: n + 1)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"完成第{n + 1}项测试工作。")
    due = factory.LazyAttribute(lambda o: month_end(o.plan.year, o.month))

    @factory.post_generation
    def lead(self, create: bool, names: list[str] | None, **kwargs: object) -> None:
        if create:
            _duties(self, names or ["开发区"], UnitRole.LEAD)

    @factory.post_generation
    def cooperating(self, create: bool, names: list[str] | None, **kwargs: object) -> None:
        if create and names:
            _duties(self, names, UnitRole.COOPERATING)


def _duties(task: Task, names: list[str], role: str) -> None:
    region = task.plan.region
    TaskUnit.objects.bulk_create(
        TaskUnit(task=task, unit=Unit.objects.get(region=region, name=name), role=role, position=i)
        for i, name in enumerate(names)
    )


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    seq = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"测试指标{n + 1}")
    kind = TargetKind.LEVEL
    comparator = Comparator.GTE
    value = Decimal("200")
    unit = "亿元"
    due = dt.date(2022, 12, 31)
