"""The register part's services: every write authorised, validated (nothing half-lands) and
audited in the same transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.core.roles import Role
from gongye.enterprises.choices import EnterpriseVerb
from gongye.enterprises.models import Enterprise, EnterpriseAccount
from gongye.enterprises.permissions import enterprises_visible_to
from gongye.enterprises.services import register as services
from tests.conftest import make_user
from tests.enterprises.factories import EnterpriseFactory, IndustryChainFactory, valid_code

pytestmark = pytest.mark.django_db


def _last(verb: str) -> AuditEntry:
    return AuditEntry.objects.filter(verb=verb).latest("id")


def _facts(**extra):
    return {"credit_code": valid_code(4242), "name": "霍山新登记机械有限公司", **extra}


def test_create_normalises_the_code_and_audits(plan_office, org, unit):
    # full width and lower case, as people paste it
    typed = valid_code(4242).lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    enterprise = services.enterprise_create(
        actor=plan_office,
        region=org["341525"],
        facts=_facts(credit_code=f" {typed} ", township=unit("衡山镇"), industry_code="c3484"),
    )
    assert enterprise.credit_code == valid_code(4242)
    assert enterprise.industry_code == "C3484"
    entry = _last(EnterpriseVerb.CREATE)
    assert entry.target_id == str(enterprise.pk) and entry.actor == plan_office
    assert entry.after["credit_code"] == valid_code(4242)
    assert entry.after["name"] == "霍山新登记机械有限公司"


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        ({"credit_code": valid_code(4242)[:-1] + "0"}, "credit_code", "校验码"),
        ({"credit_code": "123"}, "credit_code", "18 位"),
        ({"name": "  "}, "name", "企业名称"),
        ({"industry_code": "Z99"}, "industry_code", "GB/T 4754"),
        ({"scale": "below", "above_scale_since": "2020-01-01"}, "above_scale_since", "规下"),
        ({"hightech_cert_no": "GR2021"}, "hightech_cert_date", "同时填写"),
    ],
)
def test_create_refuses_bad_facts_and_writes_nothing(plan_office, org, facts, field, words):
    import datetime as dt

    if "above_scale_since" in facts:
        facts["above_scale_since"] = dt.date(2020, 1, 1)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(actor=plan_office, region=org["341525"], facts=_facts(**facts))
    assert words in " ".join(caught.value.message_dict[field])
    assert not Enterprise.objects.filter(name="霍山新登记机械有限公司").exists()
    assert AuditEntry.objects.count() == before


def test_a_code_is_registered_once(plan_office, org, own_enterprise):
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(
            actor=plan_office,
            region=org["341525"],
            facts=_facts(credit_code=own_enterprise.credit_code),
        )
    assert "已登记" in caught.value.message_dict["credit_code"][0]


def test_a_township_of_another_county_is_refused(plan_office, org, unit):
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(
            actor=plan_office,
            region=org["341525"],
            facts=_facts(township=unit("经信局", "341524")),
        )
    assert "township" in caught.value.message_dict


@pytest.mark.parametrize("name", ["statistics", "coop_liaison", "county_leader", "enterprise"])
def test_only_the_plan_office_registers(persona, org, name):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(actor=persona(name), region=org["341525"], facts=_facts())


def test_rename_keeps_the_old_name_and_audits_before_and_after(plan_office, own_enterprise):
    services.enterprise_update(
        actor=plan_office, enterprise=own_enterprise, facts={"name": "衡山精工股份有限公司"}
    )
    own_enterprise.refresh_from_db()
    assert own_enterprise.name == "衡山精工股份有限公司"
    assert own_enterprise.former_names == ["衡山精工有限公司"]
    entry = _last(EnterpriseVerb.UPDATE)
    assert entry.before == {"name": "衡山精工有限公司", "former_names": []}
    assert entry.after == {"name": "衡山精工股份有限公司", "former_names": ["衡山精工有限公司"]}
    # back to the old name: it is the name again, not a former one
    services.enterprise_update(
        actor=plan_office, enterprise=own_enterprise, facts={"name": "衡山精工有限公司"}
    )
    own_enterprise.refresh_from_db()
    assert own_enterprise.former_names == ["衡山精工股份有限公司"]


def test_chain_link_must_be_one_of_the_chains(plan_office, own_enterprise):
    chain = IndustryChainFactory(name="高端装备制造", links=["零部件", "整机"])
    with pytest.raises(ValidationError) as caught:
        services.enterprise_update(
            actor=plan_office,
            enterprise=own_enterprise,
            facts={"chain": chain, "chain_link": "销售"},
        )
    assert "零部件、整机" in caught.value.message_dict["chain_link"][0]
    services.enterprise_update(
        actor=plan_office, enterprise=own_enterprise, facts={"chain": chain, "chain_link": "整机"}
    )
    assert _last(EnterpriseVerb.UPDATE).after == {"chain_id": chain.pk, "chain_link": "整机"}


def test_pair_a_leader_and_a_unit(plan_office, county_leader, city_leader, own_enterprise, unit):
    services.enterprise_pair(
        actor=plan_office, enterprise=own_enterprise, leader=county_leader, unit=unit("衡山镇")
    )
    entry = _last(EnterpriseVerb.PAIR)
    assert entry.after["paired_leader"] == county_leader.pk
    assert entry.after["unit_name"] == "衡山镇"
    assert list(enterprises_visible_to(county_leader)) == [own_enterprise]
    # a city's leader may take a county's enterprise too
    services.enterprise_pair(
        actor=plan_office, enterprise=own_enterprise, leader=city_leader, unit=None
    )
    assert list(enterprises_visible_to(city_leader)) == [own_enterprise]
    assert not enterprises_visible_to(county_leader).exists()


def test_pair_refuses_who_is_no_leader_and_a_foreign_unit(
    plan_office, statistics, own_enterprise, unit
):
    with pytest.raises(ValidationError) as caught:
        services.enterprise_pair(
            actor=plan_office,
            enterprise=own_enterprise,
            leader=statistics,
            unit=unit("经信局", "341524"),
        )
    assert set(caught.value.message_dict) == {"leader", "unit"}
    assert not AuditEntry.objects.filter(verb=EnterpriseVerb.PAIR).exists()


def test_link_and_unlink_an_enterprise_account(plan_office, kfq_enterprise):
    user = make_user("kfq_user", "开发区企业用户", Role.ENTERPRISE, "341525")
    account = services.enterprise_account_link(
        actor=plan_office, enterprise=kfq_enterprise, user=user
    )
    entry = _last(EnterpriseVerb.ACCOUNT_LINK)
    assert entry.target_id == str(kfq_enterprise.pk) and entry.after["username"] == "kfq_user"
    assert list(enterprises_visible_to(user)) == [kfq_enterprise]
    with pytest.raises(ValidationError) as caught:  # one enterprise per account
        services.enterprise_account_link(actor=plan_office, enterprise=kfq_enterprise, user=user)
    assert "已关联本企业" in caught.value.message_dict["user"][0]
    services.enterprise_account_unlink(actor=plan_office, account=account)
    assert _last(EnterpriseVerb.ACCOUNT_UNLINK).before["username"] == "kfq_user"
    assert not EnterpriseAccount.objects.filter(user=user).exists()
    assert not enterprises_visible_to(user).exists()


def test_only_enterprise_users_of_the_county_are_linked(plan_office, coop_liaison, kfq_enterprise):
    jinzhai_user = make_user("jz_user", "金寨企业用户", Role.ENTERPRISE, "341524")
    for user in (coop_liaison, jinzhai_user):
        with pytest.raises(ValidationError) as caught:
            services.enterprise_account_link(
                actor=plan_office, enterprise=kfq_enterprise, user=user
            )
        assert "企业用户" in caught.value.message_dict["user"][0]
    assert not AuditEntry.objects.filter(verb=EnterpriseVerb.ACCOUNT_LINK).exists()


def test_industry_chains_are_set_per_region(plan_office, org, own_enterprise):
    region = org["341525"]
    chain = services.industry_chain_save(
        actor=plan_office,
        region=region,
        name=" 生态食品 ",
        is_leading=True,
        links=["种植", "加工", "加工", " "],
    )
    assert (chain.name, chain.links, chain.is_leading) == ("生态食品", ["种植", "加工"], True)
    assert _last(EnterpriseVerb.CHAIN_SAVE).after["links"] == ["种植", "加工"]
    with pytest.raises(ValidationError) as caught:
        services.industry_chain_save(
            actor=plan_office, region=region, name="生态食品", is_leading=False, links=[]
        )
    assert "已有" in caught.value.message_dict["name"][0]
    services.enterprise_update(
        actor=plan_office, enterprise=own_enterprise, facts={"chain": chain, "chain_link": "加工"}
    )
    with pytest.raises(ValidationError) as caught:  # a link in use stays
        services.industry_chain_save(
            actor=plan_office,
            region=region,
            chain=chain,
            name="生态食品",
            is_leading=True,
            links=["种植"],
        )
    assert "加工" in caught.value.message_dict["links"][0]
    services.industry_chain_save(
        actor=plan_office,
        region=region,
        chain=chain,
        name="绿色食品",
        is_leading=False,
        links=["种植", "加工", "销售"],
    )
    entry = _last(EnterpriseVerb.CHAIN_SAVE)
    assert entry.before == {"name": "生态食品", "is_leading": True, "links": ["种植", "加工"]}
    assert entry.after["name"] == "绿色食品"


def test_the_plan_office_of_another_county_reaches_nothing(persona, own_enterprise, org):
    from tests.conftest import make_user as mk

    jinzhai_office = mk("jz_office", "金寨计划办", Role.PLAN_OFFICE, "341524", "经信局")
    with pytest.raises(ValidationError):
        services.enterprise_update(
            actor=jinzhai_office, enterprise=own_enterprise, facts={"name": "改名"}
        )
    with pytest.raises(ValidationError):
        services.enterprise_create(actor=jinzhai_office, region=org["341525"], facts=_facts())


def test_every_read_of_one_enterprise_is_audited(coop_liaison, own_enterprise):
    client = Client()
    client.force_login(coop_liaison)
    assert client.get(f"/enterprises/{own_enterprise.pk}/").status_code == 200
    assert client.get(f"/api/v1/enterprises/{own_enterprise.pk}").status_code == 200
    assert client.get(f"/api/v1/enterprises/{own_enterprise.pk}/figures").status_code == 200
    reads = AuditEntry.objects.filter(verb=EnterpriseVerb.VIEW, target_id=str(own_enterprise.pk))
    assert [e.after["what"] for e in reads.order_by("id")] == ["page", "api", "api_figures"]
    assert {e.actor_id for e in reads} == {coop_liaison.pk}
    assert all(e.request_id for e in reads)  # written in the request that read
    # a refused read (out of sight) reads nothing and records nothing
    other = EnterpriseFactory(name="别处企业")
    assert client.get(f"/enterprises/{other.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(verb=EnterpriseVerb.VIEW, target_id=str(other.pk)).exists()
