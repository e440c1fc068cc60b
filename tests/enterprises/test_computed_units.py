"""A formula's figure in the target's unit, and the pairings refused (issue 12, item 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.enterprises.computed.units import UnitMismatch, convert, factor, measure_for
from gongye.enterprises.services.computed import formulas_loaded
from gongye.plans.models import Target


def test_money_converts_between_its_units():
    assert convert(Decimal("1234567"), "万元", "亿元") == Decimal("123.4567")
    assert convert(Decimal("2"), "亿元", "万元") == Decimal("20000")
    assert convert(Decimal("1500"), "千元", "万元") == Decimal("150")
    assert factor("元", "万元") == Decimal("0.0001")


def test_enterprises_count_as_jia_or_hu_alike():
    assert factor("家", "户") == 1
    assert convert(Decimal(7), "户", "家") == Decimal(7)
    assert factor("％", "%") == 1


@pytest.mark.parametrize(
    ("source", "target"), [("万元", "家"), ("家", "个"), ("%", "亿元"), ("家", "")]
)
def test_units_that_measure_different_things_are_refused_in_chinese(source, target):
    with pytest.raises(UnitMismatch) as error:
        factor(source, target)
    assert "不能换算为目标的计量单位" in str(error.value)


def _target(kind: str, unit: str, name: str = "测试目标") -> Target:
    return Target(seq=1, name=name, kind=kind, comparator="gte", value=Decimal(1), unit=unit)


def test_a_rate_never_judges_a_total_nor_a_total_a_rate():
    formulas = formulas_loaded()
    with pytest.raises(UnitMismatch) as error:
        measure_for(formulas["above_scale_output_growth"], _target("share", "%", "某占比"))
    assert "不能衡量" in str(error.value)
    with pytest.raises(UnitMismatch):
        measure_for(formulas["above_scale_output"], _target("growth", "%"))


def test_pairings_that_fit_take_the_targets_usual_measure():
    formulas = formulas_loaded()
    assert measure_for(formulas["above_scale_output"], _target("level", "亿元")) == "cumulative"
    assert measure_for(formulas["hightech_valid"], _target("level", "家")) == "cumulative"
    assert measure_for(formulas["new_individual"], _target("count", "户")) == "cumulative"
    assert measure_for(formulas["above_scale_output_growth"], _target("growth", "%")) == "growth"
    assert measure_for(formulas["leading_chain_share"], _target("share", "%")) == "share"
