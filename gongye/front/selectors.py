"""What the 工作台 shows: the acting role and the panels the apps contribute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gongye.core.contrib import HomePanel, collect_sorted, resolve

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass(frozen=True)
class PanelView:
    template: str
    data: Any


@dataclass(frozen=True)
class HomePage:
    no_role: bool
    region_chain: list[Any] = field(default_factory=list)
    panels: list[PanelView] = field(default_factory=list)


def home_page_for(user: User) -> HomePage:
    acting = user.acting
    if acting is None:
        return HomePage(no_role=True)
    panels = []
    for panel in collect_sorted("home_panels"):
        assert isinstance(panel, HomePanel)
        data = resolve(panel.selector)(user)
        if data is not None:
            panels.append(PanelView(panel.template, data))
    return HomePage(
        no_role=False, region_chain=[*acting.region.ancestors, acting.region], panels=panels
    )
