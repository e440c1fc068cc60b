"""A judged figure in the words every table, chart and export shows (issue 5): the expected
value, the ratio to pace, the status, its badge and the rule behind it — built once here, so
the page, the spreadsheet and the Word report can never word the same figure differently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gongye.core.numbers import number, percent
from gongye.indicators.choices import ObservationSource
from gongye.indicators.models import TargetOwner
from gongye.indicators.pace import Assessment
from gongye.indicators.selectors.figures import SeriesPoint, TargetStatus
from gongye.plans.models import Plan

BADGES = {"on_track": "success", "near": "warning", "behind": "danger"}


def figure_text(value: Decimal | None) -> str:
    """To two places as the office writes them (12.35, 200), "—" for nothing."""
    return number(value, 2)


@dataclass(frozen=True)
class Judged:
    """The words of one judged figure; for no judgement, the label the table gives it."""

    expected: str
    ratio: Decimal | None
    ratio_text: str
    # what the status is judged on, in the words the rule uses: the share of pace reached for
    # totals and counts (完成序时比 96.8%), the gap in percentage points for growth rates and
    # shares (低于目标1.8个百分点) — so that a colour and its number always agree
    judged_text: str
    status: str
    status_label: str
    badge: str
    rule_text: str


POINT_KINDS = ("growth", "share")  # judged by the gap in percentage points (pace._assess_rate)


def judged_text(a: Assessment | None, kind: str = "") -> str:
    if a is None:
        return "—"
    if kind in POINT_KINDS:
        gap = a.actual - a.expected
        if gap >= 0:
            return _("高于目标%(n)s个百分点") % {"n": number(gap, 2)}
        return _("低于目标%(n)s个百分点") % {"n": number(-gap, 2)}
    return percent(a.ratio)


def judged_words(
    a: Assessment | None,
    *,
    none_label: str | None = None,
    none_rule: str | None = None,
    kind: str = "",
) -> dict[str, Any]:
    """``Judged``'s fields for ``a`` (a mapping, so each row dataclass can take them); ``kind``
    is the target's kind (what the status is judged on)."""
    status = str(a.status) if a else ""
    return {
        "expected": figure_text(a.expected) if a else "—",
        "ratio": a.ratio if a else None,
        "ratio_text": percent(a.ratio) if a else "—",
        "judged_text": judged_text(a, kind),
        "status": status,
        "status_label": a.status.label
        if a
        else (_("暂无数据") if none_label is None else none_label),
        "badge": BADGES.get(status, "secondary"),
        "rule_text": a.rule_text
        if a
        else (_("尚无已审核的数据。") if none_rule is None else none_rule),
    }


@dataclass(frozen=True)
class TargetRow(Judged):
    """One target on a page, a chart and a spreadsheet: the same words everywhere."""

    id: int
    seq: int
    name: str
    chapter: str
    goal: str
    unit: str
    latest: str
    month: int | None
    owner: str
    is_demo: bool
    kind: str
    # its latest figure was computed from the enterprise register (issue 12), not entered
    is_computed: bool = False


@dataclass(frozen=True)
class LinePoint(Judged):
    """One month of a target's line as a table shows it (and the chart drawn from it). A
    point's ``status`` is its label; a figure that cannot be judged yet shows none."""

    month: int
    actual: str
    is_demo: bool
    # computed from the enterprise register (issue 12), not entered
    is_computed: bool = False


def owners_of(plan: Plan) -> dict[int, str]:
    """Each target's owning unit's name, by target id (one query)."""
    return dict(
        TargetOwner.objects.filter(target__plan=plan).values_list("target_id", "unit__name")
    )


def target_rows(statuses: Sequence[TargetStatus], owners: dict[int, str]) -> list[TargetRow]:
    rows = []
    for s in statuses:
        t, obs = s.target, s.observation
        rows.append(
            TargetRow(
                id=t.pk,
                seq=t.seq,
                name=t.name,
                chapter=t.chapter,
                goal=f"{figure_text(t.value)}{t.unit}",
                unit=t.unit,
                latest=figure_text(obs.value) if obs else "—",
                month=obs.month if obs else None,
                owner=owners.get(t.pk, ""),
                is_demo=bool(obs and obs.is_demo),
                kind=str(t.kind),
                is_computed=bool(obs and obs.source == ObservationSource.REGISTER),
                **judged_words(s.assessment, kind=str(t.kind)),
            )
        )
    return rows


def line_points(series: Sequence[SeriesPoint], kind: str = "") -> list[LinePoint]:
    """A target's monthly line as rows of a table (and the chart drawn from them)."""
    points = []
    for p in series:
        words = judged_words(p.assessment, none_label="", none_rule="", kind=kind)
        words["status"] = words["status_label"]
        points.append(
            LinePoint(
                month=p.observation.month,
                actual=figure_text(p.observation.value),
                is_demo=p.observation.is_demo,
                is_computed=p.observation.source == ObservationSource.REGISTER,
                **words,
            )
        )
    return points


def line_chart(
    target_id: int,
    title: str,
    unit: str,
    points: Sequence[LinePoint],
    row: TargetRow | None = None,
) -> dict[str, Any]:
    """A target's line for the chart (JSON for the page's script); with its row, also what the
    table under it shows when another target is chosen (the script writes the table from it)."""
    line: dict[str, Any] = {
        "id": target_id,
        "title": title,
        "unit": unit,
        "months": [_("%(month)s月") % {"month": p.month} for p in points],
        "actual": [p.actual for p in points],
        "expected": [None if p.expected == "—" else p.expected for p in points],
    }
    if row is not None:
        line.update(
            caption=f"{row.seq}. {row.name}",
            goal=row.goal,
            month_numbers=[p.month for p in points],
            expected_text=[p.expected for p in points],
            status=[p.status_label for p in points],
            badge=[p.badge for p in points],
            rule=[p.rule_text for p in points],
        )
    return line
