"""The monthly investment totals by place (``ReturnTotal``, 月30投资汇总), kept with the returns
they sum, in the same transaction.

A total is derived data: a (county, year, month) is recomputed from its returns — one grouped
query over that month's returns of the county (its index), the old rows deleted and the new
ones written — whenever one of them changes:

- a return saved or deleted (the models' ``post_save`` / ``post_delete``, connected by
  ``computed.changes.connect``): its county's month;
- a project saved with another kind or place than it was loaded with (``Project.totals_key``):
  its county, every month (its returns now count elsewhere, or not at all);
- writes that bypass the models' signals call ``refresh`` themselves: the services' corrections
  of a later month by ``update()``, the demo's and the benchmark's bulk loads.

Inside ``deferred()`` the months are gathered and recomputed once, at the block's end (still in
its transaction): an import of a month's sheet recomputes each county-month once, not once a
row. The nightly ``rebuild_nightly`` recomputes everything, so whatever else went around the
signals (an ``update()`` by hand) is put right by the next morning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from gongye.projects.choices import INDUSTRIAL_KINDS, ProjectKind

# (region id, year or None, month or None): what to recompute (None: every year / month)
Cell = tuple[int, int | None, int | None]

_pending: ContextVar[set[Cell] | None] = ContextVar("gongye_project_totals", default=None)


def refresh(region_id: int, year: int | None = None, month: int | None = None) -> int:
    """Recomputes the totals of the county ``region_id`` — of ``year`` (every year when None),
    of ``month`` of it (every month when None) — from its returns. Returns the rows written."""
    from gongye.projects.models import ProjectReturn, ReturnTotal

    returns = ProjectReturn.objects.filter(region_id=region_id, project__kind__in=INDUSTRIAL_KINDS)
    old = ReturnTotal.objects.filter(region_id=region_id)
    if year is not None:
        returns, old = returns.filter(year=year), old.filter(year=year)
        if month is not None:
            returns, old = returns.filter(month=month), old.filter(month=month)
    sums = (
        returns.order_by()
        .values("project__location_id", "year", "month")
        .annotate(
            industrial=Sum("investment_month"),
            upgrade=Sum("investment_month", filter=Q(project__kind=ProjectKind.UPGRADE)),
        )
    )
    rows = [
        ReturnTotal(
            region_id=region_id,
            location_id=row["project__location_id"],
            year=row["year"],
            month=row["month"],
            industrial=row["industrial"] or Decimal(0),
            upgrade=row["upgrade"] or Decimal(0),
        )
        for row in sums
    ]
    with transaction.atomic():
        old.delete()
        ReturnTotal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def changed(region_id: int | None, year: int | None = None, month: int | None = None) -> None:
    """The totals of (region, year, month) no longer hold: recomputed now, or at the end of the
    ``deferred()`` block around."""
    if region_id is None:
        return
    pending = _pending.get()
    if pending is None:
        refresh(region_id, year, month)
    else:
        pending.add((region_id, year, month))


def _covering(cells: Iterable[Cell]) -> list[Cell]:
    """The cells without those a wider one (a whole year, a whole county) already covers."""
    cells = set(cells)
    kept = []
    for region, year, month in sorted(cells, key=lambda c: (c[0], c[1] or 0, c[2] or 0)):
        if (region, None, None) in cells and year is not None:
            continue
        if (region, year, None) in cells and month is not None:
            continue
        kept.append((region, year, month))
    return kept


@contextmanager
def deferred() -> Iterator[None]:
    """Gathers the changes made inside and recomputes each county-month once, at the end (on
    success: a block that raises leaves its transaction to roll back). Nested blocks gather
    into the outermost."""
    if _pending.get() is not None:
        yield
        return
    pending: set[Cell] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for region, year, month in _covering(pending):
        refresh(region, year, month)


# ----- the signals (connected by ``computed.changes.connect``)


def return_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    changed(instance.region_id, instance.year, instance.month)


def project_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A project that now has another kind or place moves its returns' investment: its county
    recomputed. A new project has no returns; one not loaded whole is recomputed to be sure."""
    from gongye.projects.models.projects import totals_key

    now = totals_key(instance)
    if not created and instance.totals_key != now:
        changed(instance.region_id)
    instance.totals_key = now


def rebuild(region_ids: Iterable[int] | None = None) -> int:
    """Recomputes the totals of the counties named (of every county with returns when None).
    Returns the rows written."""
    from gongye.projects.models import ProjectReturn, ReturnTotal

    if region_ids is None:
        with_returns = set(ProjectReturn.objects.values_list("region_id", flat=True).distinct())
        with_totals = set(ReturnTotal.objects.values_list("region_id", flat=True).distinct())
        region_ids = with_returns | with_totals
    return sum(refresh(region_id) for region_id in sorted(set(region_ids)))


def rebuild_nightly() -> None:
    """The worker's nightly job: every county's totals recomputed from the returns."""
    rebuild()
