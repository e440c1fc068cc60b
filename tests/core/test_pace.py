"""The time-elapsed pace (序时进度) shared by targets and tasks, each case computed by hand
(moved here from indicators' pace tests with the functions, issue 9)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from gongye.core.pace import (
    checkpoint_in_force,
    checkpoint_share,
    months_elapsed,
    pace_for_months,
    pace_text,
    time_elapsed_share,
)

JUNE_END = date(2022, 6, 30)


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (date(2021, 12, 31), 0),  # the plan's year has not begun
        (date(2022, 1, 30), 0),  # January ends on the 31st
        (date(2022, 1, 31), 1),
        (date(2022, 2, 28), 2),  # 2022 is not a leap year
        (date(2022, 6, 29), 5),
        (date(2022, 6, 30), 6),  # a month counts on its last day
        (date(2022, 7, 15), 6),
        (date(2023, 3, 1), 12),
    ],
)
def test_months_elapsed(as_of, months):
    assert months_elapsed(2022, as_of) == months


@pytest.mark.parametrize(
    ("as_of", "share"),
    [
        (date(2022, 5, 31), Fraction(5, 12)),  # linear 5/12 = 41.7%
        (date(2022, 6, 29), Fraction(5, 12)),  # June not over yet
        (date(2022, 6, 30), Fraction(3, 5)),  # 时间过半、任务过六: 60% beats 6/12 = 50%
        (date(2022, 7, 31), Fraction(3, 5)),  # 7/12 = 58.3% < 60%: pace never falls back
        (date(2022, 8, 31), Fraction(2, 3)),  # 8/12 = 66.7% > 60%: linear again
        (date(2022, 12, 31), Fraction(1)),
    ],
)
def test_time_elapsed_share_with_june_checkpoint(as_of, share):
    assert time_elapsed_share(2022, as_of) == share


def test_checkpoints_are_a_parameter():
    q1 = {3: Fraction(3, 10), 6: Fraction(3, 5)}  # a plan that quantifies 开门红 as 30%
    assert time_elapsed_share(2022, date(2022, 3, 31), q1) == Fraction(3, 10)  # not 3/12
    assert time_elapsed_share(2022, date(2022, 4, 30), q1) == Fraction(1, 3)  # 4/12 > 30%
    assert time_elapsed_share(2022, JUNE_END, {}) == Fraction(1, 2)  # no checkpoints: 6/12
    assert checkpoint_share(5) == 0
    assert checkpoint_share(6) == Fraction(3, 5)


def test_pace_for_months_refuses_impossible_months():
    assert pace_for_months(0) == 0
    assert pace_for_months(12) == 1
    with pytest.raises(ValueError):
        pace_for_months(13)


def test_the_checkpoint_in_force_and_the_words():
    assert checkpoint_in_force(5) is None
    assert checkpoint_in_force(6) == 6  # 60% > 6/12
    assert checkpoint_in_force(7) == 6  # 60% > 7/12 = 58.3%
    assert checkpoint_in_force(8) is None  # 8/12 = 66.7% > 60%
    assert pace_text(0) == "年内尚无月份结束，序时进度0%"
    assert pace_text(5) == "截至5月末序时进度按月计为5/12 = 41.7%"
    assert pace_text(7) == (
        "截至7月末序时进度按月计为7/12 = 58.3%，取6月“时间过半、任务过六”节点60%"
    )
    assert pace_text(3, {3: Fraction(3, 10)}) == (
        "截至3月末序时进度按月计为3/12 = 25%，取3月一季度“开门红”节点30%"
    )
