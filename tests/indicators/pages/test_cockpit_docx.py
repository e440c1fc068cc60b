"""The cockpit as a Word report (indicators.exports): the same rows, labels and units as the
page's context, the county comparison only for city and province users, an audit entry for
every download, and a file LibreOffice opens."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from docx import Document
from docx.enum.section import WD_ORIENT

from gongye.audit.models import AuditEntry
from gongye.indicators.exports import (
    COUNTY_HEADERS,
    DEADLINE_HEADERS,
    RED_HEADERS,
    TARGET_HEADERS,
    UNIT_HEADERS,
    cockpit_docx,
    cockpit_docx_export,
)
from gongye.indicators.models import Observation
from gongye.indicators.selectors import cockpit_page, plan_pick
from gongye.plans.models import Target
from tests.conftest import HUOSHAN
from tests.dispatch.test_bulletin import _to_pdf

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def output(small_plan):
    """The small plan's one target (规上工业产值 200亿元)."""
    return small_plan.targets.get(name__contains="规上工业产值")


@pytest.fixture
def figures(output, record):
    """A June figure on pace (达标), and two more targets: one without figures (暂无数据) and
    one withdrawn, which no page or report shows."""
    record(output, 6, "130")
    for seq, name, active in ((2, "测试指标甲", True), (3, "已撤销指标", False)):
        Target.objects.create(
            plan=output.plan,
            seq=seq,
            name=name,
            kind=output.kind,
            comparator=output.comparator,
            value=Decimal("100"),
            unit="亿元",
            is_active=active,
        )


def _ctx(user, **query):
    """The cockpit page as the view builds it for ``query``."""
    pick = plan_pick(user, region=query.get("region", ""), year=query.get("year"))
    return cockpit_page(user, plan=pick.plan, indicator=query.get("indicator", ""))


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _table(document, headers: list[str]) -> list[list[str]] | None:
    """The body rows of the table whose header row is ``headers``."""
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0] == headers:
            return rows[1:]
    return None


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_report_says_what_the_page_says(persona, output, figures):
    ctx = _ctx(persona("county_leader"))
    document = _open(cockpit_docx(ctx))
    texts = _texts(document)
    assert texts[0] == "霍山县2022年工业经济目标完成情况（驾驶舱）"
    assert document.core_properties.title == texts[0]
    assert "（含演示数据）" not in "".join(texts)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)

    overview = texts[texts.index("一、总体情况") + 1]
    assert "共设量化目标2项" in overview
    assert "达标1项、接近0项、落后0项、暂无数据1项" in overview

    targets = _table(document, TARGET_HEADERS)
    active = list(output.plan.targets.filter(is_active=True).order_by("seq"))
    assert [row[1] for row in targets] == [t.name for t in active]
    assert [row[7] for row in targets] == [r.status_label for r in ctx.rows]
    assert [row[7] for row in targets] == ["达标", "暂无数据"]
    assert targets[0][2:7] == ["200亿元", "130", "6月", "120", "108.3%"]
    assert "已撤销指标" not in "".join("".join(row) for row in targets)

    units = _table(document, UNIT_HEADERS)
    bulletin = ctx.bulletin
    assert bulletin.units  # both tasks of the small plan were due in January
    assert units == [
        [str(u.rank), u.name, str(u.due), str(u.done), str(u.on_time), u.on_time_text]
        for u in bulletin.units
    ]

    # the plan's year is over: both January tasks are open and overdue, nothing due this month
    red = _table(document, RED_HEADERS)
    assert [row[1].split("：")[0] for row in red] == [str(t).split("：")[0] for t in ctx.red]
    assert [row[3] for row in red] == [t.supervision.due.isoformat() for t in ctx.red]
    assert red[0][1] == "1月第1项：完成测试工作。" and red[0][2] == "科技经信局"
    deadlines = texts[
        texts.index(f"（二）本月到期事项（{ctx.today.year}年{ctx.today.month}月）") + 1
    ]
    assert deadlines == "无。"

    assert not any(t.startswith("六、") for t in texts)
    assert _table(document, COUNTY_HEADERS) is None


def test_deadlines_of_the_month_in_progress(persona, small_plan):
    with time_machine.travel(dt.datetime(2022, 1, 20, 9, tzinfo=SHANGHAI), tick=False):
        ctx = _ctx(persona("county_leader"))
        document = _open(cockpit_docx(ctx))
    texts = _texts(document)
    assert texts[1] == "（截至2022年1月20日）"
    assert texts[texts.index("（一）逾期未完成事项") + 1] == "无。"
    assert texts[texts.index("三、全部目标完成情况") + 1] != "该计划没有量化目标。"
    deadlines = _table(document, DEADLINE_HEADERS)
    assert [row[1] for row in deadlines] == ["1月第1项：完成测试工作。", "1月第2项：完成第二项。"]
    assert [row[3] for row in deadlines] == [t.supervision.due.isoformat() for t in ctx.deadlines]


def test_city_leader_gets_the_county_comparison(persona, output, figures):
    ctx = _ctx(persona("city_leader"), region=HUOSHAN)
    assert ctx.upper and ctx.counties
    document = _open(cockpit_docx(ctx))
    assert any(t.startswith("六、各县（区）对比") for t in _texts(document))
    counties = _table(document, COUNTY_HEADERS)
    assert [row[2] for row in counties] == ["霍山县"]
    assert counties[0][3:7] == ["2", "1", "0", "0"]  # 目标数, 达标, 接近, 落后
    assert counties[0][7] == "50.0%"


def test_demo_figures_are_labelled(persona, output, figures):
    Observation.objects.filter(target=output).update(is_demo=True)
    ctx = _ctx(persona("county_leader"))
    assert ctx.demo
    document = _open(cockpit_docx(ctx))
    assert _texts(document)[0] == "霍山县2022年工业经济目标完成情况（驾驶舱）（含演示数据）"
    assert _table(document, TARGET_HEADERS)[0][1] == f"{output.name}（演示数据）"


def test_export_is_audited(persona, output, figures):
    leader = persona("county_leader")
    ctx = _ctx(leader)
    before = AuditEntry.objects.filter(verb="export").count()
    content = cockpit_docx_export(actor=leader, page=ctx)
    assert _open(content).paragraphs[0].text.startswith("霍山县2022年")
    entries = AuditEntry.objects.filter(verb="export")
    assert entries.count() == before + 1
    entry = entries.latest("id")
    assert entry.actor_id == leader.pk
    assert entry.target_id == str(output.plan.pk)
    assert entry.after["view"] == "cockpit" and entry.after["format"] == "docx"
    assert entry.after["targets"] == 2 and entry.after["bytes"] == len(content)


def test_libreoffice_opens_the_report(persona, output, figures, tmp_path):
    ctx = _ctx(persona("city_leader"), region=HUOSHAN)
    source = tmp_path / "cockpit.docx"
    source.write_bytes(cockpit_docx(ctx))
    pdf = _to_pdf(source, tmp_path, tmp_path / "lo-profile")
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert boxes, "no page size in the PDF"
    width, height = (float(v) for v in boxes[0])
    assert width > height  # landscape A4: 842 × 595 points
    assert round(width) == 842 and round(height) == 595


def test_download_from_the_page_for_a_city_leader(client, persona, output, figures):
    """The page's Word button: the counties side by side and the indicator chosen on the page
    (总量、速度、位次), and an audit entry of the download."""
    from django.urls import reverse

    from gongye.audit.models import AuditEntry
    from gongye.indicators.comparison import indicator_key
    from gongye.indicators.exports import INDICATOR_HEADERS

    leader = persona("city_leader")
    client.force_login(leader)
    query = {"region": HUOSHAN, "year": 2022, "indicator": indicator_key(output.name)}
    page = client.get(reverse("front:cockpit"), query)
    assert 'id="export-docx"' in page.content.decode()
    response = client.get(reverse("front:cockpit_docx"), query)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = _open(response.content)
    texts = _texts(document)
    assert f"（一）分指标对比：{output.name}" in texts
    rows = _table(document, INDICATOR_HEADERS)
    assert [row[:5] for row in rows] == [["霍山县", "200亿元", "130（6月）", "1", "—"]]
    entry = AuditEntry.objects.filter(verb="export").latest("id")
    assert entry.actor_id == leader.pk and entry.after["format"] == "docx"
    assert entry.after["counties"] == 1
