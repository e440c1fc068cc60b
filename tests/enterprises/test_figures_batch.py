"""Several of the bureau's sheets imported at once (``figures_import_batch``, the command with
several files): in the order given, each checked against the months before it, all or none,
the next sheet parsed on a worker thread while one is written."""

from __future__ import annotations

import gc
import json
import weakref
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongye.audit.models import AuditEntry
from gongye.enterprises.models import Enterprise, FigureImport, MonthlyFigure
from gongye.enterprises.services import figures
from gongye.enterprises.services.figures import FigureSheetInvalid, figures_import_batch
from gongye.orgs.models import Region
from tests.enterprises import figures_fixtures as fx

pytestmark = pytest.mark.django_db

A, B = fx.code(41), fx.code(42)
HEADERS = ("统一社会信用代码", "企业名称", "营业收入(万元)")


@pytest.fixture
def huoshan(org):
    return Region.objects.get(code="341525")


def _month(month: int, rows) -> tuple[bytes, str]:
    title = f"2022年1-{month}月规上工业企业"
    return fx.simple(rows, title=title, headers=HEADERS), f"{month}月.xlsx"


def _nothing_written() -> bool:
    return not (
        Enterprise.objects.exists()
        or MonthlyFigure.objects.exists()
        or FigureImport.objects.exists()
        or AuditEntry.objects.filter(verb="enterprise.figures_import").exists()
    )


def test_sheets_are_written_in_order_each_against_the_month_before(
    huoshan, statistics, parse_threads
):
    threads = parse_threads
    files = [
        _month(5, [[A, "甲", 500], [B, "乙", 50]]),
        _month(6, [[A, "甲", 620], [B, "乙", 80]]),
        _month(7, [[A, "甲", 700]]),
    ]
    told = []
    done = figures_import_batch(
        actor=statistics, region=huoshan, files=files, on_sheet=lambda p: told.append(p.filename)
    )
    assert [b.month for b in done] == [5, 6, 7]
    assert told == ["5月.xlsx", "6月.xlsx", "7月.xlsx"]
    assert len(threads) == 3 and all(name.startswith("figure-sheet") for name in threads)
    a = {f.month: f for f in MonthlyFigure.objects.filter(enterprise__credit_code=A)}
    # June's and July's 本月 derived from the months the same batch wrote just before
    assert [(a[m].revenue, a[m].revenue_month) for m in (5, 6, 7)] == [
        (Decimal("500"), None),  # the month before May is not stored: 本月 not derivable
        (Decimal("620"), Decimal("120")),
        (Decimal("700"), Decimal("80")),
    ]
    assert Enterprise.objects.count() == 2  # registered by May's sheet, found by June's
    assert FigureImport.objects.count() == 3
    assert AuditEntry.objects.filter(verb="enterprise.figures_import").count() == 3


def test_the_audit_entries_come_at_the_end_and_written_sheets_are_let_go(
    huoshan, statistics, monkeypatch
):
    """The audit chain's lock, which every audited action waits for, is taken once the
    sheets are written, not from the first; a sheet's columns are not kept once written."""
    happened, sheets = [], []
    record = figures.audit_record

    def spy(**kwargs):
        happened.append(f"audit {kwargs['after']['month']}")
        return record(**kwargs)

    def told(prepared):
        gc.collect()  # what is left of the sheets written before this one: nothing
        happened.append(f"sheet {prepared.year}-{prepared.month:02d}, {_alive(sheets)} kept")
        sheets.append(weakref.ref(prepared))

    monkeypatch.setattr(figures, "audit_record", spy)
    files = [_month(5, [[A, "甲", 500]]), _month(6, [[A, "甲", 620]])]
    figures_import_batch(actor=statistics, region=huoshan, files=files, on_sheet=told)
    assert happened == [
        "sheet 2022-05, 0 kept",
        "sheet 2022-06, 0 kept",
        "audit 2022-05",
        "audit 2022-06",
    ]


def _alive(refs) -> int:
    return sum(ref() is not None for ref in refs)


def test_an_error_in_a_later_sheet_writes_none_of_them(huoshan, statistics):
    files = [
        _month(5, [[A, "甲", 500]]),
        _month(6, [[A, "甲", 450]]),  # below May's 本年累计, written by the same batch
        _month(7, [[A, "甲", 700]]),
    ]
    with pytest.raises(FigureSheetInvalid) as raised:
        figures_import_batch(actor=statistics, region=huoshan, files=files)
    assert raised.value.prepared.filename == "6月.xlsx"
    assert "小于上月已报的500" in raised.value.row_errors[0].message
    assert _nothing_written()


def test_a_batch_needs_the_right_to_import(huoshan, lead_liaison):
    with pytest.raises(PermissionDenied):
        figures_import_batch(
            actor=lead_liaison, region=huoshan, files=[_month(5, [[A, "甲", 500]])]
        )
    assert _nothing_written()


def _command(tmp_path, capsys, files, *args):
    paths = []
    for data, name in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    code = 0
    try:
        call_command("import_enterprise_data", *paths, "--region", "341525", *args)
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr()


def test_command_imports_several_files_and_answers_for_each(huoshan, tmp_path, capsys):
    files = [_month(5, [[A, "甲", 500]]), _month(6, [[A, "甲", 620]])]
    code, out = _command(tmp_path, capsys, files, "--json")
    answer = json.loads(out.out)
    assert code == 0
    assert [(a["file"], a["month"], a["rows"], a["errors"]) for a in answer] == [
        ("5月.xlsx", "2022-05", 1, []),
        ("6月.xlsx", "2022-06", 1, []),
    ]
    assert MonthlyFigure.objects.get(month=6).revenue_month == Decimal("120")
    code, out = _command(tmp_path, capsys, [_month(7, [[A, "甲", 700]])] * 2)
    assert code == 0 and out.out.count("已导入") == 2


def test_command_with_several_files_dry_run_and_errors_write_nothing(huoshan, tmp_path, capsys):
    files = [_month(5, [[A, "甲", 500]]), _month(6, [[A, "甲", 620]])]
    code, out = _command(tmp_path, capsys, files, "--dry-run")
    assert code == 0 and out.out.count("校验通过（未写入）") == 2
    assert _nothing_written()
    files = [_month(5, [[A, "甲", 500]]), _month(6, [[A, "甲", 450]])]
    code, out = _command(tmp_path, capsys, files, "--json")
    answer = json.loads(out.out)
    assert code == 2
    assert [(a["file"], len(a["errors"])) for a in answer] == [("5月.xlsx", 0), ("6月.xlsx", 1)]
    assert answer[1]["errors"][0]["row"] == 3
    code, out = _command(tmp_path, capsys, files)
    assert code == 2 and "文件“6月.xlsx”发现 1 处错误，2 个文件均未写入。" in out.err
    code, out = _command(tmp_path, capsys, files, "--month", "2022-06")
    assert code == 2 and "--month 只能用于单个文件" in out.err
    code, out = _command(tmp_path, capsys, files, "--month", "2022-06", "--json")
    [refused] = json.loads(out.out)  # a list, as for several files it always is
    assert code == 2 and refused["file"] is None and "--month" in refused["errors"][0]["message"]
    assert _nothing_written()
