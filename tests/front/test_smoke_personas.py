from gongye.orgs.models import Unit


def test_personas_act_in_their_units(lead_liaison, outsider, county_leader):
    assert lead_liaison.acting.unit.name == "开发区"
    assert lead_liaison.acting.region.code == "341525"
    assert outsider.acting.region.name == "金寨县"
    assert county_leader.acting.unit is None


def test_demo_organisation_has_all_townships_and_plan_units(org):
    huoshan = org["341525"]
    townships = Unit.objects.filter(region=huoshan, kind="township")
    assert townships.count() == 16
    group = Unit.objects.get(region=huoshan, name="相关乡镇")
    assert set(group.members.values_list("name", flat=True)) == set(
        townships.values_list("name", flat=True)
    )
    assert Unit.objects.get(region=huoshan, aliases__name="县科技经信局").name == "科技经信局"
    assert Unit.objects.get(region=huoshan, aliases__name="企联").name == "企业联合会"
