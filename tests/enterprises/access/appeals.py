"""Access-matrix entries of the register's appeals part (诉求). The appeal in context was
raised by the ``enterprise`` persona for its 衡山镇 enterprise (paired with the county leader)
and assigned by the plan office to 开发区 (the ``lead_liaison``'s and ``unit_head``'s unit)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongye.orgs.models import Unit
from tests.conftest import PERSONAS
from tests.test_access_matrix import Entry

ALL = set(PERSONAS)
ADMINS = {"auditor", "sys_admin", "sec_admin"}
READERS = ALL - ADMINS
# who sees the appeal: the region's keepers, the enterprise, the assigned unit, the paired leader
SEE_APPEAL = {
    "plan_office",
    "statistics",
    "enterprise",
    "lead_liaison",
    "unit_head",
    "county_leader",
}
# who sees the 开发区 enterprise (to log an appeal for it)
SEE_KFQ = {"plan_office", "statistics", "lead_liaison", "unit_head"}
TABLE = {"plan_office", "statistics", "county_leader", "city_leader", "province_leader"}


def _kfq_unit() -> int:
    return Unit.objects.get(region__code="341525", name="开发区").pk


def _later() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def _new(p: str) -> dict:
    return {"title": f"测试诉求{p}", "content": "请协调用电增容。", "category": "infrastructure"}


ENTRIES: list = [
    Entry("enterprises:appeal_list", "get", lambda c: "/enterprises/appeals/", READERS),
    Entry(
        "enterprises:appeal_create", "get", lambda c: "/enterprises/appeals/new/", {"enterprise"}
    ),
    Entry(
        "enterprises:appeal_create",
        "post",
        lambda c: "/enterprises/appeals/new/",
        {"enterprise"},
        ok=302,
        data=_new,
    ),
    Entry(
        "enterprises:appeal_log",
        "get",
        lambda c: f"/enterprises/{c['kfq_enterprise'].pk}/appeals/new/",
        {"lead_liaison"},
        ALL - SEE_KFQ,
    ),
    Entry(
        "enterprises:appeal_log",
        "post",
        lambda c: f"/enterprises/{c['kfq_enterprise'].pk}/appeals/new/",
        {"lead_liaison"},
        ALL - SEE_KFQ,
        ok=302,
        data=_new,
    ),
    Entry(
        "enterprises:appeal_detail",
        "get",
        lambda c: f"/enterprises/appeals/{c['appeal'].pk}/",
        SEE_APPEAL,
        ALL - SEE_APPEAL,
    ),
    Entry(
        "enterprises:appeal_act",
        "post",
        lambda c: f"/enterprises/appeals/{c['appeal'].pk}/act/",
        {"lead_liaison", "unit_head"},
        ALL - SEE_APPEAL,
        ok=302,
        data=lambda p: {"action": "answer", "answer": "已协调供电公司，本周内完成增容。"},
    ),
    Entry("enterprises:appeal_monthly", "get", lambda c: "/enterprises/appeals/monthly/", TABLE),
    Entry(
        "enterprises:appeal_monthly_export",
        "get",
        lambda c: "/enterprises/appeals/monthly.xlsx?month=2022-06",
        TABLE,
    ),
    Entry("api:enterprise_appeal_list", "get", lambda c: "/api/v1/enterprises/appeals", READERS),
    Entry(
        "api:enterprise_appeal_list",
        "post",
        lambda c: "/api/v1/enterprises/appeals",
        {"enterprise"},
        ok=201,
        json=True,
        data=_new,
    ),
    Entry(
        "api:enterprise_appeal_detail",
        "get",
        lambda c: f"/api/v1/enterprises/appeals/{c['appeal'].pk}",
        SEE_APPEAL,
        ALL - SEE_APPEAL,
    ),
    Entry(
        "api:enterprise_appeal_action",
        "post",
        lambda c: f"/api/v1/enterprises/appeals/{c['appeal'].pk}/actions",
        {"plan_office"},
        ALL - SEE_APPEAL,
        json=True,
        data=lambda p: {"action": "reassign", "unit": _kfq_unit(), "deadline": _later()},
    ),
    Entry(
        "api:enterprise_appeal_monthly",
        "get",
        lambda c: "/api/v1/enterprises/appeals/monthly?year=2022&month=6",
        TABLE,
    ),
]


def context(request, persona, unit) -> dict:
    from gongye.enterprises.services.appeals import appeal_act, appeal_raise

    own = request.getfixturevalue("own_enterprise")
    own.paired_leader = persona("county_leader")
    own.save(update_fields=["paired_leader"])
    appeal = appeal_raise(
        actor=persona("enterprise"), title="用电增容", content="新增生产线需增容。"
    )
    appeal = appeal_act(
        actor=persona("plan_office"),
        appeal=appeal,
        action="assign",
        unit=unit("开发区"),
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    return {"appeal": appeal, "kfq_enterprise": request.getfixturevalue("kfq_enterprise")}
