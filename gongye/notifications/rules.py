"""What an app hands the notifications engine: a deadline rule.

An app lists the dotted paths of its rules in ``AppConfig.notification_rules``. Each rule is a
callable ``rule(today) -> RuleRun``: it looks at its own objects (tasks, projects' monthly
returns, appeals …), decides what today calls for, and answers the messages, one per
recipient unit and audience, already worded. The engine claims each message at most once per
subject, rule, unit, audience and day, and delivers it in the app, by e-mail and to the unit's
group robots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gongye.core.contrib import collect, resolve
from gongye.core.roles import Role

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Unit


@dataclass(frozen=True)
class Message:
    """One message a rule calls for today, before the engine claims it."""

    subject_type: str  # app_label.model of what it is about
    subject_id: str
    link: str  # the page that answers it
    region_code: str
    rule: str  # the rule's own code (due_soon, overdue, …)
    rule_label: str  # its name as people read it (临期提醒)
    audience: Role
    unit: Unit | None  # None: addressed to ``user`` alone
    title: str
    body: str
    user: User | None = None  # a person with no unit (an enterprise's user)


@dataclass
class RuleRun:
    """What a rule answers for one day: its messages, subjects that had nobody to receive a
    message, figures for the run's summary (merged into the engine's) and details that only the
    run's audit entry keeps (``audit``)."""

    messages: list[Message] = field(default_factory=list)
    unaddressed: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)


DeadlineRule = Callable[[dt.date], RuleRun]


def registered_rules() -> list[tuple[str, DeadlineRule]]:
    """Every app's rules, as (dotted path, rule), in the order of INSTALLED_APPS."""
    return [(dotted, resolve(dotted)) for _label, dotted in collect("notification_rules")]


def shorten(text: str, limit: int = 40) -> str:
    """A text for a reminder's title or body: its whitespace folded, cut at ``limit`` with …"""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_office_units(region_ids: set[int]) -> dict[int, list[Unit]]:
    """Each region's plan-office units (督办) with someone active in the role: they receive
    the escalations of every rule (tasks, appeals, project problems)."""
    from gongye.orgs.models import Unit

    units: dict[int, list[Unit]] = {}
    for unit in (
        Unit.objects.filter(
            region_id__in=region_ids,
            is_active=True,
            assignments__role=Role.PLAN_OFFICE,
            assignments__is_active=True,
            assignments__user__is_active=True,
        )
        .distinct()
        .order_by("sort_order", "pk")
    ):
        units.setdefault(unit.region_id, []).append(unit)
    return units
