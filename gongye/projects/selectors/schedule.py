"""The monthly scheduling sheet (月30调度表, issue 13 item 4): for a month, one row per project
that was building then (started by the month's end, not in production before it began) or
that went into production this year by the month's end, or that filed a return this year —
with its total and this year's planned investment, the month's completed investment, this
year's and the cumulative since the start (as of the month), its physical progress and
problems as filed, its open problems (问题清单) and the colour of its return
(``selectors.returns.return_colour``). Rows are grouped by township or development zone and by
industry chain, each with its subtotal, and a grand total; the month's starts and completions
and the red list (returns due and not filed) follow.

A fixed number of queries whatever the data: one reads every row with the month's return
joined (``FilteredRelation``) and the year's and cumulative figures as correlated subqueries on
the returns' ``(project, year, month)`` index; the rest is one pass in Python over those rows.
The numbers are read with ``values()`` (no model instances: a province reads 20,000 rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.periods import month_bounds
from gongye.core.scope import acting_of
from gongye.projects.choices import ProjectKind, ProjectStage, ReturnColour
from gongye.projects.models import ProjectProblem, ProjectReturn
from gongye.projects.selectors.projects import (
    ProjectFilters,
    project_list_for,
    shows_region_column,
)
from gongye.projects.selectors.returns import return_colour

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
ZERO = Decimal("0.00")
FIELDS = (
    "pk",
    "name",
    "enterprise_name",
    "enterprise__name",
    "kind",
    "stage",
    "total_investment",
    "year_plan_investment",
    "started_on",
    "completed_on",
    "produced_on",
    "region__name",
    "region__code",
    "location_id",
    "location__name",
    "chain_id",
    "chain__name",
    "chain__sort_order",
    "unit__name",
    "filed__pk",
    "filed__investment_month",
    "filed__investment_total",
    "filed__progress",
    "filed__problems",
    "filed__on_time",
    "year_done",
    "cumulative",
    "open_problems",
)


@dataclass
class ScheduleRow:
    """A project's line in the month's sheet (money in 万元)."""

    pk: int
    name: str
    builder: str
    kind_label: str
    stage: str
    stage_label: str
    region_name: str
    region_code: str
    location_id: int
    location_name: str
    chain_id: int | None
    chain_name: str
    chain_sort_order: int
    unit_name: str
    total_investment: Decimal
    year_plan_investment: Decimal
    month_investment: Decimal | None  # None: the month's return is not filed
    year_investment: Decimal  # this year's months up to this one
    cumulative_investment: Decimal | None  # since the start, as of the latest return
    progress: str
    problems: str
    open_problems: int
    filed: bool
    owes: bool  # building in the month: it owes the month's return
    colour: str
    colour_label: str
    started_on: dt.date | None
    completed_on: dt.date | None
    produced_on: dt.date | None
    started_in_month: bool = False
    completed_in_month: bool = False


@dataclass
class Totals:
    count: int = 0
    total_investment: Decimal = ZERO
    year_plan_investment: Decimal = ZERO
    month_investment: Decimal = ZERO
    year_investment: Decimal = ZERO
    cumulative_investment: Decimal = ZERO

    def add(self, row: ScheduleRow) -> None:
        self.count += 1
        self.total_investment += row.total_investment
        self.year_plan_investment += row.year_plan_investment
        self.month_investment += row.month_investment or ZERO
        self.year_investment += row.year_investment
        self.cumulative_investment += row.cumulative_investment or ZERO


@dataclass
class Group:
    """The rows of one township (or development zone) or one chain, with their subtotal."""

    key: int | None
    name: str
    rows: list[ScheduleRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Schedule:
    region_name: str
    year: int
    month: int
    today: dt.date
    filters: ProjectFilters
    rows: list[ScheduleRow]  # by township, largest first within one
    by_township: list[Group]
    by_chain: list[Group]
    total: Totals
    starts: list[ScheduleRow]  # started in the month
    completions: list[ScheduleRow]  # completed or put into production in the month
    red: list[ScheduleRow]  # owed the month's return, past its due day, not filed

    @property
    def title(self) -> str:
        """XX县2022年6月工业项目调度表."""
        return _("%(region)s%(year)s年%(month)s月工业项目调度表") % {
            "region": self.region_name,
            "year": self.year,
            "month": self.month,
        }

    @property
    def month_value(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def schedule_projects(
    user: User | AnonymousUser, year: int, month: int, filters: ProjectFilters | None = None
) -> Any:
    """The month's projects ``user`` may see, filtered, with what each row needs read in
    the same query (``values`` rows, ordered by township then size)."""
    last = month_bounds(year, month)[1]
    filters = dataclasses.replace(filters or ProjectFilters(), stage="")
    up_to_month = Q(year__lt=year) | Q(year=year, month__lte=month)
    returns = ProjectReturn.objects.filter(project=OuterRef("pk")).order_by()
    # 本年累计 as the latest return of the year up to the month states it (the return service
    # keeps ``investment_year`` equal to the year's months summed): one index row a project
    year_done = (
        returns.filter(year=year, month__lte=month).order_by("-month").values("investment_year")
    )
    cumulative = returns.filter(up_to_month).order_by("-year", "-month").values("investment_total")
    open_problems = (
        ProjectProblem.objects.filter(project=OuterRef("pk"))
        .open()
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    filed_this_year = returns.filter(year=year, month__lte=month)
    return (
        project_list_for(user, filters)
        .counted()
        .filter(started_on__lte=last)
        .filter(
            Q(produced_on__isnull=True)
            | Q(produced_on__gte=dt.date(year, 1, 1))
            | Exists(filed_this_year)
        )
        .annotate(
            filed=FilteredRelation(
                "returns", condition=Q(returns__year=year, returns__month=month)
            ),
            year_done=Coalesce(
                Subquery(year_done[:1], output_field=MONEY), ZERO, output_field=MONEY
            ),
            cumulative=Subquery(cumulative[:1], output_field=MONEY),
            open_problems=Coalesce(
                Subquery(open_problems, output_field=IntegerField()), 0, output_field=IntegerField()
            ),
        )
        .order_by(
            "region__code",
            "location__sort_order",
            "location__name",
            "location_id",
            "-total_investment",
            "pk",
        )
        .values(*FIELDS)
    )


def schedule_for(
    user: User | AnonymousUser,
    year: int,
    month: int,
    filters: ProjectFilters,
    *,
    today: dt.date | None = None,
) -> Schedule:
    """The 调度表 of ``year``/``month`` over the projects ``user`` may see, filtered by
    ``filters`` (its ``stage`` ignored). Colours are as of ``today`` (the local date)."""
    today = today or timezone.localdate()
    make = _RowMaker(year, month, today, many=shows_region_column(user))
    rows = [make(values) for values in schedule_projects(user, year, month, filters)]
    acting = acting_of(user)
    return Schedule(
        region_name=acting.region.name if acting is not None else "",
        year=year,
        month=month,
        today=today,
        filters=filters,
        rows=rows,
        by_township=by_township(rows),
        by_chain=by_chain(rows),
        total=totals(rows),
        starts=[r for r in rows if r.started_in_month],
        completions=[r for r in rows if r.completed_in_month],
        red=[r for r in rows if r.colour == ReturnColour.RED],
    )


class _RowMaker:
    """Turns a ``values`` row into a ``ScheduleRow``; the labels and the three colours a
    return can have this month (none filed, on time, late) are worked out once."""

    def __init__(self, year: int, month: int, today: dt.date, *, many: bool) -> None:
        self.first, self.last = month_bounds(year, month)
        self.many = many
        self.stages = {k: str(v) for k, v in ProjectStage.choices}
        self.kinds = {k: str(v) for k, v in ProjectKind.choices}
        labels = {k: str(v) for k, v in ReturnColour.choices}
        self.colours: dict[bool | None, tuple[str, str]] = {}
        for on_time in (None, True, False):
            filed = None if on_time is None else ProjectReturn(on_time=on_time)
            colour = return_colour(filed, year, month, today)
            self.colours[on_time] = (str(colour), labels[colour])

    def _in_month(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def __call__(self, v: dict[str, Any]) -> ScheduleRow:
        filed = v["filed__pk"] is not None
        started, produced = v["started_on"], v["produced_on"]
        owes = (
            started is not None
            and started <= self.last
            and (produced is None or produced >= self.first)
        )
        if filed:
            colour, colour_label = self.colours[bool(v["filed__on_time"])]
        elif owes:
            colour, colour_label = self.colours[None]
        else:  # in production before the month began: nothing owed
            colour, colour_label = str(ReturnColour.NONE), "—"
        location = v["location__name"]
        if self.many:
            location = f"{v['region__name']} · {location}"
        return ScheduleRow(
            pk=v["pk"],
            name=v["name"],
            builder=v["enterprise__name"] or v["enterprise_name"],
            kind_label=self.kinds.get(v["kind"], v["kind"]),
            stage=v["stage"],
            stage_label=self.stages.get(v["stage"], v["stage"]),
            region_name=v["region__name"],
            region_code=v["region__code"],
            location_id=v["location_id"],
            location_name=location,
            chain_id=v["chain_id"],
            chain_name=v["chain__name"] or "",
            chain_sort_order=v["chain__sort_order"] or 0,
            unit_name=v["unit__name"],
            total_investment=v["total_investment"],
            year_plan_investment=v["year_plan_investment"],
            month_investment=v["filed__investment_month"] if filed else None,
            year_investment=v["year_done"] or ZERO,
            cumulative_investment=v["cumulative"],
            progress=v["filed__progress"] or "",
            problems=v["filed__problems"] or "",
            open_problems=v["open_problems"] or 0,
            filed=filed,
            owes=owes,
            colour=colour,
            colour_label=colour_label,
            started_on=started,
            completed_on=v["completed_on"],
            produced_on=produced,
            started_in_month=self._in_month(started),
            completed_in_month=self._in_month(v["completed_on"]) or self._in_month(produced),
        )


def totals(rows: Iterable[ScheduleRow]) -> Totals:
    found = Totals()
    for row in rows:
        found.add(row)
    return found


def by_township(rows: list[ScheduleRow]) -> list[Group]:
    """The rows (already in township order) cut where the township changes."""
    groups: list[Group] = []
    for row in rows:
        if not groups or groups[-1].key != row.location_id:
            groups.append(Group(row.location_id, row.location_name))
        groups[-1].rows.append(row)
        groups[-1].totals.add(row)
    return groups


def by_chain(rows: list[ScheduleRow]) -> list[Group]:
    """The rows by industry chain in the chains' order; those of no chain last."""
    groups: dict[int | None, Group] = {}
    order: dict[int | None, tuple[Any, ...]] = {}
    for row in rows:
        group = groups.get(row.chain_id)
        if group is None:
            name = row.chain_name
            if row.chain_id is None:
                name = _("未明确产业链")
            elif row.location_name.startswith(f"{row.region_name} · "):  # many counties
                name = f"{row.region_name} · {name}"
            group = groups[row.chain_id] = Group(row.chain_id, name)
            order[row.chain_id] = (
                row.chain_id is None,
                row.region_code,
                row.chain_sort_order,
                row.chain_name,
            )
        group.rows.append(row)
        group.totals.add(row)
    return [groups[k] for k in sorted(groups, key=lambda k: (*order[k], k or 0))]
