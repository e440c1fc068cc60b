"""The project demo without the register's demo (a county whose enterprises are not loaded):
the named projects are still there, each named as the register's demo would name its builder,
none linked, none 纳规 (no enterprise to be 规上), no chain (the county has none)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongye.orgs.models import Region
from gongye.projects.choices import ProjectStage
from gongye.projects.demo import load_projects_demo
from gongye.projects.demo_data import NAMED
from gongye.projects.models import Project, ProjectReturn

pytestmark = pytest.mark.django_db


def test_the_named_projects_come_without_the_register():
    huoshan = Region.objects.get(code="341525")
    added = load_projects_demo(huoshan, 2022, named=True, today=dt.date(2026, 12, 1))
    projects = {p.name: p for p in Project.objects.filter(region=huoshan)}
    assert added["projects"] == len(projects) and added["places"] == 0
    assert {n.name for n in NAMED} <= set(projects)
    assert not Project.objects.filter(enterprise__isnull=False).exists()
    assert not Project.objects.filter(chain__isnull=False).exists()
    assert not Project.objects.filter(stage=ProjectStage.SCALED).exists()
    assert projects["应流集团“退城进园”项目"].enterprise_name == "安徽应流集团霍山铸造有限公司"
    assert projects["纬六路标准化厂房项目"].enterprise_name == "霍山县产业投资有限公司"
    # no leader account in this county: nobody paired; returns filed all the same
    assert not Project.objects.filter(paired_leader__isnull=False).exists()
    assert ProjectReturn.objects.filter(project__name="新昕汽车零部件项目").count() > 12
