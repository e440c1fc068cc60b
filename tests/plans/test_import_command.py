"""``manage.py import_plan``: the JSON preview, writing the seed, idempotent re-runs, and
malformed files that exit 2 and write nothing (issue 3, item 6)."""

from __future__ import annotations

import calendar
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongye.audit.models import AuditEntry
from gongye.orgs.models import Unit
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan, Target, Task, TaskUnit
from gongye.plans.tests.parsing.builders import build_docx, build_xlsx, seed_docx, text_table
from gongye.plans.tests.parsing.seed_expected import SEED_BODY_TARGETS, SEED_TASKS
from gongye.plans.tests.parsing.test_malformed import CASES as PARSER_CASES
from gongye.plans.tests.parsing.test_malformed import GOOD_DOCX, HEADER_ONLY

from .helpers import HUOSHAN, MONTH_COUNTS, SEED_TITLE, db_counts, small_plan_docx

pytestmark = pytest.mark.django_db

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TARGET_KEYS = {"name", "kind", "comparator", "value", "unit", "qualifiers", "due", "source"}
TASK_KEYS = {
    "month",
    "seq",
    "text",
    "due",
    "lead_units",
    "cooperating_units",
    "open_ended",
    "people",
}


def run_json(capsys, path: Path | str, *args: str) -> dict:
    call_command("import_plan", str(path), "--json", *args)
    out = capsys.readouterr().out
    # exactly one JSON object: the whole of stdout decodes as one value
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def huoshan_unit_names() -> set[str]:
    return set(Unit.objects.filter(region__code=HUOSHAN).values_list("name", flat=True))


# ----- --json --dry-run -----


def test_dry_run_json_has_the_issue_shape_and_writes_nothing(capsys, org, seed_path):
    before = db_counts()
    data = run_json(capsys, seed_path, "--dry-run")

    assert set(data) == {"title", "year", "targets", "tasks"}
    assert data["title"] == SEED_TITLE
    assert data["year"] == 2022
    assert all(set(t) == TARGET_KEYS for t in data["targets"])
    assert all(set(t) == TASK_KEYS for t in data["tasks"])
    assert db_counts() == before


def test_dry_run_json_tasks_match_the_hand_read_table(capsys, org, seed_path):
    data = run_json(capsys, seed_path, "--dry-run")
    tasks = data["tasks"]

    assert len(tasks) == 83
    assert Counter(t["month"] for t in tasks) == MONTH_COUNTS
    for got, (month, seq, start, lead, coop, open_ended) in zip(tasks, SEED_TASKS, strict=True):
        where = f"{month}月第{seq}项"
        assert (got["month"], got["seq"]) == (month, seq), where
        assert got["text"].startswith(start), where
        assert not re.match(r"^\d+[.．、]", got["text"]), where  # numbering is not task text
        assert tuple(got["lead_units"]) == lead, where
        assert tuple(got["cooperating_units"]) == coop, where
        assert got["open_ended"] is open_ended, where
        assert got["people"] == [], where
        last_day = calendar.monthrange(2022, month)[1]
        assert got["due"] == date(2022, month, last_day).isoformat(), where


def test_dry_run_json_units_are_canonical_names_of_the_register(capsys, org, seed_path):
    register = huoshan_unit_names()
    expected_names = {n for row in SEED_TASKS for n in (*row[3], *row[4])}
    assert expected_names <= register  # the hand-read names are the register's own names

    data = run_json(capsys, seed_path, "--dry-run")
    used = {n for t in data["tasks"] for n in (*t["lead_units"], *t["cooperating_units"])}
    assert used <= register
    # The seed writes these two by their long names; the JSON gives the canonical ones.
    text = seed_path.read_text(encoding="utf-8")
    assert "开发区、县科技经信局等" in text and "县中药产业中心、" in text
    assert "县科技经信局" not in used and "县中药产业中心" not in used

    def task(start: str) -> dict:
        (found,) = [t for t in data["tasks"] if t["text"].startswith(start)]
        return found

    assert task("召开县经济开发区高质量发展大会")["cooperating_units"] == ["开发区", "科技经信局"]
    assert task("召开县经济开发区高质量发展大会")["open_ended"] is True
    assert task("组织霍山石斛工业设计大赛")["cooperating_units"] == [
        "中药产业发展中心",
        "乡村振兴公司",
    ]


def test_dry_run_json_targets_have_values_units_and_dates(capsys, org, seed_path):
    data = run_json(capsys, seed_path, "--dry-run")
    targets = {t["name"]: t for t in data["targets"]}
    for name, kind, comparator, value, unit in SEED_BODY_TARGETS:
        got = targets[name]
        assert (got["kind"], got["comparator"], got["unit"]) == (kind, comparator, unit), name
        assert Decimal(str(got["value"])) == Decimal(value), name
        assert got["source"].endswith("。") and value in got["source"], name
    assert all(t["due"] is None or DATE.match(t["due"]) for t in data["targets"])
    assert all(t["due"] and DATE.match(t["due"]) for t in data["tasks"])
    assert targets["规上工业产值"]["due"] == "2022-12-31"
    assert "力争" in targets["规上工业产值"]["qualifiers"]
    assert "规上工业产值突破200亿元" in targets["规上工业产值"]["source"]


def test_json_is_the_same_for_the_word_rebuild(capsys, org, seed_path, tmp_path):
    docx_path = tmp_path / "霍山县2022年工作意见.docx"
    docx_path.write_bytes(seed_docx())
    from_text = run_json(capsys, seed_path, "--dry-run")
    from_word = run_json(capsys, docx_path, "--dry-run")
    assert from_word["tasks"] == from_text["tasks"]
    assert [(t["name"], t["value"], t["unit"]) for t in from_word["targets"]] == [
        (t["name"], t["value"], t["unit"]) for t in from_text["targets"]
    ]


def test_json_goes_to_the_commands_stdout(org, seed_path):
    out = io.StringIO()
    call_command("import_plan", str(seed_path), "--json", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["year"] == 2022


# ----- writing -----


def test_write_creates_plan_tasks_units_and_targets(org, seed_path):
    out = io.StringIO()
    call_command("import_plan", str(seed_path), stdout=out, stderr=io.StringIO())

    assert "已新建" in out.getvalue() and "新增 83" in out.getvalue()
    plan = Plan.objects.get(region__code=HUOSHAN, year=2022)
    assert plan.title == SEED_TITLE
    assert plan.source_filename == seed_path.name
    tasks = list(plan.tasks.prefetch_related("task_units__unit"))
    assert len(tasks) == 83 and all(t.is_active for t in tasks)
    assert Counter(t.month for t in tasks) == MONTH_COUNTS
    for task, (month, seq, start, lead, coop, open_ended) in zip(tasks, SEED_TASKS, strict=True):
        where = f"{month}月第{seq}项"
        assert (task.month, task.seq, task.period_label) == (month, seq, f"{month}月"), where
        assert task.text.startswith(start), where
        assert tuple(task.lead_names) == lead, where
        assert tuple(task.cooperating_names) == coop, where
        assert (task.lead_open_ended or task.cooperating_open_ended) is open_ended, where
        leads = [tu for tu in task.task_units.all() if tu.role == UnitRole.LEAD]
        assert [tu.position for tu in leads] == list(range(len(lead))), where
        assert all(tu.unit.region.code == HUOSHAN for tu in task.task_units.all()), where
    assert TaskUnit.objects.filter(task__plan=plan, role=UnitRole.LEAD).count() == sum(
        len(row[3]) for row in SEED_TASKS
    )

    targets = {t.name: t for t in plan.targets.all()}
    for name, kind, comparator, value, unit in SEED_BODY_TARGETS:
        target = targets[name]
        assert (target.kind, target.comparator, target.unit) == (kind, comparator, unit), name
        assert target.value == Decimal(value), name
        assert target.source == "body", name
    contract = targets["吸纳技术合同交易额"]
    assert [(m.due, m.value) for m in contract.milestones.all()] == [
        (date(2022, 3, 31), Decimal("2.5")),
        (date(2022, 6, 30), Decimal("5")),
        (date(2022, 12, 31), Decimal("10")),
    ]

    created = AuditEntry.objects.filter(target_type="plans.task", verb="create")
    assert created.count() == 83
    assert set(created.values_list("channel", flat=True)) == {"command"}
    assert set(created.values_list("parent_id", flat=True)) == {str(plan.pk)}


def _task_state() -> tuple[list[tuple], list[tuple]]:
    tasks = list(Task.objects.order_by("pk").values_list("pk", "month", "seq", "text", "is_active"))
    units = list(
        TaskUnit.objects.order_by("task_id", "role", "position").values_list(
            "task_id", "unit_id", "role", "position"
        )
    )
    return tasks, units


def test_second_run_changes_no_task(org, seed_path):
    call_command("import_plan", str(seed_path), stdout=io.StringIO())
    tasks_before, units_before = _task_state()
    audit_before = AuditEntry.objects.filter(target_type="plans.task").count()
    targets_before = list(Target.objects.order_by("pk").values_list("pk", "name", "is_active"))

    out = io.StringIO()
    call_command("import_plan", str(seed_path), stdout=out)

    assert "已修订" in out.getvalue()
    assert "新增 0、修改 0、未变 83、撤销 0" in out.getvalue()
    assert Plan.objects.count() == 1
    assert _task_state() == (tasks_before, units_before)
    assert AuditEntry.objects.filter(target_type="plans.task").count() == audit_before
    assert list(Target.objects.order_by("pk").values_list("pk", "name", "is_active")) == (
        targets_before
    )


def test_second_run_writes_no_target_audit_entries(org, seed_path):
    call_command("import_plan", str(seed_path), stdout=io.StringIO())
    before = AuditEntry.objects.filter(target_type="plans.target").count()
    call_command("import_plan", str(seed_path), stdout=io.StringIO())
    assert AuditEntry.objects.filter(target_type="plans.target").count() == before


def test_dry_run_after_a_write_changes_nothing(org, seed_path):
    call_command("import_plan", str(seed_path), stdout=io.StringIO())
    before = db_counts()
    out = io.StringIO()
    call_command("import_plan", str(seed_path), "--dry-run", stdout=out)
    assert "未写入" in out.getvalue() and "重点工作 83 项" in out.getvalue()
    assert db_counts() == before


def test_year_option_overrides_the_title(org, tmp_path):
    path = tmp_path / "无年度计划.docx"
    path.write_bytes(small_plan_docx("开发区", title="霍山县工业重点工作安排"))
    with pytest.raises(CommandError, match="年度"):
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Plan.objects.exists()

    call_command("import_plan", str(path), "--year", "2024", stdout=io.StringIO())
    plan = Plan.objects.get()
    assert plan.year == 2024
    assert [t.due for t in plan.tasks.all()] == [date(2024, 1, 31)] * 2


def test_unknown_unit_is_refused_by_name_and_nothing_is_written(org, tmp_path):
    path = tmp_path / "plan2023.docx"
    path.write_bytes(small_plan_docx("数据资源局"))
    before = db_counts()
    err = io.StringIO()
    call_command("import_plan", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)
    assert "未识别的单位名称：数据资源局" in err.getvalue()

    with pytest.raises(CommandError, match="数据资源局"):
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert db_counts() == before


# ----- malformed files -----


def _extra_cases() -> list[tuple[str, str, Callable[[], bytes], str]]:
    return [
        ("pdf-extension", "plan.pdf", lambda: b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "PDF"),
        ("csv-unknown", "plan.csv", lambda: "姓名,电话\n张三,1\n".encode(), "没有找到"),
        (
            "utf16-no-table",
            "plan.txt",
            lambda: "某县工作意见\n加强领导。".encode("utf-16"),
            "没有找到",
        ),
        ("xlsx-header-only", "plan.xlsx", lambda: build_xlsx({"S": HEADER_ONLY}), "任务行"),
        (
            "gbk-header-only",
            "plan.txt",
            lambda: text_table(HEADER_ONLY, before=["某县2023年"]).decode().encode("gbk"),
            "任务行",
        ),
        ("xlsx-empty-sheets", "plan.xlsx", lambda: build_xlsx({"A": [], "B": []}), "空的"),
        (
            "docx-blank-table",
            "plan.docx",
            lambda: build_docx(["某县2023年", [["", ""], ["", ""]]]),
            "表头",
        ),
        ("docx-title-only", "plan.docx", lambda: build_docx(["霍山县2023年工作意见"]), "没有找到"),
        (
            "xlsx-people-only",
            "plan.xlsx",
            lambda: build_xlsx({"S": [["责任领导", "备注"], ["张县长", ""]]}),
            "表头",
        ),
        (
            "xlsx-units-without-task",
            "plan.xlsx",
            lambda: build_xlsx({"S": [["牵头单位", "配合单位"], ["开发区", "统计局"]]}),
            "表头",
        ),
        ("seed-docx-cut", "霍山计划.docx", lambda: seed_docx()[:5000], "损坏"),
        ("seven-zip", "plan.docx", lambda: b"7z\xbc\xaf\x27\x1c" + b"\0" * 50, "7z"),
        ("good-docx-cut-tail", "plan.docx", lambda: GOOD_DOCX[:-30], "损坏"),
    ]


CASES = [*PARSER_CASES, *_extra_cases()]


def test_at_least_40_malformed_inputs():
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "filename", "make", "word"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_exits_2_names_the_file_and_writes_nothing(
    org, tmp_path, case: str, filename: str, make: Callable[[], bytes], word: str
):
    path = tmp_path / filename
    path.write_bytes(make())
    before = db_counts()
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as info:
        call_command("import_plan", str(path), stdout=out, stderr=err)

    assert info.value.code == 2
    message = err.getvalue()
    assert f"文件“{filename}”" in message, message
    assert re.search(r"[\u4e00-\u9fff]{4,}", message), message
    assert word in message, message
    assert "Traceback" not in message
    assert out.getvalue() == ""
    assert db_counts() == before


def test_malformed_file_with_json_prints_no_json(org, tmp_path, capsys):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as info:
        call_command("import_plan", str(path), "--json")
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "文件“plan.docx”" in captured.err


def test_nonexistent_path_exits_2(org, tmp_path):
    missing = tmp_path / "没有这个文件.docx"
    before = db_counts()
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("import_plan", str(missing), stdout=io.StringIO(), stderr=err)
    assert info.value.code == 2
    assert f"文件“{missing}”不存在" in err.getvalue()
    assert db_counts() == before


def test_directory_path_exits_2(org, tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("import_plan", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert info.value.code == 2
    assert str(tmp_path) in err.getvalue() and "无法读取" in err.getvalue()


def test_unknown_region_exits_2(org, seed_path):
    err = io.StringIO()
    before = db_counts()
    with pytest.raises(SystemExit) as info:
        call_command(
            "import_plan", str(seed_path), "--region", "999999", stdout=io.StringIO(), stderr=err
        )
    assert info.value.code == 2
    assert "区划代码“999999”不存在" in err.getvalue()
    assert db_counts() == before
