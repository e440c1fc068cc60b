"""The 赛马 as a spreadsheet (issue 13 item 7), through ``core.xlsx`` (the office's style,
formula-safe), written from the same ``Ranking`` the page shows; ``ranking_export`` audits who
took which month and measure."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.numbers import number
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.projects.selectors.ranking import COUNTY, Ranking, RankRow

if TYPE_CHECKING:
    from gongye.accounts.models import User


def ranking_title(ranking: Ranking) -> str:
    """霍山县2022年1–6月工业投资赛马 (the region's name, the months, the measure)."""
    months = (
        _("%(y)s年1月") % {"y": ranking.year}
        if ranking.month == 1
        else _("%(y)s年1–%(m)s月") % {"y": ranking.year, "m": ranking.month}
    )
    return _("%(region)s%(months)s%(measure)s赛马") % {
        "region": ranking.region.name,
        "months": months,
        "measure": ranking.measure.label,
    }


def place_label(ranking: Ranking) -> str:
    return _("县（区）") if ranking.level == COUNTY else _("乡镇（开发区）")


def change_text(change: int | None) -> str:
    """↑2 / ↓1 / — (unchanged) / "" (no month before)."""
    if change is None:
        return ""
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


def growth_text(value: Decimal | None) -> str:
    return "" if value is None else f"{number(value)}%"


def _cells(row: RankRow) -> list[Any]:
    return [
        row.rank,
        change_text(row.change),
        row.name,
        float(row.total),
        "" if row.last is None else float(row.last),
        growth_text(row.growth),
        "" if row.growth_rank is None else row.growth_rank,
        change_text(row.growth_change),
    ]


def _names(rows: list[RankRow]) -> str:
    return _("、").join(r.name for r in rows) or _("无")


def ranking_xlsx(ranking: Ranking) -> bytes:
    unit = ranking.measure.unit
    headers = [
        _("位次"),
        _("位次较上月"),
        place_label(ranking),
        _("总量（%(unit)s）") % {"unit": unit},
        _("上年同期（%(unit)s）") % {"unit": unit},
        _("速度（同比增长）"),
        _("速度位次"),
        _("速度位次较上月"),
    ]
    note = _("快马：%(fast)s；蜗牛：%(slow)s。位次按总量，速度按与上年同期相比的增速。") % {
        "fast": _names(ranking.fast),
        "slow": _names(ranking.slow),
    }
    fills = [
        {5: "green"} if r in ranking.fast else {5: "red"} if r in ranking.slow else {}
        for r in ranking.rows
    ]
    sheet = Sheet(
        title=ranking_title(ranking),
        headers=headers,
        rows=[_cells(r) for r in ranking.rows],
        widths=[8, 12, 24, 16, 16, 16, 10, 14],
        fills=fills,
        note=note,
        name=str(ranking.measure.label),
        wide={2},
    )
    return xlsx_bytes([sheet])


def ranking_export(*, actor: User, ranking: Ranking) -> bytes:
    """The ranking's .xlsx, with an audit entry of who took which month and measure."""
    content = ranking_xlsx(ranking)
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target_type="projects.ranking",
        target_id=f"{ranking.year}-{ranking.month:02d}",
        target_repr=ranking_title(ranking),
        region_code=ranking.region.code,
        after={
            "format": "xlsx",
            "measure": ranking.measure.key,
            "level": ranking.level,
            "rows": len(ranking.rows),
            "bytes": len(content),
        },
    )
    return content
