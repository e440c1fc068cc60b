"""The region's pictures (board, 调度表, 赛马) open on the plans' year within the reader's
reach, as the cockpit does: this year when there is a plan for it, else the latest before (a
county reading a past year's plan sees its data, not an empty month); this month in the
current year, December for a past one."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongye.projects.selectors.returns import opening_month
from tests.plans.factories import PlanFactory
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db


def test_the_plans_year_within_reach(persona, plan_office, city_leader):
    assert opening_month(plan_office, dt.date(2022, 9, 5)) == (2022, 9)  # no plan: today's
    PlanFactory(year=2022)
    assert opening_month(plan_office, dt.date(2026, 12, 1)) == (2022, 12)
    assert opening_month(plan_office, dt.date(2022, 5, 5)) == (2022, 5)
    assert opening_month(city_leader, dt.date(2026, 12, 1)) == (2022, 12)  # its counties'
    PlanFactory(year=2026)
    assert opening_month(plan_office, dt.date(2026, 12, 1)) == (2026, 12)
    # another county's reader: none of 霍山's plans
    assert opening_month(persona("outsider"), dt.date(2026, 3, 5)) == (2026, 3)


def test_the_schedule_the_board_and_the_race_open_on_it(client, persona, plan_office):
    PlanFactory(year=2022)
    project = ProjectFactory(stage="building", started_on=dt.date(2022, 2, 1), name="竹木项目")
    ProjectReturnFactory(
        project=project,
        month=12,
        investment_month=300,
        investment_year=300,
        investment_total=300,
        filed_by=persona("lead_liaison"),
    )
    client.force_login(plan_office)
    with time_machine.travel(on(2026, 12, 1), tick=False):
        schedule = client.get("/projects/schedule/").context["schedule"]
        board = client.get("/projects/board/").context["board"]
        ranking = client.get("/projects/ranking/").context["ranking"]
        asked = client.get("/projects/schedule/", {"month": "2026-11"}).context["schedule"]
    assert (schedule.year, schedule.month) == (2022, 12)
    assert [r.name for r in schedule.rows] == ["竹木项目"]
    assert board.year == 2022
    assert (ranking.year, ranking.month) == (2022, 12)
    assert (asked.year, asked.month) == (2026, 11)


def test_the_project_page_and_its_return_form_stop_at_it(client, persona, plan_office):
    """A county working in its 2022 plan, read in 2026: the project's page lists the months it
    owed up to December 2022 (not four years of 逾期未报 after it), and the return form opens on
    the newest of them not filed."""
    PlanFactory(year=2022)
    project = ProjectFactory(stage="building", started_on=dt.date(2022, 10, 3), name="竹木项目")
    ProjectReturnFactory(
        project=project,
        month=12,
        investment_month=300,
        investment_year=300,
        investment_total=300,
        filed_by=persona("lead_liaison"),
    )
    client.force_login(plan_office)
    with time_machine.travel(on(2026, 12, 1), tick=False):
        page = client.get(f"/projects/{project.pk}/").context["page"]
        form = client.get(f"/projects/{project.pk}/returns/new/")
    assert [(r.year, r.month, r.colour) for r in page.returns] == [
        (2022, 12, "green"),
        (2022, 11, "red"),
        (2022, 10, "red"),
    ]
    assert form.status_code == 200
    assert (form.context["form"].initial["year"], form.context["form"].initial["month"]) == (
        2022,
        11,
    )
    PlanFactory(year=2026)  # the county now works in 2026: this month owed too
    with time_machine.travel(on(2026, 12, 1), tick=False):
        page = client.get(f"/projects/{project.pk}/").context["page"]
    assert (page.returns[0].year, page.returns[0].month) == (2026, 12)
