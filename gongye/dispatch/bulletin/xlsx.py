"""The bulletin as an Excel workbook: the page's figures, one per cell."""

from __future__ import annotations

from typing import Any

from gongye.core.dates import date_zh
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.dispatch.board import STATE_LABELS

from .figures import BulletinData
from .text import (
    RED_HEADERS,
    UNIT_HEADERS,
    half_year_sentence,
    half_year_verdict,
    red_rows,
    unit_rows,
)


def bulletin_xlsx(data: BulletinData) -> bytes:
    """Three sheets: 总体情况, 单位排名, 逾期清单 — the page's figures, one per cell."""
    t, h = data.totals, data.half_year
    # the issue, the period and the office, as the Word file's head and 落款 say: never the
    # day it was downloaded (a bulletin made again reads the same)
    note = f"{data.issue_text}；截至{data.as_of_text}；{data.signed_by}"
    overview: list[list[Any]] = [
        ["全年重点工作（项）", t.year_total, ""],
        ["全年已完成（项）", t.year_done, "含提前完成"],
        [f"完成时限在{data.month}月底前（项）", t.due, "应完成"],
        ["已完成（项）", t.done, ""],
        ["按时完成（项）", t.done_on_time, ""],
        ["未完成（项）", t.open, ""],
        ["逾期未完成（项）", t.overdue, ""],
        ["提前完成（项）", t.ahead, "完成时限在本月之后"],
        ["完成率", t.completion_text, "已完成 ÷ 应完成"],
        ["按时完成率", t.on_time_text, "按时完成 ÷ 应完成"],
        [
            h.title,
            h.ratio_text,
            f"截至{date_zh(h.as_of)}完成{h.done}项，须完成{h.required}项（{h.share_text}）",
        ],
        ["结论", half_year_verdict(data), half_year_sentence(data)],
    ]
    sheets = [
        Sheet(
            title=data.title,
            name="总体情况",
            note=note,
            headers=["项目", "数值", "说明"],
            rows=overview,
            widths=[28, 14, 70],
            wide={0, 2},
        ),
        Sheet(
            title=f"{data.title}·单位排名",
            name="单位排名",
            note=note,
            headers=list(UNIT_HEADERS),
            rows=unit_rows(data),
            widths=[7, 22, 9, 9, 10, 10, 12],
            wide={1},
        ),
        Sheet(
            title=f"{data.title}·逾期未完成事项",
            name="逾期清单",
            note=note,
            headers=list(RED_HEADERS) + ["当前状态", "完成百分比"],
            rows=[
                row + [str(STATE_LABELS.get(r.task.state, r.task.state)), r.task.percent]
                for row, r in zip(red_rows(data), data.red, strict=True)
            ],
            fills=[{5: "red"} for _ in data.red],
            widths=[6, 12, 56, 18, 12, 9, 36, 10, 10],
            wide={2, 3, 6},
        ),
    ]
    return xlsx_bytes(sheets)
