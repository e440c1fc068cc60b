"""The bureau's sheet written (issue 12 item 2): all or nothing, new enterprises, 本月 and
本年累计 derived from the stored month before, the audit entry, the signal, the command."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from gongye.audit.models import AuditEntry
from gongye.enterprises.models import Enterprise, FigureImport, MonthlyFigure
from gongye.enterprises.services import figures
from gongye.enterprises.services.figures import (
    FigureSheetInvalid,
    figures_import,
    figures_import_prepare,
)
from gongye.enterprises.signals import register_changed
from gongye.orgs.models import Region
from tests.enterprises import figures_fixtures as fx
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

pytestmark = pytest.mark.django_db

A, B = fx.code(1), fx.code(2)
HEADERS = ("统一社会信用代码", "企业名称", "营业收入(万元)", "税收(万元)")


@pytest.fixture
def huoshan(org):
    return Region.objects.get(code="341525")


@pytest.fixture(autouse=True, params=["inline", "read_ahead"])
def reading(request, monkeypatch):
    """Every import here both ways: read inline as a small file is, and as a large file is
    (parsed on a worker thread while the county's register and latest month are read)."""
    if request.param == "read_ahead":
        monkeypatch.setattr(figures, "READ_AHEAD_BYTES", 0)
    return request.param


def _sheet(rows, title="2022年6月规上工业企业", headers=HEADERS):
    return fx.simple(rows, title=title, headers=headers)


def test_a_clean_sheet_is_written_whole_with_one_batch_and_one_audit_entry(
    huoshan, statistics, django_capture_on_commit_callbacks
):
    known = EnterpriseFactory(credit_code=A, name="甲公司")
    MonthlyFigureFactory(enterprise=known, month=5, revenue=Decimal("500"), tax=Decimal("20"))
    heard = []

    def listener(**kwargs):
        heard.append((kwargs["region"], kwargs["year"], kwargs["month"]))

    register_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batch, prepared = figures_import(
                actor=statistics,
                region=huoshan,
                data=_sheet([[A, "甲公司", 80, 3], [B, "乙公司", 40, 2]]),
                filename="六月.xlsx",
            )
    finally:
        register_changed.disconnect(listener)
    assert (batch.year, batch.month, batch.rows, batch.new_enterprises) == (2022, 6, 2, 1)
    june = MonthlyFigure.objects.get(enterprise=known, year=2022, month=6)
    # only 本月 given: 本年累计 = May's stored 本年累计 + 本月
    assert (june.revenue_month, june.revenue, june.tax) == (
        Decimal("80"),
        Decimal("580"),
        Decimal("23"),
    )
    assert june.batch == batch and june.source == "bureau"
    new = Enterprise.objects.get(credit_code=B)
    assert (new.name, new.region) == ("乙公司", huoshan)
    newcomer = MonthlyFigure.objects.get(enterprise=new, month=6)
    assert newcomer.revenue is None  # no May figure to add 本月 to
    assert prepared.underivable == 2
    entry = AuditEntry.objects.get(verb="enterprise.figures_import")
    assert entry.actor == statistics and entry.target_id == str(batch.pk)
    assert entry.after["rows"] == 2 and entry.after["new_enterprises"] == 1
    assert entry.after["new_codes"] == [B]
    assert heard == [(huoshan, 2022, 6)]


def test_only_cumulative_given_derives_this_month_from_the_month_before(huoshan, statistics):
    known = EnterpriseFactory(credit_code=A)
    MonthlyFigureFactory(enterprise=known, month=5, revenue=Decimal("500"))
    data = _sheet(
        [[A, "甲", 620]], title="2022年1-6月", headers=("信用代码", "企业名称", "营业收入")
    )
    figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    june = MonthlyFigure.objects.get(enterprise=known, month=6)
    assert (june.revenue, june.revenue_month) == (Decimal("620"), Decimal("120"))


def test_january_this_month_and_cumulative_are_the_same(huoshan, statistics):
    figures_import(
        actor=statistics,
        region=huoshan,
        data=_sheet([[A, "甲", 7, 1]], title="2023年1月"),
        filename="a.xlsx",
    )
    jan = MonthlyFigure.objects.get(year=2023, month=1)
    assert (jan.revenue, jan.revenue_month, jan.tax, jan.tax_month) == (7, 7, 1, 1)


def test_a_sheet_leaves_the_figures_it_does_not_hold(huoshan, statistics):
    known = EnterpriseFactory(credit_code=A)
    MonthlyFigureFactory(
        enterprise=known, month=6, revenue=Decimal("1"), electricity_kwh=Decimal("900")
    )
    figures_import(
        actor=statistics, region=huoshan, data=_sheet([[A, "甲", 80, 3]]), filename="a.xlsx"
    )
    june = MonthlyFigure.objects.get(enterprise=known, month=6)
    assert june.electricity_kwh == Decimal("900") and june.revenue_month == Decimal("80")


def test_cumulative_below_last_month_names_row_and_column_and_writes_nothing(huoshan, statistics):
    known = EnterpriseFactory(credit_code=A)
    MonthlyFigureFactory(enterprise=known, month=5, revenue=Decimal("500"), profit=Decimal("50"))
    data = _sheet(
        [[B, "乙", 1, 1], [A, "甲", 400, -10]],
        title="2022年1-6月",
        headers=("信用代码", "企业名称", "营业收入(万元)", "利润总额(万元)"),
    )
    with pytest.raises(FigureSheetInvalid) as raised:
        figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    errors = raised.value.row_errors
    assert [(e.row, e.column) for e in errors] == [
        (4, "营业收入(万元)")
    ]  # a falling profit is a loss
    assert "小于上月" in errors[0].message
    assert not Enterprise.objects.filter(credit_code=B).exists()
    assert not FigureImport.objects.exists()
    assert MonthlyFigure.objects.filter(month=6).count() == 0
    assert not AuditEntry.objects.filter(verb="enterprise.figures_import").exists()


def test_any_cell_error_writes_nothing(huoshan, statistics):
    data = _sheet([[A, "甲", 1, 1], [B, "乙", "n/a", 1]])
    with pytest.raises(FigureSheetInvalid) as raised:
        figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    assert [(e.row, e.column) for e in raised.value.row_errors] == [(4, "营业收入(万元)")]
    assert not Enterprise.objects.exists() and not MonthlyFigure.objects.exists()


def test_a_code_registered_in_another_county_is_refused(huoshan, statistics):
    jinzhai = Region.objects.get(code="341524")
    EnterpriseFactory(credit_code=A, region=jinzhai)
    prepared = figures_import_prepare(
        region=huoshan, data=_sheet([[A, "甲", 1, 1]]), filename="a.xlsx"
    )
    assert [(e.row, e.column) for e in prepared.errors] == [(3, "统一社会信用代码")]
    assert "金寨县" in prepared.errors[0].message


def test_the_preview_lists_new_enterprises_and_a_new_one_needs_a_name(huoshan):
    EnterpriseFactory(credit_code=A)
    prepared = figures_import_prepare(
        region=huoshan, data=_sheet([[A, "", 1, 1], [B, "乙公司", 2, 2]]), filename="a.xlsx"
    )
    assert not prepared.errors and prepared.new == [(B, "乙公司", 4)]
    unnamed = figures_import_prepare(
        region=huoshan, data=_sheet([[B, "", 2, 2]]), filename="a.xlsx"
    )
    assert [(e.row, e.column) for e in unnamed.errors] == [(3, "企业名称")]
    assert not Enterprise.objects.filter(credit_code=B).exists()


def test_only_the_bureau_and_the_plan_office_import(huoshan, coop_liaison):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        figures_import(
            actor=coop_liaison, region=huoshan, data=_sheet([[A, "甲", 1, 1]]), filename="a.xlsx"
        )


# --------------------------------------------------------------------------- the command


def _run(tmp_path, capsys, data, *args):
    path = tmp_path / "月报.xlsx"
    path.write_bytes(data)
    code = 0
    try:
        call_command("import_enterprise_data", str(path), "--region", "341525", *args)
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr()


def test_command_json_of_a_clean_sheet_and_its_write(huoshan, tmp_path, capsys):
    data = fx.two_line([["甲公司", 10, 60, 20, 120, 5.5, A]])
    code, out = _run(tmp_path, capsys, data, "--json")
    answer = json.loads(out.out)
    assert code == 0
    assert answer == {
        "month": "2022-06",
        "rows": 1,
        "new_enterprises": 1,
        "errors": [],
        "data": [
            {
                "credit_code": A,
                "name": "甲公司",
                "output_value": 6.0,
                "revenue": 12.0,
                "tax": None,
                "profit": None,
                "rd_expense": None,
                "electricity_kwh": None,
                "energy_tce": None,
                "employees": None,
            }
        ],
    }
    assert MonthlyFigure.objects.get(enterprise__credit_code=A).revenue == Decimal("12")
    entry = AuditEntry.objects.get(verb="enterprise.figures_import")
    assert entry.actor is None and entry.channel == "command"


def test_command_dry_run_writes_nothing_and_month_parameter(huoshan, tmp_path, capsys):
    data = _sheet([[A, "甲", 1, 1]], title="规上工业企业")
    code, out = _run(tmp_path, capsys, data, "--json", "--dry-run", "--month", "2022-07")
    assert code == 0 and json.loads(out.out)["month"] == "2022-07"
    assert not Enterprise.objects.exists()


def test_command_exits_2_with_errors_by_row_and_column(huoshan, tmp_path, capsys):
    data = _sheet([[A, "甲", -1, 1], [A, "甲", 1, 1]])
    code, out = _run(tmp_path, capsys, data, "--json")
    answer = json.loads(out.out)
    assert code == 2
    assert [(e["row"], e["column"]) for e in answer["errors"]] == [
        (3, "营业收入(万元)"),
        (4, "统一社会信用代码"),
    ]
    assert not Enterprise.objects.exists()


def test_command_refuses_a_missing_file_and_a_bad_month(huoshan, tmp_path, capsys):
    code, out = _run(tmp_path, capsys, _sheet([[A, "甲", 1, 1]]), "--month", "2022-13")
    assert code == 2 and "YYYY-MM" in out.err
    try:
        call_command("import_enterprise_data", str(tmp_path / "无.xlsx"), "--region", "341525")
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "不存在" in capsys.readouterr().err


def test_command_needs_a_region_when_there_are_several_counties(huoshan, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(_sheet([[A, "甲", 1, 1]]))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_enterprise_data", str(path))
    assert exit_.value.code == 2 and "--region" in capsys.readouterr().err


def test_a_large_file_is_parsed_on_a_worker_thread_in_the_callers_language(
    huoshan, statistics, reading, parse_threads
):
    threads = parse_threads
    data = _sheet([[A, "甲", 1, 1], [B, "乙", "n/a", 1]])
    with translation.override("en"), pytest.raises(FigureSheetInvalid) as raised:
        figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    worker = [name.startswith("figure-sheet") for name in threads]
    assert worker == [reading == "read_ahead"]
    assert raised.value.row_errors[0].message == "A number is expected; this is “n/a”."
    assert not Enterprise.objects.exists() and not MonthlyFigure.objects.exists()


def test_the_month_before_is_read_when_the_latest_stored_is_another(huoshan, statistics):
    """The read-ahead month is the county's latest (July here, a correction of June comes
    after it): June's 本月 still derives from May's stored 本年累计."""
    known = EnterpriseFactory(credit_code=A)
    MonthlyFigureFactory(enterprise=known, month=5, revenue=Decimal("500"))
    MonthlyFigureFactory(enterprise=known, month=7, revenue=Decimal("900"))
    data = _sheet(
        [[A, "甲", 620]], title="2022年1-6月", headers=("信用代码", "企业名称", "营业收入")
    )
    figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    june = MonthlyFigure.objects.get(enterprise=known, month=6)
    assert (june.revenue, june.revenue_month) == (Decimal("620"), Decimal("120"))
    falling = _sheet(
        [[A, "甲", 450]], title="2022年1-6月", headers=("信用代码", "企业名称", "营业收入")
    )
    with pytest.raises(FigureSheetInvalid) as raised:
        figures_import(actor=statistics, region=huoshan, data=falling, filename="a.xlsx")
    assert "小于上月已报的500" in raised.value.row_errors[0].message
