"""Golden tests of the engine on published schemes: the weights, benchmarks, formulas and
cut-offs below are facts from the documents cited; the totals are computed by hand.

- 台州市黄岩区2022年度亩均效益评价得分计算说明 (https://www.chacewang.com/newsdetail/news430850.html):
  规上 = 亩均税收÷24.097×30 + 亩均增加值÷136.16×20 + 单位能耗增加值÷2.694×20
  + 单位排放增加值÷4929.81×10 + 全员劳动生产率÷18.14×10 + R&D占主营收入比重÷0.0302×10;
  规下 = 亩均税收÷11.5932×50 + 单位用电税收÷0.2352×50; "规上无排放数据的，单位排放增加值得分按
  规上企业此项平均得分赋分".
- 旌德县工业企业亩均效益评价 (http://www.ahjd.gov.cn/OpennessContent/show/2394961.html):
  单项得分 = 权重×[20+80×(本值−最小值)/(最大值−最小值)]/100 — a min–max benchmark whose
  floor is 20 % of the weight.
- 淮安市工业企业资源集约利用综合评价办法: 亩均税收45%, 亩均销售收入35%, 单位能耗税收20%;
  A the first 20 %, B to 60 %, C to 95 %, D the last 5 %.
- 巢湖市2021年: 120家规模以上工业企业评出A类24家、B类54家、C类36家、D类6家
  (https://ch9997.com/display/338645.html), the counts of cut-offs 20 / 65 / 95.
"""

from __future__ import annotations

import pytest

from gongye.evaluation.engine.inputs import inputs_from_rows
from gongye.evaluation.engine.scheme import parse_scheme
from gongye.evaluation.engine.scoring import evaluate

HUANGYAN_2022 = """
name: 黄岩区2022年度工业企业亩均效益评价
groups:
  - name: 规上
    where: scale == "规上"
    missing: average
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 30, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 20, benchmark: 136.16}
      - {name: 单位能耗增加值, formula: value_added / energy_tce, weight: 20, benchmark: 2.694}
      - {name: 单位排放增加值, formula: value_added / emission_t, weight: 10, benchmark: 4929.81}
      - {name: 全员劳动生产率, formula: value_added / employees, weight: 10, benchmark: 18.14}
      - {name: R&D占主营收入比重, formula: rd_expense / revenue, weight: 10, benchmark: 0.0302}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 50, benchmark: 11.5932}
      - {name: 单位用电税收, formula: tax * 10000 / electricity_kwh, weight: 50, benchmark: 0.2352}
"""


def _run(text: str, rows: list[dict]) -> dict[str, dict]:
    rows = [{"credit_code": f"C{i:03d}", "name": f"企业{i}", **row} for i, row in enumerate(rows)]
    return {
        r["credit_code"]: r for r in evaluate(parse_scheme(text), inputs_from_rows(rows)).rows()
    }


def _huangyan_above(land, tax_mu, va_mu, va_energy, va_emission, va_person, rd_share):
    value_added = va_mu * land
    revenue = 10_000.0
    return {
        "scale": "规上",
        "land_mu": land,
        "tax": tax_mu * land,
        "value_added": value_added,
        "energy_tce": value_added / va_energy,
        "emission_t": None if va_emission is None else value_added / va_emission,
        "employees": value_added / va_person,
        "revenue": revenue,
        "rd_expense": rd_share * revenue,
    }


def test_huangyan_2022_at_every_benchmark_and_by_hand():
    rows = [
        # exactly at every benchmark: 30 + 20 + 20 + 10 + 10 + 10 = 100
        _huangyan_above(10, 24.097, 136.16, 2.694, 4929.81, 18.14, 0.0302),
        # 2× 亩均税收 → 60; ½ 亩均增加值 → 10; at 能耗 → 20; no emission data → the group's
        # average on that item, (10 + 30) ÷ 2 = 20; 2× 劳动生产率 → 20; ½ R&D → 5: 135
        _huangyan_above(20, 48.194, 68.08, 2.694, None, 36.28, 0.0151),
        # 3× emission → 30; the rest at the benchmarks: 30 + 20 + 20 + 30 + 10 + 10 = 120
        _huangyan_above(5, 24.097, 136.16, 2.694, 3 * 4929.81, 18.14, 0.0302),
        # 规下: 1.5× 亩均税收 → 75; 单位用电税收 0.1176 (½) → 25: 100
        {
            "scale": "规下",
            "land_mu": 4,
            "tax": 4 * 1.5 * 11.5932,
            "electricity_kwh": 4 * 1.5 * 11.5932 * 10000 / 0.1176,
        },
    ]
    results = _run(HUANGYAN_2022, rows)
    assert [results[f"C{i:03d}"]["total"] for i in range(4)] == [100.0, 135.0, 120.0, 100.0]
    assert results["C001"]["scores"]["单位排放增加值"] == 20.0
    assert results["C001"]["reasons"] == [
        {"code": "missing", "indicator": "单位排放增加值", "rule": "average", "score": 20.0}
    ]
    assert [results[f"C{i:03d}"]["rank"] for i in range(3)] == [3, 1, 2]


def test_jingde_min_max_floor_of_twenty_percent():
    text = """
name: 旌德县（单项得分公式）
groups:
  - name: 规上
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 25, benchmark: {min_max: true, floor: 5}}
"""
    # 25 × [20 + 80 × (v − 10) ÷ (50 − 10)] ÷ 100: 10 → 5, 30 → 15, 50 → 25
    results = _run(text, [{"land_mu": 1, "tax": t} for t in (10, 30, 50)])
    assert [r["total"] for r in results.values()] == [5.0, 15.0, 25.0]


HUAIAN = """
name: 淮安市工业企业资源集约利用综合评价
groups:
  - name: 规上
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 45, benchmark: {average: true, multiple: 2}}
      - {name: 亩均销售收入, formula: revenue / land_mu, weight: 35, benchmark: {average: true, multiple: 2}}
      - {name: 单位能耗税收, formula: tax / energy_tce, weight: 20, benchmark: {average: true, multiple: 2}}
classes: {A: 20, B: 60, C: 95}
"""


def test_huaian_an_enterprise_at_twice_the_average_scores_100():
    # the benchmark is twice the group's average: of 1 and 3 the average is 2, twice it 4; the
    # enterprise at 3 scores ¾ of each weight (75), the one at 1 a quarter (25)
    rows = [
        {"land_mu": 1, "tax": 1, "revenue": 1, "energy_tce": 1},
        {"land_mu": 1, "tax": 3, "revenue": 3, "energy_tce": 1},
    ]
    assert [r["total"] for r in _run(HUAIAN, rows).values()] == [25.0, 75.0]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        # 120 × 20 % = 24; × 60 % = 72 → 48 B; × 95 % = 114 → 42 C; 6 D
        (120, {"A": 24, "B": 48, "C": 42, "D": 6}),
        # 755 × 20 % = 151; × 60 % = 453 → 302 B; × 95 % = 717.25 → 717 → 264 C; 38 D
        (755, {"A": 151, "B": 302, "C": 264, "D": 38}),
    ],
)
def test_huaian_class_shares(size, expected):
    rows = [
        {"land_mu": 1, "tax": 1000 - i, "revenue": 1000 - i, "energy_tce": 1} for i in range(size)
    ]
    counts: dict[str, int] = {}
    for result in _run(HUAIAN, rows).values():
        counts[result["class"]] = counts.get(result["class"], 0) + 1
    assert counts == expected


def test_chaohu_2021_published_counts():
    """巢湖市2021年 120 家规上企业: A24、B54、C36、D6 — the counts of cut-offs 20 / 65 / 95."""
    text = HUAIAN.replace("classes: {A: 20, B: 60, C: 95}", "classes: {A: 20, B: 65, C: 95}")
    rows = [
        {"land_mu": 1, "tax": 1000 - i, "revenue": 1000 - i, "energy_tce": 1} for i in range(120)
    ]
    counts: dict[str, int] = {}
    for result in _run(text, rows).values():
        counts[result["class"]] = counts.get(result["class"], 0) + 1
    assert counts == {"A": 24, "B": 54, "C": 36, "D": 6}
