"""Which of the plan's targets a project formula measures (issue 13, item 6), by the target's
meaning as the enterprise register's demo table does it (``enterprises.demo_data
.TARGET_FORMULAS``): the metric's keywords, the target's kind (a count, a total, a rate, a
share) and its unit (``measure_for``: 个 or 项, 万元 or 亿元, %), never one plan's exact
wording:

- the words plans use for one thing are read as one (技术改造 = 技改; 工业投资 = 工业固定资产投资 =
  工业性投资), full-width signs and spaces aside;
- a count of projects takes the size line the target names (5000万元以上 → 5000 万元, 亿元以上 →
  10000 万元) as the formula's parameter; a target of starts that names no size is not paired
  (every started project is not the plan's 大项目), one of 技改 completions takes the plan's
  own line (技改项目 count from 500万元);
- a target comparing two figures (技改投资增速高于工业投资增速) is measured by none;
- 新增规上工业企业 stays the enterprise register's (its ``new_above_scale``); the project
  register measures only 纳规 through projects (积树成林, 项目纳规).

``project_targets_mark`` marks the recognised targets of a plan computed, through the
enterprise register's own service (the plan office's act, audited, computed at once); the
demo runs it after the projects' demo is loaded.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from gongye.core.computed import FORMULAS
from gongye.core.numbers import plain
from gongye.core.roles import Role

if TYPE_CHECKING:
    from gongye.orgs.models import Region
    from gongye.plans.models import Target

COUNTS = frozenset({"count", "level"})
TOTALS = frozenset({"level"})
GROWTH = frozenset({"growth"})
SHARE = frozenset({"share"})

_SYNONYMS = (
    ("技术改造", "技改"),
    ("工业固定资产投资", "工业投资"),
    ("工业性投资", "工业投资"),
    ("工业性固定资产投资", "工业投资"),
)
_BLANKS = str.maketrans({"％": "%", " ": None, "\u3000": None, "\t": None})
# a size line: 5000万元以上, 5000万元及以上, 亿元以上, 10亿元以上, 1.5亿元以上
_SIZE = re.compile(r"(\d+(?:\.\d+)?)?(万|亿)元(?:及)?以上")
_WAN = {"万": Decimal(1), "亿": Decimal(10000)}


@dataclass(frozen=True)
class Rule:
    """A target is measured by ``formula`` when its kind is one of ``kinds``, its name holds
    every word of ``all_of``, one of ``any_of`` (if given) and none of ``none_of``. ``size``:
    the formula takes the size line the name gives ("required": no line, no pairing;
    "default": the formula's own line then)."""

    formula: str
    kinds: frozenset[str]
    all_of: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    size: str = ""


RULES: tuple[Rule, ...] = (
    Rule("projects_upgrade_share", SHARE, ("技改投资", "工业投资")),
    # a comparison of the two growths names both: no formula gives the difference
    Rule("projects_upgrade_investment_growth", GROWTH, ("技改投资",), none_of=("工业投资",)),
    Rule("projects_upgrade_investment", TOTALS, ("技改投资",), none_of=("工业投资",)),
    Rule("projects_industrial_investment_growth", GROWTH, ("工业投资",), none_of=("技改",)),
    Rule("projects_industrial_investment", TOTALS, ("工业投资",), none_of=("技改",)),
    Rule(
        "projects_large_started",
        COUNTS,
        ("开工", "项目"),
        none_of=("技改", "纳规"),
        size="required",
    ),
    Rule(
        "projects_upgrade_completed",
        COUNTS,
        ("技改项目",),
        any_of=("完成", "竣工", "建成", "投产"),
        size="default",
    ),
    Rule("projects_scaled", COUNTS, (), any_of=("纳规", "入规", "积树成林")),
)


def normalised(name: str) -> str:
    text = name.translate(_BLANKS)
    for word, same in _SYNONYMS:
        text = text.replace(word, same)
    return text


def size_line(name: str) -> Decimal | None:
    """The size line a target's name gives, in 万元 (5000万元以上 → 5000), or None."""
    found = _SIZE.search(normalised(name))
    if found is None:
        return None
    amount = Decimal(found.group(1)) if found.group(1) else Decimal(1)
    return amount * _WAN[found.group(2)]


def _applies(rule: Rule, name: str, kind: str) -> bool:
    return (
        kind in rule.kinds
        and all(w in name for w in rule.all_of)
        and (not rule.any_of or any(w in name for w in rule.any_of))
        and not any(w in name for w in rule.none_of)
    )


def formula_for(target: Target) -> tuple[str, dict[str, str]] | None:
    """The project formula measuring ``target`` and its parameters, or None. The unit must
    convert and the kind be judged (``measure_for``), else no pairing."""
    from gongye.enterprises.computed.units import UnitMismatch, measure_for

    name = normalised(target.name)
    for rule in RULES:
        if not _applies(rule, name, str(target.kind)):
            continue
        found = FORMULAS.get(rule.formula)
        if found is None:
            return None
        params: dict[str, str] = {}
        if rule.size:
            line = size_line(target.name)
            if line is None and rule.size == "required":
                return None
            if line is not None:
                params["line"] = plain(line)
        try:
            measure_for(found, target)
        except UnitMismatch:
            return None
        return rule.formula, params
    return None


def project_targets_mark(region: Region, year: int) -> int:
    """The targets of ``region``'s plan of ``year`` that a project formula measures and that
    are not computed yet, marked computed by the region's plan office (the enterprise
    register's ``computed_target_set``: audited, computed at once). Returns how many."""
    from gongye.accounts.models import RoleAssignment
    from gongye.enterprises.models import ComputedTarget
    from gongye.enterprises.services.computed import computed_target_set
    from gongye.plans.models import Target

    office = (
        RoleAssignment.objects.filter(role=Role.PLAN_OFFICE, region=region)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if office is None:
        return 0
    marked = 0
    taken = set(
        ComputedTarget.objects.filter(
            target__plan__region=region, target__plan__year=year
        ).values_list("target_id", flat=True)
    )
    targets = Target.objects.filter(plan__region=region, plan__year=year, is_active=True)
    for target in targets.select_related("plan__region").order_by("seq"):
        if target.pk in taken:
            continue
        found = formula_for(target)
        if found is None:
            continue
        computed_target_set(actor=office.user, target=target, formula=found[0], params=found[1])
        marked += 1
    return marked


def _demo_region_year() -> tuple[Any, int]:
    from gongye.orgs.models import Region
    from gongye.plans.models import Plan

    region = Region.objects.filter(code=settings.GONGYE_DEFAULT_REGION).first()
    plan = Plan.objects.filter(region=region).order_by("-year").first() if region else None
    return region, plan.year if plan else timezone.localdate().year - 1


def computed_demo_load(report: object) -> str:
    """The ``load_demo`` step after the projects' demo: the plan's targets the project
    register measures, marked computed and computed."""
    started = time.monotonic()
    region, year = _demo_region_year()
    if region is None:
        return ""
    marked = project_targets_mark(region, year)
    if not marked:
        return ""
    return f"由项目库计算的目标 {marked} 个（用时 {time.monotonic() - started:.1f} 秒）。"
