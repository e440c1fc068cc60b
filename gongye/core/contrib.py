"""What an app contributes to the shell, declared on its AppConfig.

A base app never names a domain app. Instead each app lists, as class attributes of its
``AppConfig``, what it adds to the whole:

- ``navigation``: ``NavEntry`` items (label, URL name, icon, the permission that shows them);
- ``home_panels``: ``HomePanel`` items for the 工作台 (a template and a selector);
- ``demo_loaders``: ``DemoLoader`` items run in order by ``load_demo``;
- ``schedules``: ``ScheduledJob`` items registered with the background worker;
- ``notification_rules``: dotted paths of deadline rules (``gongye.notifications``).
- ``target_sections``: ``TargetSection`` items shown on a plan target's page (a template and a
  selector of the target);
- ``cockpit_sections``: ``CockpitSection`` items shown on the leaders' cockpit (a template and a
  selector of the plan).
- ``enterprise_sections``: ``EnterpriseSection`` items shown on an enterprise's page (a template
  and a selector of the enterprise).

The shell (``gongye.front``) and the notifications engine collect them with ``collect``. The
callables are named by dotted path and imported when first used, so an AppConfig imports no
models and the order in which apps load does not matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.utils.module_loading import import_string

T = TypeVar("T")


@cache
def resolve(dotted: str) -> Any:
    """The object a dotted path names (``gongye.plans.permissions.can_view_plans``)."""
    return import_string(dotted)


@dataclass(frozen=True)
class NavEntry:
    """A link in the side navigation, shown when ``permission(user)`` allows it."""

    label: Any  # a lazily translated string
    url_name: str
    icon: str
    permission: str  # dotted path of ``can_<verb>(user) -> Decision``
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    """A panel on the 工作台. ``selector(user)`` answers the panel's context, or None when the
    panel has nothing for this person (then it is not shown)."""

    template: str
    selector: str  # dotted path of ``(user) -> object | None``
    order: int = 100


@dataclass(frozen=True)
class DemoLoader:
    """A step of ``load_demo``. ``func(report)`` loads idempotently and answers a line for the
    console (or ""). ``demo_only`` steps run only in demo mode."""

    func: str  # dotted path
    order: int = 100
    demo_only: bool = True


@dataclass(frozen=True)
class TargetSection:
    """A part of a plan target's page that another app adds (the register's "computed from
    the register"). ``selector(user, target)`` answers the part's context, or None when it has
    nothing for this person (then it is not shown)."""

    template: str
    selector: str  # dotted path of ``(user, target) -> object | None``
    order: int = 100


@dataclass(frozen=True)
class CockpitSection(TargetSection):
    """A part of the cockpit that another app adds (the register's paired enterprises):
    ``selector(user, plan)`` answers the part's context, or None (then it is not shown)."""


@dataclass(frozen=True)
class EnterpriseSection(TargetSection):
    """A part of an enterprise's page that another app adds (the project register's projects):
    ``selector(user, enterprise)`` answers the part's context, or None (then it is not shown).
    The context has ``anchor`` and ``title``: the page's table of contents links them."""


@dataclass(frozen=True)
class Section:
    """A contributed part as a page renders it: its template and its context."""

    template: str
    context: Any


def sections_for(kind: str, *args: Any) -> list[Section]:
    """The contributions of ``kind`` (items with ``template``, ``selector`` and ``order``) that
    have something for ``args`` (the selector answers not None), in order."""
    found = []
    for item in collect_sorted(kind):
        context = resolve(item.selector)(*args)
        if context is not None:
            found.append(Section(item.template, context))
    return found


@dataclass(frozen=True)
class ScheduledJob:
    """A recurring job for the background worker: every ``minutes``, or daily at ``daily_at``
    (local time, Asia/Shanghai)."""

    name: str
    func: str  # dotted path the worker calls
    minutes: int | None = None
    daily_at: dt.time | None = None


def collect(kind: str) -> Iterator[tuple[str, Any]]:
    """Every contribution of ``kind`` from the installed apps, as (app label, item), in the
    order of INSTALLED_APPS."""
    for config in apps.get_app_configs():
        for item in getattr(config, kind, ()):
            yield config.label, item


def collect_sorted(kind: str, key: Callable[[Any], Any] = lambda item: item.order) -> list[Any]:
    """The contributions of ``kind`` sorted by ``key`` (their ``order`` by default); ties keep
    the order of INSTALLED_APPS."""
    return sorted((item for _label, item in collect(kind)), key=key)


@dataclass
class DemoReport:
    """What ``load_demo`` added, for its console summary; loaders add to it."""

    regions: int = 0
    units: int = 0
    users: int = 0
    assignments: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.regions + self.units + self.users + self.assignments
