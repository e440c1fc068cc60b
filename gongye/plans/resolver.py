"""Resolving unit names written in a document against a region's unit register."""

from __future__ import annotations

from gongye.orgs.models import Region, Unit
from gongye.plans.parsing import DictUnitResolver


class RegionUnitResolver(DictUnitResolver):
    """The region's active units with their full names and aliases; a name that resolves gives
    the canonical unit name, and ``unit_for`` gives the Unit row."""

    def __init__(self, region: Region):
        units = list(Unit.objects.filter(region=region, is_active=True).prefetch_related("aliases"))
        self.units_by_name: dict[str, Unit] = {u.name: u for u in units}
        mapping = {
            u.name: [a.name for a in u.aliases.all()] + ([u.full_name] if u.full_name else [])
            for u in units
        }
        names = [r.name for r in [*region.ancestors, region]]
        super().__init__(mapping, region_names=names)

    def unit_for(self, name: str) -> Unit | None:
        canonical = self.resolve(name)
        return self.units_by_name.get(canonical) if canonical else None
