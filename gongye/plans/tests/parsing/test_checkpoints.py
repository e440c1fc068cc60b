"""The plan's checkpoints (序时节点) read from its text: the phrasings plans use, the phrases
that only look alike, and plans that state none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.plans.parsing import parse_plan, scan_checkpoints

from .builders import build_docx, seed_bytes, seed_docx
from .huoshan_units import huoshan_resolver


def found(text: str) -> list[tuple[int, Decimal]]:
    return [(c.month, c.percent) for c in scan_checkpoints(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好2季度工业产值预报工作，确保时间过半、任务过六。", [(6, 60)]),
        ("全县上下要确保时间过半、任务过半。", [(6, 50)]),
        ("时间过半，任务过六成", [(6, 60)]),
        ("力争时间过半、完成全年任务的55%", [(6, 55)]),
        ("6月底完成全年任务的60%", [(6, 60)]),
        ("6月底前累计完成年度目标任务的65％", [(6, 65)]),
        ("一季度完成30%，前三季度完成全年目标任务的75%", [(3, 30), (9, 75)]),
        ("上半年完成任务过半", [(6, 50)]),
        ("前5个月累计完成40%", [(5, 40)]),
        ("到9月底须完成年度任务的百分之八十", [(9, 80)]),
        ("三季度末完成七成", [(9, 70)]),
        ("1-6月完成50%", [(6, 50)]),
    ],
)
def test_checkpoint_phrasings(text: str, expected: list[tuple[int, int]]) -> None:
    assert found(text) == [(m, Decimal(p)) for m, p in expected]


@pytest.mark.parametrize(
    "text",
    [
        "确保一季度“开门红”。",  # a slogan without a share
        "确保达到序时进度，完成县政府3季度GDP核算目标任务。",
        "确保一季度工业投资增长12%以上。",  # a growth rate, not a share of the year
        "6月底规上工业产值完成全年目标的60%。",  # one indicator's milestone, not the plan's
        "一季度完成三项工作。",  # a count of tasks
        "力争全年完成500万元以上技改项目40个，技改投资增长12%以上。",
        "时间过半。",
    ],
)
def test_phrases_that_are_not_checkpoints(text: str) -> None:
    assert found(text) == []


def test_the_seed_plan_states_sixty_percent_by_june() -> None:
    """The Huoshan plan says 时间过半、任务过六 in a June task of its table, text and Word alike."""
    text = parse_plan(seed_bytes(), "huoshan-2022-industry-work-plan.txt", huoshan_resolver())
    word = parse_plan(seed_docx(), "霍山县2022年工业及民营经济工作意见.docx", huoshan_resolver())
    assert text.checkpoints == {6: Decimal(60)}
    assert word.checkpoints == {6: Decimal(60)}


def test_a_plan_without_checkpoints_states_none() -> None:
    rows = [
        ["月度", "重点工作", "牵头单位", "配合单位"],
        ["3月", "确保一季度“开门红”，完成技改项目申报", "统计局", "开发区"],
    ]
    plan = parse_plan(
        build_docx(["某县2023年工业经济工作要点", "力争规上工业产值增长10%。", rows]),
        "a.docx",
        huoshan_resolver(),
    )
    assert plan.tasks and plan.checkpoints == {}


def test_two_shares_for_one_month_keep_the_higher_and_warn() -> None:
    rows = [
        ["月度", "重点工作", "牵头单位", "配合单位"],
        ["6月", "确保时间过半、任务过半", "统计局", "开发区"],
    ]
    plan = parse_plan(
        build_docx(["某县2023年工业经济工作要点", "6月底完成全年任务的60%。", rows]),
        "a.docx",
        huoshan_resolver(),
    )
    assert plan.checkpoints == {6: Decimal(60)}
    [warning] = [w for w in plan.warnings if "序时节点" in w.message]
    assert (warning.table, warning.row, warning.column) == (1, 2, 2)
    assert "60% 和 50%" in warning.message and "按较高的 60%" in warning.message
