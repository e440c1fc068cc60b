"""Access-matrix entries of the register's own pages (list, project page, forms, moves, files,
the 月30 return form). The project in context is built in 开发区 and answered for by it (the
``lead_liaison``'s and ``unit_head``'s unit), paired with the county leader, in 储备库 with a
construction permit on file."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongye.orgs.models import Unit
from tests.conftest import PERSONAS, TINY_PDF
from tests.test_access_matrix import Entry

ALL = set(PERSONAS)
ADMINS = {"auditor", "sys_admin", "sec_admin"}
READERS = ALL - ADMINS
# who sees the 开发区 project: the region's keepers and leaders, and the 开发区 unit
SEE_KFQ = {
    "plan_office",
    "statistics",
    "county_leader",
    "city_leader",
    "province_leader",
    "lead_liaison",
    "unit_head",
}
HIDDEN = READERS - SEE_KFQ  # 衡山镇, another county, an enterprise not its builder: 404
RESPONSIBLE = {"plan_office", "lead_liaison", "unit_head"}
REGISTER = {"plan_office", "lead_liaison", "coop_liaison"}


def _unit_pk(name: str) -> int:
    return Unit.objects.get(region__code="341525", name=name).pk


def _new(p: str) -> dict:
    where = _unit_pk("衡山镇" if p == "coop_liaison" else "开发区")
    return {
        "name": f"测试登记项目{p}",
        "enterprise_name": "测试项目单位有限公司",
        "kind": "new",
        "location": where,
        "unit": where,
        "total_investment": "6000",
    }


def _facts(p: str) -> dict:
    return {
        "name": "开发区智能装备产业园",
        "enterprise_name": "测试项目单位有限公司",
        "kind": "expansion",
        "location": _unit_pk("开发区"),
        "total_investment": "8000",
        "fixed_asset_investment": "7000",
        "equipment_investment": "3000",
    }


def _today() -> str:
    return timezone.localdate().isoformat()


def _return(p: str) -> dict:
    today = timezone.localdate()
    return {
        "year": today.year,
        "month": today.month,
        "investment_month": "100",
        "investment_total": "100",
        "progress": "主体施工",
    }


def _url(suffix: str):
    return lambda c: f"/projects/{c['project'].pk}/{suffix}"


ENTRIES: list = [
    Entry("projects:project_list", "get", lambda c: "/projects/", READERS),
    Entry("projects:project_create", "get", lambda c: "/projects/new/", REGISTER),
    Entry(
        "projects:project_create",
        "post",
        lambda c: "/projects/new/",
        REGISTER,
        ok=302,
        data=_new,
    ),
    Entry("projects:project_detail", "get", _url(""), SEE_KFQ, HIDDEN),
    Entry("projects:project_edit", "get", _url("edit/"), RESPONSIBLE, HIDDEN),
    Entry("projects:project_edit", "post", _url("edit/"), RESPONSIBLE, HIDDEN, ok=302, data=_facts),
    Entry("projects:project_pair", "get", _url("pair/"), {"plan_office"}, HIDDEN),
    Entry(
        "projects:project_pair",
        "post",
        _url("pair/"),
        {"plan_office"},
        HIDDEN,
        ok=302,
        data=lambda p: {"leader": "", "unit": _unit_pk("开发区")},
    ),
    # a start (the permit is on file); once taken, a second start is refused with a message
    Entry(
        "projects:project_move",
        "post",
        _url("move/"),
        RESPONSIBLE,
        HIDDEN,
        ok=302,
        data=lambda p: {"action": "start", "move-start-on": _today()},
    ),
    Entry(
        "projects:document_add",
        "post",
        _url("documents/new/"),
        RESPONSIBLE,
        HIDDEN,
        ok=302,
        data=lambda p: {"kind": "permit", "file": SimpleUploadedFile("许可证.pdf", TINY_PDF)},
    ),
    Entry(
        "projects:document_download",
        "get",
        lambda c: f"/projects/documents/{c['document'].pk}/",
        SEE_KFQ,
        HIDDEN,
    ),
    Entry("projects:return_file", "get", _url("returns/new/"), RESPONSIBLE, HIDDEN),
    Entry(
        "projects:return_file",
        "post",
        _url("returns/new/"),
        RESPONSIBLE,
        HIDDEN,
        ok=302,
        data=_return,
    ),
]


def context(request, persona, unit) -> dict:
    from gongye.projects.services.projects import project_document_add

    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = request.getfixturevalue("tmp_path")
    project = request.getfixturevalue("kfq_project")
    document = project_document_add(
        actor=persona("plan_office"),
        project=project,
        upload=SimpleUploadedFile("施工许可证.pdf", TINY_PDF),
        kind="permit",
    )
    return {"project": project, "document": document}
