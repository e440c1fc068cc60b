from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongye.orgs import services
from gongye.orgs.models import Region, Unit
from gongye.orgs.selectors import unit_list_for, unit_name_index


def test_region_paths_make_subtrees(org):
    assert org["341525"].path == "340000/341500/341525/"
    assert [r.name for r in org["341525"].ancestors] == ["安徽省", "六安市"]
    with pytest.raises(ValidationError):
        Region(code="12", name="坏代码", level="county", parent=org["341500"]).full_clean()


def test_city_user_sees_every_county_and_county_user_only_its_own(
    city_leader, county_leader, outsider
):
    city_regions = set(unit_list_for(city_leader).values_list("region__code", flat=True))
    assert {"341525", "341524", "341502"} <= city_regions
    assert set(unit_list_for(county_leader).values_list("region__code", flat=True)) == {"341525"}
    assert set(unit_list_for(outsider).values_list("region__code", flat=True)) == {"341524"}


def test_name_index_resolves_aliases(org):
    index = unit_name_index(org["341525"])
    assert index["县科技经信局"].name == "科技经信局"
    assert index["县中药产业中心"].name == "中药产业发展中心"
    assert index["中共霍山县委办公室"].name == "县委办"


def test_plan_office_creates_and_edits_units_with_aliases(org, plan_office):
    unit = services.unit_create(
        actor=plan_office,
        region=org["341525"],
        name="数据资源局",
        kind="bureau",
        aliases=["县数据资源局", " 县数据资源局 ", ""],
    )
    assert list(unit.aliases.values_list("name", flat=True)) == ["县数据资源局"]
    services.unit_update(actor=plan_office, unit=unit, aliases=["数据局"])
    assert list(unit.aliases.values_list("name", flat=True)) == ["数据局"]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "科技经信局", "kind": "bureau"}, "name"),  # duplicate name
        ({"name": "县科技经信局", "kind": "bureau"}, "name"),  # another unit's alias
        ({"name": "新局", "kind": "bureau", "aliases": ["开发区"]}, "aliases"),
        ({"name": "新局", "kind": "not-a-kind"}, "kind"),
    ],
)
def test_unit_create_validation_messages_are_chinese(org, plan_office, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(actor=plan_office, region=org["341525"], **kwargs)
    messages = caught.value.message_dict
    assert field in messages
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages[field])


def test_only_plan_office_of_the_region_manages_units(org, lead_liaison, outsider, city_leader):
    for actor in (lead_liaison, city_leader):
        with pytest.raises(PermissionDenied):
            services.unit_create(actor=actor, region=org["341525"], name="X局", kind="bureau")
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=outsider, region=org["341525"], name="X局", kind="bureau")


def test_group_members_must_be_plain_units_of_the_same_region(org, plan_office, unit):
    group = unit("相关乡镇")
    with pytest.raises(ValidationError):
        services.unit_update(actor=plan_office, unit=group, members=[unit("经信局", "341524")])
    with pytest.raises(ValidationError):
        services.unit_update(actor=plan_office, unit=group, members=[unit("相关部门")])


def test_unit_pages_search_and_edit(plan_office, unit):
    client = Client()
    client.force_login(plan_office)
    page = client.get("/orgs/units/", {"q": "县中药产业中心"}).content.decode()
    assert "中药产业发展中心" in page and "衡山镇" not in page
    partial = client.get("/orgs/units/", {"q": "衡山"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "衡山镇" in partial
    kfq = unit("开发区")
    response = client.post(
        f"/orgs/units/{kfq.pk}/edit/",
        {
            "name": "开发区",
            "full_name": "霍山经济开发区",
            "kind": "dev_zone",
            "aliases": "县经济开发区、经济开发区",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert set(kfq.aliases.values_list("name", flat=True)) == {"县经济开发区", "经济开发区"}
    # a clash is shown on the form, nothing changes
    response = client.post(
        f"/orgs/units/{kfq.pk}/edit/",
        {
            "name": "开发区",
            "kind": "dev_zone",
            "aliases": "县科技经信局",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "已被本区划另一单位使用" in response.content.decode()
    assert set(kfq.aliases.values_list("name", flat=True)) == {"县经济开发区", "经济开发区"}


def test_admin_goes_through_services(plan_office, unit):
    client = Client()
    client.force_login(plan_office)
    kfq = unit("开发区")
    page = client.get(f"/admin/orgs/unit/{kfq.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/orgs/unit/{kfq.pk}/change/",
        {
            "name": "开发区",
            "full_name": "霍山经济开发区（后台）",
            "kind": "dev_zone",
            "sort_order": 1,
            "is_active": "on",
            "aliases_text": "县经济开发区",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kfq.refresh_from_db()
    assert kfq.full_name == "霍山经济开发区（后台）"
    from gongye.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        verb="update", target_id=str(kfq.pk), actor=plan_office
    ).exists()
    bad = client.post(
        f"/admin/orgs/unit/{kfq.pk}/change/",
        {
            "name": "开发区",
            "kind": "dev_zone",
            "sort_order": 1,
            "is_active": "on",
            "aliases_text": "县科技经信局",
        },
    )
    assert bad.status_code == 200
    assert "已被本区划另一单位使用" in bad.content.decode()
    assert Unit.objects.get(pk=kfq.pk).full_name == "霍山经济开发区（后台）"


def test_load_demo_is_idempotent(org):
    from gongye.audit.models import AuditEntry
    from gongye.orgs.demo.loader import load_organisation

    before = (Unit.objects.count(), AuditEntry.objects.count())
    report = load_organisation()
    assert report.changed == 0
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before
