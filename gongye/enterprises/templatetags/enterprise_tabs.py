"""The register's tabs (企业名录 · 汇总 · 培育库 · 企业诉求 · 统计月报 · 填报月度数据): one entry in
the side navigation (企业库) and, on the register's pages, the parts this person may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongye.enterprises.appeal_permissions import can_view_appeals
from gongye.enterprises.library_permissions import can_view_libraries
from gongye.enterprises.permissions import can_import_figures, can_read_register, can_see_aggregates
from gongye.enterprises.selectors.register import is_enterprise_user

register = template.Library()

# (url name, label, icon, who may open it); the url names of a tab's own sub-pages follow
TABS: tuple[tuple[str, Any, str, Any, tuple[str, ...]], ...] = (
    ("enterprise_list", _("企业名录"), "buildings", can_read_register, ("enterprise_detail",)),
    ("enterprise_summary", _("汇总"), "pie-chart", can_see_aggregates, ()),
    (
        "library_list",
        _("培育库"),
        "diagram-3",
        can_view_libraries,
        ("library_detail", "library_suggestions", "library_entry_detail"),
    ),
    ("appeal_list", _("企业诉求"), "chat-square-text", can_view_appeals, ("appeal_monthly",)),
    ("figure_imports", _("统计月报"), "file-earmark-spreadsheet", can_import_figures, ()),
)


@register.inclusion_tag("enterprises/_tabs.html", takes_context=True)
def enterprise_tabs(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    current = getattr(request.resolver_match, "url_name", "")
    tabs = [
        {
            "url": reverse(f"enterprises:{name}"),
            "label": label,
            "icon": icon,
            "active": current == name or current in also,
        }
        for name, label, icon, allowed, also in TABS
        if allowed(user)
    ]
    if is_enterprise_user(user):
        tabs.append(
            {
                "url": reverse("enterprises:figures_mine"),
                "label": _("填报月度数据"),
                "icon": "input-cursor-text",
                "active": current == "figures_mine",
            }
        )
    return {"tabs": tabs if len(tabs) > 1 else []}
