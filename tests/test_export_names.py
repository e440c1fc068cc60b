"""Every export's file name starts with the name of the region it is about (issue 11, item 14):
a desk holding several counties' tables, or a city's, can tell them apart. One request per
export view, as the person who takes it; the Chinese name (RFC 5987) and the plain one."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from tests.conftest import HUOSHAN

pytestmark = pytest.mark.django_db


def _names(response) -> tuple[str, str]:
    disposition = response["Content-Disposition"]
    plain = disposition.split("filename=")[1].split(";")[0]
    chinese = unquote(disposition.split("filename*=UTF-8''")[1])
    return chinese, plain


@pytest.fixture
def plan(small_plan):
    return small_plan


def _exports(plan) -> list[tuple[str, str, str]]:
    """(who, url, the Chinese name's start after the region's name)."""
    query = "?year=2022&month=6"
    return [
        ("plan_office", f"/plans/{plan.pk}/export/tasks.xlsx", "2022年重点工作明细表"),
        ("plan_office", f"/plans/{plan.pk}/export/targets.docx", "2022年主要目标"),
        ("statistics", f"/indicators/data/plan/{plan.pk}/statistics/template.xlsx", "2022年"),
        ("lead_liaison", "/supervision/sheet/progress.xlsx", "开发区-进展报送表-"),
        ("lead_liaison", "/api/v1/supervision/progress-sheet", "开发区-进展报送表-"),
        ("plan_office", f"/supervision/board/export.xlsx{query}", "2022年"),
        ("plan_office", "/supervision/board/calendar/export.xlsx?year=2022", "2022年"),
        ("plan_office", "/supervision/board/list/export.xlsx?year=2022", "2022年"),
        ("plan_office", "/supervision/board/timeline/export.xlsx?year=2022", "2022年"),
        ("plan_office", f"/supervision/bulletin/export.docx{query}", "2022年"),
        ("plan_office", f"/supervision/bulletin/export.xlsx{query}", "2022年"),
        ("county_leader", "/indicators/cockpit.xlsx?region=341525&year=2022", "2022年驾驶舱"),
        ("county_leader", "/indicators/cockpit.docx?region=341525&year=2022", "2022年驾驶舱"),
        ("auditor", "/audit/export.xlsx", "审计日志-"),
        ("plan_office", "/projects/schedule.xlsx?month=2022-06", "2022年6月工业项目调度表"),
        ("plan_office", "/projects/schedule.docx?month=2022-06", "2022年6月工业项目调度表"),
        (
            "lead_liaison",
            "/projects/returns/sheet.xlsx?month=2022-06",
            "开发区-月30调度数据报送表-",
        ),
        ("plan_office", "/projects/ranking.xlsx?month=2022-06", "2022年1–6月工业投资赛马"),
    ]


def test_every_export_is_named_after_its_county(client, persona, plan, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for who, url, rest in _exports(plan):
        client.force_login(persona(who))
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        chinese, plain = _names(response)
        assert chinese.startswith(f"霍山县{rest}"), (url, chinese)
        assert not chinese.startswith("霍山县霍山县"), url
        assert plain.startswith(HUOSHAN) or f"-{HUOSHAN}-" in plain, (url, plain)
        assert quote(chinese) in response["Content-Disposition"]
