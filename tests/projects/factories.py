"""Factories for the project register: a project (in 开发区, answered for by 开发区, 8,000万元,
in 储备库 unless told otherwise) and its monthly returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from gongye.orgs.models import Region, Unit
from gongye.projects.choices import ProjectKind
from gongye.projects.models import Project, ProjectReturn

HUOSHAN = "341525"


def _unit(name: str) -> Unit:
    return Unit.objects.get(region__code=HUOSHAN, name=name)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    region = factory.LazyFunction(lambda: Region.objects.get(code=HUOSHAN))
    name = factory.Sequence(lambda n: f"测试项目{n}")
    enterprise_name = factory.Sequence(lambda n: f"测试项目单位{n}有限公司")
    kind = ProjectKind.NEW
    location = factory.LazyFunction(lambda: _unit("开发区"))
    unit = factory.LazyAttribute(lambda o: o.location)
    total_investment = Decimal("8000")
    fixed_asset_investment = Decimal("7000")
    equipment_investment = Decimal("3000")


class ProjectReturnFactory(factory.django.DjangoModelFactory):
    """A return as it is stored (no checks: use ``services.returns.return_file`` to test them)."""

    class Meta:
        model = ProjectReturn

    project = factory.SubFactory(ProjectFactory)
    region = factory.LazyAttribute(lambda o: o.project.region)
    year = 2022
    month = 6
    investment_month = Decimal("100")
    investment_year = Decimal("100")
    investment_total = Decimal("100")
    progress = "主体施工"
    unit = factory.LazyAttribute(lambda o: o.project.unit)
    filed_at = factory.LazyFunction(timezone.now)
    on_time = True


def on(year: int, month: int, day: int) -> dt.datetime:
    """A moment of a day, local time (for ``time_machine.travel``)."""
    return dt.datetime(year, month, day, 10, 0, tzinfo=timezone.get_default_timezone())
