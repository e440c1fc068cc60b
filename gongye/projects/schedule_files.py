"""The 月30调度表 as files (issue 13 item 4): the .xlsx through ``core.xlsx`` (the office's
style, formula-safe: a project named ``=HYPERLINK(…)`` stays text) and the .docx through
``core.docx`` in the official layout — A4 landscape, title “XX县2022年6月工业项目调度表”, the
tables with their header row repeated on every page. Both are written from the same
``Schedule`` the page shows; ``schedule_export`` audits who took which month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.core.numbers import number
from gongye.core.periods import month_bounds
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.projects.choices import ReturnColour
from gongye.projects.selectors.schedule import Group, Schedule, ScheduleRow, Totals

if TYPE_CHECKING:
    from gongye.accounts.models import User

FILLS = {ReturnColour.RED: "red", ReturnColour.YELLOW: "yellow", ReturnColour.GREEN: "green"}


def as_of(schedule: Schedule) -> dt.date:
    """The day the figures are as of: today, or the month's last day for a month gone by."""
    return min(schedule.today, month_bounds(schedule.year, schedule.month)[1])


def problems_text(row: ScheduleRow) -> str:
    """The problems filed with the month's return, and how many of the project's problems
    (问题清单) are still open."""
    parts = [row.problems] if row.problems else []
    if row.open_problems:
        parts.append(_("问题清单未销号%(n)s项") % {"n": row.open_problems})
    return _("；").join(parts)


def status_text(row: ScheduleRow) -> str:
    return "" if row.colour == ReturnColour.NONE and not row.owes else row.colour_label


def money_headers() -> list[str]:
    return [
        _("总投资（万元）"),
        _("本年计划投资（万元）"),
        _("本月完成投资（万元）"),
        _("本年累计完成投资（万元）"),
        _("开工以来累计完成投资（万元）"),
    ]


def _row_money(row: ScheduleRow) -> list[Any]:
    return [
        row.total_investment,
        row.year_plan_investment,
        row.month_investment,
        row.year_investment,
        row.cumulative_investment,
    ]


def _totals_money(totals: Totals) -> list[Any]:
    return [
        totals.total_investment,
        totals.year_plan_investment,
        totals.month_investment,
        totals.year_investment,
        totals.cumulative_investment,
    ]


def subtotal_label(group: Group) -> str:
    return _("%(name)s小计（%(n)s个）") % {"name": group.name, "n": group.totals.count}


def total_label(totals: Totals) -> str:
    return _("合计（%(n)s个）") % {"n": totals.count}


# ----- .xlsx


def main_headers() -> list[str]:
    return [
        _("序号"),
        _("项目名称"),
        _("项目单位"),
        _("建设地点"),
        _("产业链"),
        _("项目类型"),
        _("所处库"),
        *money_headers(),
        _("形象进度"),
        _("存在问题"),
        _("报送情况"),
    ]


def main_rows(schedule: Schedule) -> tuple[list[list[Any]], list[dict[int, str]]]:
    """The projects by township, each township closed by its subtotal, then the total; and
    each row's fill (the 报送情况 cell in its colour)."""
    rows: list[list[Any]] = []
    fills: list[dict[int, str]] = []
    status_column = len(main_headers()) - 1
    seq = 0
    for group in schedule.by_township:
        for row in group.rows:
            seq += 1
            rows.append(
                [
                    seq,
                    row.name,
                    row.builder,
                    row.location_name,
                    row.chain_name,
                    row.kind_label,
                    row.stage_label,
                    *_row_money(row),
                    row.progress,
                    problems_text(row),
                    status_text(row),
                ]
            )
            fill = (
                FILLS.get(ReturnColour(row.colour)) if row.colour in ReturnColour.values else None
            )
            fills.append({status_column: fill} if fill else {})
        rows.append(
            ["", subtotal_label(group), *[""] * 5, *_totals_money(group.totals), "", "", ""]
        )
        fills.append({})
    rows.append(
        ["", total_label(schedule.total), *[""] * 5, *_totals_money(schedule.total), "", "", ""]
    )
    fills.append({})
    return rows, fills


def summary_rows(groups: list[Group], total: Totals) -> list[list[Any]]:
    rows = [[g.name, g.totals.count, *_totals_money(g.totals)] for g in groups]
    rows.append([_("合计"), total.count, *_totals_money(total)])
    return rows


def dated_rows(
    rows: list[ScheduleRow], dates: Callable[[ScheduleRow], list[Any]]
) -> list[list[Any]]:
    return [
        [n, r.name, r.builder, r.location_name, r.total_investment, *dates(r)]
        for n, r in enumerate(rows, start=1)
    ]


def _day(day: dt.date | None) -> str:
    return date_zh(day) if day else ""


def red_rows(schedule: Schedule) -> list[list[Any]]:
    return [
        [n, r.name, r.location_name, r.unit_name, r.total_investment]
        for n, r in enumerate(schedule.red, start=1)
    ]


def schedule_xlsx(schedule: Schedule, note: str = "") -> bytes:
    """The workbook: the sheet by township with subtotals and the total, the sums by chain and
    by township, the month's starts and completions, the red list."""
    day = as_of(schedule)
    note = _("金额单位：万元；数据截至%(day)s。%(note)s") % {"day": date_zh(day), "note": note}
    rows, fills = main_rows(schedule)
    summary = [_("项目数"), *money_headers()]
    listed = [_("序号"), _("项目名称"), _("项目单位"), _("建设地点"), _("总投资（万元）")]
    money_w = [14] * 5
    sheets = [
        Sheet(
            title=schedule.title,
            headers=main_headers(),
            rows=rows,
            widths=[6, 30, 24, 14, 14, 8, 8, *money_w, 30, 30, 12],
            fills=fills,
            note=note,
            name=_("调度表"),
            wide={1, 2, 12, 13},
        ),
        Sheet(
            title=_("%(title)s（分产业链汇总）") % {"title": schedule.title},
            headers=[_("产业链"), *summary],
            rows=summary_rows(schedule.by_chain, schedule.total),
            widths=[24, 8, *money_w],
            note=note,
            name=_("分产业链汇总"),
            wide={0},
        ),
        Sheet(
            title=_("%(title)s（分乡镇汇总）") % {"title": schedule.title},
            headers=[_("乡镇（开发区）"), *summary],
            rows=summary_rows(schedule.by_township, schedule.total),
            widths=[24, 8, *money_w],
            note=note,
            name=_("分乡镇汇总"),
            wide={0},
        ),
        Sheet(
            title=_("%(title)s（本月开工项目）") % {"title": schedule.title},
            headers=[*listed, _("开工日期")],
            rows=dated_rows(schedule.starts, lambda r: [_day(r.started_on)]),
            widths=[6, 30, 24, 14, 14, 16],
            note=note,
            name=_("本月开工"),
            wide={1, 2},
        ),
        Sheet(
            title=_("%(title)s（本月竣工投产项目）") % {"title": schedule.title},
            headers=[*listed, _("竣工日期"), _("投产日期")],
            rows=dated_rows(
                schedule.completions, lambda r: [_day(r.completed_on), _day(r.produced_on)]
            ),
            widths=[6, 30, 24, 14, 14, 16, 16],
            note=note,
            name=_("本月竣工投产"),
            wide={1, 2},
        ),
        Sheet(
            title=_("%(title)s（逾期未报送项目）") % {"title": schedule.title},
            headers=[_("序号"), _("项目名称"), _("建设地点"), _("责任单位"), _("总投资（万元）")],
            rows=red_rows(schedule),
            widths=[6, 30, 14, 18, 14],
            note=note,
            name=_("逾期未报"),
            wide={1},
        ),
    ]
    return xlsx_bytes(sheets)


# ----- .docx


def _n(value: Decimal | int | None) -> str:
    return "" if value is None else number(value)


def docx_main(schedule: Schedule) -> tuple[list[str], list[list[Any]]]:
    """The Word table: fewer, shorter columns than the workbook (A4 landscape)."""
    headers = [
        _("序号"),
        _("项目名称"),
        _("建设地点"),
        _("总投资"),
        _("本年计划"),
        _("本月完成"),
        _("本年累计"),
        _("开工以来累计"),
        _("形象进度"),
        _("存在问题"),
        _("报送情况"),
    ]
    rows: list[list[Any]] = []
    seq = 0

    def money(values: list[Any]) -> list[str]:
        return [_n(v) for v in values]

    for group in schedule.by_township:
        for row in group.rows:
            seq += 1
            rows.append(
                [
                    seq,
                    row.name,
                    row.location_name,
                    *money(_row_money(row)),
                    row.progress,
                    problems_text(row),
                    status_text(row),
                ]
            )
        rows.append(
            ["", subtotal_label(group), "", *money(_totals_money(group.totals)), "", "", ""]
        )
    rows.append(
        ["", total_label(schedule.total), "", *money(_totals_money(schedule.total)), "", "", ""]
    )
    return headers, rows


def schedule_docx(schedule: Schedule) -> bytes:
    """The 调度表 as a Word file in the official layout (``core.docx``), A4 landscape."""
    from gongye.core.docx import OfficialDocument, fit_widths

    doc = OfficialDocument(schedule.title, author=schedule.region_name, landscape=True)
    doc.title(
        segments=(
            _("%(region)s%(year)s年%(month)s月")
            % {"region": schedule.region_name, "year": schedule.year, "month": schedule.month},
            _("工业项目调度表"),
        )
    )
    doc.subtitle(_("（数据截至%(day)s，金额单位：万元）") % {"day": date_zh(as_of(schedule))})
    doc.blank()
    total = schedule.total
    doc.heading(_("一、项目调度情况"))
    doc.body(
        _(
            "本月调度项目%(n)s个，总投资%(total)s万元；本月完成投资%(month)s万元，本年累计完成投资"
            "%(year)s万元。本月开工%(starts)s个，竣工投产%(done)s个；逾期未报送%(red)s个。"
        )
        % {
            "n": total.count,
            "total": _n(total.total_investment),
            "month": _n(total.month_investment),
            "year": _n(total.year_investment),
            "starts": len(schedule.starts),
            "done": len(schedule.completions),
            "red": len(schedule.red),
        }
    )
    headers, rows = docx_main(schedule)
    if schedule.rows:
        # the place and the status wrap too: kept on one line they left the name, the
        # progress and the problems one character a line on A4 landscape
        widths = fit_widths(headers, rows, doc.text_width_cm, wrap={1: 3, 2: 1, 8: 2, 9: 2, 10: 1})
        doc.table(headers, rows, widths, left={headers[1], headers[8], headers[9]})
    summary = [
        _("项目数"),
        _("总投资"),
        _("本年计划"),
        _("本月完成"),
        _("本年累计"),
        _("开工以来累计"),
    ]

    def summary_table(heading: str, first: str, groups: list[Group]) -> None:
        doc.heading(heading)
        if not groups:
            doc.body(_("无。"))
            return
        found = [
            [r[0], r[1], *[_n(v) for v in r[2:]]] for r in summary_rows(groups, schedule.total)
        ]
        widths = fit_widths([first, *summary], found, doc.text_width_cm, wrap={0: 1})
        doc.table([first, *summary], found, widths, left={first})

    summary_table(_("二、分产业链汇总"), _("产业链"), schedule.by_chain)
    summary_table(_("三、分乡镇（开发区）汇总"), _("乡镇（开发区）"), schedule.by_township)

    def listed(heading: str, rows: list[list[Any]], headers: list[str]) -> None:
        doc.heading(heading)
        if not rows:
            doc.body(_("无。"))
            return
        rows = [[*r[:4], _n(r[4]), *r[5:]] for r in rows]
        widths = fit_widths(headers, rows, doc.text_width_cm, wrap={1: 2, 2: 1})
        doc.table(headers, rows, widths, left={headers[1], headers[2]})

    base = [_("序号"), _("项目名称"), _("项目单位"), _("建设地点"), _("总投资")]
    listed(
        _("四、本月开工项目"),
        dated_rows(schedule.starts, lambda r: [_day(r.started_on)]),
        [*base, _("开工日期")],
    )
    listed(
        _("五、本月竣工投产项目"),
        dated_rows(schedule.completions, lambda r: [_day(r.completed_on), _day(r.produced_on)]),
        [*base, _("竣工日期"), _("投产日期")],
    )
    doc.heading(_("六、逾期未报送项目"))
    red = red_rows(schedule)
    if red:
        red_headers = [_("序号"), _("项目名称"), _("建设地点"), _("责任单位"), _("总投资")]
        red = [[*r[:4], _n(r[4])] for r in red]
        widths = fit_widths(red_headers, red, doc.text_width_cm, wrap={1: 2})
        doc.table(red_headers, red, widths, left={red_headers[1]})
    else:
        doc.body(_("无。"))
    return doc.to_bytes()


# ----- the download, audited


@transaction.atomic
def schedule_export(*, actor: User, schedule: Schedule, fmt: str, note: str = "") -> bytes:
    """The 调度表 as ``fmt`` (xlsx or docx), with an audit entry of who took which month with
    which filters and how many rows."""
    content = schedule_xlsx(schedule, note) if fmt == "xlsx" else schedule_docx(schedule)
    f = schedule.filters
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target_type="projects.schedule",
        target_id=schedule.month_value,
        target_repr=schedule.title,
        after={
            "format": fmt,
            "filters": {
                "kind": f.kind,
                "chain": f.chain,
                "location": f.location,
                "size": f.size,
            },
            "rows": len(schedule.rows),
            "bytes": len(content),
        },
    )
    return content
