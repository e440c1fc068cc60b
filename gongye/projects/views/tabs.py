"""The tabs over the register's pages (项目库 · 问题清单 · 三库看板 · 月30调度表 · 投资赛马 ·
月30批量报送): the ones this person may open, the current one marked. The navigation bar has
one entry, 项目库; the tabs reach the rest (a wider bar no longer fits a laptop's width)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongye.core.http import AuthedRequest
from gongye.projects.permissions import can_import_returns, can_read_projects, can_see_region

# (url name, label, icon, who may open it)
TABS: tuple[tuple[str, Any, str, Any], ...] = (
    ("project_list", _("项目库"), "cone-striped", can_read_projects),
    ("problem_list", _("问题清单"), "exclamation-circle", can_read_projects),
    ("board", _("三库看板"), "columns-gap", can_see_region),
    ("schedule", _("月30调度表"), "table", can_see_region),
    ("ranking", _("投资赛马"), "trophy", can_see_region),
    ("returns_upload", _("月30批量报送"), "file-earmark-spreadsheet", can_import_returns),
)


def register_tabs(request: AuthedRequest) -> list[dict[str, Any]]:
    current = getattr(request.resolver_match, "url_name", "")
    return [
        {
            "url": reverse(f"projects:{name}"),
            "label": label,
            "icon": icon,
            "active": current == name,
            "name": name,
        }
        for name, label, icon, allowed in TABS
        if allowed(request.user)
    ]
