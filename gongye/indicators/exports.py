"""The leaders' cockpit (驾驶舱) as a Word report, A4 landscape in the office's layout
(``core.docx``): the same figures the page shows, in the page's words.

``cockpit_docx`` and ``cockpit_xlsx`` write the file from the object the cockpit page is
rendered from (``selectors.cockpit_page``), so a report never says what the page does not; the
``*_export`` functions also record the download in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.dispatch.board import task_label
from gongye.indicators.selectors.cockpit import CockpitPage
from gongye.indicators.selectors.words import TargetRow

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.plans.models import Task

DEMO_NOTE = "（含演示数据）"

# Widths in cm within the landscape 版心 of 22.5 cm, wide enough that a 黑体 header of five
# characters (完成序时比) or a date stays on one line.
HEADLINE_HEADERS = ["指标", "目标值", "最新数据", "序时要求", "完成序时比", "状态", "说明"]
HEADLINE_WIDTHS = [5.0, 2.6, 2.2, 2.2, 2.6, 2.0, 5.8]
TARGET_HEADERS = [
    "序号",
    "指标",
    "目标值",
    "最新数据",
    "月份",
    "序时要求",
    "完成序时比",
    "状态",
    "责任单位",
]
TARGET_WIDTHS = [1.2, 5.4, 2.6, 2.2, 1.4, 2.2, 2.6, 2.0, 2.8]
UNIT_HEADERS = ["排名", "牵头单位", "应完成", "已完成", "按时完成", "按时完成率"]
UNIT_WIDTHS = [1.6, 7.0, 2.4, 2.4, 2.4, 3.0]
RED_HEADERS = ["序号", "事项", "牵头单位", "完成时限", "逾期天数"]
RED_WIDTHS = [1.2, 11.8, 4.4, 2.8, 2.2]
DEADLINE_HEADERS = ["序号", "事项", "牵头单位", "完成时限"]
DEADLINE_WIDTHS = [1.2, 14.0, 4.4, 2.8]
COUNTY_HEADERS = [
    "综合位次",
    "较上月",
    "县（区）",
    "目标数",
    "达标",
    "接近",
    "落后",
    "达标占比",
    "占比位次",
    "按时完成率",
    "完成率位次",
]
COUNTY_WIDTHS = [2.0, 1.6, 3.4, 1.6, 1.4, 1.4, 1.4, 2.0, 2.0, 2.4, 2.4]
INDICATOR_HEADERS = [
    "县（区）",
    "目标值",
    "总量",
    "总量位次",
    "较上月",
    "增速(%)",
    "增速位次",
    "较上月",
    "完成序时比",
    "状态",
]
INDICATOR_WIDTHS = [3.2, 2.6, 3.0, 2.0, 1.6, 2.6, 2.0, 1.6, 2.4, 1.5]
# columns of long text, left-aligned
LEFT = {"指标", "说明", "责任单位", "牵头单位", "事项", "县（区）"}


# --------------------------------------------------------------------------- rows


def _month_text(month: int | None) -> str:
    return f"{month}月" if month else "—"


def _target_name(row: TargetRow) -> str:
    return f"{row.name}（演示数据）" if row.is_demo else row.name


def headline_rows(page: CockpitPage) -> list[list[Any]]:
    return [
        [_target_name(r), r.goal, r.latest, r.expected, r.ratio_text, r.status_label, r.rule_text]
        for r in page.headline
    ]


def target_rows(page: CockpitPage) -> list[list[Any]]:
    return [
        [
            r.seq,
            _target_name(r),
            r.goal,
            r.latest,
            _month_text(r.month),
            r.expected,
            r.ratio_text,
            r.status_label,
            r.owner or "—",
        ]
        for r in page.rows
    ]


def unit_rows(page: CockpitPage) -> list[list[Any]]:
    return [[u.rank, u.name, u.due, u.done, u.on_time, u.on_time_text] for u in page.bulletin.units]


def _task_text(task: Task) -> str:
    """The task as the page names it (``str(task)``), but with the whole of its text: the
    page cuts it at 40 characters, a Word table has room for all of it."""
    return f"{task_label(task)}：{task.text}"


def _due(task: Task) -> dt.date | None:
    state = getattr(task, "supervision", None)
    return state.due if state is not None else None


def _task_rows(tasks: list[Task], overdue_on: dt.date | None = None) -> list[list[Any]]:
    """序号, 事项, 牵头单位, 完成时限 — and, given the day, 逾期天数."""
    rows = []
    for i, task in enumerate(tasks, start=1):
        due = _due(task)
        row = [i, _task_text(task), "、".join(task.lead_names) or "—"]
        row.append(due.isoformat() if due else "—")
        if overdue_on is not None:
            row.append((overdue_on - due).days if due else "—")
        rows.append(row)
    return rows


def red_rows(page: CockpitPage) -> list[list[Any]]:
    return _task_rows(page.red, overdue_on=page.today)


def deadline_rows(page: CockpitPage) -> list[list[Any]]:
    return _task_rows(page.deadlines)


def _place(value: int | None) -> Any:
    return "—" if value is None else value


def county_rows(page: CockpitPage) -> list[list[Any]]:
    """The overall comparison (``comparison.CountyRow``), as on the page."""
    return [
        [
            _place(c.rank),
            c.change_text,
            c.name,
            c.targets,
            c.on_track,
            c.near,
            c.behind,
            c.share_text,
            _place(c.rank_share),
            c.on_time_text,
            _place(c.rank_on_time),
        ]
        for c in page.counties
    ]


def _with_month(value: str, month: int | None) -> str:
    return f"{value}（{month}月）" if month and value != "—" else value


def indicator_rows(page: CockpitPage) -> list[list[Any]]:
    """The comparison by indicator (总量、速度、位次), as on the page."""
    return [
        [
            r.name,
            r.goal,
            _with_month(r.total, r.total_month),
            _place(r.rank_total),
            r.change_total,
            _with_month(r.speed, r.speed_month),
            _place(r.rank_speed),
            r.change_speed,
            r.ratio_text,
            r.status_label,
        ]
        for r in page.indicator_rows
    ]


def line_rows(page: CockpitPage) -> tuple[list[str], list[list[Any]]]:
    """Every target's monthly line: one row per target and measure (actual, pace), one
    column per month."""
    months = sorted({p.month for line in page.lines for p in line.points})
    headers = ["序号", "指标", "项目", *(f"{m}月" for m in months)]
    rows: list[list[Any]] = []
    for line in page.lines:
        by_month = {p.month: p for p in line.points}
        row = line.row
        for label, key in (("实际", "actual"), ("序时要求", "expected"), ("状态", "status_label")):
            cells = [getattr(by_month[m], key) or "—" if m in by_month else "" for m in months]
            rows.append([row.seq, row.name, label, *cells])
    return headers, rows


COMPARISON_NOTE = (
    "综合位次按目标达标占比排序，占比相同再比重点工作按时完成率；“较上月”为与上一个有数据"
    "月份同一排序相比的位次变化。"
)
INDICATOR_NOTE = (
    "总量为累计值、期末值、占比或位次；增速为同比增速。位次越小越靠前，能耗等上限类指标越低"
    "越靠前；无数据的县（区）不参与排位。"
)


# --------------------------------------------------------------------------- text


def cockpit_title(page: CockpitPage) -> str:
    plan = page.plan
    demo = DEMO_NOTE if page.demo else ""
    return f"{plan.region.name}{plan.year}年工业经济目标完成情况（驾驶舱）{demo}"


def overview_sentences(page: CockpitPage) -> list[str]:
    """一、总体情况: the targets by status, then the key tasks as the bulletin counts them."""
    plan, counts, rows = page.plan, page.counts, page.rows
    on_track, near, behind = counts["on_track"], counts["near"], counts["behind"]
    if rows:
        no_data = len(rows) - on_track - near - behind
        first = (
            f"{plan.year}年工作计划共设量化目标{len(rows)}项。截至{page.bulletin.as_of_text}，"
            f"按序时进度衡量，达标{on_track}项、接近{near}项、落后{behind}项、"
            f"暂无数据{no_data}项。"
        )
    else:
        first = f"{plan.year}年工作计划没有设置量化目标。"
    if page.demo:
        first += "部分目标数据为演示数据，仅供演示，不作为考核依据。"
    t = page.bulletin.totals
    month = page.month
    second = (
        f"重点工作方面，全年共{t.year_total}项；截至{page.bulletin.as_of_text}，"
        f"完成时限在{month}月底前的{t.due}项中，已完成{t.done}项，"
        f"按时完成率{t.on_time_text}，逾期未完成{t.overdue}项。"
    )
    return [first, second]


# --------------------------------------------------------------------------- Word


def cockpit_docx(page: CockpitPage) -> bytes:
    """The cockpit as a Word report, A4 landscape: 一、总体情况; 二、主要目标; 三、全部目标完成
    情况; 四、各单位按时完成率; 五、逾期未完成和本月到期事项; and for a city or province user
    六、各县（区）对比. ``page`` is the cockpit page (``selectors.cockpit_page``)."""
    from gongye.core.docx import OfficialDocument

    plan, bulletin, month = page.plan, page.bulletin, page.month
    today: dt.date = page.today
    title = cockpit_title(page)
    doc = OfficialDocument(title, author=plan.region.name, landscape=True)
    doc.title()
    made = "" if bulletin.as_of == today else f"，制表日期{date_zh(today)}"
    doc.subtitle(f"（截至{bulletin.as_of_text}{made}）")
    doc.blank()

    doc.heading("一、总体情况")
    for text in overview_sentences(page):
        doc.body(text)

    doc.heading("二、主要目标")
    if page.headline:
        doc.table(HEADLINE_HEADERS, headline_rows(page), HEADLINE_WIDTHS, LEFT)
    else:
        doc.body("该计划没有量化目标。")

    doc.heading("三、全部目标完成情况")
    if page.rows:
        doc.table(TARGET_HEADERS, target_rows(page), TARGET_WIDTHS, LEFT)
    else:
        doc.body("该计划没有量化目标。")

    doc.heading("四、各单位按时完成率")
    if bulletin.units:
        doc.body(
            f"按各单位牵头的、完成时限在{month}月底前的重点工作计算，"
            f"截至{bulletin.as_of_text}，依完成率、按时完成率排序如下："
        )
        doc.table(UNIT_HEADERS, unit_rows(page), UNIT_WIDTHS, LEFT)
    else:
        doc.body(f"{month}月底前没有到期的牵头任务。")

    doc.heading("五、逾期未完成和本月到期事项")
    doc.heading("（一）逾期未完成事项", level=2)
    if page.red:
        shown, total = len(page.red), page.red_total
        if total and total > shown:
            doc.body(f"截至{date_zh(today)}，逾期未完成事项{total}项，列出前{shown}项：")
        else:
            doc.body(f"截至{date_zh(today)}，逾期未完成事项如下：")
        doc.table(RED_HEADERS, red_rows(page), RED_WIDTHS, LEFT)
    else:
        doc.body("无。")
    doc.heading(f"（二）本月到期事项（{today.year}年{today.month}月）", level=2)
    if page.deadlines:
        doc.table(DEADLINE_HEADERS, deadline_rows(page), DEADLINE_WIDTHS, LEFT)
    else:
        doc.body("无。")

    if page.upper and page.counties:
        as_of_month = page.comparison_month or month
        doc.heading(f"六、各县（区）对比（{plan.year}年，截至{as_of_month}月）")
        doc.body(COMPARISON_NOTE)
        doc.table(COUNTY_HEADERS, county_rows(page), COUNTY_WIDTHS, LEFT)
        if page.indicator_rows:
            doc.heading(f"（一）分指标对比：{page.indicator_name}", level=2)
            doc.body(INDICATOR_NOTE)
            doc.table(INDICATOR_HEADERS, indicator_rows(page), INDICATOR_WIDTHS, LEFT)

    doc.signature(date_zh(today))
    return doc.to_bytes()


def cockpit_docx_export(*, actor: User, page: CockpitPage) -> bytes:
    """The cockpit's Word report, with an audit entry of who took which plan's figures (an
    export changes no row, but every download is recorded, as for the spreadsheet)."""
    content = cockpit_docx(page)
    _audit_export(actor, page, "docx", content)
    return content


def _audit_export(actor: User, page: CockpitPage, fmt: str, content: bytes) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target=page.plan,
            after={
                "view": "cockpit",
                "format": fmt,
                "targets": len(page.rows),
                "units": len(page.bulletin.units),
                "counties": len(page.counties) if page.upper else 0,
                "bytes": len(content),
            },
        )


# --------------------------------------------------------------------------- Excel


def cockpit_xlsx(page: CockpitPage) -> bytes:
    """The cockpit as a workbook: 目标, 月度走势, 单位, and for a city or province user 县区对比
    and 分指标对比 — the page's tables, one figure per cell."""
    from gongye.core.xlsx import Sheet, xlsx_bytes

    plan, bulletin = page.plan, page.bulletin
    demo = DEMO_NOTE if page.demo else ""
    made = f"制表日期：{page.today.isoformat()}"
    sheets = [
        Sheet(
            title=f"{plan.region.name}{plan.year}年目标完成情况{demo}",
            headers=[*TARGET_HEADERS, "说明"],
            rows=[[*row, r.rule_text] for row, r in zip(target_rows(page), page.rows, strict=True)],
            widths=[6, 30, 14, 12, 8, 12, 12, 10, 16, 60],
            note=made,
            name="目标",
            wide={1, 9},
        )
    ]
    headers, rows = line_rows(page)
    sheets.append(
        Sheet(
            title=f"{plan.region.name}{plan.year}年各指标月度走势{demo}",
            headers=headers,
            rows=rows,
            widths=[6, 30, 10, *([10] * (len(headers) - 3))],
            note=made,
            name="月度走势",
            wide={1},
        )
    )
    sheets.append(
        Sheet(
            title=f"{plan.region.name}{plan.year}年{page.month}月各单位按时完成率",
            headers=UNIT_HEADERS,
            rows=unit_rows(page),
            widths=[6, 24, 10, 10, 10, 12],
            note=f"截至{bulletin.as_of_text}",
            name="单位",
            wide={1},
        )
    )
    if page.upper and page.counties:
        as_of = f"{plan.year}年，截至{page.comparison_month}月"
        sheets.append(
            Sheet(
                title=f"各县（区）对比（{as_of}）",
                headers=COUNTY_HEADERS,
                rows=county_rows(page),
                widths=[10, 8, 14, 8, 8, 8, 8, 10, 10, 12, 12],
                note=COMPARISON_NOTE,
                name="县区对比",
                wide={2},
            )
        )
        if page.indicator_rows:
            sheets.append(
                Sheet(
                    title=f"分指标对比：{page.indicator_name}（{as_of}）",
                    headers=INDICATOR_HEADERS,
                    rows=indicator_rows(page),
                    widths=[14, 14, 16, 10, 8, 14, 10, 8, 12, 8],
                    note=INDICATOR_NOTE,
                    name="分指标对比",
                    wide={0},
                )
            )
    return xlsx_bytes(sheets)


def cockpit_xlsx_export(*, actor: User, page: CockpitPage) -> bytes:
    """The cockpit's workbook, with an audit entry like the Word report's."""
    content = cockpit_xlsx(page)
    _audit_export(actor, page, "xlsx", content)
    return content
