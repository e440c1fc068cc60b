"""The evaluation engine against hand-computed values: benchmarks, caps, the missing-data rule,
min–max and average benchmarks, bonus and deductions, vetoes, class T, tenants, ties."""

from __future__ import annotations

import json

import pytest

from gongye.evaluation.engine.inputs import inputs_from_rows
from gongye.evaluation.engine.scheme import parse_scheme
from gongye.evaluation.engine.scoring import GRADED, NOT_RATED, TENANT, EvaluationError, evaluate


def run(text: str, rows: list[dict]) -> dict[str, dict]:
    rows = [{"credit_code": f"C{i:03d}", "name": f"企业{i}", **row} for i, row in enumerate(rows)]
    evaluation = evaluate(parse_scheme(text), inputs_from_rows(rows))
    return {row["credit_code"]: row for row in evaluation.rows()}


FOUR = """
name: 四项
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 40, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 30, benchmark: 80}
      - {name: 单位能耗增加值, formula: value_added / energy_tce, weight: 20, benchmark: 2.5}
      - {name: 研发经费投入强度, formula: rd_expense / revenue, weight: 10, benchmark: 0.02}
"""


def test_an_enterprise_exactly_at_every_benchmark_scores_100():
    # 10 亩: tax 240.97 万元 → 24.097 万元/亩; value added 800 → 80/亩; 320 tce → 2.5;
    # R&D 20 of revenue 1000 → 2 %
    at = {"land_mu": 10, "tax": 240.97, "value_added": 800, "energy_tce": 320}
    result = run(FOUR, [{**at, "rd_expense": 20, "revenue": 1000}])["C000"]
    assert result["total"] == 100.0
    assert result["scores"] == {
        "亩均税收": 40.0,
        "亩均增加值": 30.0,
        "单位能耗增加值": 20.0,
        "研发经费投入强度": 10.0,
    }
    assert result["status"] == GRADED and result["rank"] == 1


def test_a_cap_limits_the_item_and_says_so():
    text = """
name: 封顶
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 60, benchmark: 20, cap: 1.5}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 40, benchmark: 50}
"""
    # 亩均税收 60 = 3 × benchmark: 180 points uncapped, 90 (1.5 × 60) capped; 增加值 25/亩 → 20
    result = run(text, [{"land_mu": 4, "tax": 240, "value_added": 100}])["C000"]
    assert result["scores"]["亩均税收"] == 90.0
    assert result["total"] == 110.0
    assert {"code": "cap", "indicator": "亩均税收", "limit": 90.0} in result["reasons"]


def test_missing_data_takes_the_groups_average_score_on_that_item():
    text = """
name: 缺数
missing: average
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 50, benchmark: 10}
      - {name: 单位电耗税收, formula: tax * 10000 / electricity_kwh, weight: 50, benchmark: 0.5}
"""
    rows = [
        # 亩均税收 10 → 50; 电耗税收 100·10000/2,000,000 = 0.5 → 50
        {"land_mu": 10, "tax": 100, "electricity_kwh": 2_000_000},
        # 亩均税收 20 → 100; 电耗税收 200·10000/1,000,000 = 2 → 200
        {"land_mu": 10, "tax": 200, "electricity_kwh": 1_000_000},
        # no electricity figure: 亩均税收 5 → 25; 电耗税收 the average of 50 and 200 = 125
        {"land_mu": 10, "tax": 50},
    ]
    results = run(text, rows)
    assert results["C002"]["scores"] == {"亩均税收": 25.0, "单位电耗税收": 125.0}
    assert results["C002"]["total"] == 150.0
    assert results["C002"]["indicators"]["单位电耗税收"] is None
    assert {
        "code": "missing",
        "indicator": "单位电耗税收",
        "rule": "average",
        "score": 125.0,
    } in results["C002"]["reasons"]


def test_missing_data_scores_zero_by_default_and_a_division_by_zero_is_missing():
    text = """
name: 缺数为零
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 10}
"""
    results = run(text, [{"land_mu": 0, "tax": 100}, {"land_mu": 10, "tax": 100}])
    assert results["C000"]["scores"]["亩均税收"] == 0.0
    assert results["C000"]["reasons"][0]["rule"] == "zero"
    assert results["C001"]["total"] == 100.0


def test_an_average_benchmark_is_the_groups_mean_times_its_multiple():
    text = """
name: 平均
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 50, benchmark: average}
      - {name: 亩均营收, formula: revenue / land_mu, weight: 50, benchmark: {average: true, multiple: 2}}
"""
    # 亩均税收 10, 20, 30: mean 20 → 25, 50, 75; 亩均营收 100, 100, 400: mean 200 × 2 = 400 →
    # 12.5, 12.5, 50
    rows = [
        {"land_mu": 1, "tax": 10, "revenue": 100},
        {"land_mu": 1, "tax": 20, "revenue": 100},
        {"land_mu": 1, "tax": 30, "revenue": 400},
    ]
    totals = {code: r["total"] for code, r in run(text, rows).items()}
    assert totals == {"C000": 37.5, "C001": 62.5, "C002": 125.0}


def test_a_min_max_benchmark_scores_between_the_floor_and_the_weight():
    text = """
name: 极值
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: {min_max: true, floor: 40}}
      - {name: 单位能耗, formula: energy_tce / land_mu, weight: 10, benchmark: min_max, direction: lower}
"""
    # 亩均税收 10, 20, 30 → 40, 70, 100; 能耗 5, 1, 3 (lower better, floor 0) → 0, 10, 5
    rows = [
        {"land_mu": 1, "tax": 10, "energy_tce": 5},
        {"land_mu": 1, "tax": 20, "energy_tce": 1},
        {"land_mu": 1, "tax": 30, "energy_tce": 3},
    ]
    totals = {code: r["total"] for code, r in run(text, rows).items()}
    assert totals == {"C000": 40.0, "C001": 80.0, "C002": 105.0}


def test_lower_is_better_scores_weight_times_benchmark_over_value():
    text = """
name: 越低越好
groups:
  - name: 全部
    indicators:
      - {name: 单位增加值能耗, formula: energy_tce / value_added, weight: 20, benchmark: 0.4, direction: lower, cap: 1.5}
"""
    # 0.8 tce per 万元 → 20 × 0.4 / 0.8 = 10; 0.2 → 40 capped at 30
    results = run(
        text, [{"energy_tce": 80, "value_added": 100}, {"energy_tce": 20, "value_added": 100}]
    )
    assert results["C000"]["total"] == 10.0
    assert results["C001"]["total"] == 30.0


def test_bonus_and_deductions():
    text = """
name: 加减分
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 10}
    bonus:
      - {name: 高新技术企业, when: hightech, points: 3}
      - {name: 技改投资, formula: tech_investment / 1000, points: 1, max: 5}
    deductions:
      - {name: 环境违法, when: env_accident, points: 10}
"""
    rows = [
        # 100 + 3 + min(8000/1000, 5) = 108
        {"land_mu": 1, "tax": 10, "hightech": True, "tech_investment": 8000},
        # 100 + 2.5 − 10 = 92.5
        {"land_mu": 1, "tax": 10, "tech_investment": 2500, "env_accident": True},
    ]
    results = run(text, rows)
    assert (results["C000"]["bonus"], results["C000"]["total"]) == (8.0, 108.0)
    assert (results["C001"]["deduction"], results["C001"]["total"]) == (10.0, 92.5)


SHARES = """
name: 比例
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 10}
classes: {A: 20, B: 65, C: 95}
"""


def _classes(results: dict[str, dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results.values():
        counts[result["class"]] = counts.get(result["class"], 0) + 1
    return counts


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        # 120 × 20 % = 24; × 65 % = 78 → 54 B; × 95 % = 114 → 36 C; 6 D
        (120, {"A": 24, "B": 54, "C": 36, "D": 6}),
        # 755 × 20 % = 151; × 65 % = 490.75 → 491 (half up) → 340 B; × 95 % = 717.25 → 717
        # → 226 C; 38 D
        (755, {"A": 151, "B": 340, "C": 226, "D": 38}),
    ],
)
def test_class_shares_by_cumulative_rank(size, expected):
    rows = [{"land_mu": 1, "tax": 1000 - i} for i in range(size)]
    assert _classes(run(SHARES, rows)) == expected


def test_floor_rounding_of_the_shares():
    text = SHARES.replace("C: 95}", "C: 95, rounding: floor}")
    rows = [{"land_mu": 1, "tax": 1000 - i} for i in range(755)]
    assert _classes(run(text, rows)) == {"A": 151, "B": 339, "C": 227, "D": 38}


def test_equal_totals_share_a_rank_and_the_better_class():
    # five: A the first (round(5 × 20 %) = 1), B to round(3.25) = 3, C to round(4.75) = 5;
    # the first two tie, so the second is A too
    rows = [{"land_mu": 1, "tax": t} for t in (50, 50, 40, 30, 20)]
    results = run(SHARES, rows)
    assert [results[f"C{i:03d}"]["rank"] for i in range(5)] == [1, 1, 3, 4, 5]
    assert [results[f"C{i:03d}"]["class"] for i in range(5)] == ["A", "A", "B", "C", "C"]


def test_classes_by_score():
    text = SHARES.replace(
        "classes: {A: 20, B: 65, C: 95}", "classes: {by: score, A: 90, B: 70, C: 50}"
    )
    rows = [{"land_mu": 1, "tax": t} for t in (9.5, 9, 7, 6.99, 4)]
    assert [r["class"] for r in run(text, rows).values()] == ["A", "A", "B", "C", "D"]


VETOES = """
name: 否决
groups:
  - name: 全部
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 10}
not_graded:
  - {name: 公用事业, when: utility}
  - {name: 新办企业（不满2年）, when: age_years < 2}
vetoes:
  - {name: 安全生产事故, when: safety_accident or env_accident, not: [A, B]}
  - {name: 新建投产或新升规, when: new_enterprise or promoted, not: [D]}
classes: {A: 20, B: 65, C: 95}
"""


def test_vetoes_move_to_the_nearest_allowed_class():
    # 20 graded: A the first 4, B to 13, C to 19, D the last
    rows = [{"land_mu": 1, "tax": 100 - i, "age_years": 5} for i in range(20)]
    rows[0]["safety_accident"] = True  # A → C
    rows[19]["promoted"] = True  # D → C
    results = run(VETOES, rows)
    assert results["C000"]["class"] == "C"
    assert {"code": "veto", "rule": "安全生产事故", "from": "A", "to": "C"} in results["C000"][
        "reasons"
    ]
    assert results["C019"]["class"] == "C"
    assert results["C001"]["class"] == "A"  # the others keep their place
    assert _classes(results) == {"A": 3, "B": 9, "C": 8}


def test_class_t_is_neither_ranked_nor_counted():
    rows = [{"land_mu": 1, "tax": 100 - i, "age_years": 5} for i in range(10)]
    rows += [
        {"land_mu": 1, "tax": 1000, "utility": True, "age_years": 30},
        {"land_mu": 1, "tax": 1, "age_years": 1},
    ]
    results = run(VETOES, rows)
    assert results["C010"]["class"] == "T" and results["C010"]["status"] == NOT_RATED
    assert results["C010"]["rank"] is None
    assert results["C011"]["class"] == "T"
    assert results["C011"]["reasons"] == [{"code": "not_graded", "rule": "新办企业（不满2年）"}]
    # 10 graded: 2 A, 5 B (to 6.5 → 7 … round(6.5) = 7), 3 C (to 9.5 → 10), no D
    assert _classes(results) == {"A": 2, "B": 5, "C": 3, "T": 2}


def test_scope_groups_and_tenants():
    text = """
name: 范围
where: in_zone and land_mu >= 3
tenants: landlord
groups:
  - name: 规上
    where: scale == "规上"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 10}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 100, benchmark: 5}
"""
    rows = [
        {"in_zone": True, "land_mu": 10, "tax": 200, "scale": "规上"},
        {"in_zone": True, "land_mu": 10, "tax": 50, "scale": "规下"},
        {"in_zone": False, "land_mu": 10, "tax": 50, "scale": "规下"},  # outside the zone
        {"in_zone": True, "land_mu": 2, "tax": 50, "scale": "规下"},  # under 3 亩
        {"in_zone": True, "land_mu": 5, "tax": 10, "scale": "规下", "landlord": "C000"},
        {"in_zone": True, "land_mu": 5, "tax": 10, "scale": ""},  # no group
    ]
    results = run(text, rows)
    assert (results["C000"]["group"], results["C000"]["total"]) == ("规上", 200.0)
    assert (results["C001"]["group"], results["C001"]["total"]) == ("规下", 100.0)
    assert results["C002"]["reasons"] == [{"code": "out_of_scope"}]
    assert results["C003"]["class"] == ""
    assert (
        results["C004"]["status"] == TENANT and results["C004"]["class"] == results["C000"]["class"]
    )
    assert results["C005"]["reasons"] == [{"code": "no_group"}]


def test_a_non_positive_average_refuses_the_run_with_the_reason():
    text = """
name: 亏损
groups:
  - name: 全部
    indicators:
      - {name: 亩均利润, formula: profit / land_mu, weight: 100, benchmark: average}
"""
    with pytest.raises(EvaluationError, match="亩均利润"):
        run(text, [{"land_mu": 1, "profit": -5}, {"land_mu": 1, "profit": 2}])


def test_the_same_inputs_give_byte_identical_results():
    rows = [
        {"land_mu": 1 + i % 7, "tax": (i * 37) % 101, "value_added": (i * 13) % 97}
        for i in range(500)
    ]
    text = FOUR.replace("benchmark: 80", "benchmark: average")
    first = json.dumps(run(text, rows), ensure_ascii=False, sort_keys=True)
    second = json.dumps(run(text, list(reversed(rows[::-1]))), ensure_ascii=False, sort_keys=True)
    assert first == second
