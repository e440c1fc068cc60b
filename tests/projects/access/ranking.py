"""Access-matrix entries of 投资赛马 (the page and its .xlsx): the region's picture, for the plan
office, the statistics bureau and the leaders (a county's townships, a city's or province's
counties); 403 for everyone else. It names no project, so nothing is out of scope (404). The
开发区 project in context has a return this month, so the race has a figure to rank."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from tests.test_access_matrix import Entry

REGION = {"plan_office", "statistics", "county_leader", "city_leader", "province_leader"}


def _url(path: str, measure: str):
    return lambda c: f"{path}?month={timezone.localdate():%Y-%m}&measure={measure}"


ENTRIES: list = [
    Entry("projects:ranking", "get", lambda c: "/projects/ranking/", REGION),
    Entry("projects:ranking", "get", _url("/projects/ranking/", "upgrade_investment"), REGION),
    Entry("projects:ranking_xlsx", "get", _url("/projects/ranking.xlsx", "scaled"), REGION),
]


def context(request, persona, unit) -> dict:
    from tests.projects.factories import ProjectReturnFactory

    project = request.getfixturevalue("kfq_project")
    today = timezone.localdate()
    ProjectReturnFactory(
        project=project,
        year=today.year,
        month=today.month,
        investment_month=Decimal("100"),
        filed_by=persona("plan_office"),
    )
    return {"project": project}
