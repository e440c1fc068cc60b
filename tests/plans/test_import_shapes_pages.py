"""The import preview for documents of other shapes (issue 11, item 15): a unit name whose
region prefix does not fit the county is asked about like an unknown name, with the reason;
target kinds read as words (Chinese, or English in English mode); an indicator table's rows
become targets linked to their tasks, and so to their lead units."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongye.orgs.models import Unit, UnitAlias
from gongye.plans.models import Plan, PlanImport, Target
from gongye.plans.tests.parsing.builders import build_docx

TITLE = "霍山县2023年工业经济工作要点"


def _kpi_docx(lead: str, cooperating: str = "统计局") -> bytes:
    return build_docx(
        [
            TITLE,
            [
                ["指标名称", "单位", "2023年目标", "指标属性", "牵头单位", "配合单位"],
                ["规上工业增加值增速", "%", "10", "预期性", lead, cooperating],
                ["新增规上工业企业", "家", "20", "预期性", "科技经信局", "相关乡镇"],
                ["单位工业增加值能耗下降", "%", "3", "约束性", "发改委", "科技经信局"],
            ],
        ]
    )


def _upload(client: Client, data: bytes, name: str = "要点.docx") -> PlanImport:
    response = client.post("/plans/import/", {"document": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    return PlanImport.objects.latest("pk")


def _unknown_names(page: str) -> list[str]:
    return re.findall(r'class="fw-semibold unknown-name">([^<]+)<', page)


@pytest.fixture
def office(plan_office, settings, tmp_path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(plan_office)
    return client


def test_a_prefix_of_another_region_is_asked_about_with_the_reason(office, unit) -> None:
    record = _upload(office, _kpi_docx("某某区科技经信局", "金寨县统计局、县统计局"))
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    # not resolved silently to the county's 科技经信局 / 统计局: asked, like an unknown name
    assert _unknown_names(page) == ["某某区科技经信局", "金寨县统计局"]
    assert "前缀“某某区”与导入的区划“霍山县”不符" in page
    assert "前缀“金寨县”与导入的区划“霍山县”不符" in page
    assert "并非本区划的“科技经信局”" in page
    assert 'id="import-apply" disabled' in page
    # a prefix that fits the county (县…) is no question
    assert "县统计局" not in _unknown_names(page)
    # applying now is refused, nothing written
    office.post(f"/plans/import/{record.pk}/apply/")
    assert not Plan.objects.filter(year=2023).exists()
    # the plan office says what each is: the first is the county's bureau after all (an alias
    # is kept), the second a unit of its own
    office.post(
        f"/plans/import/{record.pk}/resolve/",
        {"prefix": "n0", "n0-name": "某某区科技经信局", "n0-unit": unit("科技经信局").pk},
    )
    office.post(
        f"/plans/import/{record.pk}/resolve/",
        {"prefix": "n1", "n1-name": "金寨县统计局", "n1-new_kind": "bureau"},
    )
    assert UnitAlias.objects.filter(name="某某区科技经信局", unit__name="科技经信局").exists()
    assert Unit.objects.filter(name="金寨县统计局", region=record.region).exists()
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    assert _unknown_names(page) == []
    response = office.post(f"/plans/import/{record.pk}/apply/")
    plan = Plan.objects.get(region=record.region, year=2023)
    assert response["Location"] == f"/plans/{plan.pk}/"
    growth = Target.objects.get(plan=plan, name="规上工业增加值增速")
    assert growth.task is not None and growth.task.cooperating_names == ["金寨县统计局", "统计局"]


def test_a_fitting_prefix_is_resolved_without_asking(office) -> None:
    record = _upload(office, _kpi_docx("霍山县科技经信局", "六安市霍山县统计局"))
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    assert _unknown_names(page) == []
    assert 'id="import-apply" disabled' not in page


def test_a_city_prefix_names_the_citys_unit_not_the_countys(office) -> None:
    record = _upload(office, _kpi_docx("六安市科技经信局"))
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    assert _unknown_names(page) == ["六安市科技经信局"]
    assert "前缀“六安市”与导入的区划“霍山县”不符" in page


def _kinds(page: str) -> list[str]:
    return re.findall(r'class="target-kind" data-kind="[a-z_]+">([^<]+)<', page)


def test_target_kinds_read_as_words_with_lead_units(office) -> None:
    record = _upload(office, _kpi_docx("科技经信局"))
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    assert _kinds(page) == ["增长率", "新增数量", "增长率"]
    for code in (">growth<", ">count<", ">level<"):
        assert code not in page
    assert "不低于 10%" in page and "预期性" in page and "约束性" in page
    row = re.search(r"<tr><td>新增规上工业企业</td>.*?</tr>", page, re.S)
    assert row is not None and "<td>科技经信局</td>" in row.group(0)
    assert "2023-12-31" in row.group(0)


def test_target_kinds_and_the_prefix_reason_in_english_mode(office, settings) -> None:
    record = _upload(office, _kpi_docx("某某区科技经信局", "数据资源中心"))
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = office.get(f"/plans/import/{record.pk}/").content.decode()
    assert _kinds(page) == ["Growth rate", "Number added", "Growth rate"]
    assert "At least 10%" in page
    assert "The prefix “某某区” does not fit 霍山县" in page
    assert "No unit of the register has this name." in page  # 数据资源中心: simply unknown


def test_an_indicator_table_imports_targets_linked_to_their_tasks(office) -> None:
    record = _upload(office, _kpi_docx("科技经信局"))
    office.post(f"/plans/import/{record.pk}/apply/")
    plan = Plan.objects.get(region=record.region, year=2023)
    rows = [
        (t.name, t.kind, t.value, t.unit, t.source, t.lead_names, t.task.text if t.task else None)
        for t in plan.targets.order_by("seq")
    ]
    assert rows == [
        (
            "规上工业增加值增速",
            "growth",
            10,
            "%",
            "table",
            ["科技经信局"],
            "规上工业增加值增速：10%",
        ),
        ("新增规上工业企业", "count", 20, "家", "table", ["科技经信局"], "新增规上工业企业：20家"),
        (
            "单位工业增加值能耗下降",
            "growth",
            3,
            "%",
            "table",
            ["发改委"],
            "单位工业增加值能耗下降：3%",
        ),
    ]
    detail = office.get(f"/plans/{plan.pk}/").content.decode()
    assert re.search(r'<td class="small target-lead">科技经信局</td>', detail)
    # the same document again changes nothing: tasks and targets keep their identity
    again = _upload(office, _kpi_docx("科技经信局"), "要点2.docx")
    office.post(f"/plans/import/{again.pk}/apply/")
    again.refresh_from_db()
    assert again.summary["targets"] == {"unchanged": 3, "changed": 0, "added": 0, "removed": 0}
