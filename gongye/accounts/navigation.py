"""The navigation a person sees follows their acting role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongye.accounts.permissions import (
    can_manage_accounts,
    can_manage_roles,
    can_read_audit,
)
from gongye.orgs.permissions import can_view_unit_register
from gongye.plans.permissions import can_view_plans
from gongye.supervision.permissions import can_supervise_view
from gongye.supervision.reminders import can_read_notifications
from gongye.supervision.services_webhooks import can_manage_webhooks


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool


def navigation_for(user: Any, path: str) -> list[NavItem]:
    entries: list[tuple[str, str, str]] = [(_("工作台"), reverse("core:home"), "house")]
    if can_supervise_view(user):
        entries.append((_("督办"), reverse("supervision:inbox"), "clipboard-check"))
    if can_read_notifications(user):
        entries.append((_("我的提醒"), reverse("webhooks:notification_list"), "bell"))
    if can_manage_webhooks(user):
        entries.append((_("群机器人"), reverse("webhooks:webhook_list"), "robot"))
    if can_view_plans(user):
        entries.append((_("驾驶舱"), reverse("indicators:cockpit"), "speedometer2"))
    if can_view_plans(user):
        entries.append((_("工作计划"), reverse("plans:plan_list"), "journal-check"))
    if can_view_unit_register(user):
        entries.append((_("单位名录"), reverse("orgs:unit_list"), "building"))
        entries.append((_("行政区划"), reverse("orgs:region_list"), "map"))
    if can_manage_accounts(user):
        entries.append((_("账号管理"), reverse("accounts:user_list"), "people"))
    if can_manage_roles(user):
        entries.append((_("角色授权"), reverse("accounts:assignment_list"), "person-badge"))
        entries.append((_("安全策略"), reverse("accounts:policy"), "shield-lock"))
    if can_read_audit(user):
        entries.append((_("审计日志"), reverse("audit:entry_list"), "journal-text"))
    home = reverse("core:home")
    # the longest matching prefix is the active one (/supervision/robots/ is not /supervision/)
    matches = [url for _label, url, _icon in entries if url != home and path.startswith(url)]
    active = max(matches, key=len) if matches else (home if path == home else None)
    return [NavItem(label, url, icon, url == active) for label, url, icon in entries]
