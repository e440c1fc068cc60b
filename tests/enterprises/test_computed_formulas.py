"""Each formula of the register equals the figure worked out by hand on a small register
(``computed_fixture.small_register``; the working is in the comments)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.enterprises.computed import reads
from gongye.enterprises.services.computed import formulas_loaded
from tests.enterprises.computed_fixture import small_register

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def huoshan(org):
    small_register()
    return org["341525"]


def run(key, region, months, **params):
    return formulas_loaded()[key].months(region, 2022, months, params)


def test_new_above_scale(huoshan):
    # 乙 entered 规上 on 10 April 2022 (丁's 2023 date is not this year)
    assert run("new_above_scale", huoshan, [3, 4, 6]) == {3: 0, 4: 1, 6: 1}


def test_above_scale_count(huoshan):
    # 甲 since 2015; 乙 from April; 丁 only in 2023
    assert run("above_scale_count", huoshan, [3, 6]) == {3: 1, 6: 2}


def test_above_scale_output_sums_this_years_above_scale_enterprises(huoshan):
    # March: 甲 5000 + 乙 1000 (规上 in 2022, so counted the whole year) = 6000; 丙 is 规下 and
    # 丁 not yet 规上; January has no figures at all
    assert run("above_scale_output", huoshan, [1, 3, 6]) == {1: None, 3: D(6000), 6: D(14000)}


def test_output_growth_pairs_each_enterprise_with_its_own_last_year(huoshan):
    # March: (5000 + 1000) / (4000 + 800) = 1.25 → 25%; June: 乙 has no June 2021, so
    # 11000 / 10000 → 10%
    assert run("above_scale_output_growth", huoshan, [3, 6]) == {3: D("25.00"), 6: D("10.00")}


def test_value_added_growth(huoshan):
    # March: 乙 reported no value added in 2021 → 甲 alone 1000 / 800; June 2200 / 2000
    got = run("above_scale_value_added_growth", huoshan, [1, 3, 6])
    assert got == {1: None, 3: D("25.00"), 6: D("10.00")}


def test_revenue_over_a_line(huoshan):
    # 本年累计 revenue ≥ 1亿 (10000万元): March 甲 12000; June 甲 25000 and 乙 11000
    assert run("revenue_over", huoshan, [3, 6]) == {3: 1, 6: 2}
    assert run("revenue_over", huoshan, [3, 6], line=D(20000)) == {3: 0, 6: 1}


def test_new_revenue_over_a_line(huoshan):
    # 甲 had 30000 in 2021 (not new); 乙 8000 in 2021 and 11000 by June 2022 (new)
    assert run("new_revenue_over", huoshan, [3, 6]) == {3: 0, 6: 1}
    # ten 亿: nobody
    assert run("new_revenue_over", huoshan, [6], line=D(100000)) == {6: 0}


def test_hightech_valid_at_the_months_end(huoshan):
    # 31 March: 甲 (2020-03-01, valid to 2023-03-01); 丙 expired 2022-01-15; 丁 not yet
    # 30 June: 甲 and 丁 (certified that day); December 2021 (through 2021's own run): 甲, 丙
    assert run("hightech_valid", huoshan, [3, 6]) == {3: 1, 6: 2}
    assert formulas_loaded()["hightech_valid"].months(huoshan, 2021, [12], {}) == {12: 2}


def test_private_and_individual(huoshan):
    # private: 甲 (2010), 戊 (2021-07), 乙 (2022-02); individual: 丙 (2022-05-20)
    assert run("private_count", huoshan, [1, 3]) == {1: 2, 3: 3}
    assert run("new_private", huoshan, [1, 3]) == {1: 0, 3: 1}
    assert run("individual_count", huoshan, [3, 6]) == {3: 0, 6: 1}
    assert run("new_individual", huoshan, [3, 6]) == {3: 0, 6: 1}


def test_leading_chain_share_of_above_scale_revenue(huoshan):
    # March: 12000 / (12000 + 3000) = 80%; June: 25000 / 36000 = 69.44%
    assert run("leading_chain_share", huoshan, [3, 6]) == {3: D("80.00"), 6: D("69.44")}


def test_a_region_without_enterprises_has_no_figures(huoshan, org):
    jinzhai = org["341524"]
    for key in ("new_above_scale", "above_scale_output", "hightech_valid", "leading_chain_share"):
        assert set(formulas_loaded()[key].months(jinzhai, 2022, [3], {}).values()) == {None}


def test_one_month_alone_equals_the_year_run(huoshan):
    formula = formulas_loaded()["above_scale_output"]
    assert formula.compute(huoshan, 2022, 6) == D(14000)


MINE = (
    "new_above_scale",
    "above_scale_count",
    "revenue_over",
    "new_revenue_over",
    "above_scale_output",
    "above_scale_output_growth",
    "above_scale_value_added_growth",
    "hightech_valid",
    "private_count",
    "new_private",
    "individual_count",
    "new_individual",
    "leading_chain_share",
)


def test_all_formulas_of_a_year_share_their_reads(huoshan, django_assert_max_num_queries):
    # thirteen formulas × twelve months: a fixed handful of queries, not one per month
    with django_assert_max_num_queries(15), reads.sharing():
        for key in MINE:
            formulas_loaded()[key].months(huoshan, 2022, list(range(1, 13)), {})
