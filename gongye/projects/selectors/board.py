"""The three-library board (三库联动, issue 13 item 2): 储备库, 在建库 and 投产库 with their counts
and total investment, the 在建库's investment completed this year (its projects' 月30 returns),
and how many projects have reached 已纳规 — over the projects the reader may see, filtered by
chain, township or development zone, size and kind as the project list filters them.

One aggregate query whatever the number of projects: each library's count and sum is a
conditional aggregate (``COUNT … FILTER``), and this year's completed investment of a project
in 在建库 is a correlated subquery reading its latest return of the year (the ``(project,
year, month)`` index)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Case, Count, DecimalField, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone

from gongye.projects.choices import ProjectStage
from gongye.projects.models import ProjectReturn
from gongye.projects.selectors.projects import ProjectFilters, project_list_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.projects.models.projects import ProjectQuerySet

# the three libraries the board shows as columns, in the order a project moves through them
LIBRARIES = (ProjectStage.RESERVE, ProjectStage.BUILDING, ProjectStage.PRODUCING)
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Library:
    """One library on the board: how many projects, their total investment (万元), and for
    在建库 the investment its projects completed this year (None for the others); ``query``
    is the project list's query string that lists exactly these projects."""

    stage: str
    label: str
    count: int
    investment: Decimal
    year_investment: Decimal | None
    query: str


@dataclass(frozen=True)
class Board:
    year: int
    libraries: list[Library]  # 储备库, 在建库, 投产库
    scaled: Library  # 已纳规 (the project's enterprise entered 规上): after 投产库
    filters: ProjectFilters

    @property
    def count(self) -> int:
        """Projects on the board: the three libraries and 已纳规."""
        return sum(lib.count for lib in self.libraries) + self.scaled.count

    @property
    def investment(self) -> Decimal:
        return sum((lib.investment for lib in self.libraries), self.scaled.investment)

    @property
    def filtered(self) -> bool:
        return bool(filter_query(self.filters))


def filter_query(filters: ProjectFilters, **extra: Any) -> str:
    """The board's filters (and ``extra``) as the project list's query string."""
    f = filters
    pairs = {
        "q": f.q,
        "kind": f.kind,
        "chain": f.chain,
        "location": f.location,
        "size": f.size,
        **extra,
    }
    return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def board_projects(
    user: User | AnonymousUser, filters: ProjectFilters | None = None
) -> ProjectQuerySet:
    """The projects the board counts: those ``user`` may see, filtered (any stage), not given
    up (``counted``)."""
    filters = dataclasses.replace(filters or ProjectFilters(), stage="")
    return project_list_for(user, filters).counted().order_by()


def board_for(
    user: User | AnonymousUser, filters: ProjectFilters, *, today: dt.date | None = None
) -> Board:
    """The board for the projects ``user`` may see, filtered by ``filters`` (its ``stage`` is
    ignored: the board is by stage). This year is ``today``'s (the local date by default)."""
    year = (today or timezone.localdate()).year
    # 本年累计 as the year's latest return states it (``investment_year``, which the return
    # service keeps equal to the year's months summed): one index row per project, where
    # summing the months reads up to twelve (and PostgreSQL's planner then reaches for JIT)
    this_year = (
        ProjectReturn.objects.filter(project=OuterRef("pk"), year=year)
        .order_by("-month")
        .values("investment_year")[:1]
    )
    projects = board_projects(user, filters).annotate(
        # only a project in 在建库 looks up its returns (CASE evaluates the branch it takes)
        year_done=Case(
            When(stage=ProjectStage.BUILDING, then=Subquery(this_year, output_field=MONEY)),
            default=Value(None, output_field=MONEY),
            output_field=MONEY,
        )
    )
    stages = (*LIBRARIES, ProjectStage.SCALED)
    figures: dict[str, Any] = {}
    for stage in stages:
        figures[f"{stage}_count"] = Count("pk", filter=Q(stage=stage))
        figures[f"{stage}_investment"] = Sum(
            "total_investment", filter=Q(stage=stage), output_field=MONEY
        )
    figures["building_year"] = Sum("year_done", output_field=MONEY)
    found = projects.aggregate(**figures)
    labels = {k: str(v) for k, v in ProjectStage.choices}

    def library(stage: str) -> Library:
        year_investment = None
        if stage == ProjectStage.BUILDING:
            year_investment = found["building_year"] or ZERO
        return Library(
            stage=stage,
            label=labels[stage],
            count=found[f"{stage}_count"] or 0,
            investment=found[f"{stage}_investment"] or ZERO,
            year_investment=year_investment,
            query=filter_query(filters, stage=stage),
        )

    return Board(
        year=year,
        libraries=[library(stage) for stage in LIBRARIES],
        scaled=library(ProjectStage.SCALED),
        filters=filters,
    )
