"""A formula's figure in the target's unit, and which pairings of a formula with a target make
sense (issue 12, item 6).

A formula states its unit (万元, 家, 户, 个, %); a target its unit as the plan wrote it (亿元, 家,
户, 个, %) and its kind (总量, 新增数量, 增长率, 占比 …). Money converts between 元, 千元, 万元 and
亿元; enterprises are counted as 家 or 户 alike (个体工商户 are counted in 户), projects as 个 or
项 alike; a rate or share is in % and judges only a target of its own kind. Anything else is
refused, in Chinese, when the plan office pairs them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongye.indicators.pace import MEASURES_FOR_KIND, Measure

if TYPE_CHECKING:
    from gongye.enterprises.computed.registry import Formula
    from gongye.plans.models import Target

# unit → (dimension, how many of the dimension's base unit it is)
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "千元": ("money", Decimal(1000)),
    "万元": ("money", Decimal(10000)),
    "亿元": ("money", Decimal(100000000)),
    "家": ("enterprises", Decimal(1)),
    "户": ("enterprises", Decimal(1)),
    "%": ("percent", Decimal(1)),
    # projects (the project register's counts, issue 13): 个 or 项 alike
    "个": ("items", Decimal(1)),
    "项": ("items", Decimal(1)),
}

_PLACES = Decimal("0.0001")


class UnitMismatch(ValueError):
    """The formula's figure cannot be stated in the target's unit or judge its kind."""


def normalise_unit(unit: str) -> str:
    return unit.strip().replace("％", "%")


def factor(from_unit: str, to_unit: str) -> Decimal:
    """What a figure in ``from_unit`` is multiplied by to be in ``to_unit``; raises
    ``UnitMismatch`` (a Chinese message) when they measure different things."""
    source, target = normalise_unit(from_unit), normalise_unit(to_unit)
    if source == target:
        return Decimal(1)
    if source not in UNITS or target not in UNITS or UNITS[source][0] != UNITS[target][0]:
        raise UnitMismatch(
            _("计算结果的单位“%(source)s”不能换算为目标的计量单位“%(target)s”。")
            % {"source": from_unit or _("（无）"), "target": to_unit or _("（无）")}
        )
    return UNITS[source][1] / UNITS[target][1]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return (value * factor(from_unit, to_unit)).quantize(_PLACES)


def measure_for(formula: Formula, target: Target) -> Measure:
    """The indicators' measure the formula's figures are written in for ``target``: a total or
    a count judges a target of amounts or counts in the target's usual measure; a rate or a
    share only a target of its kind. Raises ``UnitMismatch`` when the two cannot pair (the unit
    is checked too)."""
    from gongye.indicators.services import default_measure

    factor(formula.unit, target.unit)
    allowed = MEASURES_FOR_KIND.get(str(target.kind), frozenset())
    measure = Measure(formula.measure)
    if measure in (Measure.CUMULATIVE, Measure.LEVEL):
        usual = default_measure(target)
        if usual in (Measure.CUMULATIVE, Measure.LEVEL) and usual in allowed:
            return usual
    if measure in allowed:
        return measure
    raise UnitMismatch(
        _("“%(formula)s”算出的是%(measure)s，不能衡量“%(kind)s”类的目标“%(name)s”。")
        % {
            "formula": formula.label,
            "measure": measure.label,
            "kind": target.get_kind_display(),
            "name": target.name,
        }
    )
