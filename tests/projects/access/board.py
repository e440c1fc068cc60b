"""Access-matrix entries of the region's pages (三库看板, 月30调度表 and its .xlsx/.docx) and of
the month's return sheet (download, upload). The board and the sheet are the region's
picture: the plan office, the statistics bureau and the leaders; the return sheet is for the
units that file returns and the plan office. None names one project, so nothing is out of
scope (404): a unit's sheet simply lists its own projects. The 开发区 project in context is
building this month."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.test_access_matrix import Entry

REGION = {"plan_office", "statistics", "county_leader", "city_leader", "province_leader"}
# a unit's liaison or head (金寨县's too: its sheet lists its own projects) and the office
IMPORTERS = {"plan_office", "lead_liaison", "coop_liaison", "unit_head", "outsider"}


def _month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def _sheet(p: str) -> dict:
    """A sheet in the download's shape whose one row names no project: refused with the row
    and column (200) for whoever may upload, 403 before it is read for everyone else."""
    from openpyxl import Workbook

    from gongye.projects.services.returns_import import HEADERS

    book = Workbook()
    sheet = book.active
    sheet.title = "月30报送"
    sheet["A2"], sheet["B2"] = "报送月份", _month()
    for column, text in enumerate(HEADERS, start=1):
        sheet.cell(3, column, text)
    for column, value in enumerate([999999, "无此项目", 1, 1, "施工"], start=1):
        sheet.cell(4, column, value)
    out = io.BytesIO()
    book.save(out)
    return {"sheet": SimpleUploadedFile("报送表.xlsx", out.getvalue())}


def _with_month(path: str):
    return lambda c: f"{path}?month={_month()}"


ENTRIES: list = [
    Entry("projects:board", "get", lambda c: "/projects/board/", REGION),
    Entry("projects:schedule", "get", _with_month("/projects/schedule/"), REGION),
    Entry("projects:schedule_xlsx", "get", _with_month("/projects/schedule.xlsx"), REGION),
    Entry("projects:schedule_docx", "get", _with_month("/projects/schedule.docx"), REGION),
    Entry("projects:returns_sheet", "get", _with_month("/projects/returns/sheet.xlsx"), IMPORTERS),
    Entry("projects:returns_upload", "get", lambda c: "/projects/returns/upload/", IMPORTERS),
    Entry(
        "projects:returns_upload",
        "post",
        lambda c: "/projects/returns/upload/",
        IMPORTERS,
        data=_sheet,
    ),
]


def context(request, persona, unit) -> dict:
    from gongye.projects.choices import ProjectStage
    from gongye.projects.models import Project

    project = request.getfixturevalue("kfq_project")
    Project.objects.filter(pk=project.pk).update(
        stage=ProjectStage.BUILDING, started_on=timezone.localdate()
    )
    return {"project": project}
