"""The monthly appeals table (诉求办理情况月报) for the dispatch bulletin: per unit, the month's
appeals raised, assigned, answered, closed and overdue, and the satisfaction rate, with
totals. ``appeals_month_table(region=…, year=…, month=…)`` is what the bulletin may include;
the page and the .xlsx read the same.

Each count is of appeals whose event fell in the month (the latest such event of each appeal:
an appeal answered twice counts once, in the month of its latest answer):
raised — created in the month (withdrawn ones leave nothing behind); assigned — assigned or
reassigned; answered; closed; overdue — its deadline fell in the month and it was not
answered by then (answered after it, or still with the unit — never answered or reopened —
once it has passed);
satisfaction — among the appeals rated in the month, the share rated 满意 or 基本满意.
Appeals not yet assigned to any unit are the row 待交办."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.periods import month_bounds
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.enterprises.appeal_choices import AppealRating, AppealStatus
from gongye.enterprises.models import Appeal
from gongye.orgs.models import Unit

if TYPE_CHECKING:
    from gongye.orgs.models import Region

COUNTS = ("raised", "assigned", "answered", "closed", "overdue", "rated", "satisfied")


@dataclass
class MonthRow:
    unit_id: int | None
    unit_name: str
    raised: int = 0
    assigned: int = 0
    answered: int = 0
    closed: int = 0
    overdue: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def satisfaction(self) -> Decimal | None:
        """满意率 in per cent, one decimal; None when nothing was rated."""
        if not self.rated:
            return None
        return (Decimal(100) * self.satisfied / self.rated).quantize(Decimal("0.1"))


@dataclass
class MonthTable:
    region_name: str
    year: int
    month: int
    rows: list[MonthRow] = field(default_factory=list)
    total: MonthRow = field(default_factory=lambda: MonthRow(None, "合计"))


def _in(name: str, start: dt.datetime, end: dt.datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def appeals_month_table(
    *, region: Region, year: int, month: int, today: dt.date | None = None
) -> MonthTable:
    """The table for ``region`` (and the regions below it), in one grouped query."""
    today = today or timezone.localdate()
    zone = ZoneInfo(settings.TIME_ZONE)
    first, last = month_bounds(year, month)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    # answered after the deadline, or still with the unit (never answered, or reopened) once
    # the deadline has passed
    late = Q(answered_day__gt=F("deadline")) | Q(status=AppealStatus.ASSIGNED, deadline__lt=today)
    grouped = (
        Appeal.objects.within(region.path)
        .counted()
        .annotate(answered_day=TruncDate("answered_at"))
        .values("unit_id")
        .annotate(
            raised=Count("pk", filter=_in("created_at", start, end)),
            assigned=Count("pk", filter=_in("assigned_at", start, end)),
            answered=Count("pk", filter=_in("answered_at", start, end)),
            closed=Count("pk", filter=_in("closed_at", start, end)),
            overdue=Count("pk", filter=Q(deadline__gte=first, deadline__lte=last) & late),
            rated=Count("pk", filter=_in("rated_at", start, end) & ~Q(rating="")),
            satisfied=Count(
                "pk",
                filter=_in("rated_at", start, end)
                & Q(rating__in=[AppealRating.SATISFIED, AppealRating.BASIC]),
            ),
        )
        .order_by()
    )
    figures: dict[int | None, dict[str, Any]] = {
        g["unit_id"]: g for g in grouped if any(g[c] for c in COUNTS)
    }
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=[k for k in figures if k is not None]).order_by(
            "sort_order", "name"
        )
    }
    table = MonthTable(region.name, year, month)
    ordered: list[int | None] = [pk for pk in units]
    if None in figures:
        ordered.append(None)
    for key in ordered:
        name = units[key].name if key is not None else _("（待交办）")
        row = MonthRow(key, name, **{c: figures[key][c] for c in COUNTS})
        table.rows.append(row)
        for c in COUNTS:
            setattr(table.total, c, getattr(table.total, c) + getattr(row, c))
    table.total.unit_name = _("合计")
    return table


def month_table_headers() -> list[str]:
    return [
        _("承办单位"),
        _("新提诉求"),
        _("交办"),
        _("答复"),
        _("办结"),
        _("逾期"),
        _("评价数"),
        _("满意率（%）"),
    ]


def month_table_xlsx(table: MonthTable) -> bytes:
    """The table as the office's spreadsheet (``gongye.core.xlsx``: formula-safe)."""

    def cells(row: MonthRow) -> list[Any]:
        rate = row.satisfaction
        return [
            row.unit_name,
            row.raised,
            row.assigned,
            row.answered,
            row.closed,
            row.overdue,
            row.rated,
            rate if rate is not None else "—",
        ]

    title = _("%(region)s企业诉求办理情况月报（%(year)s年%(month)s月）") % {
        "region": table.region_name,
        "year": table.year,
        "month": table.month,
    }
    note = _("满意率为当月评价中“满意”“基本满意”所占比例；逾期为办理时限在当月而未按期答复的诉求。")
    sheet = Sheet(
        title=title,
        headers=month_table_headers(),
        rows=[cells(r) for r in table.rows] + [cells(table.total)],
        widths=[28, 10, 10, 10, 10, 10, 10, 12],
        note=note,
        name=_("诉求月报"),
        wide={0},
    )
    return xlsx_bytes([sheet])
