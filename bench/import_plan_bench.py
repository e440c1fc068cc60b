"""Benchmark: import a generated 2,000-task plan (.docx and text) with parse_plan.

Usage: python bench/import_plan_bench.py [--tasks 2000] [--runs 5]
Prints the median wall time per format; the goal is under 2 s per import.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongye.plans.parsing import DictUnitResolver, ParsedTask, parse_plan
from gongye.plans.parsing.export import export_tasks_docx

UNITS = {
    "县委办": [],
    "县政府办": [],
    "科技经信局": ["县科技经信局"],
    "开发区": ["县经济开发区"],
    "统计局": [],
    "财政局": [],
    "发改委": [],
    "农业农村局": [],
    "中药产业发展中心": ["县中药产业中心"],
    "金融服务中心": [],
    "相关乡镇": [],
    "相关部门": [],
}
VERBS = ["推进", "完成", "组织开展", "调度", "制定", "落实", "谋划", "召开"]
OBJECTS = ["重点工业项目建设", "亩均效益评价", "高企培育", "技改项目申报", "企业上云", "纳规工作"]


def _tasks(n: int, rng: random.Random) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    per_month = -(-n // 12)
    for i in range(n):
        month = min(12, i // per_month + 1)
        seq = i % per_month + 1
        lead = rng.sample(["科技经信局", "开发区", "县委办", "财政局"], k=1)
        coop = rng.sample(["统计局", "相关乡镇", "开发区", "中药产业发展中心", "发改委"], k=3)
        text = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，新增规上工业企业{rng.randint(1, 30)}家。"
        tasks.append(
            ParsedTask(
                month=month,
                period_label=f"{month}月",
                seq=seq,
                text=text,
                due=None,
                lead_units=lead,
                cooperating_units=coop,
                cooperating_open_ended=rng.random() < 0.3,
            )
        )
    return tasks


def _text_document(title: str, tasks: list[ParsedTask]) -> bytes:
    lines = [title, "力争规上工业产值突破200亿元，规上工业增加值增长12%以上。", ""]
    lines += ["\t月度", "\t重点工作", "\t牵头单位", "\t配合单位", ""]
    last = None
    for t in tasks:
        month = f"{t.month}月" if t.month != last else ""
        last = t.month
        coop = "、".join(t.cooperating_units[:2]) + "、\n" + t.cooperating_units[2]
        lines += [f"\t{month}", f"\t{t.seq}.{t.text}", "\t" + "、".join(t.lead_units), f"\t{coop}"]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20220305)
    tasks = _tasks(args.tasks, rng)
    title = "某县2022年度工业及民营经济重点工作明细表"
    resolver = DictUnitResolver(UNITS, region_names=["某县"])
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "plan.docx": export_tasks_docx(tasks, title),
            "plan.txt": _text_document(title, tasks),
        }
        for name, data in files.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            times: list[float] = []
            count = 0
            for _ in range(args.runs):
                start = time.perf_counter()
                plan = parse_plan(path.read_bytes(), name, resolver)
                times.append(time.perf_counter() - start)
                count = len(plan.tasks)
            assert count == args.tasks, (name, count)
            print(
                f"{name}: {count} tasks, {len(data) / 1024:.0f} KiB, "
                f"median {statistics.median(times):.3f} s over {args.runs} runs "
                f"(min {min(times):.3f} s, max {max(times):.3f} s)"
            )


if __name__ == "__main__":
    main()
