"""The data version of a set of plans: what the cockpit and the county comparison are computed
from, in brief, so that a result cached under it is never stale.

For each table they read — the plans themselves (their checkpoints pace the targets), targets,
target owners, figures, key tasks, their units, their supervision states, progress reports and
the regions' units (names) — the number of rows and the latest ``updated_at``. Any write changes
one of them: a new or deleted row changes the count, an edit the latest time (the clock moves
forward, so an edited row becomes the latest) (every one of these
models keeps ``updated_at``; the one bulk ``update`` that touches them, the reminders' overdue
mark, sets it too). One query (a UNION ALL of the aggregates), whatever the number of plans.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, Max, QuerySet, Value
from django.utils.translation import get_language

from gongye.indicators.models import Observation, TargetOwner
from gongye.orgs.models import Unit
from gongye.plans.models import Plan, Target, Task, TaskUnit
from gongye.supervision.models import ProgressReport, TaskState

CACHE_FORMAT = 2
CACHE_SECONDS = 24 * 3600  # the key changes with the data; this only bounds what is kept

if TYPE_CHECKING:
    from collections.abc import Sequence


def _brief(index: int, rows: QuerySet) -> QuerySet:
    return (
        rows.order_by()
        .annotate(part=Value(index, output_field=IntegerField()))
        .values("part")
        .annotate(n=Count("pk"), at=Max("updated_at"))
        .values_list("part", "n", "at")
    )


def data_version(plans: QuerySet[Plan], *, year: int) -> tuple:
    """The version of ``plans`` (a queryset, not evaluated) and everything read with them."""
    ids = plans.order_by().values("pk")
    regions = plans.order_by().values("region_id")
    parts: Sequence[QuerySet] = (
        Plan.objects.filter(pk__in=ids),
        Target.objects.filter(plan__in=ids),
        TargetOwner.objects.filter(target__plan__in=ids),
        Observation.objects.filter(region__in=regions, year=year),
        Task.objects.filter(plan__in=ids),
        TaskUnit.objects.filter(task__plan__in=ids),
        TaskState.objects.filter(task__plan__in=ids),
        ProgressReport.objects.filter(task__plan__in=ids),
        Unit.objects.filter(region__in=regions),
    )
    first, *rest = (_brief(i, rows) for i, rows in enumerate(parts))
    found = {
        part: (n, at.isoformat() if at else "") for part, n, at in first.union(*rest, all=True)
    }
    return tuple(found.get(i, (0, "")) for i in range(len(parts)))


def cache_key(*parts: Any) -> str:
    """A cache key for a result computed from ``parts`` (a data version among them), in the
    active language (what is cached may hold words: a status, a rule text)."""
    # CACHE_FORMAT changes whenever what is cached changes shape, so a shared cache (Redis)
    # never hands a new release an object of the old one
    language = get_language() or ""
    digest = hashlib.sha256(repr((CACHE_FORMAT, language, *parts)).encode()).hexdigest()[:32]
    return f"gongye:indicators:{digest}"
