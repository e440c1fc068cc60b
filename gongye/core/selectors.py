"""What the home page (工作台) shows, by acting role."""

from __future__ import annotations

from typing import Any

from gongye.orgs.models import Unit


def home_summary_for(user: Any) -> dict[str, Any]:
    acting = user.acting
    if acting is None:
        return {"no_role": True}
    units = Unit.objects.filter(region__path__startswith=acting.region.path, is_active=True)
    return {
        "no_role": False,
        "region_chain": [*acting.region.ancestors, acting.region],
        "unit_count": units.exclude(kind="group").count(),
        "township_count": units.filter(kind="township").count(),
        "county_count": acting.region.children.count() if acting.region.level != "county" else 0,
    }
