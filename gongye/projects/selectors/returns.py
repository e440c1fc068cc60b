"""Which projects owe a 月30 return for a month, and the colour of each (issue 13 item 3):
filed by the 30th green; filed late, or not yet filed with the due day ``DUE_SOON_DAYS`` away
or nearer, yellow; not filed past the due day, red. Shared by the project page, the 调度表,
the reminders and the 工作台."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from gongye.core.periods import default_month, default_year
from gongye.core.scope import acting_of
from gongye.plans.models import Plan
from gongye.projects.choices import ProjectStage, ReturnColour
from gongye.projects.models import Project, ProjectReturn
from gongye.projects.services.returns import return_due

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

DUE_SOON_DAYS = 5


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def owing(projects: QuerySet[Project], year: int, month: int) -> QuerySet[Project]:
    """The projects under construction at some time in the month (started by its last day,
    not yet in production on its first), not given up: they owe the month's return."""
    first, last = month_bounds(year, month)
    return (
        projects.filter(started_on__lte=last)
        .filter(Q(produced_on__isnull=True) | Q(produced_on__gte=first))
        .exclude(stage=ProjectStage.CANCELLED)
    )


def return_colour(
    filed: ProjectReturn | None, year: int, month: int, today: dt.date
) -> ReturnColour:
    """The colour of one project's return for the month, as of ``today``."""
    due = return_due(year, month)
    if filed is not None:
        return ReturnColour.GREEN if filed.on_time else ReturnColour.YELLOW
    if today > due:
        return ReturnColour.RED
    if (due - today).days <= DUE_SOON_DAYS:
        return ReturnColour.YELLOW
    return ReturnColour.NONE


def opening_month(user: User | AnonymousUser, today: dt.date) -> tuple[int, int]:
    """The month the region's pictures (board, 调度表, 赛马) open on, as the cockpit's: the
    year of the plans within ``user``'s reach (this year when there is one, else the latest
    before — a county reading a past year's plan sees its data, not an empty month), this
    month in the current year and December for a past one. One small query (the plans), not
    a walk over the returns."""
    acting = acting_of(user)
    years: list[int] = []
    if acting is not None:
        years = list(
            Plan.objects.within(acting.region.path).values_list("year", flat=True).distinct()
        )
    year = default_year(years, today)
    return year, default_month(year, today)
