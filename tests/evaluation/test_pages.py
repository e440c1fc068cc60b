"""The evaluation's pages as their users walk them: the office writes a scheme, previews it,
saves, runs, publishes, downloads the 公示 list; the enterprise opens its result explained and
files an appeal; the office upholds it and publishes the re-run."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from gongye.evaluation.models import EvaluationAppeal, EvaluationRun
from tests.evaluation.conftest import SCHEME


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(persona):
    return client_for(persona("plan_office"))


def test_the_scheme_editor_previews_saves_and_runs(office, register):
    page = office.get("/evaluation/schemes/new/")
    assert page.status_code == 200 and "方案文本" in page.content.decode()
    # a fault is shown by line, nothing saved
    bad = office.post(
        "/evaluation/schemes/new/",
        {"document": SCHEME.replace("weight: 60", "weight: x"), "year": 2022},
    )
    assert bad.status_code == 200 and "第 8 行" in bad.content.decode()
    # the preview runs the scheme over the year before (2021: no figures) without saving
    shown = office.post(
        "/evaluation/schemes/new/", {"document": SCHEME, "year": 2023, "preview": "1"}
    )
    text = shown.content.decode()
    assert 'id="preview"' in text and "2022" in text and 'data-group="规上"' in text
    saved = office.post("/evaluation/schemes/new/", {"document": SCHEME, "year": 2022, "save": "1"})
    assert saved.status_code == 302
    scheme_url = saved["Location"]
    ran = office.post(scheme_url + "run/", {"year": 2022})
    assert ran.status_code == 302
    run = EvaluationRun.objects.get()
    detail = office.get(ran["Location"]).content.decode()
    assert 'id="distribution-table"' in detail and 'data-group="规上"' in detail
    chart = ran_page_chart(detail)
    assert chart["categories"] == list(run.summary["classes"]) and "规上" in chart["categories"]
    assert [s["name"] for s in chart["series"]] == list("ABCDT")
    counts = run.summary["classes"]
    for series in chart["series"]:
        assert series["data"] == [counts[g].get(series["name"], 0) for g in chart["categories"]]
    assert 'id="publish-form"' in detail
    filtered = office.get(ran["Location"], {"klass": "A"}).content.decode()
    assert filtered.count('data-class="A"') == 1
    published = office.post(f"/evaluation/runs/{run.pk}/step/", {"action": "publish"})
    assert published.status_code == 302
    run.refresh_from_db()
    assert run.status == "published"
    xlsx = office.get(f"/evaluation/runs/{run.pk}/publicity.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "甲公司" in names and "壬公司" not in names  # the excluded are not on the list
    docx = office.get(f"/evaluation/runs/{run.pk}/publicity.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_enterprise_sees_its_result_explained_and_appeals(office, persona, version):
    from gongye.evaluation.services.runs import run_create, run_publish

    office_user = persona("plan_office")
    run = run_publish(actor=office_user, run=run_create(actor=office_user, version=version))
    own = run.results.get(name="丙公司")
    other = run.results.get(name="甲公司")
    enterprise = client_for(persona("enterprise"))
    page = enterprise.get(f"/evaluation/results/{own.pk}/").content.decode()
    assert 'data-indicator="亩均税收"' in page and 'id="appeal-form"' in page
    assert enterprise.get(f"/evaluation/results/{other.pk}/").status_code == 404
    assert enterprise.get(f"/evaluation/runs/{run.pk}/").status_code == 403
    home = enterprise.get("/evaluation/").content.decode()
    assert "丙公司" in home and "甲公司" not in home
    filed = enterprise.post(
        f"/evaluation/results/{own.pk}/appeal/",
        {"variable": "land_mu", "claimed_value": "5", "statement": "实际用地5亩，附不动产权证"},
    )
    assert filed.status_code == 302
    appeal = EvaluationAppeal.objects.get()
    decided = office.post(
        f"/evaluation/appeals/{appeal.pk}/step/", {"action": "uphold", "decision": "经核，用地5亩"}
    )
    assert decided.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.new_run.status == "draft"
    rerun = appeal.new_run
    # 丙: 5 亩 now: 亩均税收 10 → 60, 营收 100 → 40: 100 (was 50)
    assert str(rerun.results.get(name="丙公司").total) == "100.00"
    assert str(run.results.get(name="丙公司").total) == "50.00"  # the published one unchanged
    compare = office.get(f"/evaluation/runs/{rerun.pk}/compare/{run.pk}/").content.decode()
    assert 'data-code="' + own.credit_code + '"' in compare and "用地面积" in compare
    # the appellant's row first and marked: its own figure changed, the others' only by it
    rows = compare[compare.index("<tbody>") :].split("<tr ")[1:]
    assert rows[0].startswith(f'data-code="{own.credit_code}" class="table-warning"')
    assert all("data-own-figures" not in r for r in rows[1:])


def ran_page_chart(html: str) -> dict:
    """The distribution chart's JSON block (json_script) of a run's page."""
    start = html.index('id="distribution-data"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_a_replaced_result_and_an_overtaken_draft_are_marked(persona, version):
    from gongye.evaluation.services.runs import run_create, run_publish, run_rerun

    user = persona("plan_office")
    first = run_publish(actor=user, run=run_create(actor=user, version=version))
    plain = run_create(actor=user, version=version)
    second = run_publish(actor=user, run=run_rerun(actor=user, run=first, reason="异议成立"))
    office = client_for(user)
    page = office.get(f"/evaluation/runs/{plain.pk}/").content.decode()
    assert 'id="stale-draft"' in page and 'id="publish-form"' not in page
    assert f'href="/evaluation/runs/{second.pk}/"' in page and 'id="discard-form"' in page
    home = office.get("/evaluation/").content.decode()
    row = home[home.index(f'data-run="{first.pk}"') :]
    assert 'data-replaced="1"' in row[: row.index("</tr>")]
    row = home[home.index(f'data-run="{second.pk}"') :]
    assert 'data-replaced="1"' not in row[: row.index("</tr>")]
    # the enterprise: the result in force first, the replaced one marked
    own = client_for(persona("enterprise")).get("/evaluation/").content.decode()
    current = second.results.get(name="丙公司")
    old = first.results.get(name="丙公司")
    assert own.index(f'data-result="{current.pk}"') < own.index(f'data-result="{old.pk}"')
    old_row = own[own.index(f'data-result="{old.pk}"') :]
    assert 'data-replaced="1"' in old_row[: old_row.index(">")]


def test_the_office_opens_an_appeals_evidence_and_the_read_is_audited(
    persona, version, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from gongye.audit.models import AuditEntry
    from gongye.evaluation.services.runs import run_create, run_publish
    from tests.conftest import TINY_PDF

    settings.MEDIA_ROOT = tmp_path
    user = persona("plan_office")
    run = run_publish(actor=user, run=run_create(actor=user, version=version))
    appeal = _own_tax_appeal(persona, run, evidence=ContentFile(TINY_PDF, name="完税证明.pdf"))
    office = client_for(user)
    page = office.get(f"/evaluation/appeals/{appeal.pk}/").content.decode()
    assert f'href="/evaluation/appeals/{appeal.pk}/evidence/"' in page
    response = office.get(f"/evaluation/appeals/{appeal.pk}/evidence/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == TINY_PDF
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(verb="evaluation.appeal_evidence")
    assert entry.actor == user and entry.target_id == str(appeal.pk)


def test_formulas_read_in_words_on_the_result_page(persona, version):
    from gongye.evaluation.selectors.explained import formula_text
    from gongye.evaluation.services.runs import run_create, run_publish

    assert formula_text("tax / land_mu") == "税收 ÷ 用地面积"
    assert (
        formula_text("(value_added + tax) * 2 / max(land_mu, 1)")
        == "(工业增加值 + 税收) × 2 ÷ max(用地面积, 1)"
    )
    assert formula_text("revenue ** 2") == "营业收入 ^ 2"
    with translation.override("en"):  # a label's own "/" and "(unit)" are not operators
        assert formula_text("tax / land_mu") == "Tax ÷ Land area"
        assert formula_text('scale == "规上"') == 'Scale == "规上"'
    user = persona("plan_office")
    run = run_publish(actor=user, run=run_create(actor=user, version=version))
    own = run.results.get(name="丙公司")
    page = client_for(persona("enterprise")).get(f"/evaluation/results/{own.pk}/")
    text = page.content.decode()
    assert 'title="tax / land_mu">税收 ÷ 用地面积<' in text


def test_a_leader_reads_the_scheme_as_tables(persona, version):
    page = client_for(persona("county_leader")).get(f"/evaluation/schemes/{version.scheme_id}/")
    text = page.content.decode()
    assert page.status_code == 200 and 'data-group="规上"' in text
    row = text[text.index('data-indicator="亩均营收"') :]
    row = row[: row.index("</tr>")]
    assert "营业收入 ÷ 用地面积" in row and "1.5倍权重" in row and ">40<" in row
    assert "按组内排名：前20%为A类，前65%为B类，前95%为C类，其余为D类" in text
    assert "一票否决（不得评为A/B类）</strong> · 安全生产事故" in text
    assert "不分档（T类）</strong> · 公用事业" in text
    assert 'id="scheme-document"' in text and "<details" in text
    assert 'name="document"' not in text  # no editor for a reader


def test_a_runs_waiting_appeals_link_lists_that_runs_appeals_only(persona, version):
    from gongye.evaluation.services.appeals import appeal_file
    from gongye.evaluation.services.runs import run_create, run_publish

    user = persona("plan_office")
    earlier = run_publish(actor=user, run=run_create(actor=user, version=version))
    _own_tax_appeal(persona, earlier)
    later = run_publish(actor=user, run=run_create(actor=user, version=version))
    _own_tax_appeal(persona, later)
    # the earlier result, replaced, takes no more appeals
    with pytest.raises(PermissionDenied):
        appeal_file(
            actor=persona("enterprise"),
            result=earlier.results.get(name="丙公司"),
            variable="land_mu",
            claimed_value=5,
            statement="用地5亩",
        )
    office = client_for(user)
    page = office.get(f"/evaluation/runs/{later.pk}/").content.decode()
    link = f"/evaluation/appeals/?status=filed&amp;run={later.pk}"
    assert f'href="{link}" id="run-appeals"' in page
    listed = office.get(link.replace("&amp;", "&")).content.decode()
    table = listed[listed.index('id="appeal-table"') :]
    assert table.count('data-status="filed"') == 1 and str(later) in table
    assert str(earlier) not in table and 'id="appeal-run"' in listed
    assert (
        office.get("/evaluation/appeals/?status=filed")
        .content.decode()
        .count('data-status="filed"')
        == 2
    )


def _own_tax_appeal(persona, run, **extra):
    """The enterprise persona disputes its own 税收 in ``run`` (60万元)."""
    from gongye.evaluation.services.appeals import appeal_file

    return appeal_file(
        actor=persona("enterprise"),
        result=run.results.get(name="丙公司"),
        variable="tax",
        claimed_value=60,
        statement="税收应为60万元",
        **extra,
    )
