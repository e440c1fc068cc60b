"""The bulletin's words: the page, the Word file and the Excel file say the same sentences,
made here from the figures."""

from __future__ import annotations

from typing import Any

from gongye.core.dates import date_zh

from .figures import BulletinData

UNIT_HEADERS = ["排名", "牵头单位", "应完成", "已完成", "按时完成", "完成率", "按时完成率"]
RED_HEADERS = ["序号", "事项", "重点工作", "牵头单位", "完成时限", "逾期天数", "滞后原因"]


def overview_paragraphs(data: BulletinData) -> list[str]:
    """一、总体情况, in the words the bulletin uses (page, Word and Excel say the same)."""
    t = data.totals
    first = (
        f"{data.year}年全年重点工作共{t.year_total}项。截至{data.as_of_text}，"
        f"完成时限在{data.month}月底前的{t.due}项中，已完成{t.done}项，其中按时完成"
        f"{t.done_on_time}项，完成率{t.completion_text}，按时完成率{t.on_time_text}；"
        f"未完成{t.open}项，其中逾期未完成{t.overdue}项。"
    )
    if t.ahead:
        first += f"另有{t.ahead}项提前完成。"
    return [first, half_year_sentence(data)]


def half_year_sentence(data: BulletinData) -> str:
    """The half-year check in words: named as the plan names it (“时间过半、任务过六” at
    60%), or, where the plan sets no checkpoint, as the time-elapsed pace it is."""
    h = data.half_year
    # what is due by the check month, said generally when the plan names no checkpoint
    pace = f"截至{h.month}月底应完成全年重点工作的{h.share_text}（序时进度）"
    if h.checked:
        verdict = "达到" if h.passed else "未达到"
        if not h.final:
            verdict = "目前" + ("已达到" if h.passed else "尚未达到")
        head = h.name if h.named else pace
        return (
            f"{head}：截至{date_zh(h.as_of)}，全年{h.total}项重点工作已完成"
            f"{h.done}项，占{h.ratio_text}，{verdict}{h.share_text}的要求（须完成{h.required}项）。"
        )
    head = f"{h.name}进度：" if h.named else f"{pace}。目前"
    return (
        f"{head}全年{h.total}项重点工作已完成{h.done}项，占{h.ratio_text}；"
        f"{h.month}月底前须完成{h.required}项以上，尚差{h.remaining}项。按序时进度，"
        f"{data.month}月底应完成{h.expected_now}项，{'已达到' if h.on_pace else '未达到'}序时进度。"
    )


def half_year_verdict(data: BulletinData) -> str:
    h = data.half_year
    if h.checked:
        return ("达标" if h.passed else "未达标") + ("" if h.final else f"（{h.month}月尚未结束）")
    return "符合序时进度" if h.on_pace else "落后于序时进度"


def next_steps(data: BulletinData) -> tuple[str, ...]:
    """四、下步工作要求. The second asks to catch up with the check the plan sets."""
    h = data.half_year
    behind = f"{h.name}未达要求的" if h.named else "未达到序时进度要求的"
    return (
        "（一）对逾期未完成事项，各牵头单位要逐项查找原因，明确整改措施和完成时限，"
        "在下次调度前报送进展；配合单位要主动对接、形成合力。",
        "（二）各单位要对照全年重点工作明细表，倒排工期、挂图作战，确保按序时推进；"
        f"{behind}，要制定追赶措施，限期补齐。",
        "（三）督办部门将持续跟踪问效，逐月通报各单位完成情况，"
        "按时完成情况纳入年度工业及民营经济工作考核。",
    )


def unit_rows(data: BulletinData) -> list[list[Any]]:
    return [
        [u.rank, u.name, u.due, u.done, u.on_time, u.completion_text, u.on_time_text]
        for u in data.units
    ]


def red_rows(data: BulletinData) -> list[list[Any]]:
    return [
        [
            i,
            r.task.label,
            r.task.text,
            r.task.lead_text,
            r.task.due.isoformat() if r.task.due else "",
            r.days_overdue,
            r.reason or "未说明",
        ]
        for i, r in enumerate(data.red, start=1)
    ]
