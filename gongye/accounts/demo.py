"""The demo accounts (演示账号, demo mode only): one person per role of the embedded Huoshan
organisation, plus a city, a province and another county's liaison. Idempotent."""

from __future__ import annotations

from django.db import transaction

from gongye.accounts.models import RoleAssignment, User
from gongye.accounts.services import assignment_grant, user_create
from gongye.core.contrib import DemoReport
from gongye.core.roles import Role
from gongye.orgs.demo.data import HUOSHAN
from gongye.orgs.models import Region, Unit

DEMO_PASSWORD = "Gongye#2022demo"  # noqa: S105  (demo mode only)

# (username, display name, role, region code, unit name or None)
DEMO_ACCOUNTS: list[tuple[str, str, Role, str, str | None]] = [
    ("duban", "汪督办", Role.PLAN_OFFICE, HUOSHAN, "科技经信局"),
    ("kfq_liaison", "陈联络（开发区）", Role.LIAISON, HUOSHAN, "开发区"),
    ("kfq_head", "刘主任（开发区）", Role.UNIT_HEAD, HUOSHAN, "开发区"),
    ("hengshan_liaison", "李联络（衡山镇）", Role.LIAISON, HUOSHAN, "衡山镇"),
    ("fuziling_liaison", "周联络（佛子岭镇）", Role.LIAISON, HUOSHAN, "佛子岭镇"),
    ("nyncj_liaison", "吴联络", Role.LIAISON, HUOSHAN, "农业农村局"),
    ("nyncj_liaison", "吴联络", Role.LIAISON, HUOSHAN, "中药产业发展中心"),
    (Role.LEADER, "张县长", Role.LEADER, HUOSHAN, None),
    ("tongji", "孙统计", Role.STATISTICS, HUOSHAN, "统计局"),
    ("qiye", "赵企业", Role.ENTERPRISE, HUOSHAN, None),
    ("sysadmin", "系统管理员", Role.SYS_ADMIN, HUOSHAN, None),
    ("secadmin", "安全管理员", Role.SEC_ADMIN, HUOSHAN, None),
    ("auditadmin", "审计管理员", Role.AUDIT_ADMIN, HUOSHAN, None),
    ("city_leader", "六安市领导", Role.LEADER, "341500", None),
    ("province_leader", "安徽省领导", Role.LEADER, "340000", None),
    ("jinzhai_liaison", "金寨县联络员", Role.LIAISON, "341524", "经信局"),
]


@transaction.atomic
def load_demo_accounts(report: DemoReport | None = None) -> DemoReport:
    report = report or DemoReport()
    seen: set[str] = set()
    for username, display, role, region_code, unit_name in DEMO_ACCOUNTS:
        region = Region.objects.get(code=region_code)
        unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _ = user_create(
                actor=None,
                username=username,
                display_name=display,
                home_region=region,
                password=DEMO_PASSWORD,
                is_demo=True,
            )
            report.users += 1
        if not RoleAssignment.objects.filter(
            user=user, role=role, region=region, unit=unit
        ).exists():
            assignment_grant(actor=None, user=user, role=role, region=region, unit=unit)
            report.assignments += 1
        if username not in seen:
            seen.add(username)
            where = unit.name if unit else region.name
            report.accounts.append((username, f"{display} · {where}", DEMO_PASSWORD))
    return report


def accounts_demo_load(report: DemoReport) -> str:
    """The ``load_demo`` step (``AccountsConfig.demo_loaders``)."""
    load_demo_accounts(report)
    return ""
