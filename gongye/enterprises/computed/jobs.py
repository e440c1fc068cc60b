"""When the register's data change, what is computed from it follows on the background worker
(the ``register_changed`` signal); and every night, in case a change came by a way that sent no
signal (an administrator's edit, a restore)."""

from __future__ import annotations

import logging
from typing import Any

from gongye.core.context import execution_context

logger = logging.getLogger(__name__)

RECOMPUTE = "gongye.enterprises.computed.jobs.recompute_later"


def _region_id(region: Any) -> int | None:
    if region is None:
        return None
    if isinstance(region, int):
        return region
    return getattr(region, "pk", None)


def on_register_changed(
    sender: Any, *, region: Any, year: int, month: int | None = None, **kwargs: Any
) -> None:
    """The receiver of ``register_changed``: queues the recompute of the region's targets of
    that year, and of the next year (whose growth rates compare with this one), where any is
    marked computed. Sent after the write commits, so the worker reads committed data."""
    from django_q.tasks import async_task

    from gongye.enterprises.models import ComputedTarget

    region_id = _region_id(region)
    if region_id is None:
        return
    years = set(
        ComputedTarget.objects.filter(
            target__plan__region_id=region_id, target__plan__year__in=(year, year + 1)
        ).values_list("target__plan__year", flat=True)
    )
    for y in sorted(years):
        try:
            async_task(RECOMPUTE, region_id, y, month if y == year else None)
        except Exception:  # the queue being away: the nightly run catches up
            logger.exception("register %s %s: the recompute could not be queued", region_id, y)


def recompute_later(region_id: int, year: int, month: int | None = None) -> dict[str, int]:
    """The worker's half: recompute the region's computed targets of ``year``."""
    from gongye.enterprises.services.computed import computed_targets_recompute
    from gongye.orgs.models import Region

    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        return {"targets": 0}
    with execution_context(channel="job"):
        result = computed_targets_recompute(region=region, year=year, month=month)
    return {"targets": result.targets, "written": result.written, "official": result.official}


def recompute_nightly() -> dict[str, int]:
    """Nightly: every region-year that has a target computed from the register."""
    from gongye.enterprises.models import ComputedTarget

    pairs = sorted(
        set(
            ComputedTarget.objects.filter(target__is_active=True).values_list(
                "target__plan__region_id", "target__plan__year"
            )
        )
    )
    done = 0
    for region_id, year in pairs:
        done += recompute_later(region_id, year)["targets"]
    return {"region_years": len(pairs), "targets": done}
