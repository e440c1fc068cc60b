"""The bulletin's words: the page, the Word file and the Excel file say the same sentences,
made here from the figures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongye.core.dates import date_local, month_name

from .figures import BulletinData

UNIT_HEADERS = ["排名", "牵头单位", "应完成", "已完成", "按时完成", "完成率", "按时完成率"]
RED_HEADERS = ["序号", "事项", "重点工作", "牵头单位", "完成时限", "逾期天数", "滞后原因"]


def overview_paragraphs(data: BulletinData) -> list[str]:
    """一、总体情况, in the words the bulletin uses (page, Word and Excel say the same)."""
    t = data.totals
    first = _(
        "%(year)s年全年重点工作共%(total)s项。截至%(as_of)s，"
        "完成时限在%(month)s底前的%(due)s项中，已完成%(done)s项，其中按时完成"
        "%(on_time)s项，完成率%(completion)s，按时完成率%(on_time_rate)s；"
        "未完成%(open)s项，其中逾期未完成%(overdue)s项。"
    ) % {
        "year": data.year,
        "total": t.year_total,
        "as_of": data.as_of_text,
        "month": month_name(data.month),
        "due": t.due,
        "done": t.done,
        "on_time": t.done_on_time,
        "completion": t.completion_text,
        "on_time_rate": t.on_time_text,
        "open": t.open,
        "overdue": t.overdue,
    }
    if t.ahead:
        first += _("另有%(ahead)s项提前完成。") % {"ahead": t.ahead}
    return [first, half_year_sentence(data)]


def half_year_sentence(data: BulletinData) -> str:
    """The half-year check in words: named as the plan names it (“时间过半、任务过六” at
    60%), or, where the plan sets no checkpoint, as the time-elapsed pace it is."""
    h = data.half_year
    # what is due by the check month, said generally when the plan names no checkpoint
    pace = _("截至%(month)s底应完成全年重点工作的%(share)s（序时进度）") % {
        "month": month_name(h.month),
        "share": h.share_text,
    }
    if h.checked:
        if h.final:
            verdict = _("达到") if h.passed else _("未达到")
        else:
            verdict = _("目前已达到") if h.passed else _("目前尚未达到")
        return _(
            "%(head)s：截至%(as_of)s，全年%(total)s项重点工作已完成"
            "%(done)s项，占%(ratio)s，%(verdict)s%(share)s的要求（须完成%(required)s项）。"
        ) % {
            "head": h.name if h.named else pace,
            "as_of": date_local(h.as_of),
            "total": h.total,
            "done": h.done,
            "ratio": h.ratio_text,
            "verdict": verdict,
            "share": h.share_text,
            "required": h.required,
        }
    head = (
        _("%(name)s进度：") % {"name": h.name} if h.named else _("%(pace)s。目前") % {"pace": pace}
    )
    return _(
        "%(head)s全年%(total)s项重点工作已完成%(done)s项，占%(ratio)s；"
        "%(check_month)s底前须完成%(required)s项以上，尚差%(remaining)s项。按序时进度，"
        "%(month)s底应完成%(expected)s项，%(verdict)s序时进度。"
    ) % {
        "head": head,
        "total": h.total,
        "done": h.done,
        "ratio": h.ratio_text,
        "check_month": month_name(h.month),
        "required": h.required,
        "remaining": h.remaining,
        "month": month_name(data.month),
        "expected": h.expected_now,
        "verdict": _("已达到") if h.on_pace else _("未达到"),
    }


def half_year_verdict(data: BulletinData) -> str:
    h = data.half_year
    if h.checked:
        verdict = _("达标") if h.passed else _("未达标")
        if h.final:
            return verdict
        return verdict + _("（%(month)s尚未结束）") % {"month": month_name(h.month)}
    return _("符合序时进度") if h.on_pace else _("落后于序时进度")


def next_steps(data: BulletinData) -> tuple[str, ...]:
    """四、下步工作要求. The second asks to catch up with the check the plan sets."""
    h = data.half_year
    behind = _("%(name)s未达要求的") % {"name": h.name} if h.named else _("未达到序时进度要求的")
    return (
        _(
            "（一）对逾期未完成事项，各牵头单位要逐项查找原因，明确整改措施和完成时限，"
            "在下次调度前报送进展；配合单位要主动对接、形成合力。"
        ),
        _(
            "（二）各单位要对照全年重点工作明细表，倒排工期、挂图作战，确保按序时推进；"
            "%(behind)s，要制定追赶措施，限期补齐。"
        )
        % {"behind": behind},
        _(
            "（三）督办部门将持续跟踪问效，逐月通报各单位完成情况，"
            "按时完成情况纳入年度工业及民营经济工作考核。"
        ),
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
            r.reason or _("未说明"),
        ]
        for i, r in enumerate(data.red, start=1)
    ]
