"""Figures for targets: the owner enters, the plan office approves, the bureau's sheet is
official and all-or-nothing; status against pace computed from approved figures only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry
from gongye.indicators.models import Observation
from gongye.indicators.pace import BEHIND, ON_TRACK
from gongye.indicators.selectors import target_status_list
from gongye.indicators.services import (
    observation_record,
    observation_review,
    statistics_import,
    statistics_template,
    target_owner_set,
)

JULY = dt.date(2022, 7, 5)


@pytest.fixture
def output_target(small_plan):
    target = small_plan.targets.get()  # 规上工业产值 突破 200 亿元 (level)
    assert (target.kind, target.value) == ("level", Decimal("200.0000"))
    return target


def test_owner_enters_office_approves_status_follows(output_target, persona, unit):
    office, liaison = persona("plan_office"), persona("lead_liaison")
    target_owner_set(actor=office, target=output_target, unit=unit("开发区"))
    obs = observation_record(
        actor=liaison,
        target=output_target,
        year=2022,
        month=6,
        measure="cumulative",
        value=Decimal("100"),
        as_of=JULY,
    )
    assert obs.status == "pending" and obs.source == "unit"
    [row] = target_status_list(output_target.plan)
    assert row.assessment is None  # a pending figure does not count
    observation_review(actor=office, observation=obs, approve=True)
    [row] = target_status_list(output_target.plan)
    # June: pace = max(6/12, 60%) = 60% → expected 200 × 0.6 = 120; 100 / 120 = 83.3% < 90% → 落后
    assert row.assessment.expected == Decimal("120.0000")
    assert row.assessment.status == BEHIND
    assert "60" in row.assessment.rule_text
    assert (
        AuditEntry.objects.filter(
            target_type="indicators.observation", target_id=str(obs.pk)
        ).count()
        == 2
    )


def test_only_the_owner_or_statistics_enter(output_target, persona, unit):
    target_owner_set(actor=persona("plan_office"), target=output_target, unit=unit("开发区"))
    for name in ("coop_liaison", "county_leader", "outsider"):
        with pytest.raises(PermissionDenied):
            observation_record(
                actor=persona(name),
                target=output_target,
                year=2022,
                month=3,
                measure="cumulative",
                value=Decimal(1),
                as_of=JULY,
            )
    with pytest.raises(PermissionDenied):
        target_owner_set(actor=persona("lead_liaison"), target=output_target, unit=unit("开发区"))


@pytest.mark.parametrize(
    "month, measure, value, field",
    [
        (8, "cumulative", Decimal(10), "month"),  # August has not come by 5 July
        (3, "growth", Decimal(10), "measure"),  # a level target is not judged by a growth rate
        (13, "cumulative", Decimal(10), "month"),
    ],
)
def test_bad_figures_are_refused(output_target, persona, month, measure, value, field):
    with pytest.raises(ValidationError) as caught:
        observation_record(
            actor=persona("statistics"),
            target=output_target,
            year=2022,
            month=month,
            measure=measure,
            value=value,
            as_of=JULY,
        )
    assert field in caught.value.message_dict
    assert not Observation.objects.exists()


def test_cumulative_totals_never_fall(output_target, persona):
    stats = persona("statistics")
    observation_record(
        actor=stats,
        target=output_target,
        year=2022,
        month=3,
        measure="cumulative",
        value=Decimal("50"),
        as_of=JULY,
    )
    with pytest.raises(ValidationError):
        observation_record(
            actor=stats,
            target=output_target,
            year=2022,
            month=4,
            measure="cumulative",
            value=Decimal("40"),
            as_of=JULY,
        )


def _filled(plan, cells: dict[tuple[int, int], object]) -> bytes:
    wb = load_workbook(io.BytesIO(statistics_template(plan)))
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 10) if any(c.value == "1月" for c in ws[r]))
    month_col = {
        c.value: c.column for c in ws[header] if isinstance(c.value, str) and c.value.endswith("月")
    }
    for (row_offset, month), value in cells.items():
        ws.cell(row=header + row_offset, column=month_col[f"{month}月"], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_statistics_sheet_round_trip(output_target, persona):
    plan = output_target.plan
    data = _filled(plan, {(1, 1): 15, (1, 2): 32, (1, 3): 50})
    written = statistics_import(
        actor=persona("statistics"), plan=plan, data=data, filename="统计.xlsx", as_of=JULY
    )
    assert [o.month for o in written] == [1, 2, 3]
    assert all(o.status == "approved" and o.source == "statistics" for o in written)
    [row] = target_status_list(plan)
    # March: pace 3/12 = 25% → expected 50; actual 50 → 达标
    assert row.assessment.status == ON_TRACK and row.observation.month == 3


def test_bad_statistics_sheet_changes_nothing(output_target, persona):
    plan = output_target.plan
    data = _filled(plan, {(1, 1): 15, (1, 2): 12, (1, 3): "很多"})  # falls in Feb; text in Mar
    with pytest.raises(ValidationError) as caught:
        statistics_import(
            actor=persona("statistics"), plan=plan, data=data, filename="统计.xlsx", as_of=JULY
        )
    messages = " ".join(caught.value.messages)
    assert "统计.xlsx" in messages and "行" in messages
    assert not Observation.objects.exists()
    with pytest.raises(PermissionDenied):
        statistics_import(
            actor=persona("lead_liaison"), plan=plan, data=data, filename="x.xlsx", as_of=JULY
        )


@pytest.mark.parametrize(
    ("checkpoints", "expected", "status"),
    [
        ({}, Decimal("100.0000"), ON_TRACK),  # linear: 200 × 6/12 = 100; 100 ≥ 100
        ({"6": 60}, Decimal("120.0000"), BEHIND),  # 时间过半、任务过六: 200 × 60% = 120
    ],
)
def test_a_june_figure_is_judged_at_the_plans_own_pace(
    output_target, persona, checkpoints, expected, status
):
    plan = output_target.plan
    plan.checkpoints = checkpoints
    plan.save(update_fields=["checkpoints"])
    observation_record(
        actor=persona("statistics"),
        target=output_target,
        year=2022,
        month=6,
        measure="cumulative",
        value=Decimal("100"),
        as_of=JULY,
    )
    Observation.objects.update(status="approved")
    [row] = target_status_list(plan)
    assert (row.assessment.expected, row.assessment.status) == (expected, status)
    assert ("时间过半" in row.assessment.rule_text) is bool(checkpoints)
