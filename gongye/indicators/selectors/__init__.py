"""Reads of targets and their figures (issue 5), in named parts:

- ``figures``: each target's figures and status against pace, read in bulk (a fixed number of
  queries whatever the number of plans, targets and months);
- ``words``: a judged figure in the words every table, chart and export shows;
- ``picker``: which plan a page is about;
- ``targets``: the target list and target detail pages;
- ``cockpit``: the leaders' cockpit, read alike by its page, spreadsheet and Word report.
"""

from typing import TYPE_CHECKING, Any

from gongye.indicators.selectors.figures import (
    Brief,
    PartStatus,
    SeriesPoint,
    TargetStatus,
    judge,
    latest_figure_month,
    target_briefs,
    target_lines,
    target_part_status,
    target_series,
    target_status_list,
)
from gongye.indicators.selectors.picker import PlanPick, RegionChoice, plan_pick
from gongye.indicators.selectors.targets import (
    PartRow,
    TargetDetailPage,
    TargetListPage,
    target_detail_page,
    target_list_page,
)
from gongye.indicators.selectors.words import Judged, LinePoint, TargetRow

if TYPE_CHECKING:
    from gongye.indicators.selectors.cockpit import (
        CockpitLine,
        CockpitPage,
        CountyFigureRow,
        cockpit_page,
    )

_COCKPIT = {"CockpitLine", "CockpitPage", "CountyFigureRow", "cockpit_page"}


def __getattr__(name: str) -> Any:
    # the cockpit reads the county comparison, which reads ``figures`` through this package:
    # loaded on first use, so that importing the comparison first is not a cycle
    if name in _COCKPIT:
        from gongye.indicators.selectors import cockpit

        return getattr(cockpit, name)
    raise AttributeError(name)


__all__ = [
    "Brief",
    "CockpitLine",
    "CockpitPage",
    "CountyFigureRow",
    "Judged",
    "LinePoint",
    "PartRow",
    "PartStatus",
    "PlanPick",
    "RegionChoice",
    "SeriesPoint",
    "TargetDetailPage",
    "TargetListPage",
    "TargetRow",
    "TargetStatus",
    "cockpit_page",
    "judge",
    "latest_figure_month",
    "plan_pick",
    "target_briefs",
    "target_detail_page",
    "target_lines",
    "target_list_page",
    "target_part_status",
    "target_series",
    "target_status_list",
]
