"""The monthly dispatch bulletin, hand-checked on the eleven-task scenario (conftest) for June
2022, its Word and Excel files (opened by LibreOffice), and who may read it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from fractions import Fraction

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry
from gongye.dispatch.bulletin import (
    LeadUnit,
    TaskFacts,
    bulletin_data,
    bulletin_docx,
    bulletin_xlsx,
    compute_bulletin,
)
from tests.conftest import HUOSHAN

from .conftest import SHANGHAI

JULY_5 = dt.date(2022, 7, 5)


@pytest.fixture
def june(scenario, org):
    return bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5)


def test_june_totals_by_hand(june):
    t = june.totals
    # due by 30 June: 4月1,2 5月1,2,3,4 6月1,2 (6月3 was postponed to August) = 8
    # done by 30 June: 4月1, 4月2, 5月1, 6月2 (6月1 closed on 2 July does not count) = 4
    # on time: 4月1, 5月1, 6月2 = 3; open: 5月2, 5月3, 5月4, 6月1 = 4, all overdue
    assert (t.year_total, t.due, t.done, t.done_on_time, t.open, t.overdue) == (11, 8, 4, 3, 4, 4)
    assert t.ahead == 1  # 7月1 closed on 20 June
    assert t.year_done == 5
    assert (t.completion_text, t.on_time_text) == ("50.0%", "37.5%")
    assert june.as_of == dt.date(2022, 6, 30) and june.month_complete
    assert june.title == "霍山县2022年工业及民营经济工作6月调度通报"


def test_june_unit_rates_and_ranking_by_hand(june):
    rows = [(u.rank, u.name, u.due, u.done, u.on_time) for u in june.units]
    assert rows == [
        # 4月1 ✓, 5月1 ✓, 6月1 ✗ (closed in July), 6月2 ✓ → 3/4, 3/4
        (1, "科技经信局", 4, 3, 3),
        # 4月2 ✓ late, 5月2 ✗, 6月2 ✓ → 2/3, 1/3
        (2, "开发区", 3, 2, 1),
        # 0/1 and 0/1: equal rates share the place, then by name (统 U+7EDF < 金 U+91D1)
        (3, "统计局", 1, 0, 0),
        (3, "金融服务中心", 1, 0, 0),
    ]
    texts = {u.name: (u.completion_text, u.on_time_text) for u in june.units}
    assert texts["科技经信局"] == ("75.0%", "75.0%")
    assert texts["开发区"] == ("66.7%", "33.3%")
    assert texts["金融服务中心"] == ("0.0%", "0.0%")


def test_june_red_list_by_hand(june):
    red = [(r.task.label, r.task.lead_text, r.days_overdue, r.reason) for r in june.red]
    assert red == [
        ("5月第2项", "开发区", 31, "用地报批未完成"),  # the state's own reason
        ("5月第3项", "金融服务中心", 31, "等待省厅批复"),  # latest report not returned
        ("5月第4项", "统计局", 31, ""),
        ("6月第1项", "科技经信局", 1, ""),  # due 30 June, still open on 1 July
    ]


def test_half_year_check_fails_at_five_of_eleven(june):
    h = june.half_year
    # 4月1, 4月2, 5月1, 6月2 and 7月1 (early) closed by 30 June: 5 of 11 = 45.5% < 60%
    assert (h.total, h.done, h.required, h.checked, h.final) == (11, 5, 7, 1, True)
    assert h.ratio_text == "45.5%" and not h.passed


def test_may_shows_the_pace_toward_june(scenario, org):
    may = bulletin_data(org[HUOSHAN], 2022, 5, today=JULY_5)
    assert (may.totals.due, may.totals.done, may.totals.overdue) == (6, 3, 3)
    h = may.half_year
    # pace: 60% over six months = 10% a month → ⌈11 × 50%⌉ = 6 by the end of May
    assert (h.checked, h.done, h.expected_now, h.required, h.remaining) == (False, 3, 6, 7, 4)
    assert not h.on_pace


def test_month_in_progress_is_as_of_today(scenario, org):
    mid = bulletin_data(org[HUOSHAN], 2022, 6, today=dt.date(2022, 6, 20))
    assert mid.as_of == dt.date(2022, 6, 20) and not mid.month_complete
    # 6月1 (due 30 June) is not overdue yet; 7月1 closed on the 20th counts
    assert (mid.totals.done, mid.totals.overdue, mid.totals.year_done) == (4, 3, 5)
    assert not mid.half_year.final


def _facts(n: int, done: int) -> list[TaskFacts]:
    unit = LeadUnit(1, "科技经信局")
    return [
        TaskFacts(
            id=i,
            position=i,
            month=6,
            period_label="6月",
            seq=i,
            text="事项",
            due=dt.date(2022, 6, 30),
            closed_on=dt.date(2022, 6, 1) if i < done else None,
            closed_on_time=True if i < done else None,
            state="done" if i < done else "in_progress",
            percent=100 if i < done else 50,
            leads=(unit,),
            lead_text=unit.name,
            delay_reason="",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("n", "done", "passed", "required"),
    [(10, 6, True, 6), (10, 5, False, 6), (83, 50, True, 50), (83, 49, False, 50)],
)
def test_sixty_percent_boundary(n, done, passed, required):
    data = compute_bulletin(_facts(n, done), year=2022, month=6, today=JULY_5)
    assert data.half_year.passed is passed
    assert data.half_year.required == required
    assert data.half_year.ratio == Fraction(done, n)


def test_bulletin_reads_a_constant_number_of_queries(
    scenario, seed_plan_other_year, org, django_assert_max_num_queries
):
    # the plan, the office that signs it (落款), the tasks' facts (three)
    with django_assert_max_num_queries(5):
        bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5)
    with django_assert_max_num_queries(5):
        bulletin_data(org[HUOSHAN], 2021, 6, today=JULY_5)


@pytest.fixture
def seed_plan_other_year(org):
    """The 83-task seed plan as Huoshan's 2021 plan, beside the scenario's 2022 plan."""
    from django.conf import settings

    from gongye.plans.services import plan_apply_parsed, plan_document_parse

    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=org[HUOSHAN], data=path.read_bytes(), filename=path.name, year=2021
    )
    return plan_apply_parsed(
        actor=None, region=org[HUOSHAN], parsed=parsed, resolver=resolver, filename=path.name
    ).plan


# --------------------------------------------------------------------------- files


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("|".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_docx_says_the_figures_in_official_style(june):
    content = bulletin_docx(june)
    text = _docx_text(content)
    # the title breaks between its parts, never inside a word (调度/通报)
    assert text.startswith("霍山县2022年工业及民营经济工作\n6月调度通报\n第6期\n")
    for heading in ("一、总体情况", "二、各单位完成情况", "三、逾期未完成事项", "四、下步工作要求"):
        assert heading in text
    assert "全年重点工作共11项" in text
    assert "的8项中，已完成4项，其中按时完成3项，完成率50.0%，按时完成率37.5%" in text
    assert "未完成4项，其中逾期未完成4项" in text
    assert "全年11项重点工作已完成5项，占45.5%，未达到60%的要求" in text
    assert "1|科技经信局|4|3|3|75.0%|75.0%" in text
    assert "2|开发区|3|2|1|66.7%|33.3%" in text
    assert "3|金融服务中心|1|0|0|0.0%|0.0%" in text
    assert "2|5月第3项：完成戊项工作。|金融服务中心|2022-05-31|31|等待省厅批复" in text
    assert "4|6月第1项：完成庚项工作。|科技经信局|2022-06-30|1|未说明" in text
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    xml = document.element.xml
    for font in ("方正小标宋简体", "黑体"):
        assert f'w:eastAsia="{font}"' in xml
    styles = document.styles.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in styles


def test_xlsx_has_three_sheets_with_the_figures(june):
    wb = load_workbook(io.BytesIO(bulletin_xlsx(june)))
    assert wb.sheetnames == ["总体情况", "单位排名", "逾期清单"]
    overview = {row[0]: row[1] for row in wb["总体情况"].iter_rows(min_row=4, values_only=True)}
    assert overview["全年重点工作（项）"] == 11
    assert overview["完成时限在6月底前（项）"] == 8
    assert overview["已完成（项）"] == 4
    assert overview["按时完成（项）"] == 3
    assert overview["逾期未完成（项）"] == 4
    assert overview["完成率"] == "50.0%"
    assert overview["时间过半、任务过六"] == "45.5%"
    assert overview["结论"] == "未达标"
    ranking = [row[:7] for row in wb["单位排名"].iter_rows(min_row=4, values_only=True)]
    assert ranking[0] == (1, "科技经信局", 4, 3, 3, "75.0%", "75.0%")
    assert [r[1] for r in ranking] == ["科技经信局", "开发区", "统计局", "金融服务中心"]
    red = [row for row in wb["逾期清单"].iter_rows(min_row=4, values_only=True)]
    assert [(r[1], r[5], r[6]) for r in red] == [
        ("5月第2项", 31, "用地报批未完成"),
        ("5月第3项", 31, "等待省厅批复"),
        ("5月第4项", 31, "未说明"),
        ("6月第1项", 1, "未说明"),
    ]
    assert wb["单位排名"].cell(row=3, column=1).font.name == "黑体"


def _to_pdf(path, outdir, profile) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = outdir / (path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF of {path.name}"
    return pdf.read_bytes()


def _pdf_text(pdf: bytes, tmp_path) -> str | None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [pdftotext, "-layout", str(source), "-"], check=True, capture_output=True, timeout=60
    )
    return result.stdout.decode()


def test_demo_june_bulletin_opens_in_libreoffice_and_matches_the_data(
    seed_plan, login, persona, tmp_path
):
    """The issue's check: the bulletin for June of the demo year opens in LibreOffice and its
    figures match the data — here the seed plan with a third of the first half closed."""
    from gongye.plans.models import Task

    tasks = list(Task.objects.filter(plan=seed_plan).order_by("position"))
    for task in tasks:
        if task.month and task.month <= 6 and task.seq % 3 == 1:
            state = task.supervision
            state.state, state.percent = "done", 100
            from .conftest import at

            state.closed_at, state.closed_on_time = at(task.due - dt.timedelta(days=2)), True
            state.save()
    data = bulletin_data(seed_plan.region, 2022, 6, today=JULY_5)
    # January–June hold 5+10+10+7+6+7 = 45 tasks; seq 1, 4, 7, 10 of each closed:
    # Jan 2, Feb 4, Mar 4, Apr 3, May 2, Jun 3 = 18
    assert (data.totals.due, data.totals.done, data.totals.overdue) == (45, 18, 27)
    assert data.half_year.required == 50 and data.half_year.done == 18

    client = login(persona("plan_office"))
    profile = tmp_path / "lo-profile"
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=False):
        files = {}
        for fmt in ("docx", "xlsx"):
            response = client.get(
                f"/supervision/bulletin/export.{fmt}?region={HUOSHAN}&year=2022&month=6"
            )
            assert response.status_code == 200
            files[fmt] = tmp_path / f"bulletin.{fmt}"
            files[fmt].write_bytes(response.content)
    assert AuditEntry.objects.filter(verb="export", target_id=str(seed_plan.pk)).count() == 2
    text = _docx_text(files["docx"].read_bytes())
    assert "完成时限在6月底前的45项中，已完成18项" in text
    assert "逾期未完成27项" in text
    for fmt, path in files.items():
        pdf = _to_pdf(path, tmp_path, profile)
        assert pdf.startswith(b"%PDF")
        pdf_text = _pdf_text(pdf, tmp_path)
        if pdf_text is not None:
            squashed = "".join(pdf_text.split())
            if fmt == "docx":
                assert "6月调度通报" in squashed
                assert "已完成18项" in squashed
            else:
                assert "总体情况" in squashed or "全年重点工作" in squashed


# --------------------------------------------------------------------------- access

READERS = [
    "plan_office",
    "county_leader",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "statistics",
]
REFUSED = ["enterprise", "sys_admin", "sec_admin", "auditor"]


@pytest.mark.parametrize("who", READERS)
def test_the_bulletin_is_published_to_every_unit(who, scenario, login, persona):
    client = login(persona(who))
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=False):
        page = client.get("/supervision/bulletin/?year=2022&month=6")
        download = client.get("/supervision/bulletin/export.xlsx?year=2022&month=6")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="t-due">8<' in html and 'id="t-done">4<' in html and 'id="t-overdue">4<' in html
    assert 'id="h-ratio">45.5%<' in html and "未达标" in html
    assert html.count('data-unit="') == 4
    assert download.status_code == 200
    entry = AuditEntry.objects.filter(verb="export").latest("at")
    assert entry.actor == persona(who)
    assert entry.after["month"] == 6 and entry.after["format"] == "xlsx"


@pytest.mark.parametrize("who", REFUSED)
def test_enterprises_and_administrators_may_not_read_it(who, scenario, login, persona):
    client = login(persona(who))
    assert client.get("/supervision/bulletin/?year=2022&month=6").status_code == 403
    assert client.get("/supervision/bulletin/export.docx?year=2022&month=6").status_code == 403
    assert not AuditEntry.objects.filter(verb="export").exists()


def test_another_countys_liaison_gets_404_for_huoshan(scenario, login, persona):
    client = login(persona("outsider"))
    assert client.get(f"/supervision/bulletin/?region={HUOSHAN}&year=2022").status_code == 404
    assert (
        client.get(f"/supervision/bulletin/export.docx?region={HUOSHAN}&year=2022").status_code
        == 404
    )
    own = client.get("/supervision/bulletin/?year=2022")
    assert own.status_code == 200 and 'id="no-plan"' in own.content.decode()


def test_city_leader_picks_among_counties(scenario, login, persona):
    client = login(persona("city_leader"))
    # the city lands on its counties side by side (issue 11, item 9), and picks one
    landing = client.get("/supervision/bulletin/?year=2022&month=6").content.decode()
    assert 'id="county-bulletins"' in landing and 'data-region="341525"' in landing
    page = client.get("/supervision/bulletin/?region=341525&year=2022&month=6").content.decode()
    assert "霍山县2022年工业及民营经济工作6月调度通报" in page


def test_anonymous_is_sent_to_login(scenario, client):
    response = client.get("/supervision/bulletin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_format_is_404(scenario, login, persona):
    client = login(persona("plan_office"))
    assert client.get("/supervision/bulletin/export.pdf?year=2022&month=6").status_code == 404


# --------------------------------------------------------------------------- the plan's pace


def test_a_plan_without_checkpoints_is_held_to_the_linear_pace():
    """No checkpoint in the plan: the half-year check asks for 6/12 and says so in general
    words; it never asks for the 60% the plan did not state."""
    from gongye.dispatch.bulletin import half_year_sentence, next_steps

    june = compute_bulletin(_facts(10, 5), year=2022, month=6, today=JULY_5, checkpoints={})
    h = june.half_year
    assert (h.share, h.required, h.passed, h.named) == (Fraction(1, 2), 5, True, False)
    sentence = half_year_sentence(june)
    assert sentence.startswith("截至6月底应完成全年重点工作的50%（序时进度）：")
    assert "达到50%的要求（须完成5项）" in sentence
    assert "60%" not in sentence and "任务过六" not in sentence
    assert not any("任务过六" in step for step in next_steps(june))
    # before June: the linear pace month by month, ⌈10 × 5/12⌉ = 5 by the end of May
    may = compute_bulletin(_facts(10, 4), year=2022, month=5, today=JULY_5, checkpoints={})
    assert (may.half_year.expected_now, may.half_year.required) == (5, 5)
    assert half_year_sentence(may).startswith("截至6月底应完成全年重点工作的50%（序时进度）。")


def test_the_plans_own_checkpoint_names_the_check():
    june = compute_bulletin(
        _facts(10, 5), year=2022, month=6, today=JULY_5, checkpoints={6: Fraction(3, 5)}
    )
    assert (june.half_year.required, june.half_year.passed) == (6, False)
    assert june.half_year.title == "时间过半、任务过六"
    # a checkpoint of 65% asks for 65%, still under the plan's name
    higher = compute_bulletin(
        _facts(20, 13), year=2022, month=6, today=JULY_5, checkpoints={6: Fraction(13, 20)}
    )
    assert (higher.half_year.required, higher.half_year.passed) == (13, True)


def test_the_bulletin_reads_the_plans_checkpoints(scenario, org, plan_office, login):
    from gongye.plans.models import Plan

    plan = Plan.objects.get(region=org[HUOSHAN], year=2022)
    assert plan.checkpoints == {"6": 60}  # the scenario's text says 时间过半、任务过六
    Plan.objects.filter(pk=plan.pk).update(checkpoints={})
    data = bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5)
    # 5 of 11 closed by 30 June against ⌈11 × 6/12⌉ = 6
    assert (data.half_year.required, data.half_year.done, data.half_year.passed) == (6, 5, False)
    text = _docx_text(bulletin_docx(data))
    assert "未达到50%的要求（须完成6项）" in text and "任务过六" not in text
    page = login(plan_office).get(f"/supervision/bulletin/?region={HUOSHAN}&year=2022&month=6")
    html = page.content.decode()
    assert "6月底序时进度" in html and "任务过六" not in html
    assert "截至6月底应完成全年重点工作的50%（序时进度）" in html
