"""Pace (序时进度) and status (达标 / 接近 / 落后) of a plan's targets — pure maths, no ORM.

Issue 5, items 2 and 3. Every function here takes plain values (``Decimal`` in, ``Fraction``
inside, ``Decimal`` out) so views, the cockpit, exports and jobs all judge a target the same
way, and so the rules can be tested with hand-computed cases. Floats never enter: a status that
flips on 0.1 + 0.2 would be a status officials cannot reproduce with a calculator.

Decisions (each is also said where it applies):

- **The pace itself** (months ended / 12, raised to the plan's checkpoints, never pulled down)
  is ``gongye.core.pace``: the one rule that key tasks are paced by as well.
- **An observation is judged at its own month.** A May cumulative total is measured against
  May's pace even when it is read in July; ``as_of`` only refuses figures for months that have
  not ended yet.
- **Growth rates and shares are not paced.** The bureau publishes cumulative (1–N月累计)
  year-on-year rates and shares; December's cumulative rate is the year's rate, so each month's
  cumulative rate is compared with the annual target rate directly.
- **Rank moves are judged at year end, shown against pace.** Rankings (省级考核, 全市"赛马") are
  final only once a year, but interim rankings are published; positions gained so far
  (last year's position − current position) are compared with target × pace, with a tolerance
  of whole positions (90% of "3.6 positions" means nothing), and the rule text says the move
  is only final at year end.
- **Upper bounds are inverted.** On track at or under the bound, near up to 5% over it. A
  ceiling on a cumulative quantity (能耗总量) scales with the *linear* pace only: the 60%
  checkpoint is a push to do more early, and applying it to a ceiling would loosen it.
- **左右 (approx)** widens on-track to within 5% short of the expected value. Overshooting a
  "more is better" target (or staying further under a bound) is not falling behind, so it stays
  on track; the rule text says so.
- **等于 (eq)** comes from "稳定在/保持在X": for a more-is-better target a floor, judged as ≥.
- **Stock levels with a baseline.** For a level target observed as a stock (有效高企 60家, with
  52 at the end of last year) only the increase is paced: expected = baseline + (target −
  baseline) × pace. Without a baseline, expected = target × pace as for cumulative totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.core.dates import month_local, month_name
from gongye.core.numbers import number, percent, rounded

# the pace is core's; the names stay importable from here for what judges targets
from gongye.core.pace import CHECKPOINT_NAMES as CHECKPOINT_NAMES
from gongye.core.pace import DEFAULT_CHECKPOINTS, months_elapsed, pace_for_months, pace_text
from gongye.core.pace import checkpoint_share as checkpoint_share
from gongye.core.pace import time_elapsed_share as time_elapsed_share
from gongye.plans.parsing.targets import (
    COUNT_UNITS,
    MONEY_UNITS,
    OTHER_UNITS,
    PERCENT_UNITS,
    RANK_UNITS,
)

# Target kinds and comparators: the values of gongye.plans.choices.TargetKind / Comparator,
# repeated as strings so this module stays importable without Django (a test keeps them equal).
LEVEL = "level"
GROWTH = "growth"
SHARE = "share"
COUNT = "count"
RANK_CHANGE = "rank_change"
UPPER_BOUND = "upper_bound"
TARGET_KINDS = (LEVEL, GROWTH, SHARE, COUNT, RANK_CHANGE, UPPER_BOUND)

# Units of things counted one by one (企业15家, 项目40个, 个体工商户2000户): the parser's list,
# so a figure for any target it reads in these units is held to whole numbers.
WHOLE_UNITS = frozenset(COUNT_UNITS)
_MEASURED_UNITS = frozenset((*MONEY_UNITS, *PERCENT_UNITS, *RANK_UNITS, *OTHER_UNITS))


def counts_whole(kind: str, unit: str) -> bool:
    """Whether a target's figures are whole numbers: it counts things (家, 个, 项, 户, 人 …),
    or it is a count (新增数量) in no measured unit (not 亿元, %, 万吨 …). 2.5家 is no figure;
    60家 of a stock level (有效高企) is counted as much as 15家 new ones."""
    unit = unit.strip()
    return unit in WHOLE_UNITS or (kind == COUNT and unit not in _MEASURED_UNITS)


GTE = "gte"
LTE = "lte"
EQ = "eq"
APPROX = "approx"
COMPARATORS = (GTE, LTE, EQ, APPROX)


class Measure(StrEnum):
    """What an observed figure is (issue 5 item 1)."""

    CUMULATIVE = "cumulative"  # 累计值: 1–N月累计产值、投资
    LEVEL = "level"  # 期末值: a stock at month end (有效高企数)
    GROWTH = "growth"  # 同比增速 (%), cumulative 1–N月
    SHARE = "share"  # 占比 (%)
    RANK = "rank"  # 位次 (1 = first)

    @property
    def label(self) -> str:
        return str(MEASURE_LABELS[self])


MEASURE_LABELS = {
    Measure.CUMULATIVE: gettext_lazy("累计值"),
    Measure.LEVEL: gettext_lazy("期末值"),
    Measure.GROWTH: gettext_lazy("同比增速(%)"),
    Measure.SHARE: gettext_lazy("占比(%)"),
    Measure.RANK: gettext_lazy("位次"),
}

# Which observed figures can judge which target kind.
MEASURES_FOR_KIND: dict[str, frozenset[Measure]] = {
    LEVEL: frozenset({Measure.CUMULATIVE, Measure.LEVEL}),
    COUNT: frozenset({Measure.CUMULATIVE, Measure.LEVEL}),
    GROWTH: frozenset({Measure.GROWTH}),
    SHARE: frozenset({Measure.SHARE}),
    RANK_CHANGE: frozenset({Measure.RANK}),
    UPPER_BOUND: frozenset({Measure.CUMULATIVE, Measure.LEVEL, Measure.GROWTH, Measure.SHARE}),
}


class Status(StrEnum):
    ON_TRACK = "on_track"
    NEAR = "near"
    BEHIND = "behind"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.value])


STATUS_LABELS = {
    "on_track": gettext_lazy("达标"),
    "near": gettext_lazy("接近"),
    "behind": gettext_lazy("落后"),
}
ON_TRACK = Status.ON_TRACK
NEAR = Status.NEAR
BEHIND = Status.BEHIND


@dataclass(frozen=True)
class Rules:
    """The tolerances; one object so a county can tune them without touching the maths."""

    checkpoints: Mapping[int, Fraction] = field(default_factory=lambda: dict(DEFAULT_CHECKPOINTS))
    near_share: Fraction = Fraction(9, 10)  # level/count: near at ≥ 90% of expected
    growth_pp: Decimal = Decimal("1")  # growth: near within 1 percentage point below
    share_pp: Decimal = Decimal("1")  # share: near within 1 percentage point below
    rank_positions: int = 1  # rank: near within 1 position of the paced move
    upper_near: Fraction = Fraction(1, 20)  # upper bound: near up to 5% over
    approx: Fraction = Fraction(1, 20)  # 左右: on track within 5%


DEFAULT_RULES = Rules()


class TargetLike(Protocol):
    """What ``assess`` reads from a target; ``gongye.plans.models.Target`` fits."""

    kind: str
    comparator: str
    value: Decimal


@dataclass(frozen=True)
class Observation:
    """One observed figure of a target for one month of the plan's year."""

    year: int
    month: int
    value: Decimal
    measure: Measure | str
    baseline: Decimal | None = None  # last year's end value (stock) or position (rank)


@dataclass(frozen=True)
class Assessment:
    status: Status
    expected: Decimal
    actual: Decimal
    ratio: Decimal | None  # actual / expected (gained / expected for ranks); None if expected 0
    rule_text: str


# --------------------------------------------------------------------------- assess


def assess(
    target: TargetLike | Any,
    observation: Observation,
    as_of: date,
    *,
    rules: Rules = DEFAULT_RULES,
) -> Assessment:
    """Status of ``target`` given one ``observation``, with the rule spelled out in Chinese.

    See the module docstring for the rules per kind. Raises ``ValueError`` for an observation
    that cannot judge this kind of target, for a month not ended by ``as_of``, or for a rank
    without last year's position.
    """
    kind = str(target.kind)
    comparator = str(getattr(target, "comparator", GTE) or GTE)
    goal = _frac(target.value)
    unit = getattr(target, "unit", "") or ""
    measure = Measure(observation.measure)
    if kind not in MEASURES_FOR_KIND:
        raise ValueError(f"unknown target kind {kind!r}")
    if measure not in MEASURES_FOR_KIND[kind]:
        raise ValueError(f"a {measure.label} cannot judge a {kind} target")
    if not 1 <= observation.month <= 12:
        raise ValueError(f"month must be 1–12, not {observation.month}")
    ended = months_elapsed(observation.year, as_of)
    if observation.month > ended:
        raise ValueError(f"{observation.year}年{observation.month}月 has not ended by {as_of}")

    months = observation.month
    actual = _frac(observation.value)
    inverted = kind == UPPER_BOUND or comparator == LTE
    approx = comparator == APPROX
    when = month_local(observation.year, months)

    if inverted:
        return _assess_bound(goal, actual, measure, months, unit, approx, rules, when)
    if kind == RANK_CHANGE:
        return _assess_rank(goal, actual, observation.baseline, months, approx, rules, when)
    if kind in (GROWTH, SHARE):
        return _assess_rate(kind, goal, actual, approx, rules, when)
    return _assess_paced(
        goal, actual, observation.baseline, measure, months, unit, approx, rules, when
    )


def _assess_paced(
    goal: Fraction,
    actual: Fraction,
    baseline: Decimal | None,
    measure: Measure,
    months: int,
    unit: str,
    approx: bool,
    rules: Rules,
    when: str,
) -> Assessment:
    pace = pace_for_months(months, rules.checkpoints)
    paced = pace_text(months, rules.checkpoints)
    if measure == Measure.LEVEL and baseline is not None:
        base = _frac(baseline)
        expected = base + (goal - base) * pace
        formula = _(
            "应达 %(base)s + (%(goal)s − %(base)s)%(unit)s × %(pace)s = %(expected)s%(unit)s"
        ) % {
            "base": _num(base),
            "goal": _num(goal),
            "unit": unit,
            "pace": _pct(pace),
            "expected": _num(expected),
        }
    else:
        expected = goal * pace
        formula = _("应完成 %(goal)s%(unit)s × %(pace)s = %(expected)s%(unit)s") % {
            "goal": _num(goal),
            "unit": unit,
            "pace": _pct(pace),
            "expected": _num(expected),
        }
    on_thr = expected
    near_thr = expected - abs(expected) * (1 - rules.near_share)
    rule = _("达到序时要求为达标，达到序时要求的%(share)s为接近，否则落后") % {
        "share": _pct(rules.near_share)
    }
    if approx:
        on_thr, near_thr, rule = _widen(expected, near_thr, rules, rule)
    status = _grade(actual, on_thr, near_thr)
    ratio = _ratio(actual, expected)
    ratio_text = _("，为序时要求的%(ratio)s") % {"ratio": _pct(ratio)} if ratio is not None else ""
    text = _(
        "%(paced)s；%(formula)s；%(when)s实际 %(actual)s%(unit)s%(ratio)s。规则：%(rule)s。"
    ) % {
        "paced": paced,
        "formula": formula,
        "when": when,
        "actual": _num(actual),
        "unit": unit,
        "ratio": ratio_text,
        "rule": rule,
    }
    return _result(status, expected, actual, ratio, text)


def _assess_rate(
    kind: str, goal: Fraction, actual: Fraction, approx: bool, rules: Rules, when: str
) -> Assessment:
    tol = _frac(rules.growth_pp if kind == GROWTH else rules.share_pp)
    what = _("累计同比增速") if kind == GROWTH else _("占比")
    on_thr = goal
    near_thr = goal - tol
    rule = _(
        "%(what)s不低于目标为达标，低于目标不超过%(tol)s个百分点为接近，否则落后"
        "（累计值按年度目标直接比较，不按序时折算）"
    ) % {"what": what, "tol": _num(tol)}
    if approx:
        on_thr, near_thr, rule = _widen(goal, near_thr, rules, rule)
    status = _grade(actual, on_thr, near_thr)
    gap = actual - goal
    gap_text = (
        _("高于目标%(gap)s个百分点") % {"gap": _num(gap)}
        if gap >= 0
        else _("低于目标%(gap)s个百分点") % {"gap": _num(-gap)}
    )
    text = _("目标%(what)s %(goal)s%%；%(when)s实际 %(actual)s%%，%(gap)s。规则：%(rule)s。") % {
        "what": what,
        "goal": _num(goal),
        "when": when,
        "actual": _num(actual),
        "gap": gap_text,
        "rule": rule,
    }
    return _result(status, goal, actual, _ratio(actual, goal), text)


def _assess_rank(
    goal: Fraction,
    position: Fraction,
    baseline: Decimal | None,
    months: int,
    approx: bool,
    rules: Rules,
    when: str,
) -> Assessment:
    if baseline is None:
        raise ValueError("a rank observation needs last year's position as baseline")
    base = _frac(baseline)
    gained = base - position
    pace = pace_for_months(months, rules.checkpoints)
    expected = goal * pace
    on_thr = expected
    near_thr = expected - rules.rank_positions
    rule = _(
        "前移位次不少于序时要求为达标，少%(positions)s个位次以内为接近，否则落后；"
        "位次以年终排名为准，年中按序时进度显示"
    ) % {"positions": rules.rank_positions}
    if approx:
        on_thr, near_thr, rule = _widen(expected, near_thr, rules, rule)
    status = _grade(gained, on_thr, near_thr)
    moved = (
        _("前移%(n)s个位次") % {"n": _num(gained)}
        if gained >= 0
        else _("后退%(n)s个位次") % {"n": _num(-gained)}
    )
    text = _(
        "%(paced)s；目标前移%(goal)s个位次，"
        "应前移 %(goal)s × %(pace)s = %(expected)s个位次；"
        "%(when)s位次第%(position)s位（上年第%(base)s位），%(moved)s。规则：%(rule)s。"
    ) % {
        "paced": pace_text(months, rules.checkpoints),
        "goal": _num(goal),
        "pace": _pct(pace),
        "expected": _num(expected),
        "when": when,
        "position": _num(position),
        "base": _num(base),
        "moved": moved,
        "rule": rule,
    }
    return _result(status, expected, gained, _ratio(gained, expected), text)


def _assess_bound(
    bound: Fraction,
    actual: Fraction,
    measure: Measure,
    months: int,
    unit: str,
    approx: bool,
    rules: Rules,
    when: str,
) -> Assessment:
    if measure == Measure.CUMULATIVE:
        # Linear pace only: a checkpoint pushes for more work early and would loosen a ceiling.
        pace = Fraction(months, 12)
        expected = bound * pace
        head = _(
            "截至%(month)s末按月计进度%(months)s/12 = %(pace)s；累计上限 "
            "%(bound)s%(unit)s × %(pace)s = %(expected)s%(unit)s"
        ) % {
            "month": month_name(months),
            "months": months,
            "pace": _pct(pace),
            "bound": _num(bound),
            "unit": unit,
            "expected": _num(expected),
        }
    else:
        expected = bound
        head = _("上限 %(bound)s%(unit)s") % {"bound": _num(bound), "unit": unit}
    over = abs(expected) * rules.upper_near
    on_thr = expected
    near_thr = expected + over
    rule = _("不超过上限为达标，超出上限%(share)s以内为接近，否则落后") % {
        "share": _pct(rules.upper_near)
    }
    if approx:
        on_thr = expected + abs(expected) * rules.approx
        near_thr = max(near_thr, on_thr)
        rule = _("“左右”：不超过上限%(share)s以内即为达标；") % {"share": _pct(rules.approx)} + rule
    if actual <= on_thr:
        status = ON_TRACK
    elif actual <= near_thr:
        status = NEAR
    else:
        status = BEHIND
    ratio = _ratio(actual, expected)
    ratio_text = _("，为上限的%(ratio)s") % {"ratio": _pct(ratio)} if ratio is not None else ""
    text = _("%(head)s；%(when)s实际 %(actual)s%(unit)s%(ratio)s。规则：%(rule)s。") % {
        "head": head,
        "when": when,
        "actual": _num(actual),
        "unit": unit,
        "ratio": ratio_text,
        "rule": rule,
    }
    return _result(status, expected, actual, ratio, text)


def _widen(
    expected: Fraction, near_thr: Fraction, rules: Rules, rule: str
) -> tuple[Fraction, Fraction, str]:
    """左右: on track within ``rules.approx`` short of expected; overshoot stays on track."""
    on_thr = expected - abs(expected) * rules.approx
    rule = (
        _("“左右”：与要求相差%(share)s以内即为达标，超出亦为达标；") % {"share": _pct(rules.approx)}
        + rule
    )
    return on_thr, min(near_thr, on_thr), rule


def _grade(actual: Fraction, on_thr: Fraction, near_thr: Fraction) -> Status:
    if actual >= on_thr:
        return ON_TRACK
    if actual >= near_thr:
        return NEAR
    return BEHIND


def _result(
    status: Status, expected: Fraction, actual: Fraction, ratio: Fraction | None, text: str
) -> Assessment:
    return Assessment(
        status=status,
        expected=_dec(expected),
        actual=_dec(actual),
        ratio=None if ratio is None else _dec(ratio),
        rule_text=_("%(status)s。%(text)s") % {"status": status.label, "text": text},
    )


# --------------------------------------------------------------------------- numbers


def _frac(value: Decimal | int | Fraction | str) -> Fraction:
    if isinstance(value, float):
        raise TypeError("floats are not accepted; pass Decimal")
    return Fraction(value)


def _ratio(actual: Fraction, expected: Fraction) -> Fraction | None:
    return None if expected == 0 else actual / expected


def _dec(value: Fraction) -> Decimal:
    """Fraction → Decimal at 4 places (half up), the precision the store keeps."""
    return rounded(value, 4)


def _num(value: Fraction, places: int = 2) -> str:
    """A figure for people: at most ``places`` decimals, no trailing zeros ("120", "3.6")."""
    return number(value, places)


def _pct(value: Fraction) -> str:
    """A share in running text: "60%", "58.3%"."""
    return percent(value, trim=True)
