"""The project register's demo (issue 13, item 9): the projects the plan names, in Huoshan, at
the right places and stages with dates in order; plausible others in every county of 六安市;
three years of 月30 returns that agree with each other as the service keeps them (本月 ≥ 0,
cumulative never falling and under the total, 本年累计 the year's filed months), in three
colours; problems in every state; marked demo, audited once a county, loaded by ``load_demo``;
a second load adds nothing and a reload makes the same."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gongye.accounts.demo import load_demo_accounts
from gongye.audit.choices import Verb
from gongye.audit.models import AuditEntry
from gongye.core.contrib import collect_sorted
from gongye.enterprises.choices import Scale
from gongye.enterprises.demo import enterprises_demo_load
from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.models import Region, Unit
from gongye.plans.demo import load_seed_plan
from gongye.projects.choices import ProblemStatus, ProjectKind, ProjectStage, ReturnColour
from gongye.projects.demo import projects_demo_load
from gongye.projects.demo_data import NAMED, OTHER_COUNTY_PLACES
from gongye.projects.models import Project, ProjectProblem, ProjectReturn
from gongye.projects.selectors.returns import owing, return_colour
from gongye.projects.services.returns import return_due

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 12, 31)  # the demo plan's year has ended: its last day is the demo's today
LUAN_COUNTIES = {"341502", "341503", "341504", "341522", "341523", "341524", "341525"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's accounts, plan and register, then the projects (timed), loaded once for the
    module inside a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_accounts()
        load_seed_plan()
        enterprises_demo_load(None)
        started = time.monotonic()
        note = projects_demo_load(None)
        yield {"note": note, "seconds": time.monotonic() - started}
        transaction.set_rollback(True)


def _counts() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        ProjectReturn.objects.count(),
        ProjectProblem.objects.count(),
        Unit.objects.count(),
        AuditEntry.objects.count(),
    )


def test_it_is_a_step_of_load_demo_between_the_register_and_its_computed_targets():
    order = {item.func.rsplit(".", 1)[-1]: item.order for item in collect_sorted("demo_loaders")}
    assert order["enterprises_demo_load"] < order["projects_demo_load"]
    assert order["appeals_demo_load"] < order["projects_demo_load"] < order["computed_demo_load"]


def test_it_loads_in_a_few_seconds_and_says_what_it_added(demo):
    assert demo["seconds"] < 20  # about 2 s on an idle machine; CI shares its cores
    assert demo["note"].startswith("项目库演示数据：7 个县（区）新增项目 ")
    assert "项目问题 8 个" in demo["note"] and "建设地点 18 个" in demo["note"]


def test_the_named_projects_are_huoshans_at_their_places_and_stages(demo):
    huoshan = Region.objects.get(code="341525")
    projects = {
        p.name: p
        for p in Project.objects.filter(region=huoshan).select_related(
            "enterprise", "location", "chain"
        )
    }
    for n in NAMED:
        p = projects[n.name]
        assert (p.kind, p.location.name, p.is_demo) == (n.kind, n.where, True), n.name
        assert p.total_investment == n.total and p.started_on == n.started, n.name
        if n.produced:
            assert (p.stage, p.produced_on) == (ProjectStage.PRODUCING, n.produced), n.name
        else:
            assert (p.stage, p.produced_on) == (ProjectStage.BUILDING, None), n.name
        assert (p.chain.name if p.chain else "") == n.chain, n.name
        assert (p.paired_leader is not None) == n.paired, n.name
        if n.key:  # the register's enterprise whose name has the key
            assert n.key in p.enterprise.name and p.enterprise.region_id == huoshan.pk, n.name
        else:
            assert p.enterprise is None and p.enterprise_name == n.builder, n.name
    # linked to the register where it has the enterprise, else named as given
    yingliu = projects["应流集团“退城进园”项目"]
    assert yingliu.enterprise.name == "安徽应流集团霍山铸造有限公司"
    assert yingliu.enterprise.is_demo and yingliu.paired_leader.username == "leader"
    assert projects["黑土妈妈食品项目"].enterprise.name == "安徽黑土妈妈食品有限公司"
    assert projects["黑土妈妈食品项目"].unit.name == "衡山镇"
    assert (
        projects["世林LED智能家居照明灯具研发及产业化项目"].enterprise.name
        == "安徽世林照明股份有限公司"
    )
    sewage = projects["开发区污水处理厂二期项目"]
    assert sewage.enterprise is None and sewage.enterprise_name == "霍山县产业投资有限公司"
    assert (sewage.kind, sewage.stage) == (ProjectKind.INFRASTRUCTURE, ProjectStage.PRODUCING)
    assert projects["霍山石斛加工产业园项目"].unit.name == "中药产业发展中心"
    linked = [n for n in NAMED if projects[n.name].enterprise_id]
    assert len(linked) == 14  # every named project with an enterprise in the demo register


def test_every_project_has_dates_in_order_for_its_stage(demo):
    projects = Project.objects.select_related("enterprise", "location", "unit", "chain")
    assert projects.count() > 1000 and not projects.filter(is_demo=False).exists()
    stages = set()
    for p in projects:
        stages.add(p.stage)
        assert p.location.kind in (UnitKind.TOWNSHIP, UnitKind.DEV_ZONE), p.name
        assert p.location.region_id == p.unit.region_id == p.region_id, p.name
        assert p.chain is None or (
            p.chain.region_id == p.region_id and p.chain_link in p.chain.links
        )
        assert p.enterprise_id or p.enterprise_name, p.name
        assert 0 <= p.equipment_investment <= p.fixed_asset_investment <= p.total_investment
        assert p.year_plan_investment <= p.fixed_asset_investment
        planned = [
            p.planned_sign_on,
            p.planned_start_on,
            p.planned_complete_on,
            p.planned_produce_on,
        ]
        assert None not in planned and planned == sorted(planned), p.name
        done = [
            d for d in (p.signed_on, p.started_on, p.completed_on, p.produced_on, p.scaled_on) if d
        ]
        assert done == sorted(done) and all(d <= AS_OF for d in done), p.name
        started, produced = p.started_on is not None, p.produced_on is not None
        assert (p.completed_on is not None) == produced, p.name
        if p.stage == ProjectStage.RESERVE:
            assert not started and p.planned_start_on > AS_OF, p.name
        elif p.stage == ProjectStage.BUILDING:
            assert started and not produced, p.name
        elif p.stage == ProjectStage.PRODUCING:
            assert produced and p.scaled_on is None, p.name
        elif p.stage == ProjectStage.SCALED:
            assert produced and p.scaled_on is not None, p.name
            assert p.enterprise.scale == Scale.ABOVE, p.name
            assert p.scaled_on == p.enterprise.above_scale_since, p.name
        else:
            assert p.cancelled_on and p.cancel_reason and not started, p.name
    assert stages == set(ProjectStage.values)


def test_returns_agree_month_by_month_and_stay_under_the_total(demo):
    """Hand-checked rules on every row: 本月 ≥ 0; the cumulative never falls and stays under
    the total; where last month was filed, 本月 is the difference; 本年累计 sums the year's
    filed months; a return only for a month the project owed one (start to production)."""
    projects = {p.pk: p for p in Project.objects.all()}
    by_project: dict[int, list[ProjectReturn]] = defaultdict(list)
    for r in ProjectReturn.objects.order_by("project_id", "year", "month"):
        by_project[r.project_id].append(r)
    assert sum(len(rows) for rows in by_project.values()) > 10000
    months = set()
    for project_id, rows in by_project.items():
        p = projects[project_id]
        before, year_sum = None, Decimal(0)
        for r in rows:
            months.add((r.year, r.month))
            assert r.is_demo and r.region_id == p.region_id and r.unit_id == p.unit_id
            assert r.investment_month >= 0
            assert r.investment_total <= p.total_investment
            assert p.started_on and (p.started_on.year, p.started_on.month) <= (r.year, r.month)
            assert p.produced_on is None or (r.year, r.month) <= (
                p.produced_on.year,
                p.produced_on.month,
            )
            if before is not None:
                assert r.investment_total >= before.investment_total, p.name
                last_month = (r.year, r.month - 1) if r.month > 1 else (r.year - 1, 12)
                if (before.year, before.month) == last_month:
                    assert r.investment_month == r.investment_total - before.investment_total
            year_sum = r.investment_month + (year_sum if before and before.year == r.year else 0)
            assert r.investment_year == year_sum, (p.name, r.year, r.month)
            assert r.on_time == (timezone.localdate(r.filed_at) <= return_due(r.year, r.month))
            before = r
    # three years: 2020-01 … 2022-12, the register's demo months
    assert min(months) == (2020, 1) and max(months) == (2022, 12) and len(months) == 36


def test_the_last_month_shows_three_colours(demo):
    huoshan = Project.objects.filter(region__code="341525")
    owed = owing(huoshan, 2022, 12)
    filed = {
        r.project_id: r for r in ProjectReturn.objects.filter(project__in=owed, year=2022, month=12)
    }
    colours = [return_colour(filed.get(p.pk), 2022, 12, dt.date(2023, 1, 10)) for p in owed]
    assert {ReturnColour.GREEN, ReturnColour.YELLOW, ReturnColour.RED} <= set(colours)
    assert colours.count(ReturnColour.GREEN) > len(colours) / 2


def test_every_county_of_the_city_has_projects_and_its_own_pace(demo):
    counties = Region.objects.filter(parent__code="341500", level=RegionLevel.COUNTY)
    assert set(counties.values_list("code", flat=True)) == LUAN_COUNTIES
    totals = {}
    for county in counties:
        projects = Project.objects.filter(region=county)
        assert projects.count() >= 50, county.name
        assert projects.filter(stage=ProjectStage.BUILDING).exists(), county.name
        assert projects.filter(kind=ProjectKind.UPGRADE, stage=ProjectStage.PRODUCING).exists()
        sums = dict(
            ProjectReturn.objects.filter(region=county)
            .values_list("year")
            .annotate(s=Sum("investment_month"))
        )
        assert set(sums) == {2020, 2021, 2022} and all(v > 0 for v in sums.values())
        totals[county.code] = (sums[2022], sums[2022] / sums[2021])
        if county.code in OTHER_COUNTY_PLACES:
            zone, _full, townships = OTHER_COUNTY_PLACES[county.code]
            places = set(
                Unit.objects.filter(
                    region=county, kind__in=[UnitKind.DEV_ZONE, UnitKind.TOWNSHIP]
                ).values_list("name", flat=True)
            )
            assert places == {zone, *townships}
            assert set(projects.values_list("unit__name", flat=True)) == {"经信局"}
    # a race: the counties differ in size and in speed
    assert len({total for total, _speed in totals.values()}) == 7
    assert len({round(speed, 2) for _total, speed in totals.values()}) >= 5


def test_problems_in_every_state_on_the_named_projects(demo):
    problems = ProjectProblem.objects.select_related("project", "unit")
    assert {p.status for p in problems} == set(ProblemStatus.values)
    assert all(p.is_demo and p.project.name in {n.name for n in NAMED} for p in problems)
    assert all(p.raised_by.username == "demo_data" and not p.raised_by.is_active for p in problems)
    open_ = problems.open()
    assert open_.count() == 5 and problems.filter(status=ProblemStatus.CLOSED).count() == 2
    overdue = problems.get(title="一线技术工人招聘困难")
    assert overdue.unit.name == "人社局" and overdue.was_overdue and overdue.closed_at is None


def test_audited_once_per_county_as_the_demos_import(demo):
    entries = AuditEntry.objects.filter(verb=Verb.IMPORT, after__has_key="returns")
    assert entries.count() == 7
    assert {e.actor_name for e in entries} == {"演示数据"}
    assert {e.target_repr for e in entries} == set(
        Region.objects.filter(code__in=LUAN_COUNTIES).values_list("name", flat=True)
    )
    huoshan = entries.get(region_code="341525").after
    assert huoshan["demo"] is True and huoshan["problems"] == 8 and huoshan["places"] == 0
    assert huoshan["projects"] == Project.objects.filter(region__code="341525").count()


def test_loading_twice_adds_nothing(demo):
    before = _counts()
    assert projects_demo_load(None) == "项目库演示数据已存在，未作改动。"
    assert _counts() == before


def test_a_reload_makes_the_same_projects_and_figures(demo):
    def picture() -> tuple[list[tuple], Decimal, int]:
        projects = list(
            Project.objects.order_by("region__code", "name").values_list(
                "region__code", "name", "total_investment", "stage", "started_on", "produced_on"
            )
        )
        returns = ProjectReturn.objects.aggregate(s=Sum("investment_month"))["s"]
        return projects, returns, ProjectReturn.objects.filter(on_time=False).count()

    first = picture()
    ProjectProblem.objects.all().delete()
    Project.objects.all().delete()
    projects_demo_load(None)
    assert picture() == first
