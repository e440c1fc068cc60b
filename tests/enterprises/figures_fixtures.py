"""Bureau sheets of several shapes, written with openpyxl for the figures tests: one-line,
two-line (本月 / 本年累计 under a merged measure) and three-line headers, shuffled columns, a
计量单位 line above the table, totals and notes below it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from tests.enterprises.factories import valid_code


def xlsx(rows: Sequence[Sequence[Any]], merges: Sequence[str] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "月报"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def code(n: int) -> str:
    return valid_code(900 + n)


def simple(
    rows: Sequence[Sequence[Any]],
    *,
    title: str = "2022年6月规模以上工业企业主要指标",
    headers: Sequence[str] = ("统一社会信用代码", "企业名称", "营业收入(万元)", "税收(万元)"),
) -> bytes:
    """A one-line header under a title."""
    return xlsx([[title], list(headers), *[list(r) for r in rows]])


def two_line(rows: Sequence[Sequence[Any]], *, title: str = "2022年1-6月 工业企业月报") -> bytes:
    """营业收入 and 工业总产值 each over 本月 / 本年累计 (merged), a 同比 column, the name
    first, the code last; a 计量单位 line in 千元; 合计 and a note below the rows."""
    head1 = [
        "单位详细名称",
        "工业总产值(当年价格)",
        None,
        "营业收入",
        None,
        "营业收入同比增速(%)",
        "统一社会信用代码",
    ]
    head2 = [None, "本月", "本年累计", "本月", "本年累计", None, None]
    body = [list(r) for r in rows]
    return xlsx(
        [
            [title],
            ["计量单位：千元"],
            head1,
            head2,
            *body,
            ["合计", 1, 2, 3, 4, None, None],
            ["注：本表数据为快报数。"],
        ],
        merges=["A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:G4"],
    )


def three_line(rows: Sequence[Sequence[Any]], *, title: str = "2022年6月") -> bytes:
    """Three header lines: 主要经济指标 over everything, each measure, then its unit."""
    head1 = ["信用代码", "企业名称", "主要经济指标", None, None, None]
    head2 = [None, None, "工业用电量", "综合能源消费量", "从业人员期末人数", "利润总额"]
    head3 = [None, None, "万千瓦时", "吨标准煤", "人", "元"]
    return xlsx(
        [[title], head1, head2, head3, *[list(r) for r in rows]],
        merges=["A2:A4", "B2:B4", "C2:F2"],
    )
