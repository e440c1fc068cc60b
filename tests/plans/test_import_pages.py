"""The import flow as the plan office uses it: upload → preview → resolve an unknown name →
confirm → the plan page; and a bad file refused on the upload page with nothing stored."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongye.orgs.models import UnitAlias
from gongye.plans.models import Plan, PlanImport, Task
from tests.conftest import SMALL_PLAN


def test_upload_preview_resolve_apply(plan_office, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(plan_office)
    document = SMALL_PLAN.replace("相关乡镇", "县数据中心")
    response = client.post(
        "/plans/import/", {"document": SimpleUploadedFile("计划.txt", document.encode())}
    )
    assert response.status_code == 302
    record = PlanImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "未识别的单位名称" in page and "县数据中心" in page
    assert 'id="import-apply" disabled' in page
    # applying now is refused with the names, nothing written
    client.post(f"/plans/import/{record.pk}/apply/")
    assert not Plan.objects.exists()
    # map the unknown name to an existing unit: it becomes an alias
    response = client.post(
        f"/plans/import/{record.pk}/resolve/",
        {"prefix": "n0", "n0-name": "县数据中心", "n0-unit": unit("统计局").pk, "n0-new_kind": ""},
    )
    assert response.status_code == 302
    assert UnitAlias.objects.filter(name="县数据中心", unit__name="统计局").exists()
    page = client.get(f"/plans/import/{record.pk}/").content.decode()
    assert "未识别的单位名称" not in page
    response = client.post(f"/plans/import/{record.pk}/apply/")
    plan = Plan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/"
    second = Task.objects.get(plan=plan, seq=2)
    assert second.cooperating_names == ["统计局"]
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "完成第二项" in detail and "统计局" in detail


def test_bad_upload_is_refused_on_the_page(plan_office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(plan_office)
    fake = SimpleUploadedFile("计划.docx", b"PK\x03\x04 this is not a real docx")
    response = client.post("/plans/import/", {"document": fake})
    assert response.status_code == 200
    body = response.content.decode()
    assert "计划.docx" in body
    assert not PlanImport.objects.exists()
    assert not list(tmp_path.rglob("*.docx"))


def test_exports_are_real_files_and_audited(plan_office, small_plan):
    from gongye.audit.models import AuditEntry

    client = Client()
    client.force_login(plan_office)
    for table in ("tasks", "targets"):
        for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
            response = client.get(f"/plans/{small_plan.pk}/export/{table}.{fmt}")
            assert response.status_code == 200
            assert response.content.startswith(magic)
            assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(verb="export", target_id=str(small_plan.pk)).count() == 4
    assert client.get(f"/plans/{small_plan.pk}/export/tasks.pdf").status_code == 404
