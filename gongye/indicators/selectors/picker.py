"""Which plan a page of targets is about: the county and year picked, within the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.core.periods import default_year
from gongye.core.scope import acting_of, require_acting
from gongye.indicators.permissions import can_read_indicators
from gongye.orgs.choices import RegionLevel
from gongye.plans.models import Plan

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass(frozen=True)
class RegionChoice:
    """A county in the page's picker: what the picker shows, without loading the region."""

    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class PlanPick:
    """The plan a page shows and the choices its picker offers."""

    plan: Plan
    regions: list[RegionChoice]
    years: list[int]

    @property
    def query(self) -> str:
        """The picked plan as a query string, for links to the other pages of the plan."""
        return urlencode({"region": self.plan.region.code, "year": self.plan.year})


def plan_pick(user: User, *, region: str = "", year: int | None = None) -> PlanPick:
    """The county asked for (``region``, a code, among the counties with a plan under the
    acting region), else the acting region, else the first such county; the ``year`` asked
    for, else the county's plan of this year or the last before it (``default_year``). Not a
    reader → 403; out of scope or no plan → 404. Two queries however many plans it holds."""
    can_read_indicators(user).require()
    acting = require_acting(user)
    found = (
        Plan.objects.in_scope(user)
        .order_by("region__path", "-year")
        .values_list("pk", "year", "region_id", "region__code", "region__name")
    )
    regions: dict[str, RegionChoice] = {}
    years_of: dict[str, list[tuple[int, int]]] = {}
    for pk, plan_year, region_id, code, name in found:
        regions.setdefault(code, RegionChoice(region_id, code, name))
        years_of.setdefault(code, []).append((plan_year, pk))
    code = region
    if not code:
        code = acting.region.code if acting.region.code in regions else next(iter(regions), "")
    if code not in regions:
        raise Http404(_("该区划不在您的范围内，或尚无工作计划。"))
    years = [y for y, _pk in years_of[code]]
    plan_pk = dict(years_of[code]).get(year or default_year(years, timezone.localdate()))
    if plan_pk is None:
        raise Http404(_("该年度没有工作计划。"))
    return PlanPick(
        Plan.objects.select_related("region").get(pk=plan_pk), list(regions.values()), years
    )


def is_upper(user: User) -> bool:
    """Whether the user acts for a city or province (and so sees counties side by side)."""
    acting = acting_of(user)
    return acting is not None and acting.region.level != RegionLevel.COUNTY
