"""Unit cells and deadline cells."""

from __future__ import annotations

from datetime import date

import pytest

from gongye.plans.parsing.periods import cn_to_int, parse_period
from gongye.plans.parsing.units import DictUnitResolver, split_units

from .huoshan_units import huoshan_resolver

R = huoshan_resolver()


@pytest.mark.parametrize(
    ("cell", "names", "open_ended"),
    [
        ("县委办、\n县政府办", ["县委办", "县政府办"], False),
        (
            "开发区、相关乡镇、\n统计局、自然资源局等",
            ["开发区", "相关乡镇", "统计局", "自然资源局"],
            True,
        ),
        (
            "农业农村局\n中药产业发展中心",
            ["农业农村局", "中药产业发展中心"],
            False,
        ),  # break = separator
        (
            "开发区、中药产业\n发展中心等",
            ["开发区", "中药产业发展中心"],
            True,
        ),  # break inside a name
        ("中药产业\n发展中心", ["中药产业发展中心"], False),
        ("县中药产业中心、\n乡村振兴公司", ["中药产业发展中心", "乡村振兴公司"], False),
        ("开发区、县科技经信局等", ["开发区", "科技经信局"], True),
        ("经济开发区工委、管委，县直各单位", ["开发区", "县直各单位"], False),  # alias with 、
        ("霍山县科技经信局", ["科技经信局"], False),
        ("六安市霍山县财政局", ["财政局"], False),
        ("中共霍山县委办公室", ["县委办"], False),
        ("人大办", ["县人大办"], False),
        ("开发区及相关乡镇", ["开发区", "相关乡镇"], False),
        ("开发区；统计局,税务局，财政局", ["开发区", "统计局", "税务局", "财政局"], False),
        ("开发区 相关乡镇", ["开发区", "相关乡镇"], False),
        ("开发区、开发区", ["开发区"], False),
        ("企联", ["企业联合会"], False),
        ("相关县直单位", ["相关县直单位"], False),
        ("", [], False),
    ],
)
def test_split_units(cell: str, names: list[str], open_ended: bool) -> None:
    units = split_units(cell, R)
    assert units.names == names
    assert units.open_ended is open_ended
    assert units.unresolved == []


def test_unknown_names_are_kept_and_flagged_never_invented() -> None:
    units = split_units("数据资源局\n某某办、开发区、新成立的\n营商环境中心", R)
    assert units.names == ["数据资源局", "某某办", "开发区", "新成立的营商环境中心"]
    assert units.unresolved == ["数据资源局", "某某办", "新成立的营商环境中心"]


def test_resolver_is_generic_about_region_prefixes() -> None:
    resolver = DictUnitResolver({"市场监管局": ["市监局"], "县人大办": []}, region_names=["金寨县"])
    assert resolver.resolve("金寨县市场监管局") == "市场监管局"
    assert resolver.resolve("金寨市场监管局") == "市场监管局"
    assert resolver.resolve("县市监局") == "市场监管局"
    assert resolver.resolve("安徽省六安市金寨县市场监管局") == "市场监管局"
    assert resolver.resolve("人大办") == "县人大办"
    assert resolver.resolve("税务局") is None
    assert resolver.resolve("") is None


def test_people_never_become_units() -> None:
    units = split_units("张三", R)
    assert units.unresolved == ["张三"]


@pytest.mark.parametrize(
    ("text", "month", "due"),
    [
        ("1月", 1, date(2022, 1, 31)),
        ("一月", 1, date(2022, 1, 31)),
        ("十二月份", 12, date(2022, 12, 31)),
        ("2月", 2, date(2022, 2, 28)),
        ("全年", None, date(2022, 12, 31)),
        ("第一季度", None, date(2022, 3, 31)),
        ("一季度", None, date(2022, 3, 31)),
        ("3季度", None, date(2022, 9, 30)),
        ("10月底前", 10, date(2022, 10, 31)),
        ("6月30日前", 6, date(2022, 6, 30)),
        ("上半年", None, date(2022, 6, 30)),
        ("下半年", None, date(2022, 12, 31)),
        ("年底前", None, date(2022, 12, 31)),
        ("3-4月", 4, date(2022, 4, 30)),
        ("3月、6月、9月、12月", 12, date(2022, 12, 31)),
        ("2023年3月", 3, date(2023, 3, 31)),
        ("５月中旬", 5, date(2022, 5, 20)),
        ("2022年6月30日", 6, date(2022, 6, 30)),
    ],
)
def test_parse_period(text: str, month: int | None, due: date) -> None:
    period = parse_period(text, 2022)
    assert period is not None
    assert (period.month, period.due) == (month, due)
    assert period.label == text.replace(" ", "")


@pytest.mark.parametrize("text", ["重点工作", "科技经信局", "1号文件", "", "13月"])
def test_not_a_period(text: str) -> None:
    assert parse_period(text, 2022) is None


def test_period_without_year_has_no_date() -> None:
    period = parse_period("3月", None)
    assert period is not None and period.month == 3 and period.due is None


def test_chinese_numerals() -> None:
    assert [
        cn_to_int(t) for t in ("十", "十二", "二十一", "一百零五", "两千", "三", "二〇二二")
    ] == [
        10,
        12,
        21,
        105,
        2000,
        3,
        2022,
    ]
    assert cn_to_int("abc") is None
