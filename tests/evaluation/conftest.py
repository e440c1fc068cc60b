"""A small register to evaluate: eight enterprises of Huoshan in the development zone with
land and December figures, one of them the ``enterprise`` persona's own, and a scheme."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.enterprises.choices import Scale
from gongye.evaluation.services.schemes import scheme_save
from tests.enterprises.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    MonthlyFigureFactory,
)

SCHEME = """name: 霍山县2022年度工业企业亩均效益评价方案（测试）
year: 2022
where: in_zone and land_mu >= 3
groups:
  - name: 规上
    where: scale == "规上"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 60, benchmark: 10}
      - {name: 亩均营收, formula: revenue / land_mu, weight: 40, benchmark: 100, cap: 1.5}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 5}
not_graded:
  - {name: 公用事业, when: utility}
vetoes:
  - {name: 安全生产事故, when: safety_accident, not: [A, B]}
classes: {A: 20, B: 65, C: 95}
policies:
  A: {用电: 不加价, 城镇土地使用税: 减免100%}
  D: {用电: 每千瓦时加价0.1元}
"""

# (name, scale, land 亩, tax 万元, revenue 万元, industry)
REGISTER = [
    ("甲", Scale.ABOVE, 10, 200, 2000, "C3311"),  # 亩均税收 20 → 120; 营收 200/亩 → 60 cap
    ("乙", Scale.ABOVE, 20, 200, 2000, "C3311"),  # 10 → 60; 100 → 40: 100
    ("丙", Scale.ABOVE, 10, 50, 500, "C3311"),  # 5 → 30; 50 → 20: 50
    ("丁", Scale.ABOVE, 10, 30, 300, "C3311"),  # 3 → 18; 30 → 12: 30
    ("戊", Scale.ABOVE, 10, 10, 100, "C3311"),  # 1 → 6; 10 → 4: 10
    ("己", Scale.BELOW, 5, 50, 100, "C1311"),  # 10/亩 → 200
    ("庚", Scale.BELOW, 5, 5, 100, "C1311"),  # 1/亩 → 20
    ("辛", Scale.ABOVE, 50, 100, 1000, "D4411"),  # utility: T
]


@pytest.fixture
def register(org, persona):
    return add_register(persona("enterprise"))


def add_register(enterprise_user) -> dict:
    """The register of ``REGISTER`` (and one enterprise outside the zone); 丙 is the
    ``enterprise_user``'s own."""
    enterprises = {}
    for name, scale, land, tax, revenue, industry in REGISTER:
        enterprise = EnterpriseFactory(
            name=f"{name}公司",
            scale=scale,
            in_dev_zone=True,
            land_owned_mu=Decimal(land),
            industry_code=industry,
        )
        MonthlyFigureFactory(
            enterprise=enterprise, year=2022, month=12, tax=Decimal(tax), revenue=Decimal(revenue)
        )
        enterprises[name] = enterprise
    # outside the zone: not evaluated
    EnterpriseFactory(name="壬公司", in_dev_zone=False, land_owned_mu=Decimal(10))
    EnterpriseAccountFactory(enterprise=enterprises["丙"], user=enterprise_user)
    return enterprises


@pytest.fixture
def version(org, persona, register):
    return scheme_save(actor=persona("plan_office"), region=org["341525"], document=SCHEME)
