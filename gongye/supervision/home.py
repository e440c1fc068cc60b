"""督办's part of the 工作台 (``SupervisionConfig.home_panels``): what waits for a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongye.supervision.permissions import can_supervise_view
from gongye.supervision.selectors import inbox_for, is_unit_scoped

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.plans.models import Task
    from gongye.supervision.models import ProgressReport


@dataclass(frozen=True)
class HomeQueue:
    """督办's part of a person's 工作台: what waits for them, most pressing first."""

    to_review: list[ProgressReport]
    to_review_total: int
    returned: list[ProgressReport]
    contributions_waiting_total: int
    overdue: list[Task]
    overdue_total: int
    this_month: list[Task]
    this_month_total: int
    unit_scoped: bool  # a unit's own duties (liaison, head) or the whole region's

    @property
    def empty(self) -> bool:
        return not (
            self.to_review_total
            or self.returned
            or self.contributions_waiting_total
            or self.overdue_total
            or self.this_month_total
        )


HOME_LIMIT = 5


def home_queue_for(user: User, *, today: dt.date | None = None) -> HomeQueue | None:
    """The reports to review, the returned reports to redo, the overdue tasks and those due
    this month — for whoever sees 督办 (None for anyone else). Counts in the database."""
    if not can_supervise_view(user):
        return None
    inbox = inbox_for(user, today=today, limit=HOME_LIMIT, sections=("overdue", "this_month"))
    return HomeQueue(
        to_review=inbox["to_review"][:HOME_LIMIT],
        to_review_total=inbox["to_review_total"],
        returned=inbox["returned"][:HOME_LIMIT],
        contributions_waiting_total=inbox["contributions_waiting_total"],
        overdue=inbox["overdue"],
        overdue_total=inbox["totals"]["overdue"],
        this_month=inbox["this_month"],
        this_month_total=inbox["totals"]["this_month"],
        unit_scoped=is_unit_scoped(user),
    )
