"""Factories for the register: enterprises with valid credit codes, their monthly figures."""

from __future__ import annotations

from decimal import Decimal

import factory

from gongye.enterprises import credit_code
from gongye.enterprises.choices import FigureSource
from gongye.enterprises.models import Enterprise, EnterpriseAccount, IndustryChain, MonthlyFigure
from gongye.orgs.models import Region


def valid_code(n: int, region: str = "341525", authority: str = "9", kind: str = "1") -> str:
    """The n-th valid code of a region (the organisation body is the number in base 10)."""
    return credit_code.make(authority, kind, region, f"MA{n:06d}")


class IndustryChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain

    region = factory.LazyFunction(lambda: Region.objects.get(code="341525"))
    name = factory.Sequence(lambda n: f"产业链{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    region = factory.LazyFunction(lambda: Region.objects.get(code="341525"))
    credit_code = factory.Sequence(lambda n: valid_code(n + 1))
    name = factory.Sequence(lambda n: f"霍山测试企业{n}有限公司")


class EnterpriseAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseAccount

    enterprise = factory.SubFactory(EnterpriseFactory)


class MonthlyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyFigure

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    year = 2022
    month = 6
    revenue = Decimal("1000")
    source = FigureSource.BUREAU
