"""The demo year's June bulletin: the figures come from the data, and the files open in
LibreOffice. Demo progress is reproducible and loaded once."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.conf import settings

from gongye.dispatch.bulletin import bulletin_data, bulletin_docx, bulletin_xlsx
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.demo import load_demo_progress
from gongye.supervision.models import ProgressReport, TaskState


@pytest.fixture
def demo_plan(org):
    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=org["341525"], data=path.read_bytes(), filename=path.name
    )
    plan = plan_apply_parsed(
        actor=None, region=org["341525"], parsed=parsed, resolver=resolver, filename=path.name
    ).plan
    load_demo_progress(plan)
    return plan


def test_demo_progress_is_reproducible_and_loaded_once(demo_plan):
    states = list(
        TaskState.objects.filter(task__plan=demo_plan)
        .order_by("task__position")
        .values_list("state", "closed_on_time")
    )
    reports = ProgressReport.objects.count()
    assert "已存在" in load_demo_progress(demo_plan)
    assert ProgressReport.objects.count() == reports
    assert all(r.text.startswith("【演示数据】") for r in ProgressReport.objects.all())
    # same seed → same outcome for the same task positions
    assert states == list(
        TaskState.objects.filter(task__plan=demo_plan)
        .order_by("task__position")
        .values_list("state", "closed_on_time")
    )
    assert {s for s, _ in states} <= {"done", "late"}


def test_june_bulletin_matches_the_data(demo_plan, tmp_path):
    june_end = dt.date(2022, 6, 30)
    data = bulletin_data(demo_plan.region, 2022, 6, today=dt.date(2022, 7, 5))
    states = TaskState.objects.filter(task__plan=demo_plan, task__is_active=True)
    due = [s for s in states if s.due and s.due <= june_end]
    done = [s for s in due if s.closed_at and s.closed_at.date() <= june_end]
    assert data.totals.due == len(due)
    assert data.totals.done == len(done)
    assert data.totals.done_on_time == sum(1 for s in done if s.closed_on_time)
    assert data.totals.overdue == len(due) - len(done)
    year_done = sum(1 for s in states if s.closed_at and s.closed_at.date() <= june_end)
    assert data.half_year.total == states.count() == 83
    assert data.half_year.done == year_done
    assert data.half_year.required == 50  # ⌈60% × 83⌉
    assert len(data.red) == data.totals.overdue
    docx = bulletin_docx(data)
    xlsx = bulletin_xlsx(data)
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) 未安装")
    for name, content in (("june.docx", docx), ("june.xlsx", xlsx)):
        source = tmp_path / name
        source.write_bytes(content)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert (tmp_path / name.replace(name.split(".")[1], "pdf")).stat().st_size > 1000


def test_a_city_leader_lands_on_its_counties_side_by_side(client, persona, demo_plan):
    """Issue 11, item 9: not on the first county's bulletin, but the city's counties, each
    opening its own."""
    client.force_login(persona("city_leader"))
    html = client.get("/supervision/bulletin/", {"year": 2022, "month": 6}).content.decode()
    assert 'id="county-bulletins"' in html and 'data-region="341525"' in html
    assert 'id="t-year"' not in html  # no one county's bulletin
    one = client.get(
        "/supervision/bulletin/", {"region": "341525", "year": 2022, "month": 6}
    ).content.decode()
    assert 'id="t-year"' in one and 'id="county-bulletins"' not in one
