"""Fixtures for the supervision API and progress-sheet tests: the project's URLs with the
supervision API (mounted by config.urls), evidence in a temporary media folder,
the two-task plan, and a unit head of another county."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongye.accounts.models import User
from gongye.plans.models import Task
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from tests.conftest import HUOSHAN, JINZHAI, make_user

API = "/api/v1/supervision"
SHEET_PAGE = "/supervision/sheet/"
SHEET_FILE = "/supervision/sheet/progress.xlsx"

# A real, minimal PDF: filetype recognises it by its first bytes, as it would a scan.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _supervision_urls(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def tasks(small_plan) -> dict[str, Task]:
    """task 1: lead 科技经信局, cooperating 开发区; task 2: lead 开发区, cooperating 相关乡镇."""
    one, two = small_plan.tasks.order_by("position")
    return {"one": one, "two": two}


KFQ_PLAN = (
    "霍山县2023年开发区测试工作意见\n一、总体目标\n力争规上工业产值突破210亿元。\n"
    "附件：重点工作明细表\n\n"
    "\t月度\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t3月\n\t1.第一项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t2.第二项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t3.第三项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t4.第四项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t5.第五项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t6.第六项工作。\n\t科技经信局\n\t开发区\n"
)


@pytest.fixture
def kfq_tasks(org):
    """A 2023 plan: five tasks led by 开发区 with 科技经信局 cooperating, and a sixth led by
    科技经信局 where 开发区 cooperates. No township has a duty on any of them."""
    region = org[HUOSHAN]
    parsed, resolver = plan_document_parse(
        region=region, data=KFQ_PLAN.encode(), filename="kfq.txt"
    )
    plan = plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="kfq.txt"
    ).plan
    tasks = list(plan.tasks.order_by("position"))
    assert [t.lead_names for t in tasks] == [["开发区"]] * 5 + [["科技经信局"]]
    return tasks


@pytest.fixture
def kfq_task(kfq_tasks) -> Task:
    """Led by 开发区, due 2023-03-31 (long overdue, so red); 衡山镇 has nothing to do with it."""
    return kfq_tasks[0]


@pytest.fixture
def outsider_head(org) -> User:
    """A unit head in Jinzhai: a reviewer's role, the wrong county."""
    return make_user("outsider_head", "金寨单位负责人", "unit_head", JINZHAI, "经信局")


@pytest.fixture
def login():
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def fill_sheet(content: bytes, rows: dict[int, tuple[Any, Any, Any, Any]], extra=()) -> bytes:
    """Fills the four green columns for the given task ids; ``extra`` rows (ten cells each)
    are appended below, as a person adding lines by hand would."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["进展报送"]
    last = 2
    for row in range(3, sheet.max_row + 1):
        task_id = sheet.cell(row, 1).value
        if task_id is None:
            continue
        last = row
        if task_id in rows:
            for offset, value in enumerate(rows[task_id]):
                sheet.cell(row, 7 + offset, value)
    for cells in extra:
        last += 1
        for column, value in enumerate(cells, start=1):
            sheet.cell(last, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content))["进展报送"]
    return [tuple(r) for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] is not None]
