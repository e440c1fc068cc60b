"""Cascade (分解) of a county target among its parts (issue 5 item 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.indicators.cascade import cascade_check

D = Decimal


def test_additive_parts_off_by_one():
    # 120 + 50 + 29 = 199 = 200 − 1
    r = cascade_check(
        D("200"), {"开发区": D("120"), "衡山镇": D("50"), "佛子岭镇": D("29")}, "level"
    )
    assert (r.ok, r.combined, r.difference) == (False, D("199"), D("-1"))
    assert r.message == "各部分合计199，比总目标200少1。"
    # 120 + 50 + 31 = 201: over-allocated by one is also reported
    r = cascade_check(
        D("200"), {"开发区": D("120"), "衡山镇": D("50"), "佛子岭镇": D("31")}, "level"
    )
    assert (r.ok, r.difference) == (False, D("1"))
    assert "多1" in r.message


def test_additive_parts_exact():
    # 新增规上 15家 = 8 + 4 + 3
    r = cascade_check(D("15"), {"开发区": D("8"), "衡山镇": D("4"), "下符桥镇": D("3")}, "count")
    assert r.ok and r.difference == 0
    assert r.message == "各部分合计15，与总目标一致。"


def test_upper_bound_parts_may_sum_under():
    assert cascade_check(D("100"), {"a": D("60"), "b": D("40")}, "upper_bound").ok
    r = cascade_check(D("100"), {"a": D("60"), "b": D("41")}, "upper_bound")
    assert (r.ok, r.difference) == (False, D("1"))


def test_rates_without_weights_none_below_the_whole():
    # whole 12%: B at 11.9% is below
    r = cascade_check(D("12"), {"A": D("12"), "B": D("11.9"), "C": D("15")}, "growth")
    assert (r.ok, r.below, r.combined) == (False, ("B",), D("11.9"))
    assert r.message == "B（11.9%）低于总目标12%。"
    assert cascade_check(D("30"), {"A": D("30"), "B": D("31")}, "share").ok


def test_rates_with_weights():
    # (10 × 300 + 15 × 100) / 400 = 4500 / 400 = 11.25 < 12
    r = cascade_check(
        D("12"), {"A": D("10"), "B": D("15")}, "growth", weights={"A": D("300"), "B": D("100")}
    )
    assert (r.ok, r.combined, r.difference) == (False, D("11.25"), D("-0.75"))
    # (10 × 300 + 20 × 100) / 400 = 5000 / 400 = 12.5 ≥ 12, though A alone is below
    r = cascade_check(
        D("12"), {"A": D("10"), "B": D("20")}, "growth", weights={"A": D("300"), "B": D("100")}
    )
    assert (r.ok, r.combined, r.below) == (True, D("12.5"), ("A",))
    assert "其中A（10%）低于总目标" in r.message


def test_cascade_refusals():
    with pytest.raises(ValueError):
        cascade_check(D("6"), {"a": D("3"), "b": D("3")}, "rank_change")
    with pytest.raises(ValueError, match="weights"):
        cascade_check(D("12"), {"A": D("10")}, "growth", weights={"B": D("1")})
    with pytest.raises(ValueError):
        cascade_check(D("12"), {}, "level")
