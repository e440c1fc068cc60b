"""The import's column-wise path (issue 12, performance): 本月/本年累计 derived for whole
columns exactly as for one row, codes checked once a process, the plain insert of a month's
first import and the upsert when the month already holds rows, and MonthlyFigure's indexes."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest
from django.db import connection

from gongye.audit.models import AuditEntry
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.services import figures
from gongye.enterprises.services import figures_store as store
from gongye.enterprises.services.figures import FigureSheetInvalid, figures_import
from gongye.enterprises.sheets import read_figure_sheet, rows
from gongye.orgs.models import Region
from tests.enterprises import figures_fixtures as fx
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

A, B, C = fx.code(11), fx.code(12), fx.code(13)
FLOWS = ["revenue", "tax", "profit"]


@pytest.fixture
def huoshan(org):
    return Region.objects.get(code="341525")


@pytest.fixture(params=["by code", "whole county"])
def lookup(request, monkeypatch):
    """Small sheets look codes up a chunk at a time; a large one reads the county's register
    in one query first: both ways, on these small sheets."""
    if request.param == "whole county":
        monkeypatch.setattr(figures, "REGION_LOOKUP", 0)
    return request.param


def _random_column(rng: random.Random, n: int, blanks: float) -> list[float | None]:
    return [None if rng.random() < blanks else round(rng.uniform(-50, 500), 2) for _ in range(n)]


@pytest.mark.parametrize("month", [1, 2, 7])
@pytest.mark.parametrize("blanks", [0.0, 0.3])
def test_columns_are_derived_as_each_row_would_be(month, blanks):
    rng = random.Random(month * 100 + int(blanks * 10))
    n = 60
    for given in itertools.product(["cum", "month", "both"], repeat=len(FLOWS)):
        values: dict[str, list] = {}
        for f, which in zip(FLOWS, given, strict=True):
            if which in ("cum", "both"):
                values[f] = _random_column(rng, n, blanks)
            if which in ("month", "both"):
                values[f"{f}_month"] = _random_column(rng, n, blanks)
        values["employees"] = [rng.randint(0, 9) for _ in range(n)]
        for previous in (None, {f: _random_column(rng, n, blanks) for f in FLOWS}):
            got, missing = store.derive_columns(values, previous, month, FLOWS, n)
            expected_missing = 0
            for i in range(n):
                row = {k: v[i] for k, v in values.items() if v[i] is not None or k == "employees"}
                before = {f: previous[f][i] for f in FLOWS} if previous else None
                one, lost = store.derive(row, before, month, FLOWS)
                expected_missing += lost
                assert {k: got[k][i] for k in one} == one, (given, i)
            assert missing == expected_missing


def test_a_code_is_checked_once_a_process_and_a_wrong_one_every_time(monkeypatch):
    rows._VALID_CODES.discard(A)
    rows._VALID_CODES.discard(B)
    checked: list[str] = []
    real = rows.quick_valid

    def counting(code: str) -> bool:
        checked.append(code)
        return real(code)

    monkeypatch.setattr(rows, "quick_valid", counting)
    wrong = A[:-1] + ("0" if A[-1] != "0" else "1")
    data = fx.simple([[A, "甲", 1, 1], [B, "乙", 2, 2], [wrong, "丙", 3, 3]])
    first = read_figure_sheet(data, "a.xlsx")
    assert sorted(c for c in checked if c in (A, B, wrong)) == sorted([A, B, wrong])
    checked.clear()
    second = read_figure_sheet(data, "a.xlsx")
    assert checked == [wrong]  # A and B were found valid by the first read
    for result in (first, second):
        assert [r.code for r in result.rows] == [A, B]
        assert [(e.row, "有误" in e.message) for e in result.errors] == [(5, True)]


def test_a_repeated_code_and_a_missing_one_are_named_by_row(huoshan):
    data = fx.simple([[A, "甲", 1, 1], [None, "乙", 2, 2], [A, "丙", 3, 3], [B, "丁", 4, 4]])
    result = read_figure_sheet(data, "a.xlsx")
    assert [(e.row, e.message) for e in result.errors] == [
        (4, "缺少统一社会信用代码。"),
        (5, f"统一社会信用代码“{A}”与第3行重复。"),
    ]
    assert [(r.row, r.code, r.values) for r in result.rows] == [
        (3, A, {"revenue_month": 1, "tax_month": 1}),
        (6, B, {"revenue_month": 4, "tax_month": 4}),
    ]


@pytest.mark.django_db
def test_the_first_import_of_a_month_inserts_and_a_second_one_updates_in_place(
    huoshan, statistics, lookup
):
    june = fx.simple([[A, "甲", 80, 3], [B, "乙", 40, 2]])
    figures_import(actor=statistics, region=huoshan, data=june, filename="六月.xlsx")
    ids = dict(MonthlyFigure.objects.values_list("enterprise__credit_code", "id"))
    corrected = fx.simple([[A, "甲", 81, 3], [B, "乙", 41, 2], [C, "丙", 5, 1]])
    batch, prepared = figures_import(
        actor=statistics, region=huoshan, data=corrected, filename="六月更正.xlsx"
    )
    rows_now = {
        f.enterprise.credit_code: f
        for f in MonthlyFigure.objects.select_related("enterprise").filter(month=6)
    }
    assert len(rows_now) == 3 and {c: rows_now[c].id for c in ids} == ids  # updated, not added
    assert [rows_now[c].revenue_month for c in (A, B, C)] == [81, 41, 5]
    assert all(f.batch == batch for f in rows_now.values())
    entry = AuditEntry.objects.filter(verb="enterprise.figures_import").latest("id")
    assert (entry.after["rows"], entry.after["new_enterprises"], entry.after["updated"]) == (
        3,
        1,
        2,
    )
    assert prepared.new == [(C, "丙", 5)]


@pytest.mark.django_db
def test_a_row_of_the_month_kept_under_another_region_is_updated_not_refused(
    huoshan, statistics, org, lookup
):
    """The region's month is empty, so the import tries a plain insert; the enterprise's
    June row, written while it was registered elsewhere, conflicts: the upsert takes over."""
    known = EnterpriseFactory(credit_code=A, region=huoshan)
    elsewhere = Region.objects.exclude(pk=huoshan.pk).filter(level="county").first()
    old = MonthlyFigureFactory(enterprise=known, region=elsewhere, month=6, revenue_month=1)
    figures_import(
        actor=statistics,
        region=huoshan,
        data=fx.simple([[A, "甲", 80, 3], [B, "乙", 40, 2]]),
        filename="a.xlsx",
    )
    old.refresh_from_db()
    assert old.revenue_month == Decimal("80") and old.tax_month == Decimal("3")
    assert MonthlyFigure.objects.filter(month=6).count() == 2
    assert Enterprise.objects.filter(credit_code=B, region=huoshan).exists()


@pytest.mark.django_db
def test_falls_are_found_in_a_column_with_blanks(huoshan, statistics, lookup):
    a = EnterpriseFactory(credit_code=A, region=huoshan)
    b = EnterpriseFactory(credit_code=B, region=huoshan)
    MonthlyFigureFactory(enterprise=a, month=5, revenue=Decimal("500"))
    MonthlyFigureFactory(enterprise=b, month=5, revenue=None)
    data = fx.simple(
        [[A, "甲", 499], [B, "乙", 1], [C, "丙", None]],
        title="2022年1-6月",
        headers=("信用代码", "企业名称", "营业收入"),
    )
    with pytest.raises(FigureSheetInvalid) as raised:
        figures_import(actor=statistics, region=huoshan, data=data, filename="a.xlsx")
    assert [(e.row, e.column) for e in raised.value.row_errors] == [(3, "营业收入")]
    assert "本年累计499小于上月已报的500" in raised.value.row_errors[0].message
    assert not MonthlyFigure.objects.filter(month=6).exists()


@pytest.mark.django_db
def test_monthly_figures_keep_only_the_indexes_that_are_read():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, MonthlyFigure._meta.db_table)
    indexed = sorted(
        tuple(c["columns"])
        for c in found.values()
        if (c["index"] or c["unique"]) and not c["primary_key"]
    )
    assert indexed == [("enterprise_id", "year", "month"), ("region_id", "year", "month")]


@pytest.mark.django_db
def test_a_new_name_with_a_backslash_or_a_tab_is_stored_as_written(huoshan, statistics):
    """The bulk write (COPY's text format on PostgreSQL) escapes what it must."""
    name = "甲\\乙\t(丙)公司 100%"
    figures_import(
        actor=statistics, region=huoshan, data=fx.simple([[A, name, 80, 3]]), filename="a.xlsx"
    )
    assert Enterprise.objects.get(credit_code=A).name == name


def test_the_noise_of_float_arithmetic_is_taken_off_before_the_write_and_nothing_else():
    noisy = [23.330000000000013, 1.2345678901, 1.23455, -0.30000000000000004]
    assert list(map(repr, store._without_noise("revenue", noisy))) == [
        "23.33",
        "1.23456789",  # four places below the field's scale: the database rounds the rest
        "1.23455",
        "-0.3",
    ]
    assert store._without_noise("revenue", [0.1 + 0.2, None]) == [0.3, None]
    assert store._without_noise("employees", [3, 4]) == [3, 4]  # not a decimal field


@pytest.mark.django_db
def test_figures_written_in_bulk_are_stored_at_their_scale(huoshan):
    a, b = EnterpriseFactory(region=huoshan), EnterpriseFactory(region=huoshan)
    store.write_columns(
        region_id=huoshan.pk,
        year=2022,
        month=6,
        ids=[a.pk, b.pk],
        values={"revenue": [30.1 - 6.77, None], "electricity_kwh": [1234.5678, 0.005]},
        source="bureau",
        batch_id=None,
        entered_by_id=None,
    )
    stored = dict(MonthlyFigure.objects.values_list("enterprise_id", "revenue"))
    assert stored == {a.pk: Decimal("23.3300"), b.pk: None}
    kwh = dict(MonthlyFigure.objects.values_list("enterprise_id", "electricity_kwh"))
    assert kwh[a.pk] == Decimal("1234.57")
    if connection.vendor == "postgresql":  # its own rounding of the text: half away from zero
        assert kwh[b.pk] == Decimal("0.01")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the text PostgreSQL is sent")
@pytest.mark.django_db
def test_a_difference_just_below_a_half_by_float_noise_is_stored_as_the_exact_one(huoshan):
    a = EnterpriseFactory(region=huoshan)
    noisy = 12.34565 - 10.0
    assert repr(noisy) == "2.345649999999999"  # the exact difference is 2.34565
    store.write_columns(
        region_id=huoshan.pk,
        year=2022,
        month=6,
        ids=[a.pk],
        values={"revenue_month": [noisy]},
        source="bureau",
        batch_id=None,
        entered_by_id=None,
    )
    assert MonthlyFigure.objects.get(enterprise=a).revenue_month == Decimal("2.3457")
