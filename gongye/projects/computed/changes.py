"""When projects or their returns change, the targets computed from them follow (issue 13,
item 6), as the enterprise register's do: once the write commits, the register's
``register_changed`` signal is sent for the region and year, and the enterprise app's receiver
queues the recompute of that region's computed targets on the background worker (every
formula of the region-year, the project register's among them); the nightly recompute catches
anything else (a bulk load sends no signal).

The monthly totals by place (``projects.totals``) are kept at once, in the write's own
transaction. The same commit replaces the region's data version (``projects.versions``: what the 赛马 is
cached under).

Listening to the models' own ``post_save`` / ``post_delete`` keeps the project services free of
any knowledge of what is computed from them. One signal per (region, year, month) and
transaction, one new version per region and transaction, however many rows it wrote: an import
of a month's sheet queues one recompute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone


@dataclass(frozen=True)
class Changed:
    """What to tell once the transaction commits (compared by value: the same change asked
    twice in one transaction is told once)."""

    region_id: int
    year: int
    month: int | None

    def __call__(self) -> None:
        from gongye.enterprises.signals import register_changed

        register_changed.send(
            sender=Changed, region=self.region_id, year=self.year, month=self.month
        )


@dataclass(frozen=True)
class Touched:
    """A new data version for the region (``versions.region_touch``)."""

    region_id: int

    def __call__(self) -> None:
        from gongye.projects.versions import region_touch

        region_touch(self.region_id)


def _once(callback: Changed | Touched) -> None:
    """Runs ``callback`` when the current transaction commits (at once outside one), unless an
    equal callback already waits for it."""
    connection = transaction.get_connection()
    # the callbacks Django keeps for the commit (dropped with a rolled-back savepoint): an
    # equal one already there is not asked twice
    if connection.in_atomic_block and any(item[1] == callback for item in connection.run_on_commit):
        return
    transaction.on_commit(callback)


def tell(region_id: int | None, year: int | None, month: int | None = None) -> None:
    """Once the current transaction commits: a new data version for the region, and
    ``register_changed`` for (region, year, month) — each once per transaction."""
    if region_id is None or year is None:
        return
    _once(Touched(region_id))
    _once(Changed(region_id, year, month))


def return_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    tell(instance.region_id, instance.year, instance.month)


def project_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A project's dates, kind or size move its counts in the years of its dates, and a move
    may have cleared a date of this year or last (a date is never in the future)."""
    this_year = timezone.localdate().year
    years = {this_year, this_year - 1}
    for field in ("started_on", "completed_on", "scaled_on"):
        day = getattr(instance, field, None)
        if day is not None:
            years.add(day.year)
    for year in sorted(years):
        tell(instance.region_id, year)


def connect() -> None:
    """Called by ``ProjectsConfig.ready``."""
    from gongye.projects import totals
    from gongye.projects.models import Project, ProjectReturn

    # the monthly totals by place follow in the same transaction (``projects.totals``)
    post_save.connect(totals.return_changed, sender=ProjectReturn, dispatch_uid="projects.tot.r")
    post_delete.connect(totals.return_changed, sender=ProjectReturn, dispatch_uid="projects.tot.rd")
    post_save.connect(totals.project_saved, sender=Project, dispatch_uid="projects.tot.p")
    post_save.connect(return_changed, sender=ProjectReturn, dispatch_uid="projects.computed.r")
    post_delete.connect(return_changed, sender=ProjectReturn, dispatch_uid="projects.computed.rd")
    post_save.connect(project_changed, sender=Project, dispatch_uid="projects.computed.p")
    post_delete.connect(project_changed, sender=Project, dispatch_uid="projects.computed.pd")
