"""Targets in wording other plans use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.plans.parsing.targets import scan_text


def _targets(text: str) -> list[tuple[str, str, str, Decimal, str]]:
    return [(t.name, t.kind, t.comparator, t.value, t.unit) for t in scan_text(text).targets]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "力争全年新增规上工业企业十家、亿元以上企业两家。",
            [
                ("新增规上工业企业", "count", "gte", Decimal(10), "家"),
                ("新增亿元以上企业", "count", "gte", Decimal(2), "家"),
            ],
        ),
        (
            "全年引进亿元以上项目一百个。",
            [("引进亿元以上项目", "count", "gte", Decimal(100), "个")],
        ),
        (
            "单位GDP能耗控制在0.5吨标准煤以内。",
            [("单位GDP能耗", "upper_bound", "lte", Decimal("0.5"), "吨标准煤")],
        ),
        (
            "单位工业增加值能耗下降3%左右，安全事故死亡人数控制在5人以内。",
            [
                ("单位工业增加值能耗下降", "growth", "approx", Decimal(3), "%"),
                ("安全事故死亡人数", "upper_bound", "lte", Decimal(5), "人"),
            ],
        ),
        (
            "确保全市规上工业增加值增速达到8.5%，高新技术产业增加值占规上工业比重达45%。",
            [
                ("全市规上工业增加值增速", "growth", "gte", Decimal("8.5"), "%"),
                ("高新技术产业增加值占规上工业比重", "share", "gte", Decimal(45), "%"),
            ],
        ),
        (
            "工业投资总量突破１５０亿元，在全市排名前进2个位次。",
            [
                ("工业投资总量", "level", "gte", Decimal(150), "亿元"),
                ("在全市排名位次", "rank_change", "gte", Decimal(2), "位次"),
            ],
        ),
        (
            "完成工业用地供应800亩。",
            [("工业用地供应", "level", "gte", Decimal(800), "亩")],
        ),
    ],
)
def test_targets_in_other_wording(
    text: str, expected: list[tuple[str, str, str, Decimal, str]]
) -> None:
    assert _targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "对固定资产投资5000万元以上的项目实行专班推进。",  # threshold, not a target
        "坚持“一企一策”，落实“六个一”服务机制，做好三个到位。",  # slogans
        "第二次全国经济普查，2022年3月5日印发。",  # ordinals, dates
        "编制“十四五”规划，构建“3+N”产业体系。",
        "前3个月主要经济指标好于预期。",
        "对占地3亩以上工业企业开展亩均效益评价。",
    ],
)
def test_not_targets(text: str) -> None:
    assert _targets(text) == []


def test_money_rules_are_not_targets() -> None:
    scan = scan_text("对新认定的国家级专精特新小巨人企业给予50万元奖励，市级给予10万元补助。")
    assert scan.targets == []
    assert len(scan.money) == 1
    clause, amounts, _sentence = scan.money[0]
    assert [(a.value, a.unit) for a in amounts] == [(50, "万元"), (10, "万元")]
    assert "奖励" in clause


def test_target_with_money_word_but_ambition_is_a_target() -> None:
    assert _targets("力争争取上级资金5亿元。") == [("上级资金", "level", "gte", Decimal(5), "亿元")]
