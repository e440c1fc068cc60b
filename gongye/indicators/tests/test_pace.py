"""Pace and status rules, each case computed by hand in the comments (issue 5 item 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from gongye.indicators import pace
from gongye.indicators.pace import (
    BEHIND,
    NEAR,
    ON_TRACK,
    Measure,
    Observation,
    Rules,
    assess,
)

D = Decimal


@dataclass
class T:
    kind: str
    comparator: str
    value: Decimal
    unit: str = ""


def obs(month: int, value: str, measure: Measure, baseline: str | None = None) -> Observation:
    return Observation(2022, month, D(value), measure, None if baseline is None else D(baseline))


YEAR_END = date(2022, 12, 31)
JUNE_END = date(2022, 6, 30)


def test_kinds_and_comparators_match_the_plan_importer():
    from gongye.plans.choices import Comparator, TargetKind

    assert set(pace.TARGET_KINDS) == {k.value for k in TargetKind}
    assert set(pace.COMPARATORS) == {c.value for c in Comparator}


# --------------------------------------------------------------------------- level / count


def test_level_cumulative_in_june_uses_60_percent():
    target = T("level", "gte", D("200"), "亿元")
    # expected = 200 × 60% = 120; 120 is exactly at pace → on track, ratio 1
    a = assess(target, obs(6, "120", Measure.CUMULATIVE), JUNE_END)
    assert (a.status, a.expected, a.actual, a.ratio) == (ON_TRACK, D("120"), D("120"), D("1"))
    assert "200亿元 × 60% = 120亿元" in a.rule_text
    assert "时间过半、任务过六" in a.rule_text
    assert a.rule_text.startswith("达标")
    # 118 / 120 = 0.98333… → near
    a = assess(target, obs(6, "118", Measure.CUMULATIVE), JUNE_END)
    assert (a.status, a.ratio) == (NEAR, D("0.9833"))
    assert "98.3%" in a.rule_text


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("120", ON_TRACK),
        ("119.99", NEAR),
        ("108", NEAR),  # 90% × 120 = 108: the tolerance edge is still near
        ("107.99", BEHIND),
    ],
)
def test_level_boundaries(actual, status):
    target = T("level", "gte", D("200"), "亿元")
    assert assess(target, obs(6, actual, Measure.CUMULATIVE), JUNE_END).status == status


def test_level_in_may_is_linear():
    # 200 × 5/12 = 83.3333…; 83.34 ≥ 83.333 → on track; 83.33 < 83.333 but ≥ 75 → near
    target = T("level", "gte", D("200"), "亿元")
    a = assess(target, obs(5, "83.34", Measure.CUMULATIVE), date(2022, 7, 20))
    assert (a.status, a.expected) == (ON_TRACK, D("83.3333"))
    a = assess(target, obs(5, "83.33", Measure.CUMULATIVE), date(2022, 7, 20))
    assert a.status == NEAR


def test_observation_judged_at_its_own_month_not_as_of():
    # May figures read on 20 July: still May's pace 5/12, not June's 60%
    target = T("level", "gte", D("120"))
    a = assess(target, obs(5, "50", Measure.CUMULATIVE), date(2022, 7, 20))
    assert a.expected == D("50")  # 120 × 5/12 = 50


def test_count_in_march():
    # 新增规上工业企业15家: 15 × 3/12 = 3.75; near needs 90% × 3.75 = 3.375
    target = T("count", "gte", D("15"), "家")
    assert assess(target, obs(3, "4", Measure.CUMULATIVE), YEAR_END).status == ON_TRACK
    a = assess(target, obs(3, "3", Measure.CUMULATIVE), YEAR_END)
    assert (a.status, a.expected, a.ratio) == (BEHIND, D("3.75"), D("0.8"))  # 3 / 3.75


def test_level_stock_with_baseline_paces_only_the_increase():
    # 有效高企突破60家, 52 at the end of 2021: June expects 52 + (60 − 52) × 60% = 56.8
    target = T("level", "gte", D("60"), "家")
    a = assess(target, obs(6, "57", Measure.LEVEL, baseline="52"), JUNE_END)
    assert (a.status, a.expected) == (ON_TRACK, D("56.8"))
    # 56 < 56.8 but ≥ 90% × 56.8 = 51.12 → near
    assert assess(target, obs(6, "56", Measure.LEVEL, "52"), JUNE_END).status == NEAR
    assert "52 + (60 − 52)家 × 60% = 56.8家" in a.rule_text


def test_near_tolerance_is_a_parameter():
    # 95% tolerance: 200 × 60% = 120, near from 114; 113 is behind
    rules = Rules(near_share=Fraction(95, 100))
    target = T("level", "gte", D("200"))
    assert assess(target, obs(6, "113", Measure.CUMULATIVE), JUNE_END, rules=rules).status == BEHIND
    assert assess(target, obs(6, "113", Measure.CUMULATIVE), JUNE_END).status == NEAR


# --------------------------------------------------------------------------- growth / share


@pytest.mark.parametrize(
    ("actual", "status", "ratio"),
    [
        ("13.5", ON_TRACK, D("1.125")),  # 13.5 / 12
        ("12", ON_TRACK, D("1")),  # exactly the target rate
        ("11", NEAR, D("0.9167")),  # 1 point below: the edge of near
        ("10.99", BEHIND, D("0.9158")),  # 10.99 / 12 = 0.91583…
    ],
)
def test_growth_against_target_rate(actual, status, ratio):
    # 规上工业增加值增长12%: cumulative rate compared directly, whatever the month
    target = T("growth", "gte", D("12"), "%")
    a = assess(target, obs(3, actual, Measure.GROWTH), YEAR_END)
    assert (a.status, a.expected, a.ratio) == (status, D("12"), ratio)


def test_growth_rule_text():
    a = assess(T("growth", "gte", D("12"), "%"), obs(3, "11.5", Measure.GROWTH), YEAR_END)
    assert "目标累计同比增速 12%" in a.rule_text
    assert "低于目标0.5个百分点" in a.rule_text


@pytest.mark.parametrize(
    ("actual", "status"), [("30", ON_TRACK), ("29.5", NEAR), ("29", NEAR), ("28.9", BEHIND)]
)
def test_share_against_target_share(actual, status):
    # 制造业增加值占GDP比重30%以上: near down to 30 − 1 = 29
    target = T("share", "gte", D("30"), "%")
    assert assess(target, obs(6, actual, Measure.SHARE), JUNE_END).status == status


def test_eq_is_a_floor():
    # 稳定在30%: 31% is not a failure
    target = T("share", "eq", D("30"), "%")
    assert assess(target, obs(6, "31", Measure.SHARE), JUNE_END).status == ON_TRACK


# --------------------------------------------------------------------------- rank


@pytest.mark.parametrize(
    ("position", "status", "gained"),
    [
        ("11", ON_TRACK, D("4")),  # 15 − 11 = 4 ≥ 6 × 60% = 3.6
        ("12", NEAR, D("3")),  # 3 ≥ 3.6 − 1 = 2.6
        ("13", BEHIND, D("2")),  # 2 < 2.6
        ("16", BEHIND, D("-1")),  # fell back one position
    ],
)
def test_rank_change_in_june(position, status, gained):
    # 开发区省级考核前进6个位次, 15th last year
    target = T("rank_change", "gte", D("6"), "位次")
    a = assess(target, obs(6, position, Measure.RANK, baseline="15"), JUNE_END)
    assert (a.status, a.expected, a.actual) == (status, D("3.6"), gained)
    assert "年终排名为准" in a.rule_text


def test_rank_change_at_year_end():
    # 15 → 9: six positions gained = 6 × 100% → on track; 15 → 10: five ≥ 6 − 1 → near
    target = T("rank_change", "gte", D("6"), "位次")
    assert assess(target, obs(12, "9", Measure.RANK, "15"), YEAR_END).status == ON_TRACK
    assert assess(target, obs(12, "10", Measure.RANK, "15"), YEAR_END).status == NEAR
    assert "后退" not in assess(target, obs(12, "10", Measure.RANK, "15"), YEAR_END).rule_text
    with pytest.raises(ValueError, match="baseline"):
        assess(target, obs(12, "9", Measure.RANK), YEAR_END)


# --------------------------------------------------------------------------- upper bound


@pytest.mark.parametrize(
    ("actual", "status"),
    [("90", ON_TRACK), ("100", ON_TRACK), ("105", NEAR), ("105.01", BEHIND)],
)
def test_upper_bound_inverted(actual, status):
    # 控制在100以内: near up to 100 × 1.05 = 105
    target = T("upper_bound", "lte", D("100"), "万吨标准煤")
    assert assess(target, obs(6, actual, Measure.LEVEL), JUNE_END).status == status


def test_cumulative_upper_bound_uses_linear_pace_only():
    # June: 100 × 6/12 = 50 (not × 60%: a checkpoint must not loosen a ceiling);
    # 52 ≤ 50 × 1.05 = 52.5 → near
    target = T("upper_bound", "lte", D("100"))
    a = assess(target, obs(6, "52", Measure.CUMULATIVE), JUNE_END)
    assert (a.status, a.expected, a.ratio) == (NEAR, D("50"), D("1.04"))
    assert a.rule_text.startswith("接近")


def test_lte_comparator_inverts_any_kind():
    target = T("share", "lte", D("20"), "%")  # e.g. a share that must stay under 20%
    assert assess(target, obs(6, "19", Measure.SHARE), JUNE_END).status == ON_TRACK
    assert assess(target, obs(6, "22", Measure.SHARE), JUNE_END).status == BEHIND  # > 21


# --------------------------------------------------------------------------- approx (左右)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("11", ON_TRACK),  # overshoot stays on track
        ("9.5", ON_TRACK),  # 10 × (1 − 5%) = 9.5: edge of the 左右 band
        ("9.49", NEAR),  # near down to 10 − 1 = 9
        ("8.99", BEHIND),
    ],
)
def test_approx_growth(actual, status):
    target = T("growth", "approx", D("10"), "%")
    assert assess(target, obs(6, actual, Measure.GROWTH), JUNE_END).status == status


def test_approx_level_and_bound():
    # level 200左右 in June: 120 expected, on track from 120 × 95% = 114
    target = T("level", "approx", D("200"), "亿元")
    assert assess(target, obs(6, "114", Measure.CUMULATIVE), JUNE_END).status == ON_TRACK
    assert assess(target, obs(6, "113.9", Measure.CUMULATIVE), JUNE_END).status == NEAR
    assert "左右" in assess(target, obs(6, "114", Measure.CUMULATIVE), JUNE_END).rule_text
    # bound 100左右: on track up to 105, and near does not shrink below it
    bound = T("upper_bound", "approx", D("100"))
    assert assess(bound, obs(6, "105", Measure.LEVEL), JUNE_END).status == ON_TRACK
    assert assess(bound, obs(6, "105.5", Measure.LEVEL), JUNE_END).status == BEHIND


# --------------------------------------------------------------------------- refusals


def test_refusals():
    target = T("level", "gte", D("200"))
    with pytest.raises(ValueError, match="not ended"):
        assess(target, obs(7, "1", Measure.CUMULATIVE), JUNE_END)
    with pytest.raises(ValueError, match="cannot judge"):
        assess(target, obs(6, "12", Measure.GROWTH), JUNE_END)
    with pytest.raises(TypeError):
        assess(T("level", "gte", 200.0), obs(6, "1", Measure.CUMULATIVE), JUNE_END)  # type: ignore[arg-type]


def test_january_and_zero_targets():
    # January: 200 × 1/12 = 16.6667; nothing produced → behind, ratio 0
    target = T("level", "gte", D("200"))
    a = assess(target, Observation(2022, 1, D("0"), Measure.CUMULATIVE), date(2022, 1, 31))
    assert (a.status, a.expected, a.ratio) == (BEHIND, D("16.6667"), D("0"))
    # a 0% growth target (保持不降): no ratio to show, −0.5 is within one point → near
    a = assess(T("growth", "gte", D("0"), "%"), obs(3, "-0.5", Measure.GROWTH), YEAR_END)
    assert (a.status, a.ratio) == (NEAR, None)
