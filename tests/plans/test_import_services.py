"""The import services: Word rebuild of the seed, re-importing a revised document, unknown
unit names, the upload → apply flow and who may use it (issue 3, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.orgs.models import Unit, UnitAlias
from gongye.plans.choices import ImportStatus, UnitRole
from gongye.plans.models import Plan, PlanImport, Task
from gongye.plans.services import (
    MAX_UPLOAD_BYTES,
    plan_apply_parsed,
    plan_document_parse,
    plan_import_apply,
    plan_import_discard,
    plan_import_resolve_name,
    plan_import_upload,
    plan_task_diff,
)
from gongye.plans.tests.parsing.seed_expected import SEED_TASKS

from .helpers import (
    SEED_TITLE,
    db_counts,
    db_task_rows,
    parsed_task_rows,
    row_index,
    seed_word,
    seed_word_edited,
    small_plan_docx,
)

pytestmark = pytest.mark.django_db

UNKNOWN = "数据资源局"


def apply_bytes(actor, region, data: bytes, filename: str):
    parsed, resolver = plan_document_parse(region=region, data=data, filename=filename)
    return plan_apply_parsed(
        actor=actor, region=region, parsed=parsed, resolver=resolver, filename=filename
    )


def media_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# ----- the Word rebuild -----


def test_word_rebuild_imports_to_the_same_tasks_and_units_as_the_text(
    plan_office, huoshan, seed_path
):
    result = apply_bytes(plan_office, huoshan, seed_word(), "霍山县2022年工作意见.docx")

    assert result.created is True
    assert result.tasks == {"unchanged": 0, "changed": 0, "added": 83, "removed": 0}
    plan = result.plan
    assert (plan.title, plan.year, plan.region) == (SEED_TITLE, 2022, huoshan)
    text, _ = plan_document_parse(
        region=huoshan, data=seed_path.read_bytes(), filename=seed_path.name
    )
    rows = db_task_rows(plan)
    assert rows == parsed_task_rows(text)
    for row, (month, seq, start, lead, coop, _open) in zip(rows, SEED_TASKS, strict=True):
        assert row[:2] == (month, seq) and str(row[2]).startswith(start)
        assert (row[4], row[5]) == (lead, coop), f"{month}月第{seq}项"
    assert sorted((t.name, t.kind, t.value, t.unit) for t in plan.targets.all()) == sorted(
        (t.name, t.kind, t.value, t.unit) for t in text.targets
    )
    entries = AuditEntry.objects.filter(target_type="plans.task", verb="create")
    assert entries.count() == 83
    assert set(entries.values_list("actor_id", flat=True)) == {plan_office.pk}


def test_text_reimported_over_the_word_import_changes_no_task(plan_office, huoshan, seed_path):
    first = apply_bytes(plan_office, huoshan, seed_word(), "seed.docx")
    ids = list(first.plan.tasks.values_list("pk", flat=True))
    audit = AuditEntry.objects.filter(target_type="plans.task").count()

    again = apply_bytes(plan_office, huoshan, seed_path.read_bytes(), seed_path.name)

    assert again.created is False and again.plan.pk == first.plan.pk
    assert again.tasks == {"unchanged": 83, "changed": 0, "added": 0, "removed": 0}
    assert list(again.plan.tasks.values_list("pk", flat=True)) == ids
    assert AuditEntry.objects.filter(target_type="plans.task").count() == audit


def test_reimporting_the_same_document_reports_targets_unchanged(plan_office, huoshan, seed_plan):
    n = seed_plan.targets["added"]
    again = apply_bytes(plan_office, huoshan, seed_word(), "seed.docx")
    assert again.targets == {"unchanged": n, "changed": 0, "added": 0, "removed": 0}


# ----- a revised document -----

CHANGED_TEXT = "3.制定高端装备产业链图谱（征求意见稿）。"
NEW_TASK = "8.开展全县工业互联网平台应用推广专项调研。"


def _revise(body: list[list[str]]) -> None:
    # 1月3: a few words of the text change
    body[row_index(body, "3.制定高端装备产业链图谱")][1] = CHANGED_TEXT
    # 5月3: 税务局 joins the cooperating units
    body[row_index(body, "3.调度规下工业运行质量")][3] = "统计局、开发区、\n相关乡镇、税务局"
    # 7月5 (the month's last task) is dropped
    del body[row_index(body, "5.开展工业能耗目标管理半年考核")]
    # 12月8 is new
    body.insert(
        row_index(body, "7.筹备召开霍山县企业家") + 1, ["", NEW_TASK, "科技经信局", "开发区"]
    )


def test_revised_document_diff_keeps_ids_withdraws_and_audits(plan_office, huoshan):
    plan = apply_bytes(plan_office, huoshan, seed_word(), "v1.docx").plan
    ids = {(t.month, t.seq): t.pk for t in plan.tasks.all()}
    progress_task = Task.objects.get(pk=ids[(6, 1)])
    revised = seed_word_edited(_revise)
    parsed, resolver = plan_document_parse(region=huoshan, data=revised, filename="v2.docx")
    expected = {"unchanged": 80, "changed": 2, "added": 1, "removed": 1}

    preview = plan_task_diff(plan, parsed)
    assert preview.counts == expected
    assert {(o.period, o.seq) for o, _ in preview.changed} == {("1月", 3), ("5月", 3)}
    assert [(k.period, k.seq) for k in preview.removed] == [("7月", 5)]
    assert [(k.period, k.seq, k.text) for k in preview.added] == [("12月", 8, NEW_TASK[2:])]
    assert db_counts()["Task"] == 83  # a preview writes nothing

    audit_mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    result = plan_apply_parsed(
        actor=plan_office, region=huoshan, parsed=parsed, resolver=resolver, filename="v2.docx"
    )

    assert result.created is False and result.plan.pk == plan.pk
    assert result.tasks == expected
    assert Task.objects.filter(plan=plan).count() == 84
    assert Task.objects.filter(plan=plan, is_active=True).count() == 83
    # unchanged and changed tasks keep their identity
    for key, pk in ids.items():
        if key != (7, 5):
            assert Task.objects.get(pk=pk).is_active, key
    assert Task.objects.get(pk=progress_task.pk).text == progress_task.text
    changed_text = Task.objects.get(pk=ids[(1, 3)])
    assert changed_text.text == CHANGED_TEXT[2:]
    changed_units = Task.objects.get(pk=ids[(5, 3)])
    assert changed_units.cooperating_names == ["统计局", "开发区", "相关乡镇", "税务局"]
    assert changed_units.lead_names == ["科技经信局"]
    # the removed task is withdrawn, not deleted
    removed = Task.objects.get(pk=ids[(7, 5)])
    assert removed.is_active is False and removed.withdrawn_at is not None
    assert removed.task_units.filter(role=UnitRole.LEAD).exists()
    added = Task.objects.get(plan=plan, is_active=True, month=12, seq=8)
    assert added.pk not in ids.values()
    assert (added.lead_names, added.cooperating_names) == (["科技经信局"], ["开发区"])

    entries = AuditEntry.objects.filter(id__gt=audit_mark, target_type="plans.task")
    assert sorted((e.verb, int(e.target_id)) for e in entries) == sorted(
        [
            ("update", ids[(1, 3)]),
            ("update", ids[(5, 3)]),
            ("delete", ids[(7, 5)]),
            ("create", added.pk),
        ]
    )
    assert {e.actor_id for e in entries} == {plan_office.pk}
    assert {e.parent_id for e in entries} == {str(plan.pk)}
    text_entry = entries.get(target_id=str(ids[(1, 3)]))
    assert text_entry.before["text"] == "制定高端装备产业链图谱（草案）。"
    assert text_entry.after["text"] == CHANGED_TEXT[2:]
    units_entry = entries.get(target_id=str(ids[(5, 3)]))
    assert units_entry.before["cooperating_units"] == ["统计局", "开发区", "相关乡镇"]
    assert units_entry.after["cooperating_units"] == ["统计局", "开发区", "相关乡镇", "税务局"]
    assert entries.get(verb="delete").after == {"is_active": False}


# ----- unknown unit names -----


def test_unknown_unit_is_refused_in_chinese_and_nothing_is_written(plan_office, huoshan):
    parsed, resolver = plan_document_parse(
        region=huoshan, data=small_plan_docx(UNKNOWN), filename="2023.docx"
    )
    assert parsed.unresolved_units == [UNKNOWN]
    assert parsed.tasks[0].lead_units == [UNKNOWN]  # shown as written, not dropped or guessed
    before = db_counts()

    with pytest.raises(ValidationError) as info:
        plan_apply_parsed(
            actor=plan_office,
            region=huoshan,
            parsed=parsed,
            resolver=resolver,
            filename="2023.docx",
        )

    message = " ".join(info.value.messages)
    assert f"找不到，请先对应到已有单位或新增单位：{UNKNOWN}" in message
    assert db_counts() == before


def test_unknown_unit_is_refused_even_when_the_plan_exists(plan_office, huoshan, seed_plan):
    def add_unknown(body: list[list[str]]) -> None:
        body[row_index(body, "1.完成全省首批创新型县建设验收工作")][3] = f"相关县直单位、{UNKNOWN}"

    parsed, resolver = plan_document_parse(
        region=huoshan, data=seed_word_edited(add_unknown), filename="v2.docx"
    )
    before = db_counts()
    rows = db_task_rows(seed_plan.plan)
    with pytest.raises(ValidationError, match=UNKNOWN):
        plan_apply_parsed(
            actor=plan_office, region=huoshan, parsed=parsed, resolver=resolver, filename="v2.docx"
        )
    assert db_counts() == before
    assert db_task_rows(seed_plan.plan) == rows


def test_mapping_an_unknown_name_adds_an_alias_and_the_import_goes_through(
    plan_office, huoshan, unit, media_root
):
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="2023计划.docx", data=small_plan_docx(UNKNOWN)
    )
    with pytest.raises(ValidationError, match=UNKNOWN):
        plan_import_apply(actor=plan_office, record=record)
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEW and record.plan is None
    assert not Plan.objects.exists()

    kj = unit("科技经信局")
    mapped = plan_import_resolve_name(
        actor=plan_office, record=record, name=f" {UNKNOWN} ", unit=kj
    )

    assert mapped.pk == kj.pk
    assert UnitAlias.objects.filter(unit=kj, name=UNKNOWN).exists()
    assert UnitAlias.objects.filter(unit=kj, name="县科技经信局").exists()  # old aliases kept
    entry = AuditEntry.objects.filter(target_type="orgs.unit", target_id=str(kj.pk)).latest("id")
    assert entry.verb == "update" and UNKNOWN in str(entry.after)
    assert entry.actor_id == plan_office.pk
    parsed, _ = plan_document_parse(
        region=huoshan, data=small_plan_docx(UNKNOWN), filename="again.docx"
    )
    assert parsed.unresolved_units == []
    assert parsed.tasks[0].lead_units == ["科技经信局"]

    result = plan_import_apply(actor=plan_office, record=record)
    task = result.plan.tasks.get(seq=1)
    assert task.lead_names == ["科技经信局"]
    assert not Unit.objects.filter(name=UNKNOWN).exists()


def test_creating_a_unit_for_an_unknown_name(plan_office, huoshan, media_root):
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="2023.docx", data=small_plan_docx(UNKNOWN)
    )

    created = plan_import_resolve_name(
        actor=plan_office, record=record, name=UNKNOWN, new_kind="bureau"
    )

    assert (created.name, created.kind, created.region, created.is_active) == (
        UNKNOWN,
        "bureau",
        huoshan,
        True,
    )
    assert AuditEntry.objects.filter(
        target_type="orgs.unit", target_id=str(created.pk), verb="create", actor=plan_office
    ).exists()
    result = plan_import_apply(actor=plan_office, record=record)
    task = result.plan.tasks.get(seq=1)
    assert task.task_units.get(role=UnitRole.LEAD).unit == created


def test_resolving_a_name_needs_a_unit_or_a_kind(plan_office, huoshan, org, media_root):
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="2023.docx", data=small_plan_docx(UNKNOWN)
    )
    before = db_counts()
    with pytest.raises(ValidationError, match="选择新单位的类型"):
        plan_import_resolve_name(actor=plan_office, record=record, name=UNKNOWN)
    with pytest.raises(ValidationError, match="不能为空"):
        plan_import_resolve_name(actor=plan_office, record=record, name="  ", new_kind="bureau")
    jinzhai_unit = Unit.objects.get(region=org["341524"], name="经信局")
    with pytest.raises(ValidationError, match="本区划"):
        plan_import_resolve_name(actor=plan_office, record=record, name=UNKNOWN, unit=jinzhai_unit)
    assert db_counts() == before


# ----- who may import -----

DENIED = ["lead_liaison", "outsider", "county_leader", "coop_liaison", "sys_admin"]


@pytest.mark.parametrize("name", DENIED)
def test_only_the_plan_office_may_upload_or_apply(persona, huoshan, media_root, name):
    user = persona(name)
    data = small_plan_docx("开发区")
    before = db_counts()
    with pytest.raises(PermissionDenied, match="只有督办"):
        plan_import_upload(actor=user, region=huoshan, filename="2023.docx", data=data)
    parsed, resolver = plan_document_parse(region=huoshan, data=data, filename="2023.docx")
    with pytest.raises(PermissionDenied):
        plan_apply_parsed(
            actor=user, region=huoshan, parsed=parsed, resolver=resolver, filename="2023.docx"
        )
    assert db_counts() == before
    assert media_files(media_root) == []


@pytest.mark.parametrize("name", ["lead_liaison", "outsider"])
def test_others_cannot_act_on_the_plan_offices_upload(
    persona, plan_office, huoshan, media_root, unit, name
):
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="2023.docx", data=small_plan_docx(UNKNOWN)
    )
    user = persona(name)
    before = db_counts()
    with pytest.raises(PermissionDenied):
        plan_import_resolve_name(actor=user, record=record, name=UNKNOWN, unit=unit("开发区"))
    with pytest.raises(PermissionDenied):
        plan_import_apply(actor=user, record=record)
    with pytest.raises(PermissionDenied):
        plan_import_discard(actor=user, record=record)
    assert db_counts() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEW


def test_another_countys_plan_office_may_not_import_here(other_plan_office, huoshan, media_root):
    with pytest.raises(PermissionDenied, match="本区划"):
        plan_import_upload(
            actor=other_plan_office,
            region=huoshan,
            filename="x.docx",
            data=small_plan_docx("开发区"),
        )
    assert not PlanImport.objects.exists()


# ----- upload checks -----


def test_upload_over_20_mb_is_refused_and_nothing_is_stored(plan_office, huoshan, media_root):
    before = db_counts()
    data = b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES - 3)
    assert len(data) == MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError) as info:
        plan_import_upload(actor=plan_office, region=huoshan, filename="大文件.docx", data=data)
    message = " ".join(info.value.messages)
    assert "文件“大文件.docx”超过 20 MB" in message
    assert db_counts() == before
    assert media_files(media_root) == []


@pytest.mark.parametrize(
    ("filename", "data", "word"),
    [
        ("空.docx", b"", "为空"),
        ("乱码.docx", bytes(range(256)) * 16, "编码"),
        ("扫描件.docx", b"%PDF-1.7\n" + b"\0" * 100, "PDF"),
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "旧版"),
        ("截断.docx", small_plan_docx("开发区")[:700], "损坏"),
    ],
)
def test_unreadable_upload_is_refused_in_chinese_and_nothing_is_stored(
    plan_office, huoshan, media_root, filename, data, word
):
    before = db_counts()
    with pytest.raises(ValidationError) as info:
        plan_import_upload(actor=plan_office, region=huoshan, filename=filename, data=data)
    message = " ".join(info.value.messages)
    assert f"文件“{filename}”" in message and word in message, message
    assert db_counts() == before
    assert media_files(media_root) == []


def test_an_upload_whose_transaction_fails_leaves_no_file(
    plan_office, huoshan, media_root, monkeypatch
):
    """Issue 10, item 9: the stored document goes when the upload's transaction rolls back."""
    from gongye.plans.services import imports

    def refused(**kwargs):
        raise RuntimeError("the audit log refused the entry")

    monkeypatch.setattr(imports, "audit_record", refused)
    before = db_counts()
    with pytest.raises(RuntimeError):
        plan_import_upload(
            actor=plan_office, region=huoshan, filename="2023.docx", data=small_plan_docx("开发区")
        )
    assert db_counts() == before
    assert media_files(media_root) == []


# ----- the flow -----


def test_upload_apply_then_second_apply_refused(plan_office, huoshan, media_root):
    data = seed_word()
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="霍山县2022年工作意见.docx", data=data
    )

    assert record.status == ImportStatus.PREVIEW
    assert record.uploaded_by == plan_office and record.region == huoshan
    assert record.filename == "霍山县2022年工作意见.docx"
    stored = media_files(media_root)
    assert len(stored) == 1 and stored[0].read_bytes() == data
    assert stored[0].relative_to(media_root).parts[0] == "plan-imports"
    upload_entry = AuditEntry.objects.get(target_type="plans.planimport", verb="import")
    assert upload_entry.after["stage"] == "upload" and upload_entry.after["bytes"] == len(data)
    assert not Plan.objects.exists()

    result = plan_import_apply(actor=plan_office, record=record)

    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert record.plan == result.plan and record.applied_at is not None
    assert record.summary["tasks"] == {"unchanged": 0, "changed": 0, "added": 83, "removed": 0}
    assert record.summary["created"] is True
    assert result.plan.tasks.count() == 83
    apply_entry = AuditEntry.objects.filter(target_type="plans.planimport").latest("id")
    assert apply_entry.after["stage"] == "apply"
    assert apply_entry.parent_id == str(result.plan.pk)

    before = db_counts()
    with pytest.raises(ValidationError, match="已经处理过"):
        plan_import_apply(actor=plan_office, record=record)
    with pytest.raises(ValidationError, match="已经处理过"):
        plan_import_discard(actor=plan_office, record=record)
    assert db_counts() == before


def test_discarded_upload_cannot_be_applied(plan_office, huoshan, media_root):
    record = plan_import_upload(
        actor=plan_office, region=huoshan, filename="2023.docx", data=small_plan_docx("开发区")
    )
    plan_import_discard(actor=plan_office, record=record)
    record.refresh_from_db()
    assert record.status == ImportStatus.DISCARDED
    entry = AuditEntry.objects.filter(target_type="plans.planimport").latest("id")
    assert (entry.before, entry.after) == ({"status": "preview"}, {"status": "discarded"})
    with pytest.raises(ValidationError, match="已经处理过"):
        plan_import_apply(actor=plan_office, record=record)
    assert not Plan.objects.exists()


def test_a_plan_without_a_year_is_refused(plan_office, huoshan):
    data = small_plan_docx("开发区", title="霍山县工业重点工作安排")
    before = db_counts()
    with pytest.raises(ValidationError, match="年度"):
        apply_bytes(plan_office, huoshan, data, "无年度.docx")
    assert db_counts() == before
