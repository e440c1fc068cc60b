"""A small register whose every computed figure is worked out by hand in the tests
(``test_computed_formulas``): five enterprises of 霍山县, two chains, figures of 2021 and 2022."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongye.enterprises.choices import Ownership, Scale
from tests.enterprises.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    MonthlyFigureFactory,
)


def figure(enterprise, year, month, output=None, revenue=None, value_added=None):
    return MonthlyFigureFactory(
        enterprise=enterprise,
        year=year,
        month=month,
        output_value=None if output is None else Decimal(output),
        revenue=None if revenue is None else Decimal(revenue),
        value_added=None if value_added is None else Decimal(value_added),
    )


def small_register() -> dict:
    leading = IndustryChainFactory(name="高端装备制造", is_leading=True)
    other = IndustryChainFactory(name="电子信息", is_leading=False)
    e1 = EnterpriseFactory(
        name="甲装备",
        scale=Scale.ABOVE,
        above_scale_since=dt.date(2015, 1, 1),
        chain=leading,
        established_on=dt.date(2010, 5, 1),
        hightech_cert_date=dt.date(2020, 3, 1),  # valid until 2023-03-01
    )
    e2 = EnterpriseFactory(
        name="乙电子",
        scale=Scale.ABOVE,
        above_scale_since=dt.date(2022, 4, 10),  # new 规上 in 2022
        chain=other,
        established_on=dt.date(2022, 2, 1),
    )
    e3 = EnterpriseFactory(
        name="丙小店",
        scale=Scale.BELOW,
        ownership=Ownership.INDIVIDUAL,
        established_on=dt.date(2022, 5, 20),
        hightech_cert_date=dt.date(2019, 1, 15),  # expired 2022-01-15
    )
    e4 = EnterpriseFactory(
        name="丁国企",
        scale=Scale.ABOVE,
        above_scale_since=dt.date(2023, 1, 1),  # not 规上 in 2022
        ownership=Ownership.STATE,
        hightech_cert_date=dt.date(2022, 6, 30),
    )
    e5 = EnterpriseFactory(name="戊商贸", established_on=dt.date(2021, 7, 1))
    figure(e1, 2022, 3, output=5000, revenue=12000, value_added=1000)
    figure(e1, 2022, 6, output=11000, revenue=25000, value_added=2200)
    figure(e1, 2021, 3, output=4000, revenue=9000, value_added=800)
    figure(e1, 2021, 6, output=10000, revenue=20000, value_added=2000)
    figure(e1, 2021, 12, output=21000, revenue=30000, value_added=4000)
    figure(e2, 2022, 3, output=1000, revenue=3000, value_added=100)
    figure(e2, 2022, 6, output=3000, revenue=11000, value_added=300)
    figure(e2, 2021, 3, output=800, revenue=2000)
    figure(e2, 2021, 12, output=3500, revenue=8000)
    figure(e3, 2022, 3, output=500, revenue=500)
    figure(e4, 2022, 3, output=700, revenue=700)
    return {"e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "leading": leading}
