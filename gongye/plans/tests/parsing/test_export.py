"""Exported tables: official layout, re-import to the same tasks, open in LibreOffice."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongye.plans.parsing import (
    ParsedPlan,
    export_targets_docx,
    export_targets_xlsx,
    export_tasks_docx,
    export_tasks_xlsx,
    parse_plan,
)

from .builders import seed_bytes
from .huoshan_units import huoshan_resolver

TITLE = "2022年度全县工业及民营经济重点工作明细表"


@pytest.fixture(scope="module")
def seed_plan() -> ParsedPlan:
    return parse_plan(seed_bytes(), "seed.txt", huoshan_resolver())


def _task_key(plan: ParsedPlan) -> list[tuple[object, ...]]:
    return [
        (
            t.month,
            t.seq,
            t.text,
            t.due,
            tuple(t.lead_units),
            tuple(t.cooperating_units),
            t.lead_open_ended,
            t.cooperating_open_ended,
        )
        for t in plan.tasks
    ]


@pytest.mark.parametrize("fmt", ["docx", "docx-portrait", "xlsx"])
def test_export_then_import_gives_the_same_tasks(seed_plan: ParsedPlan, fmt: str) -> None:
    if fmt == "xlsx":
        data = export_tasks_xlsx(seed_plan.tasks, TITLE)
    else:
        data = export_tasks_docx(seed_plan.tasks, TITLE, landscape=fmt == "docx")
    again = parse_plan(data, f"export.{fmt[:4]}", huoshan_resolver())
    assert again.title == TITLE and again.year == 2022
    assert len(again.tasks) == 83
    assert _task_key(again) == _task_key(seed_plan)
    assert again.warnings == []


def test_unresolved_units_survive_the_round_trip() -> None:
    from .builders import build_docx

    rows = [["月度", "重点工作", "牵头单位", "配合单位"], ["1月", "1.甲", "数据资源局", "开发区等"]]
    plan = parse_plan(build_docx(["某县2023年", rows]), "a.docx", huoshan_resolver())
    again = parse_plan(export_tasks_docx(plan.tasks, "2023年明细表"), "b.docx", huoshan_resolver())
    assert _task_key(again) == _task_key(plan)
    assert again.tasks[0].unresolved == ["数据资源局"]


def test_docx_layout_fonts_merges_and_page(seed_plan: ParsedPlan) -> None:
    import docx

    data = export_tasks_docx(seed_plan.tasks, TITLE)
    package = zipfile.ZipFile(io.BytesIO(data))
    xml = package.read("word/document.xml").decode()
    assert 'w:eastAsia="方正小标宋简体"' in xml  # title
    assert 'w:eastAsia="黑体"' in xml  # header row
    assert 'w:eastAsia="仿宋_GB2312"' in package.read("word/styles.xml").decode()  # body
    assert xml.count('w:vMerge w:val="restart"') == 12  # one merged 月度 cell per month
    assert "<w:tblHeader" in xml  # header repeats on each page
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0
    assert round(section.left_margin.cm, 1) == 3.7
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "月度",
        "序号",
        "重点工作",
        "牵头单位",
        "配合单位",
    ]
    assert table.rows[1].cells[0].text == "1月"
    assert table.rows[2].cells[0].text == "1月"  # merged: python-docx reports the top cell
    assert table.rows[2].cells[3].text == "县委办、县政府办"


def test_xlsx_layout(seed_plan: ParsedPlan) -> None:
    data = export_tasks_xlsx(seed_plan.tasks, TITLE)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    assert ws["A1"].value == TITLE
    assert [c.value for c in ws[2]] == ["月度", "序号", "重点工作", "牵头单位", "配合单位"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:E1" in merged and "A3:A7" in merged  # title, January (5 tasks)
    assert ws["C3"].alignment.wrap_text
    assert ws["A2"].font.name == "黑体"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["C"].width == 70
    assert ws["B3"].value == 1


def test_targets_tables(seed_plan: ParsedPlan) -> None:
    docx_data = export_targets_docx(seed_plan.targets, "2022年主要目标")
    xlsx_data = export_targets_xlsx(seed_plan.targets, "2022年主要目标")
    wb = load_workbook(io.BytesIO(xlsx_data))
    ws = wb.active
    assert ws is not None
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(seed_plan.targets)
    assert rows[0][1:6] == ("规上工业产值", "总量", "不低于", 200, "亿元")
    contracts = next(r for r in rows if r[1] == "吸纳技术合同交易额")
    assert contracts[9] == "3月：2.5亿元；6月：5亿元；12月：10亿元"
    import docx

    table = docx.Document(io.BytesIO(docx_data)).tables[0]
    assert table.rows[1].cells[1].text == "规上工业产值"
    assert len(table.rows) == len(seed_plan.targets) + 1


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) 未安装，无法做 PDF 转换检查")
def test_libreoffice_converts_exports_to_pdf(seed_plan: ParsedPlan, tmp_path: Path) -> None:
    files = {
        "tasks.docx": export_tasks_docx(seed_plan.tasks, TITLE),
        "tasks.xlsx": export_tasks_xlsx(seed_plan.tasks, TITLE),
        "targets.docx": export_targets_docx(seed_plan.targets, "2022年主要目标"),
        "targets.xlsx": export_targets_xlsx(seed_plan.targets, "2022年主要目标"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    profile = tmp_path / "profile"
    env = {**os.environ, "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            str(_soffice()),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / n) for n in files),
        ],
        capture_output=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    for name in files:
        pdf = tmp_path / "pdf" / (Path(name).stem + ".pdf")
        assert pdf.exists(), (name, result.stdout, result.stderr)
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF")
        assert len(content) > 5000
    # the 83-row task table spans several landscape pages
    pages = re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "pdf" / "tasks.pdf").read_bytes())
    assert len(pages) >= 3
