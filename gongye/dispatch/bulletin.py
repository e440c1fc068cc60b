"""The monthly dispatch bulletin (月度调度通报): totals, each lead unit's completion and on-time
rates, the red list with reasons, the ranking of units, and the plan's half-year check
(时间过半、任务过六: by the end of June at least 60% of the year's key tasks done).

``bulletin_data`` reads the plan once (three queries, whatever its size) into plain facts;
``compute_bulletin`` is the arithmetic, a pure function; ``bulletin_docx`` and
``bulletin_xlsx`` write the official files; ``bulletin_export`` audits every download.

A bulletin for a month that is over reads the same whenever it is made: a task counts as done
only if it was closed by the month's last day, and a task still open at the end of its
deadline's day is overdue. For the month in progress the figures are as of today. Deadlines are
the current ones (after postponement): a task postponed past the month is not due in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.dispatch.board import (
    STATE_LABELS,
    Sheet,
    month_bounds,
    xlsx_bytes,
)
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan, Task, TaskUnit
from gongye.supervision.choices import ReportKind, ReportStatus
from gongye.supervision.models import ProgressReport

if TYPE_CHECKING:
    from gongye.accounts.models import User

HALF_YEAR_MONTH = 6
HALF_YEAR_SHARE = Fraction(6, 10)  # 任务过六

NEXT_STEPS = (
    "（一）对逾期未完成事项，各牵头单位要逐项查找原因，明确整改措施和完成时限，"
    "在下次调度前报送进展；配合单位要主动对接、形成合力。",
    "（二）各单位要对照全年重点工作明细表，倒排工期、挂图作战，确保按序时推进；"
    "“时间过半、任务过六”未达要求的，要制定追赶措施，限期补齐。",
    "（三）督办部门将持续跟踪问效，逐月通报各单位完成情况，"
    "按时完成情况纳入年度工业及民营经济工作考核。",
)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class LeadUnit:
    id: int
    name: str


@dataclass(frozen=True)
class TaskFacts:
    """What the bulletin needs of one key task, read once from the database."""

    id: int
    position: int
    month: int | None
    period_label: str
    seq: int | None
    text: str
    due: dt.date | None
    closed_on: dt.date | None
    closed_on_time: bool | None
    state: str
    percent: int
    leads: tuple[LeadUnit, ...]
    lead_text: str
    delay_reason: str

    @property
    def label(self) -> str:
        return f"{self.period_label}第{self.seq}项" if self.seq else self.period_label


def rate(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def percent_text(value: Fraction | None) -> str:
    """66.7%, rounded half up as people round; — when there is nothing to divide by."""
    if value is None:
        return "—"
    exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class Totals:
    year_total: int  # the year's active key tasks
    year_done: int  # of those, closed by the cut-off (some before their deadline)
    due: int  # deadline on or before the month's last day
    done: int  # of the due, closed by the cut-off
    done_on_time: int
    open: int
    overdue: int
    ahead: int  # closed by the cut-off, deadline after the month

    @property
    def completion(self) -> Fraction | None:
        return rate(self.done, self.due)

    @property
    def on_time(self) -> Fraction | None:
        return rate(self.done_on_time, self.due)

    @property
    def completion_text(self) -> str:
        return percent_text(self.completion)

    @property
    def on_time_text(self) -> str:
        return percent_text(self.on_time)


@dataclass(frozen=True)
class UnitRate:
    """A unit's record on its lead duties (牵头任务) due by the month's end."""

    unit_id: int
    name: str
    due: int
    done: int
    on_time: int
    rank: int = 0

    @property
    def completion(self) -> Fraction:
        return Fraction(self.done, self.due)

    @property
    def on_time_rate(self) -> Fraction:
        return Fraction(self.on_time, self.due)

    @property
    def completion_text(self) -> str:
        return percent_text(self.completion)

    @property
    def on_time_text(self) -> str:
        return percent_text(self.on_time_rate)


@dataclass(frozen=True)
class RedItem:
    task: TaskFacts
    days_overdue: int
    reason: str


@dataclass(frozen=True)
class HalfYear:
    """时间过半、任务过六. From June on: the share of the year's tasks closed by 30 June and
    whether it reaches 60%. Before June: the pace toward it (10% of the year's tasks a month)."""

    total: int
    done: int
    required: int  # tasks to close by 30 June: ⌈60% of the year's⌉
    checked: bool  # month ≥ 6: the check applies
    final: bool  # 30 June is over, the result can no longer change
    expected_now: int  # before June: the pace for this month's end
    as_of: dt.date

    @property
    def ratio(self) -> Fraction | None:
        return rate(self.done, self.total)

    @property
    def ratio_text(self) -> str:
        return percent_text(self.ratio)

    @property
    def passed(self) -> bool:
        return self.total > 0 and Fraction(self.done, self.total) >= HALF_YEAR_SHARE

    @property
    def remaining(self) -> int:
        return max(0, self.required - self.done)

    @property
    def on_pace(self) -> bool:
        return self.done >= self.expected_now


@dataclass(frozen=True)
class BulletinData:
    region_name: str
    region_code: str
    plan_id: int
    plan_title: str
    year: int
    month: int
    today: dt.date  # the day the bulletin is made
    as_of: dt.date  # closures counted up to this day: the month's end, or today if earlier
    month_complete: bool
    totals: Totals
    units: list[UnitRate]  # ranked
    red: list[RedItem]
    half_year: HalfYear

    @property
    def title(self) -> str:
        return f"{self.region_name}{self.year}年工业及民营经济工作{self.month}月调度通报"

    @property
    def as_of_text(self) -> str:
        return date_zh(self.as_of)


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def compute_bulletin(
    tasks: list[TaskFacts],
    *,
    year: int,
    month: int,
    today: dt.date,
    region_name: str = "",
    region_code: str = "",
    plan_id: int = 0,
    plan_title: str = "",
) -> BulletinData:
    """The bulletin's arithmetic. Completion = closed / due and on-time = closed on time / due,
    over the tasks whose current deadline is on or before the month's last day; a unit's rates
    count its lead duties only (the lead unit answers for the task)."""
    _first, month_end = month_bounds(year, month)
    as_of = min(today, month_end)
    # the day the clock is read: a month that is over is judged as of the next morning, so a
    # task due on its last day and still open is overdue
    judged = min(today, month_end + dt.timedelta(days=1))

    def closed(t: TaskFacts, by: dt.date = as_of) -> bool:
        return t.closed_on is not None and t.closed_on <= by

    def on_time(t: TaskFacts) -> bool:
        if not closed(t):
            return False
        if t.closed_on_time is not None:
            return t.closed_on_time
        return t.due is None or t.closed_on <= t.due  # type: ignore[operator]

    due = [t for t in tasks if t.due is not None and t.due <= month_end]
    done = [t for t in due if closed(t)]
    open_ = [t for t in due if not closed(t)]
    overdue = [t for t in open_ if t.due < judged]  # type: ignore[operator]
    totals = Totals(
        year_total=len(tasks),
        year_done=sum(1 for t in tasks if closed(t)),
        due=len(due),
        done=len(done),
        done_on_time=sum(1 for t in due if on_time(t)),
        open=len(open_),
        overdue=len(overdue),
        ahead=sum(1 for t in tasks if closed(t) and (t.due is None or t.due > month_end)),
    )

    records: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for t in due:
        for unit in t.leads:
            names[unit.id] = unit.name
            record = records.setdefault(unit.id, [0, 0, 0])
            record[0] += 1
            record[1] += closed(t)
            record[2] += on_time(t)
    units = [UnitRate(uid, names[uid], *record) for uid, record in records.items()]
    units.sort(key=lambda u: (-u.completion, -u.on_time_rate, u.name))
    ranked: list[UnitRate] = []
    for i, u in enumerate(units):
        # equal completion and on-time rates share a place (1, 2, 2, 4), listed by name
        key = (u.completion, u.on_time_rate)
        tied = bool(ranked) and (ranked[-1].completion, ranked[-1].on_time_rate) == key
        rank = ranked[-1].rank if tied else i + 1
        ranked.append(UnitRate(u.unit_id, u.name, u.due, u.done, u.on_time, rank))

    red = [
        RedItem(task=t, days_overdue=(judged - t.due).days, reason=t.delay_reason)  # type: ignore[operator]
        for t in sorted(overdue, key=lambda t: (t.due, t.position))
    ]

    june_end = dt.date(year, HALF_YEAR_MONTH, 30)
    total = len(tasks)
    checked = month >= HALF_YEAR_MONTH
    half_as_of = min(as_of, june_end) if checked else as_of
    half_year = HalfYear(
        total=total,
        done=sum(1 for t in tasks if closed(t, half_as_of)),
        required=_ceil(total * HALF_YEAR_SHARE),
        checked=checked,
        final=today > june_end,
        # the pace: 60% spread evenly over January–June
        expected_now=_ceil(total * HALF_YEAR_SHARE * Fraction(min(month, 6), HALF_YEAR_MONTH)),
        as_of=half_as_of,
    )
    return BulletinData(
        region_name=region_name,
        region_code=region_code,
        plan_id=plan_id,
        plan_title=plan_title,
        year=year,
        month=month,
        today=today,
        as_of=as_of,
        month_complete=today > month_end,
        totals=totals,
        units=ranked,
        red=red,
        half_year=half_year,
    )


def _facts(plan: Plan) -> list[TaskFacts]:
    """The plan's active tasks as facts: tasks with their state, lead units, and the latest
    delay reason of the lead unit's reports where the state has none (3 queries)."""
    tasks = list(
        Task.objects.filter(plan=plan, is_active=True)
        .select_related("supervision")
        .prefetch_related(
            Prefetch(
                "task_units",
                queryset=TaskUnit.objects.filter(role=UnitRole.LEAD)
                .select_related("unit")
                .order_by("position"),
                to_attr="leads",
            )
        )
        .order_by("position")
    )
    reasons: dict[int, str] = {}
    for task_id, reason in (
        ProgressReport.objects.filter(task__plan=plan, kind=ReportKind.LEAD)
        .exclude(delay_reason="")
        .exclude(status=ReportStatus.RETURNED)
        .order_by("task_id", "-created_at", "-id")
        .values_list("task_id", "delay_reason")
    ):
        reasons.setdefault(task_id, reason)
    facts = []
    for t in tasks:
        try:
            state = t.supervision
        except Exception:  # no TaskState yet: not started, plan deadline
            state = None
        due, closed_on = _dates(
            t.due, state.due if state else None, state.closed_at if state else None
        )
        lead_names = [tu.unit.name for tu in t.leads]
        facts.append(
            TaskFacts(
                id=t.pk,
                position=t.position,
                month=t.month,
                period_label=t.period_label,
                seq=t.seq,
                text=t.text,
                due=due,
                closed_on=closed_on,
                closed_on_time=state.closed_on_time if state else None,
                state=state.state if state else "not_started",
                percent=state.percent if state else 0,
                leads=tuple(LeadUnit(tu.unit_id, tu.unit.name) for tu in t.leads),
                lead_text="、".join(lead_names)
                + ("等" if lead_names and t.lead_open_ended else ""),
                delay_reason=((state.delay_reason if state else "") or reasons.get(t.pk, "")),
            )
        )
    return facts


def _dates(
    plan_due: dt.date | None, state_due: dt.date | None, closed_at: dt.datetime | None
) -> tuple[dt.date | None, dt.date | None]:
    """A task's deadline as it stands (the state's, after any postponement, else the plan's)
    and the day it closed (in the local calendar)."""
    return state_due or plan_due, timezone.localdate(closed_at) if closed_at else None


def bulletin_totals(
    plans: Sequence[Plan], *, year: int, months: Sequence[int], today: dt.date
) -> dict[int, dict[int, Totals]]:
    """The bulletin's totals (due, done, on time…) of each plan's key tasks at the end of
    each of ``months`` — the arithmetic of ``compute_bulletin`` — for many plans in one query
    (a city's counties side by side)."""
    facts: dict[int, list[TaskFacts]] = {p.pk: [] for p in plans}
    rows = (
        Task.objects.filter(plan__in=[p.pk for p in plans], is_active=True)
        .values_list(
            "plan_id",
            "pk",
            "position",
            "due",
            "supervision__due",
            "supervision__closed_at",
            "supervision__closed_on_time",
        )
        .order_by("plan_id", "position")
    )
    for plan_id, pk, position, plan_due, state_due, closed_at, closed_on_time in rows:
        due, closed_on = _dates(plan_due, state_due, closed_at)
        facts[plan_id].append(
            TaskFacts(
                id=pk,
                position=position,
                month=None,
                period_label="",
                seq=None,
                text="",
                due=due,
                closed_on=closed_on,
                closed_on_time=closed_on_time,
                state="",
                percent=0,
                leads=(),
                lead_text="",
                delay_reason="",
            )
        )
    return {
        plan_id: {
            m: compute_bulletin(tasks, year=year, month=m, today=today).totals for m in months
        }
        for plan_id, tasks in facts.items()
    }


def bulletin_data(region: Any, year: int, month: int, today: dt.date | None = None) -> BulletinData:
    """The bulletin of ``region``'s plan of ``year`` for ``month``. Raises Plan.DoesNotExist
    when the region has no plan for the year."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    plan = Plan.objects.select_related("region").get(region=region, year=year)
    return compute_bulletin(
        _facts(plan),
        year=year,
        month=month,
        today=today or timezone.localdate(),
        region_name=plan.region.name,
        region_code=plan.region.code,
        plan_id=plan.pk,
        plan_title=plan.title,
    )


# --------------------------------------------------------------------------- text


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
    h = data.half_year
    if h.checked:
        verdict = "达到" if h.passed else "未达到"
        if not h.final:
            verdict = "目前" + ("已达到" if h.passed else "尚未达到")
        return (
            f"“时间过半、任务过六”：截至{date_zh(h.as_of)}，全年{h.total}项重点工作已完成"
            f"{h.done}项，占{h.ratio_text}，{verdict}60%的要求（须完成{h.required}项）。"
        )
    return (
        f"“时间过半、任务过六”进度：全年{h.total}项重点工作已完成{h.done}项，占{h.ratio_text}；"
        f"6月底前须完成{h.required}项以上，尚差{h.remaining}项。按序时进度，{data.month}月底应完成"
        f"{h.expected_now}项，{'已达到' if h.on_pace else '未达到'}序时进度。"
    )


UNIT_HEADERS = ["排名", "牵头单位", "应完成", "已完成", "按时完成", "完成率", "按时完成率"]
RED_HEADERS = ["序号", "事项", "重点工作", "牵头单位", "完成时限", "逾期天数", "滞后原因"]


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


# --------------------------------------------------------------------------- Word


# columns of long text, left-aligned in the Word tables
_LEFT = {"重点工作", "牵头单位", "滞后原因"}


def bulletin_docx(data: BulletinData) -> bytes:
    """The bulletin as a Word file in the official layout (``core.docx``): A4 portrait, title
    方正小标宋简体 二号, headings 黑体 三号, body 仿宋_GB2312 三号 at a fixed 28-point line,
    tables with 黑体 headers, page numbers “— n —” at the foot."""
    from gongye.core.docx import OfficialDocument

    doc = OfficialDocument(data.title, author=data.region_name)
    doc.title()
    doc.subtitle(f"（截至{data.as_of_text}）")
    doc.blank()

    doc.heading("一、总体情况")
    for text in overview_paragraphs(data):
        doc.body(text)

    doc.heading("二、各单位完成情况")
    if data.units:
        doc.body(
            f"按各单位牵头的、完成时限在{data.month}月底前的重点工作计算，"
            "依完成率、按时完成率排序如下："
        )
        doc.table(UNIT_HEADERS, unit_rows(data), [1.2, 4.0, 1.8, 1.8, 2.0, 2.2, 2.6], _LEFT)
    else:
        doc.body(f"{data.month}月底前没有到期的牵头任务。")

    doc.heading("三、逾期未完成事项")
    if data.red:
        doc.body(f"截至{data.as_of_text}，逾期未完成事项{len(data.red)}项：")
        # A4 portrait has no room for a separate 事项 column: the label leads the task's text
        rows = [[r[0], f"{r[1]}：{r[2]}", *r[3:]] for r in red_rows(data)]
        headers = [h for h in RED_HEADERS if h != "事项"]
        doc.table(headers, rows, [1.2, 5.4, 2.4, 2.6, 1.6, 2.4], _LEFT)
    else:
        doc.body("无逾期未完成事项。")

    doc.heading("四、下步工作要求")
    for text in NEXT_STEPS:
        doc.body(text)

    doc.signature(date_zh(data.today))
    return doc.to_bytes()


# --------------------------------------------------------------------------- Excel


def bulletin_xlsx(data: BulletinData) -> bytes:
    """Three sheets: 总体情况, 单位排名, 逾期清单 — the page's figures, one per cell."""
    t, h = data.totals, data.half_year
    note = f"截至{data.as_of_text}；制表日期{date_zh(data.today)}"
    overview = [
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
            "时间过半、任务过六",
            h.ratio_text,
            f"截至{date_zh(h.as_of)}完成{h.done}项，须完成{h.required}项（60%）",
        ],
        ["结论", _half_year_verdict(data), half_year_sentence(data)],
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
                row + [STATE_LABELS.get(r.task.state, r.task.state), r.task.percent]
                for row, r in zip(red_rows(data), data.red, strict=True)
            ],
            fills=[{5: "red"} for _ in data.red],
            widths=[6, 12, 56, 18, 12, 9, 36, 10, 10],
            wide={2, 3, 6},
        ),
    ]
    return xlsx_bytes(sheets)


def _half_year_verdict(data: BulletinData) -> str:
    h = data.half_year
    if h.checked:
        return ("达标" if h.passed else "未达标") + ("" if h.final else "（6月尚未结束）")
    return "符合序时进度" if h.on_pace else "落后于序时进度"


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRITERS = {"docx": bulletin_docx, "xlsx": bulletin_xlsx}


def bulletin_export(*, actor: User, data: BulletinData, fmt: str) -> bytes:
    """The bulletin file, with an audit entry of who took which month in which format."""
    if fmt not in WRITERS:
        raise KeyError(fmt)
    content = WRITERS[fmt](data)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target_type="plans.plan",
            target_id=str(data.plan_id),
            target_repr=data.plan_title,
            after={
                "document": "月度调度通报",
                "year": data.year,
                "month": data.month,
                "as_of": data.as_of,
                "format": fmt,
                "bytes": len(content),
            },
            region_code=data.region_code,
        )
    return content
