"""The bulletin's arithmetic, a pure function of task facts: totals, each lead unit's
completion and on-time rates and their ranking, the red list, and the half-year check of the
plan's key tasks against its pace (序时进度, ``gongye.core.pace``).

The half-year check reads the plan's own checkpoint: "时间过半、任务过六" where the plan states
60% by the end of June (the Huoshan 2022 plan), the linear 6/12 where it states none — the
bulletin never asks for a share the plan did not set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext

from gongye.core.dates import date_local, month_name
from gongye.core.numbers import percent
from gongye.core.pace import (
    DEFAULT_CHECKPOINTS,
    HALF_YEAR_MONTH,
    checkpoint_in_force,
    checkpoint_name,
    pace_for_months,
)
from gongye.core.periods import month_bounds, month_end

from .facts import TaskFacts


def rate(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


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
        return percent(self.completion)

    @property
    def on_time_text(self) -> str:
        return percent(self.on_time)


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
        return percent(self.completion)

    @property
    def on_time_text(self) -> str:
        return percent(self.on_time_rate)


@dataclass(frozen=True)
class RedItem:
    task: TaskFacts
    days_overdue: int
    reason: str


@dataclass(frozen=True)
class HalfYear:
    """The half-year check of the year's key tasks against the plan's pace. From June on: the
    share of the year's tasks closed by 30 June and whether it reaches ``share`` — the plan's
    checkpoint (时间过半、任务过六: 60%) or, where the plan states none, the linear 6/12.
    Before June: the pace toward it (``share`` spread evenly over January–June)."""

    total: int
    done: int
    required: int  # tasks to close by 30 June: ⌈share of the year's⌉
    checked: bool  # month ≥ 6: the check applies
    final: bool  # 30 June is over, the result can no longer change
    expected_now: int  # before June: the pace for this month's end
    as_of: dt.date
    share: Fraction  # of the year's tasks due by 30 June
    checkpoint: int | None  # the month of the plan's checkpoint that sets it; None: linear
    month: int  # the month the check is made at (June)

    @property
    def ratio(self) -> Fraction | None:
        return rate(self.done, self.total)

    @property
    def ratio_text(self) -> str:
        return percent(self.ratio)

    @property
    def share_text(self) -> str:
        """The share in running text: "60%", "50%"."""
        return percent(self.share, trim=True)

    @property
    def named(self) -> bool:
        """Whether the plan names this check (a checkpoint of its own sets the share)."""
        return self.checkpoint is not None

    @property
    def name(self) -> str:
        """The check as the plan names it, quoted ("“时间过半、任务过六”"); "序时进度" where the
        pace is the linear one."""
        if self.checkpoint is not None:
            return checkpoint_name(self.checkpoint)
        return gettext("序时进度")

    @property
    def title(self) -> str:
        """The check's name as a heading, without quotes."""
        if self.named:
            return self.name.strip("“”")
        return gettext("%(month)s底序时进度") % {"month": month_name(self.month)}

    @property
    def passed(self) -> bool:
        return self.total > 0 and Fraction(self.done, self.total) >= self.share

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
    # 落款: the office that issues it, the unit that holds the plan office's role (reads)
    issuer: str = ""

    @property
    def title_segments(self) -> tuple[str, str, str]:
        """The title in the parts a line may break between (the Word file's title never breaks
        inside one: "…工作" / "6月调度通报", not "…6月调度" / "通报")."""
        return (
            gettext("%(region)s%(year)s年") % {"region": self.region_name, "year": self.year},
            gettext("工业及民营经济工作"),
            gettext("%(month)s调度通报") % {"month": month_name(self.month)},
        )

    @property
    def title(self) -> str:
        return "".join(self.title_segments)

    @property
    def as_of_text(self) -> str:
        return date_local(self.as_of)

    @property
    def issue_no(self) -> int:
        """期号: the bulletin is monthly, so its number in the year is the month's (June's is
        第6期). Derived, not counted: a bulletin made again, or a month skipped, never shifts
        another's number, and the number says which month it reports."""
        return self.month

    @property
    def issue_text(self) -> str:
        return gettext("第%(number)s期") % {"number": self.issue_no}

    @property
    def issued_on(self) -> dt.date:
        """The date it bears (成文日期): the day its figures are as of — the month's last day
        once the month is over, today while it runs — so a bulletin made again later reads the
        same, date included, and never bears the day someone downloaded it."""
        return self.as_of

    @property
    def issued_text(self) -> str:
        return date_local(self.issued_on)

    @property
    def signed_by(self) -> str:
        """The 落款's office: the plan office's unit, else the region itself."""
        return self.issuer or self.region_name


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def half_year_check(
    tasks: list[TaskFacts],
    *,
    year: int,
    month: int,
    today: dt.date,
    as_of: dt.date,
    checkpoints: Mapping[int, Fraction],
) -> HalfYear:
    """The share of the year's key tasks due by 30 June is the plan's pace there
    (``core.pace``: the plan's checkpoint where it is higher than 6/12, else 6/12); before
    June the bulletin paces toward it evenly, month by month."""
    check = HALF_YEAR_MONTH
    check_end = month_end(year, check)
    share = pace_for_months(check, checkpoints)
    total = len(tasks)
    checked = month >= check
    by = min(as_of, check_end) if checked else as_of
    return HalfYear(
        total=total,
        done=sum(1 for t in tasks if t.closed_on is not None and t.closed_on <= by),
        required=_ceil(total * share),
        checked=checked,
        final=today > check_end,
        expected_now=_ceil(total * share * Fraction(min(month, check), check)),
        as_of=by,
        share=share,
        checkpoint=checkpoint_in_force(check, checkpoints),
        month=check,
    )


def compute_bulletin(
    tasks: list[TaskFacts],
    *,
    year: int,
    month: int,
    today: dt.date,
    checkpoints: Mapping[int, Fraction] = DEFAULT_CHECKPOINTS,
    region_name: str = "",
    region_code: str = "",
    plan_id: int = 0,
    plan_title: str = "",
    issuer: str = "",
) -> BulletinData:
    """The bulletin's arithmetic. Completion = closed / due and on-time = closed on time / due,
    over the tasks whose current deadline is on or before the month's last day; a unit's rates
    count its lead duties only (the lead unit answers for the task). ``checkpoints`` are the
    plan's (``Plan.checkpoint_shares()``); the default is core's, for callers with no plan."""
    _first, last_day = month_bounds(year, month)
    as_of = min(today, last_day)
    # the day the clock is read: a month that is over is judged as of the next morning, so a
    # task due on its last day and still open is overdue
    judged = min(today, last_day + dt.timedelta(days=1))

    def closed(t: TaskFacts) -> bool:
        return t.closed_on is not None and t.closed_on <= as_of

    def on_time(t: TaskFacts) -> bool:
        if t.closed_on is None or t.closed_on > as_of:
            return False
        if t.closed_on_time is not None:
            return t.closed_on_time
        return t.due is None or t.closed_on <= t.due

    # (task, deadline) of the tasks due by the month's end: the deadline is known not None
    due = [(t, t.due) for t in tasks if t.due is not None and t.due <= last_day]
    done = [t for t, _d in due if closed(t)]
    open_ = [(t, d) for t, d in due if not closed(t)]
    overdue = [(t, d) for t, d in open_ if d < judged]
    totals = Totals(
        year_total=len(tasks),
        year_done=sum(1 for t in tasks if closed(t)),
        due=len(due),
        done=len(done),
        done_on_time=sum(1 for t, _d in due if on_time(t)),
        open=len(open_),
        overdue=len(overdue),
        ahead=sum(1 for t in tasks if closed(t) and (t.due is None or t.due > last_day)),
    )

    records: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for t, _d in due:
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
        RedItem(task=t, days_overdue=(judged - d).days, reason=t.delay_reason)
        for t, d in sorted(overdue, key=lambda td: (td[1], td[0].position))
    ]
    return BulletinData(
        region_name=region_name,
        region_code=region_code,
        plan_id=plan_id,
        plan_title=plan_title,
        year=year,
        month=month,
        today=today,
        as_of=as_of,
        month_complete=today > last_day,
        totals=totals,
        units=ranked,
        red=red,
        half_year=half_year_check(
            tasks, year=year, month=month, today=today, as_of=as_of, checkpoints=checkpoints
        ),
        issuer=issuer,
    )
