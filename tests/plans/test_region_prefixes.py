"""Unit names with region prefixes (issue 11, item 15): a prefix is dropped silently only when
it fits the region being imported into; otherwise the name is unknown, with the reason."""

from __future__ import annotations

import pytest

from gongye.plans.parsing import DictUnitResolver, split_units

UNITS = {"经信局": ["经济和信息化局"], "统计局": [], "县委办": [], "开发区管委会": ["经济开发区"]}


def _resolver(*regions: str) -> DictUnitResolver:
    return DictUnitResolver(UNITS, region_names=regions)


@pytest.mark.parametrize(
    ("regions", "name", "canonical"),
    [
        (("浙江省", "衢州市", "龙游县"), "龙游县经信局", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "龙游经信局", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "县经信局", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "衢州市龙游县统计局", "统计局"),
        (("浙江省", "衢州市", "龙游县"), "浙江省衢州市龙游县统计局", "统计局"),
        (("浙江省", "衢州市", "龙游县"), "中共龙游县委办", "县委办"),
        (("浙江省", "衢州市", "龙游县"), "县经济和信息化局", "经信局"),
        (("安徽省", "六安市", "金安区"), "区经信局", "经信局"),
        (("安徽省", "六安市", "金安区"), "金安区统计局", "统计局"),
        (("安徽省", "安庆市", "桐城市"), "市经信局", "经信局"),  # a county-level city
        (("湖北省", "宜昌市"), "市经信局", "经信局"),
        ((), "某某区经信局", "经信局"),  # no region known: every prefix is dropped
    ],
)
def test_prefixes_that_fit(regions: tuple[str, ...], name: str, canonical: str) -> None:
    resolver = _resolver(*regions)
    assert resolver.resolve(name) == canonical
    assert resolver.mismatch(name) is None


@pytest.mark.parametrize(
    ("regions", "name", "prefix", "canonical"),
    [
        (("浙江省", "衢州市", "龙游县"), "某某区经信局", "某某区", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "区经信局", "区", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "江山市经信局", "江山市", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "常山县统计局", "常山县", "统计局"),
        (("浙江省", "衢州市", "龙游县"), "市经信局", "市", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "衢州市经信局", "衢州市", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "浙江省经济和信息化局", "浙江省", "经信局"),
        (("浙江省", "衢州市", "龙游县"), "常山县委办", "常山县", "县委办"),
        (("安徽省", "六安市", "金安区"), "县经信局", "县", "经信局"),
        (("湖北省", "宜昌市"), "县统计局", "县", "统计局"),
    ],
)
def test_prefixes_that_do_not_fit(
    regions: tuple[str, ...], name: str, prefix: str, canonical: str
) -> None:
    resolver = _resolver(*regions)
    assert resolver.resolve(name) is None
    mismatch = resolver.mismatch(name)
    assert mismatch is not None
    assert (mismatch.prefix, mismatch.canonical, mismatch.region) == (
        prefix,
        canonical,
        regions[-1],
    )


def test_an_unknown_name_has_no_prefix_reason() -> None:
    assert _resolver("浙江省", "衢州市", "龙游县").mismatch("数据资源局") is None


def test_a_cell_keeps_the_mismatched_name_as_written_and_says_why() -> None:
    units = split_units(
        "某某区经信局、县统计局\n开发区管委会", _resolver("浙江省", "衢州市", "龙游县")
    )
    assert units.names == ["某某区经信局", "统计局", "开发区管委会"]
    assert units.unresolved == ["某某区经信局"]
    ref = units.refs[0]
    assert ref.mismatch is not None
    assert "前缀“某某区”与导入的区划“龙游县”不符" in ref.mismatch.message
