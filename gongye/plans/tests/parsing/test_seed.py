"""The embedded default: Huoshan's 2022 plan, as text and as a Word rebuild."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from gongye.plans.parsing import ParsedPlan, parse_plan, to_json_dict

from .builders import seed_bytes, seed_docx
from .huoshan_units import huoshan_resolver
from .seed_expected import MONTH_COUNTS, SEED_BODY_TARGETS, SEED_TASKS


@pytest.fixture(scope="module")
def seed_plan() -> ParsedPlan:
    return parse_plan(seed_bytes(), "huoshan-2022-industry-work-plan.txt", huoshan_resolver())


@pytest.fixture(scope="module", params=["paragraphs", "br"])
def seed_word_plan(request: pytest.FixtureRequest) -> ParsedPlan:
    data = seed_docx(breaks=request.param)
    return parse_plan(data, "霍山县2022年工业及民营经济工作意见.docx", huoshan_resolver())


def _assert_seed_tasks(plan: ParsedPlan) -> None:
    assert len(plan.tasks) == 83
    assert dict(Counter(t.month for t in plan.tasks)) == MONTH_COUNTS
    assert len(SEED_TASKS) == 83
    for task, expected in zip(plan.tasks, SEED_TASKS, strict=True):
        month, seq, start, lead, coop, open_ended = expected
        where = f"{month}月第{seq}项"
        assert (task.month, task.seq) == (month, seq), where
        assert task.text.startswith(start), (where, task.text)
        assert task.lead_units == list(lead), where
        assert task.cooperating_units == list(coop), where
        assert task.open_ended is open_ended, where
        assert task.unresolved == [], where
        assert task.people == []
        assert task.due == _month_end(month)


def _month_end(month: int) -> date:
    import calendar

    return date(2022, month, calendar.monthrange(2022, month)[1])


def test_seed_text_gives_83_tasks_with_right_units(seed_plan: ParsedPlan) -> None:
    assert seed_plan.title == "霍山县2022年工业及民营经济工作意见"
    assert seed_plan.year == 2022
    _assert_seed_tasks(seed_plan)
    assert seed_plan.warnings == []


def test_seed_word_rebuild_gives_the_same_tasks(seed_word_plan: ParsedPlan) -> None:
    assert seed_word_plan.kind == "docx"
    assert seed_word_plan.year == 2022
    _assert_seed_tasks(seed_word_plan)


def test_seed_word_rebuild_without_page_split() -> None:
    plan = parse_plan(seed_docx(split_at_page_break=False), "seed.docx", huoshan_resolver())
    _assert_seed_tasks(plan)


def test_task_text_keeps_full_wording_without_numbering(seed_plan: ParsedPlan) -> None:
    first = seed_plan.tasks[0]
    assert first.text == (
        "完成全省首批创新型县建设验收工作，组织相关部门准备验收材料，并按照要求及时上报省厅。"
    )
    last = seed_plan.tasks[-1]
    assert last.text == "筹备召开霍山县企业家相互观摩暨企业联合会理事会议。"  # footer not glued on


def test_every_body_target_is_found(seed_plan: ParsedPlan) -> None:
    body = [t for t in seed_plan.targets if t.source == "body"]
    got = [(t.name, t.kind, t.comparator, t.value, t.unit) for t in body]
    expected = [(n, k, c, Decimal(v), u) for n, k, c, v, u in SEED_BODY_TARGETS]
    assert got == expected


def test_body_targets_carry_qualifiers_sentence_and_chapter(seed_plan: ParsedPlan) -> None:
    by_name = {t.name: t for t in seed_plan.targets}
    output = by_name["规上工业产值"]
    assert output.qualifiers == ["力争", "突破"]
    assert output.chapter == ""
    assert "突破200亿元" in output.sentence
    assert output.due == date(2022, 12, 31)
    growth = by_name["规上工业增加值增长"]
    assert "以上" in growth.qualifiers and "力争" in growth.qualifiers
    assert by_name["三大主导产业营业收入占比"].chapter == "一、培育壮大主导产业"
    assert by_name["开发区省级考核位次"].chapter == "四、促进园区提质增效"
    assert by_name["全县有效高企"].chapter == "五、推进科技创新赋能"
    assert by_name["新增股改挂牌企业"].qualifiers == ["力争"]


def test_no_false_targets(seed_plan: ParsedPlan) -> None:
    names = " ".join(t.name for t in seed_plan.targets)
    values = {(t.value, t.unit) for t in seed_plan.targets}
    # money rules, thresholds, years, slogans are not targets
    for amount in ((Decimal(300), "万元"), (Decimal(200), "万元"), (Decimal(6000), "万元")):
        assert amount not in values
    assert (Decimal(3), "亩") not in values
    assert (Decimal(10), "亿元") not in {
        (t.value, t.unit) for t in seed_plan.targets if t.source == "body"
    }
    for word in ("3+2", "3+N", "十四五", "六个一", "2022"):
        assert word not in names


def test_milestones_from_tasks(seed_plan: ParsedPlan) -> None:
    by_name = {t.name: t for t in seed_plan.targets}
    contracts = by_name["吸纳技术合同交易额"]
    assert contracts.source == "task"
    assert contracts.kind == "level"
    assert [(m.due, m.value, m.unit) for m in contracts.milestones] == [
        (date(2022, 3, 31), Decimal("2.5"), "亿元"),
        (date(2022, 6, 30), Decimal("5"), "亿元"),
        (date(2022, 12, 31), Decimal("10"), "亿元"),
    ]
    assert contracts.value == Decimal(10)
    # the December task restates body targets: they get a dated milestone, not a duplicate
    assert [(m.month, m.value) for m in by_name["新增规上工业企业"].milestones] == [(12, 15)]
    assert [(m.month, m.value) for m in by_name["新增亿元以上企业"].milestones] == [(12, 3)]
    assert [(m.month, m.value) for m in by_name["新增十亿元企业"].milestones] == [(12, 2)]
    assert [(m.month, m.value) for m in by_name["推进企业上云用数赋能"].milestones] == [(4, 10)]
    rd = by_name["新增研发费用归集企业"]
    assert (rd.value, rd.unit, rd.source) == (Decimal(20), "家", "task")
    assert len([t for t in seed_plan.targets if t.name == "新增规上工业企业"]) == 1
    assert len(seed_plan.targets) == len(SEED_BODY_TARGETS) + 2


def test_money_rules_kept_as_text(seed_plan: ParsedPlan) -> None:
    rules = seed_plan.money_rules
    assert len(rules) == 4
    tech = rules[0]
    assert "奖补" in tech.text and "最高不超过300万元" in tech.text
    assert [(a.value, a.unit) for a in tech.amounts] == [(200, "万元"), (300, "万元")]
    assert tech.amounts[1].yuan == Decimal(3_000_000)
    assert tech.chapter == "三、加速推进项目建设"
    hitech = rules[1]
    assert [(a.value, a.unit) for a in hitech.amounts] == [(30, "万元"), (20, "万元")]
    assert "首次认定" in hitech.text and "复审" in hitech.text
    assert [(a.value, a.unit) for a in rules[2].amounts] == [(6000, "万元")]
    assert [(a.value, a.unit) for a in rules[3].amounts] == [(200, "万元")]
    assert all(r.chapter == "六、优化企业发展环境" for r in rules[2:])


def test_json_shape(seed_plan: ParsedPlan) -> None:
    data = to_json_dict(seed_plan)
    json.dumps(data, ensure_ascii=False)  # serialisable as is
    assert set(data) == {"title", "year", "targets", "tasks"}
    assert data["year"] == 2022
    target = data["targets"][0]
    assert set(target) == {
        "name",
        "kind",
        "comparator",
        "value",
        "unit",
        "qualifiers",
        "due",
        "source",
    }
    assert target["value"] == 200 and target["due"] == "2022-12-31"
    assert data["targets"][-1]["value"] == 10
    task = data["tasks"][1]
    assert set(task) == {
        "month",
        "seq",
        "text",
        "due",
        "lead_units",
        "cooperating_units",
        "open_ended",
        "people",
    }
    assert task["lead_units"] == ["县委办", "县政府办"]
    assert task["due"] == "2022-01-31"
    feb8 = next(t for t in data["tasks"] if t["month"] == 2 and t["seq"] == 8)
    assert feb8["cooperating_units"] == ["开发区", "科技经信局"]  # 县科技经信局 → canonical
    assert feb8["open_ended"] is True
    growth = next(t for t in data["targets"] if t["name"] == "规上工业增加值增长")
    assert isinstance(growth["value"], int)
    assert next(t for t in data["targets"] if t["name"] == "吸纳技术合同交易额")["value"] == 10


def test_explicit_year_overrides_title() -> None:
    plan = parse_plan(seed_bytes(), "seed.txt", huoshan_resolver(), year=2023)
    assert plan.year == 2023
    assert plan.tasks[0].due == date(2023, 1, 31)
