"""The region's pictures open on the latest month with returns within the reader's reach (a
county reading a past year's plan sees its data, not an empty month); today's month when
nothing is filed; never a month after today's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongye.projects.selectors.returns import latest_month
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db


def test_the_latest_month_filed_within_reach_and_not_after_today(persona, plan_office):
    project = ProjectFactory(stage="building")
    filer = persona("lead_liaison")
    assert latest_month(plan_office, dt.date(2022, 9, 5)) == (2022, 9)  # nothing filed
    for month in (3, 4, 7):
        ProjectReturnFactory(project=project, month=month, filed_by=filer)
    ProjectReturnFactory(project=project, year=2023, month=1, filed_by=filer)
    assert latest_month(plan_office, dt.date(2022, 12, 5)) == (2022, 7)
    assert latest_month(plan_office, dt.date(2022, 5, 5)) == (2022, 4)
    assert latest_month(plan_office, dt.date(2026, 12, 1)) == (2023, 1)
    # another county's reader does not see 霍山's months
    assert latest_month(persona("outsider"), dt.date(2022, 12, 5)) == (2022, 12)


def test_the_schedule_and_the_board_open_on_it(client, persona, plan_office):
    project = ProjectFactory(stage="building", started_on=dt.date(2022, 2, 1), name="竹木项目")
    ProjectReturnFactory(
        project=project,
        month=7,
        investment_month=300,
        investment_year=300,
        investment_total=300,
        filed_by=persona("lead_liaison"),
    )
    client.force_login(plan_office)
    with time_machine.travel(on(2026, 12, 1), tick=False):
        schedule = client.get("/projects/schedule/").context["schedule"]
        board = client.get("/projects/board/").context["board"]
        asked = client.get("/projects/schedule/", {"month": "2026-11"}).context["schedule"]
    assert (schedule.year, schedule.month) == (2022, 7)
    assert [r.name for r in schedule.rows] == ["竹木项目"]
    assert board.year == 2022
    assert (asked.year, asked.month) == (2026, 11)
