"""The register's forms write through the services: a project registered and edited, paired,
moved through 三库 with its dates and proof, a file added, a 月30 return filed with photos.
Bad input (negative money, a start without proof, a future date, a photo that is not one) is
refused with a Chinese message naming the field, and nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.projects.choices import ProjectStage, ProjectVerb
from gongye.projects.models import Project, ProjectDocument, ProjectReturn
from tests.conftest import TINY_PDF
from tests.enterprises.factories import EnterpriseFactory, IndustryChainFactory
from tests.projects.factories import on

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _facts(unit, **changes) -> dict:
    facts = {
        "name": "五洲新春轴承项目",
        "kind": "new",
        "location": unit("开发区").pk,
        "unit": unit("开发区").pk,
        "total_investment": "52000",
        "fixed_asset_investment": "48000",
        "equipment_investment": "30000",
        "planned_start_on": "2022-05-01",
        "planned_produce_on": "2023-12-31",
    }
    facts.update(changes)
    return facts


# ----- registering and editing


def test_the_plan_office_registers_a_project(plan_office, unit):
    enterprise = EnterpriseFactory(name="五洲新春轴承有限公司")
    chain = IndustryChainFactory(name="高端装备制造", links=["零部件", "整机"])
    response = _client(plan_office).post(
        "/projects/new/",
        _facts(unit, enterprise="五洲新春轴承有限公司", chain=chain.pk, chain_link="零部件"),
    )
    project = Project.objects.get(name="五洲新春轴承项目")
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.enterprise == enterprise
    assert project.stage == ProjectStage.RESERVE
    assert project.total_investment == Decimal("52000")
    assert project.planned_start_on == dt.date(2022, 5, 1)
    assert project.chain == chain and project.chain_link == "零部件"
    entry = AuditEntry.objects.get(verb=ProjectVerb.CREATE, target_id=str(project.pk))
    assert entry.actor == plan_office


def test_the_builder_may_be_named_by_its_credit_code_or_given_before_it_registers(
    plan_office, unit
):
    enterprise = EnterpriseFactory(name="五洲新春轴承有限公司")
    client = _client(plan_office)
    client.post("/projects/new/", _facts(unit, enterprise=enterprise.credit_code.lower()))
    assert Project.objects.get().enterprise == enterprise
    client.post("/projects/new/", _facts(unit, name="新昕项目", enterprise_name="新昕汽车零部件"))
    assert Project.objects.get(name="新昕项目").builder == "新昕汽车零部件"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"total_investment": "-100"}, "total_investment", "投资额不能为负数。"),
        ({"equipment_investment": "一百"}, "equipment_investment", "应填写数字（万元）。"),
        ({"fixed_asset_investment": "60000"}, "fixed_asset_investment", "不能超过总投资"),
        ({"signed_on": "2099-01-01"}, "signed_on", "签约日期不能晚于今天"),
        ({"planned_produce_on": "2022-01-01"}, "planned_produce_on", "计划日期应依次为"),
        ({"enterprise": "没有这家公司"}, "enterprise", "企业库中未找到“没有这家公司”"),
        ({"enterprise_name": ""}, "enterprise_name", "请选择企业库中的项目单位"),
        ({"total_investment": ""}, "total_investment", "必填项"),
    ],
)
def test_bad_facts_are_said_on_their_field_and_nothing_is_written(
    plan_office, unit, changes, field, message
):
    facts = _facts(unit, **{"enterprise_name": "五洲新春轴承", **changes})
    response = _client(plan_office).post("/projects/new/", facts)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors.get(field, [])), errors
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(verb=ProjectVerb.CREATE).exists()


def test_a_township_liaison_registers_only_its_own_townships_projects(coop_liaison, unit):
    client = _client(coop_liaison)
    form = client.get("/projects/new/").context["form"]
    assert [u.name for u in form.fields["location"].queryset] == ["衡山镇"]
    assert form.initial["location"] == unit("衡山镇").pk
    # another township's, posted anyway, is not among the choices: said, nothing written
    response = client.post("/projects/new/", _facts(unit, enterprise_name="竹木公司"))
    assert response.status_code == 200
    assert response.context["form"].errors["location"]
    client.post(
        "/projects/new/",
        _facts(unit, enterprise_name="竹木公司", location=unit("衡山镇").pk),
    )
    assert Project.objects.get().location == unit("衡山镇")


def test_a_bureau_may_not_register(persona):
    assert _client(persona("statistics")).get("/projects/new/").status_code == 403


def test_the_unit_edits_its_project(lead_liaison, kfq_project, unit):
    client = _client(lead_liaison)
    form = client.get(f"/projects/{kfq_project.pk}/edit/").context["form"]
    assert "unit" not in form.fields  # the unit changes by pairing
    assert form.initial["total_investment"] == Decimal("8000")
    response = client.post(
        f"/projects/{kfq_project.pk}/edit/",
        _facts(unit, name="智能装备产业园（一期）", enterprise_name="甲公司", kind="expansion"),
    )
    assert response.status_code == 302
    kfq_project.refresh_from_db()
    assert kfq_project.name == "智能装备产业园（一期）"
    assert kfq_project.total_investment == Decimal("52000")
    entry = AuditEntry.objects.get(verb=ProjectVerb.UPDATE)
    assert entry.after["name"] == "智能装备产业园（一期）"


def test_an_edit_with_negative_money_changes_nothing(unit_head, kfq_project, unit):
    response = _client(unit_head).post(
        f"/projects/{kfq_project.pk}/edit/",
        _facts(unit, enterprise_name="甲公司", equipment_investment="-1"),
    )
    assert response.status_code == 200
    assert "投资额不能为负数。" in response.content.decode()
    kfq_project.refresh_from_db()
    assert kfq_project.name == "开发区智能装备产业园"
    assert not AuditEntry.objects.filter(verb=ProjectVerb.UPDATE).exists()


def test_the_plan_office_pairs_a_project_with_a_unit(plan_office, kfq_project, unit):
    response = _client(plan_office).post(
        f"/projects/{kfq_project.pk}/pair/", {"leader": "", "unit": unit("衡山镇").pk}
    )
    assert response.status_code == 302
    kfq_project.refresh_from_db()
    assert kfq_project.unit == unit("衡山镇") and kfq_project.paired_leader is None
    assert AuditEntry.objects.filter(verb=ProjectVerb.PAIR).count() == 1


def test_the_pair_form_offers_the_regions_leaders(plan_office, kfq_project, persona):
    persona("city_leader")
    form = _client(plan_office).get(f"/projects/{kfq_project.pk}/pair/").context["form"]
    names = {u.username for u in form.fields["leader"].queryset}
    assert names == {"county_leader", "city_leader"}
    assert form.initial["leader"] == persona("county_leader").pk


# ----- moves


def _move(client, project, action, **fields):
    data = {"action": action, **{f"move-{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/projects/{project.pk}/move/", data, follow=True)


def test_a_start_without_proof_is_refused_and_nothing_moves(lead_liaison, kfq_project, media):
    response = _move(_client(lead_liaison), kfq_project, "start", on="2022-03-01")
    assert "开工须上传施工许可证或现场照片作为佐证。" in _messages(response)
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.RESERVE and kfq_project.started_on is None
    assert not AuditEntry.objects.filter(verb=ProjectVerb.START).exists()


def test_a_start_with_photos_moves_the_project_into_construction(lead_liaison, kfq_project, media):
    response = _move(
        _client(lead_liaison),
        kfq_project,
        "start",
        on="2022-03-01",
        proof_kind="photo",
        proof=[SimpleUploadedFile("工地1.png", PNG), SimpleUploadedFile("工地2.png", PNG)],
    )
    assert "已开工，项目进入在建库。" in _messages(response)
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.BUILDING
    assert kfq_project.started_on == dt.date(2022, 3, 1)
    photos = ProjectDocument.objects.filter(project=kfq_project, kind="photo")
    assert sorted(p.name for p in photos) == ["工地1.png", "工地2.png"]
    assert response.context["project"].stage == ProjectStage.BUILDING


def test_a_start_with_a_photo_that_is_not_one_writes_nothing(lead_liaison, kfq_project, media):
    response = _move(
        _client(lead_liaison),
        kfq_project,
        "start",
        on="2022-03-01",
        proof_kind="photo",
        proof=SimpleUploadedFile("工地.png", TINY_PDF),
    )
    assert any("内容不是图片" in m for m in _messages(response)), _messages(response)
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.RESERVE
    assert not ProjectDocument.objects.exists()


def test_a_move_dated_in_the_future_is_refused(plan_office, kfq_project, media):
    with time_machine.travel(on(2022, 6, 10), tick=False):
        response = _move(
            _client(plan_office),
            kfq_project,
            "start",
            on="2022-06-11",
            proof=SimpleUploadedFile("许可证.pdf", TINY_PDF),
        )
    assert "开工日期：日期不能晚于今天。" in _messages(response)
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.RESERVE
    assert not ProjectDocument.objects.exists()


def test_a_project_given_up_needs_its_reason(plan_office, kfq_project):
    client = _client(plan_office)
    response = _move(client, kfq_project, "cancel", on="2022-03-01", reason="")
    assert "原因：请填写原因。" in _messages(response)
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.RESERVE
    _move(client, kfq_project, "cancel", on="2022-03-01", reason="企业投资意向变化")
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.CANCELLED
    assert kfq_project.cancel_reason == "企业投资意向变化"


def test_a_liaison_may_not_give_a_project_up(lead_liaison, kfq_project):
    response = _client(lead_liaison).post(
        f"/projects/{kfq_project.pk}/move/",
        {"action": "cancel", "move-cancel-on": "2022-03-01", "move-cancel-reason": "不建了"},
    )
    assert response.status_code == 403
    assert "管理项目库" in response.content.decode()


def test_an_unknown_move_is_said(plan_office, kfq_project):
    response = _move(_client(plan_office), kfq_project, "fly")
    assert "无法识别的操作。" in _messages(response)


# ----- files


def test_a_file_is_added_and_a_photo_must_be_a_picture(unit_head, kfq_project, media):
    client = _client(unit_head)
    url = f"/projects/{kfq_project.pk}/documents/new/"
    bad = client.post(
        url, {"kind": "photo", "file": SimpleUploadedFile("现场.jpg", TINY_PDF)}, follow=True
    )
    assert any("内容不是图片" in m for m in _messages(bad))
    assert not ProjectDocument.objects.exists()
    good = client.post(
        url, {"kind": "permit", "file": SimpleUploadedFile("许可证.pdf", TINY_PDF)}, follow=True
    )
    assert "材料已上传。" in _messages(good)
    document = ProjectDocument.objects.get()
    assert (document.kind, document.name, document.content_type) == (
        "permit",
        "许可证.pdf",
        "application/pdf",
    )
    assert AuditEntry.objects.filter(verb=ProjectVerb.DOCUMENT).count() == 1


def test_a_reader_may_not_add_a_file(statistics, kfq_project, media):
    response = _client(statistics).post(
        f"/projects/{kfq_project.pk}/documents/new/",
        {"kind": "permit", "file": SimpleUploadedFile("许可证.pdf", TINY_PDF)},
    )
    assert response.status_code == 403
    assert not ProjectDocument.objects.exists()


# ----- the 月30 return form


@pytest.fixture
def building(kfq_project):
    kfq_project.stage = ProjectStage.BUILDING
    kfq_project.started_on = dt.date(2022, 3, 10)
    kfq_project.save()
    return kfq_project


def _return(**changes) -> dict:
    data = {
        "year": "2022",
        "month": "5",
        "investment_month": "300",
        "investment_total": "300",
        "progress": "主体结构施工",
        "problems": "",
    }
    data.update(changes)
    return data


def test_a_return_is_filed_with_photos(lead_liaison, building, media):
    client = _client(lead_liaison)
    with time_machine.travel(on(2022, 6, 10), tick=False):
        form = client.get(f"/projects/{building.pk}/returns/new/").context["form"]
        # the newest month owed and not filed is offered
        assert (form.initial["year"], form.initial["month"]) == (2022, 6)
        response = client.post(
            f"/projects/{building.pk}/returns/new/",
            _return(
                photos=[SimpleUploadedFile("进度1.png", PNG), SimpleUploadedFile("进度2.png", PNG)]
            ),
        )
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{building.pk}/#returns"
    filed = ProjectReturn.objects.get()
    assert (filed.year, filed.month, filed.investment_total) == (2022, 5, Decimal("300"))
    assert filed.on_time is False  # 10 June: May's return was due on 30 May
    assert sorted(p.name for p in filed.photos.all()) == ["进度1.png", "进度2.png"]
    assert AuditEntry.objects.filter(verb=ProjectVerb.RETURN_FILE).count() == 1


def test_a_filed_month_is_offered_for_correction(lead_liaison, building, media):
    client = _client(lead_liaison)
    with time_machine.travel(on(2022, 5, 20), tick=False):
        client.post(f"/projects/{building.pk}/returns/new/", _return())
        response = client.get(f"/projects/{building.pk}/returns/new/?year=2022&month=5")
    assert response.context["form"].initial["investment_total"] == Decimal("300")
    assert 'id="correcting"' in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"investment_month": "-5"}, "investment_month", "投资额不能为负数。"),
        ({"investment_total": "9000"}, "investment_total", "超过项目总投资 8000"),
        ({"month": "7"}, "month", "2022年7月还没有到，不能报送。"),
        ({"progress": " "}, "progress", "必填项"),
    ],
)
def test_a_bad_return_is_said_and_nothing_is_written(
    lead_liaison, building, media, changes, field, message
):
    with time_machine.travel(on(2022, 6, 10), tick=False):
        response = _client(lead_liaison).post(
            f"/projects/{building.pk}/returns/new/",
            _return(photos=SimpleUploadedFile("进度.png", PNG), **changes),
        )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors.get(field, [])), errors
    assert not ProjectReturn.objects.exists()
    assert not ProjectDocument.objects.exists()


def test_a_return_photo_that_is_not_a_picture_writes_nothing(lead_liaison, building, media):
    with time_machine.travel(on(2022, 6, 10), tick=False):
        response = _client(lead_liaison).post(
            f"/projects/{building.pk}/returns/new/",
            _return(photos=SimpleUploadedFile("进度.jpg", TINY_PDF)),
        )
    assert response.status_code == 200
    assert "内容不是图片" in response.content.decode()
    assert not ProjectReturn.objects.exists()
    assert not ProjectDocument.objects.exists()
