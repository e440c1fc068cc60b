"""The project demo's 月30 returns and problems (``gongye.projects.demo``).

Returns: a project's investment is spread over its building months (start to production) on
a hump-shaped curve, slower around the Spring Festival, a month idle now and then; the
returns cover the three demo years — the plan's year and the two before it, each up to the
month the register's demo ends on (``months_elapsed``, as ``enterprises.demo`` decides its
monthly figures). A project owes a return from its start month to its production month
(``selectors.returns.owing``), and the demo files most of them by the 30th, some late and a
few not at all (more in the last month, so the 调度表 opens in three colours). The figures
agree as the service keeps them: 本月 ≥ 0, the cumulative (since the start, including months
before the window and months not filed) never falls and stays under the total, and 本年累计
sums the year's filed months (``services.returns.year_to_date``).

Problems: ``demo_words.STORIES`` on the named projects, one in each state, dated from today as
the demo appeals are.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongye.core.periods import months_elapsed
from gongye.core.roles import Role
from gongye.enterprises.appeal_demo import DEMO_USER
from gongye.orgs.models import Region, Unit
from gongye.projects.choices import ProblemStatus, ProjectKind
from gongye.projects.demo_words import (
    PROGRESS,
    PROGRESS_DONE,
    PROGRESS_UPGRADE,
    RETURN_PROBLEMS,
    STORIES,
)
from gongye.projects.models import Project, ProjectProblem, ProjectReturn
from gongye.projects.services.returns import return_due

Month = tuple[int, int]
# the share of a month's work: the Spring Festival slows January and February
SEASON = [0.6, 0.55, 0.95, 1.0, 1.05, 1.05, 0.95, 0.95, 1.05, 1.05, 1.1, 1.15]
_CENT = Decimal("0.01")
# the chance a month's return comes late or never: (late, missing), the last month apart
FILING = (0.06, 0.03)
FILING_LAST = (0.12, 0.12)


@dataclass
class Plan:
    """A demo project (unsaved until bulk-created) and what it spends each month (万元)."""

    project: Project
    amounts: dict[Month, Decimal]


def _months(first: dt.date, last: dt.date) -> list[Month]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def spending(
    rng: random.Random, project: Project, start: dt.date, end: dt.date
) -> dict[Month, Decimal]:
    """What the project spends in each month from ``start`` to ``end`` (its production, or when
    it is now planned to be in production): about nine tenths of its fixed-asset investment in
    all, in cents, so the running sums agree to the cent."""
    months = _months(start, max(start, end))
    n = len(months)
    weights = []
    for i, (_y, m) in enumerate(months):
        x = (i + 0.5) / n
        w = (0.35 + math.sin(math.pi * x)) * SEASON[m - 1] * rng.uniform(0.75, 1.25)
        if 0 < i < n - 1 and rng.random() < 0.04:
            w = 0.0  # a month idle (停工, 待料)
        weights.append(w)
    whole = sum(weights) or 1.0
    spend = float(project.fixed_asset_investment) * rng.uniform(0.9, 0.98)
    return {
        month: Decimal(str(round(spend * w / whole, 2))).quantize(_CENT)
        for month, w in zip(months, weights, strict=True)
    }


def demo_months(year: int, today: dt.date) -> list[Month]:
    """The demo's months: the plan's year and the two before it, each up to its last month
    ended by ``today``."""
    return [
        (y, m) for y in (year - 2, year - 1, year) for m in range(1, months_elapsed(y, today) + 1)
    ]


def demo_author(region: Region) -> Any:
    """The inactive account the demo files and raises as ("演示数据", the demo appeals' too)."""
    from gongye.accounts.models import User

    author, _created = User.objects.get_or_create(
        username=DEMO_USER,
        defaults={
            "display_name": "演示数据",
            "is_active": False,
            "is_demo": True,
            "must_change_password": False,
            "home_region": region,
        },
    )
    return author


def _progress(rng: random.Random, project: Project, share: float) -> str:
    if project.kind == ProjectKind.UPGRADE:
        return PROGRESS_UPGRADE[min(len(PROGRESS_UPGRADE) - 1, int(share * len(PROGRESS_UPGRADE)))]
    for bound, phrases in PROGRESS:
        if share <= bound:
            return rng.choice(phrases)
    return rng.choice(PROGRESS[-1][1])


def _filed_at(
    rng: random.Random, year: int, month: int, late: bool, now: dt.datetime
) -> tuple[dt.datetime, bool]:
    """When the month's return came in (by the 30th, or up to 12 days after it; never after
    ``now``), and whether that was in time."""
    due = return_due(year, month)
    if late:
        day = due + dt.timedelta(days=rng.randint(1, 12))
    else:
        day = due - dt.timedelta(days=rng.randint(0, 9))
    moment = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), now.tzinfo)
    if moment > now:
        return now, now.date() <= due
    return moment, day <= due


def returns_for(
    rng: random.Random, plan: Plan, months: list[Month], author: Any
) -> list[ProjectReturn]:
    """The project's returns in the demo's ``months`` (see the module's note)."""
    p = plan.project
    if p.started_on is None or not months or not plan.amounts:
        return []
    window = set(months)
    first = (p.started_on.year, p.started_on.month)
    last = (p.produced_on.year, p.produced_on.month) if p.produced_on else months[-1]
    now = timezone.localtime()
    ordered = sorted(plan.amounts)
    rows: list[ProjectReturn] = []
    cumulative = Decimal(0)
    year_sum: dict[int, Decimal] = {}
    for i, (y, m) in enumerate(ordered):
        amount = plan.amounts[(y, m)]
        cumulative += amount
        if (y, m) not in window or not first <= (y, m) <= last:
            continue
        late_p, missing_p = FILING_LAST if (y, m) == months[-1] else FILING
        roll = rng.random()
        if roll < missing_p:
            continue  # not filed: the 调度表 shows it red
        filed_at, on_time = _filed_at(rng, y, m, roll < missing_p + late_p, now)
        year_sum[y] = year_sum.get(y, Decimal(0)) + amount
        done = p.produced_on is not None and (y, m) == last
        rows.append(
            ProjectReturn(
                project=p,
                region_id=p.region_id,
                year=y,
                month=m,
                investment_month=amount,
                investment_year=year_sum[y],
                investment_total=min(cumulative, p.total_investment),
                progress=PROGRESS_DONE if done else _progress(rng, p, (i + 1) / len(ordered)),
                problems=rng.choice(RETURN_PROBLEMS) if rng.random() < 0.06 else "",
                unit_id=p.unit_id,
                filed_by=author,
                filed_at=filed_at,
                on_time=on_time,
                is_demo=True,
            )
        )
    return rows


def load_problems(region: Region, projects: dict[str, Project], units: dict[str, Unit]) -> int:
    """The demo problems on the named projects (``demo_words.STORIES``); the plan office raises
    every other one, the project's unit the rest."""
    author = demo_author(region)
    office = units.get("科技经信局")
    now, today = timezone.now(), timezone.localdate()
    made = 0
    for n, story in enumerate(STORIES):
        project = projects.get(story.project)
        if project is None:
            continue
        status = ProblemStatus(story.status)
        raised_at = now - dt.timedelta(days=story.age)
        held = status in (ProblemStatus.ASSIGNED, ProblemStatus.ANSWERED, ProblemStatus.CLOSED)
        answered = status in (ProblemStatus.ANSWERED, ProblemStatus.CLOSED)
        by_office = n % 2 == 0 or office is None
        problem = ProjectProblem.objects.create(
            project=project,
            region=region,
            title=story.title,
            content=story.content,
            raised_by=author,
            raised_role=Role.PLAN_OFFICE if by_office else Role.LIAISON,
            raised_unit=office if by_office else project.unit,
            status=status,
            unit=(units.get(story.unit) or project.unit) if held else None,
            deadline=today + dt.timedelta(days=story.due_in)
            if held and story.due_in is not None
            else None,
            assigned_at=raised_at + dt.timedelta(days=1) if held else None,
            answer=story.answer if answered else "",
            answered_by=author if answered else None,
            answered_at=raised_at + dt.timedelta(days=3) if answered else None,
            was_overdue=story.overdue,
            closed_at=raised_at + dt.timedelta(days=5) if status == ProblemStatus.CLOSED else None,
            is_demo=True,
        )
        ProjectProblem.objects.filter(pk=problem.pk).update(created_at=raised_at)
        made += 1
    return made
