"""Factories for regions and units (factory_boy). Counties are made under 六安市, which the
suite's database always holds (tests/conftest.py loads the embedded organisation)."""

from __future__ import annotations

import factory

from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.models import Region, Unit


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"3415{90 - n % 90:02d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = RegionLevel.COUNTY
    parent = factory.LazyFunction(lambda: Region.objects.get(code="341500"))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    region = factory.LazyFunction(lambda: Region.objects.get(code="341525"))
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.BUREAU
    sort_order = factory.Sequence(lambda n: 1000 + n)
