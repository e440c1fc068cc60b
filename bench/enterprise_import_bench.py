"""The statistics bureau's monthly sheets at scale: 100,000 enterprises × 12 months.

Usage: python bench/enterprise_import_bench.py [--enterprises 100000] [--months 12] [--cache DIR]
[--one-by-one] [--repeat 3] (PostgreSQL: with ``DATABASE_URL`` of an empty database.)

Generates the twelve monthly .xlsx sheets once (a minimal writer of its own — the product's
formula-safe writer is for what users download, and openpyxl would take minutes here; cached
under the temporary directory), times reading them with python-calamine alone (the floor:
no reader can be faster than opening the files), then times the full import of all twelve,
in month order, into a fresh database (the first sheet registers every enterprise as new;
later months derive 本月 from 本年累计 and check it against the month before). Prints both and
the ratio; the goal is an import under 60 s and at most 3× the floor. Both are timed
``--repeat`` times, alternately (the register emptied before each import), and the best of
each compared: this VM's speed drifts by a quarter from minute to minute.

The twelve go through ``figures_import_batch``, as the command imports several files (one
transaction; the next sheet parsed while one is written); ``--one-by-one`` imports each
through ``figures_import`` instead, as the office's page does a month at a time (each its own
transaction, its commit timed apart).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import django  # noqa: F401  (sets Django up)
from django.core.management import call_command
from django.db import connection, transaction

from gongye.core.sheets import collector_paused
from gongye.enterprises.credit_code import make
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.services.figures import (
    PreparedImport,
    figures_import,
    figures_import_batch,
)
from gongye.orgs.models import Region

YEAR = 2022
HEAD1 = ["序号", "统一社会信用代码", "单位详细名称", "工业总产值(当年价格)", None, "营业收入", None]
HEAD1 += ["营业收入同比增速(%)", "税金总额", "利润总额", "研发费用", "工业用电量(万千瓦时)"]
HEAD1 += ["综合能源消费量(吨标准煤)", "从业人员期末人数(人)"]
HEAD2 = [None, None, None, "本月", "本年累计", "本月", "本年累计", None]
HEAD2 += ["本年累计", "本年累计", "本年累计", "本年累计", "本年累计", None]
MERGES = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:H4", "N3:N4"]


def _col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def write_xlsx(path: Path, rows: list[list[object]], merges: list[str]) -> None:
    """The smallest valid .xlsx: one sheet of inline strings and numbers."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData>"
        f'<mergeCells count="{len(merges)}">{merged}</mergeCells></worksheet>'
    )
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="月报" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def generate(folder: Path, enterprises: int, months: int) -> list[Path]:
    """One sheet a month; the figures grow month by month so 本年累计 never falls."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{YEAR}年{m}月规上工业企业.xlsx" for m in range(1, months + 1)]
    if all(p.exists() for p in paths):
        return paths
    rng = random.Random(20220630)
    codes = [make("9", "1", "341525", f"{n:08d}") for n in range(enterprises)]
    base = [rng.uniform(50, 5000) for _ in range(enterprises)]  # 千元 a month
    cum_out = [0.0] * enterprises
    cum_rev = [0.0] * enterprises
    for month, path in enumerate(paths, start=1):
        rows: list[list[object]] = [[f"{YEAR}年1-{month}月规模以上工业企业主要经济指标"]]
        rows.append(["计量单位：千元"])
        rows += [list(HEAD1), list(HEAD2)]
        for i in range(enterprises):
            out_m = round(base[i] * (0.9 + 0.02 * month), 1)
            rev_m = round(out_m * 0.95, 1)
            cum_out[i] = round(cum_out[i] + out_m, 1)
            cum_rev[i] = round(cum_rev[i] + rev_m, 1)
            rows.append(
                [
                    i + 1,
                    codes[i],
                    f"测试企业{i + 1}有限公司",
                    out_m,
                    cum_out[i],
                    rev_m,
                    cum_rev[i],
                    round(rng.uniform(-10, 30), 1),
                    round(cum_rev[i] * 0.03, 1),
                    round(cum_rev[i] * 0.05, 1),
                    round(cum_rev[i] * 0.02, 1),
                    round(base[i] * month * 0.8, 2),
                    round(base[i] * month * 0.01, 2),
                    20 + i % 300,
                ]
            )
        rows.append(["合计"])
        rows.append(["注：本表为快报数据。"])
        write_xlsx(path, rows, MERGES)
    return paths


def quiet() -> None:
    """Before each reading of the floor: PostgreSQL's dirty pages written out now (a
    checkpoint running beside the reading slows it on this VM's two cores), then a pause."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    time.sleep(2)


def read_floor(paths: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds to open and read every sheet with python-calamine. The files are
    read once before, so that neither the floor nor the import waits on the disk; like the
    import, with Python's cyclic collector paused and nothing left over from making the
    sheets (a collector walking leftovers made an earlier floor up to a third slower)."""
    from python_calamine import CalamineWorkbook

    for path in paths:
        path.read_bytes()
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    with collector_paused():
        for path in paths:
            CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return time.perf_counter() - start, time.process_time() - cpu


def _load() -> str:
    """The machine's load (1, 5, 15 minutes): other work on a shared VM slows both timings."""
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def import_all(paths: list[Path], region: Region, one_by_one: bool) -> tuple[float, float, float]:
    """(wall, CPU, commit) seconds of importing every sheet into the empty register."""
    start, cpu = time.perf_counter(), time.process_time()
    committing = 0.0
    if one_by_one:
        for path in paths:
            t0 = time.perf_counter()
            # the service's own transaction, opened here only to time its commit apart
            with transaction.atomic():
                _batch, prepared = figures_import(
                    actor=None, region=region, data=path.read_bytes(), filename=path.name
                )
                t1 = time.perf_counter()
            t2 = time.perf_counter()
            committing += t2 - t1
            print(
                f"  {prepared.year}-{prepared.month:02d}: {prepared.rows:,} rows, "
                f"{len(prepared.new):,} new, {t2 - t0:.2f} s (of which the commit {t2 - t1:.2f} s)"
            )
    else:
        last = [start]

        def written(prepared: PreparedImport) -> None:
            now = time.perf_counter()
            print(
                f"  {prepared.year}-{prepared.month:02d}: {prepared.rows:,} rows, "
                f"{len(prepared.new):,} new, written {now - last[0]:.2f} s after the one before"
            )
            last[0] = now

        files = [(path.read_bytes(), path.name) for path in paths]
        with transaction.atomic():  # the service's own, opened here to time its commit apart
            figures_import_batch(actor=None, region=region, files=files, on_sheet=written)
            t1 = time.perf_counter()
        committing = time.perf_counter() - t1
    return time.perf_counter() - start, time.process_time() - cpu, committing


def empty_register() -> None:
    """Before a repetition: the register as the first run found it (empty)."""
    tables = ["enterprises_monthlyfigure", "enterprises_figureimport", "enterprises_enterprise"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")  # the empty ones referring
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the bench's own names
    assert not Enterprise.objects.exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--cache", default="")
    parser.add_argument("--one-by-one", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(args.cache or tempfile.gettempdir()) / f"gongye-figures-{args.enterprises}"
    start = time.perf_counter()
    paths = generate(folder, args.enterprises, args.months)
    size = sum(p.stat().st_size for p in paths) / 1024 / 1024
    print(
        f"sheets: {len(paths)} × {args.enterprises:,} rows, {size:.0f} MiB in {folder} "
        f"({time.perf_counter() - start:.1f} s to make or find)"
    )
    call_command("migrate", verbosity=0)
    mode = "one by one (figures_import)" if args.one_by_one else "one batch"
    print(f"database: {connection.vendor}; {mode}; load average {_load()}")
    region = Region.objects.filter(code="341525").first() or Region.objects.create(
        code="341525", name="霍山县", level="county"
    )
    floors: list[tuple[float, float]] = []
    imports: list[tuple[float, float, float]] = []
    for run in range(args.repeat):
        if run:
            empty_register()
        quiet()
        floors.append(read_floor(paths))
        print(
            f"run {run + 1}: read with python-calamine alone {floors[-1][0]:.2f} s "
            f"(CPU {floors[-1][1]:.2f} s); import:"
        )
        quiet()
        imports.append(import_all(paths, region, args.one_by_one))
        assert Enterprise.objects.count() == args.enterprises
        assert MonthlyFigure.objects.count() == args.enterprises * len(paths)
        total, total_cpu, committing = imports[-1]
        print(
            f"run {run + 1}: import {total:.2f} s (CPU {total_cpu:.2f} s, the commit"
            f"{'s' if args.one_by_one else ''} {committing:.2f} s), "
            f"{total / floors[-1][0]:.2f}× this run's floor; load average {_load()}"
        )
    floor, floor_cpu = min(floors)
    total, total_cpu, _committing = min(imports)
    met = "met" if total < 60 and total <= 3 * floor else "NOT met"
    print(
        f"best of {args.repeat}: calamine alone {floor:.2f} s ({floor / len(paths):.2f} s a "
        f"sheet), import {total:.2f} s: ratio {total / floor:.2f}× the floor (goal < 60 s and "
        f"≤ 3×: {met}); this process's CPU {total_cpu:.2f} s, {total_cpu / floor_cpu:.2f}× the "
        f"floor's (the database server's CPU not counted)"
    )


if __name__ == "__main__":
    main()
