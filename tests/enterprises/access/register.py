"""Access-matrix entries of the register's register part: the list, one enterprise's page and
its forms, the industry chains, the summary, and the API (list, detail, figures).

Need to know (issue 12 item 7), with the context's pairings (own_enterprise ↔ county_leader,
other_enterprise ↔ city_leader): the enterprise user sees its own enterprise only; 衡山镇's
liaison its township's; the 开发区's liaison and head the zone's; the plan office and the
statistics bureau all of Huoshan; a leader their paired enterprises; 金寨's liaison none; the
three administrators read no register at all (403)."""

from __future__ import annotations

from tests.enterprises.factories import IndustryChainFactory, valid_code
from tests.test_access_matrix import Entry

ADMINS = {"auditor", "sys_admin", "sec_admin"}
READERS = {
    "plan_office",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "statistics",
    "enterprise",
    "county_leader",
    "outsider",
    "city_leader",
    "province_leader",
}
# who sees which enterprise (the rest of READERS: 404)
SEES = {
    "own": {"enterprise", "coop_liaison", "plan_office", "statistics", "county_leader"},
    "kfq": {"lead_liaison", "unit_head", "plan_office", "statistics"},
    "other": {"plan_office", "statistics", "city_leader"},
}
AGGREGATES = {"plan_office", "statistics", "county_leader", "city_leader", "province_leader"}


def _hidden(which: str) -> set[str]:
    return READERS - SEES[which]


def _detail_entries(route: str, url: str) -> list[Entry]:
    return [
        Entry(
            route,
            "get",
            lambda c, which=which: url.format(pk=c[which].pk),
            SEES[which],
            _hidden(which),
        )
        for which in ("own", "kfq", "other")
    ]


ENTRIES: list = [
    Entry("enterprises:enterprise_list", "get", lambda c: "/enterprises/", READERS),
    Entry("api:enterprise_list", "get", lambda c: "/api/v1/enterprises", READERS),
    *_detail_entries("enterprises:enterprise_detail", "/enterprises/{pk}/"),
    *_detail_entries("api:enterprise_detail", "/api/v1/enterprises/{pk}"),
    *_detail_entries("api:enterprise_figures", "/api/v1/enterprises/{pk}/figures"),
    Entry("enterprises:enterprise_summary", "get", lambda c: "/enterprises/summary/", AGGREGATES),
    Entry("enterprises:enterprise_create", "get", lambda c: "/enterprises/new/", {"plan_office"}),
    Entry(
        "enterprises:enterprise_create",
        "post",
        lambda c: "/enterprises/new/",
        {"plan_office"},
        ok=302,
        data=lambda p: {
            "credit_code": valid_code(99_999),
            "name": "新登记企业有限公司",
            "ownership": "private",
            "scale": "below",
            "land_owned_mu": "0",
            "land_rented_mu": "0",
        },
    ),
    Entry(
        "enterprises:enterprise_edit",
        "get",
        lambda c: f"/enterprises/{c['own'].pk}/edit/",
        {"plan_office"},
        _hidden("own"),
    ),
    Entry(
        "enterprises:enterprise_pair",
        "get",
        lambda c: f"/enterprises/{c['own'].pk}/pair/",
        {"plan_office"},
        _hidden("own"),
    ),
    Entry(
        "enterprises:enterprise_accounts",
        "get",
        lambda c: f"/enterprises/{c['own'].pk}/accounts/",
        {"plan_office"},
        _hidden("own"),
    ),
    Entry(
        "enterprises:enterprise_account_unlink",
        "post",
        lambda c: f"/enterprises/{c['own'].pk}/accounts/{c['account'].pk}/unlink/",
        {"plan_office"},
        _hidden("own"),
        ok=302,
    ),
    Entry(
        "enterprises:enterprise_chain_list",
        "get",
        lambda c: "/enterprises/chains/",
        {"plan_office"},
    ),
    Entry(
        "enterprises:enterprise_chain_list",
        "post",
        lambda c: "/enterprises/chains/",
        {"plan_office"},
        ok=302,
        data=lambda p: {"name": "新材料", "links": "原料\n制品", "sort_order": "3"},
    ),
    Entry(
        "enterprises:enterprise_chain_edit",
        "get",
        lambda c: f"/enterprises/chains/{c['chain'].pk}/edit/",
        {"plan_office"},
    ),
]


def context(request, persona, unit) -> dict:
    own = request.getfixturevalue("own_enterprise")
    kfq = request.getfixturevalue("kfq_enterprise")
    other = request.getfixturevalue("other_enterprise")
    own.paired_leader = persona("county_leader")
    own.save(update_fields=["paired_leader"])
    other.paired_leader = persona("city_leader")
    other.save(update_fields=["paired_leader"])
    return {
        "own": own,
        "kfq": kfq,
        "other": other,
        "account": own.accounts.get(),
        "chain": IndustryChainFactory(name="高端装备制造", links=["零部件", "整机"]),
    }
