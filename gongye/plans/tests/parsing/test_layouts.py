"""Task tables in other layouts, built by the tests."""

from __future__ import annotations

from datetime import date

from gongye.plans.parsing import ParsedPlan, parse_plan

from .builders import PAGE_BREAK, build_docx, build_xlsx, text_table
from .huoshan_units import huoshan_resolver

TITLE = "某县2023年工业经济工作要点"


def _plan(data: bytes, name: str) -> ParsedPlan:
    return parse_plan(data, name, huoshan_resolver())


def test_columns_in_another_order_with_seq_and_deadline_column() -> None:
    rows = [
        ["序号", "牵头单位", "工作任务", "配合单位", "完成时限"],
        ["1", "统计局", "建立月度调度机制", "科技经信局、开发区", "3月底前"],
        ["2", "县科技经信局", "完成技改项目申报", "财政局等", "6月30日前"],
        ["3", "开发区", "推进标准化厂房建设", "", "全年"],
        ["4", "财政局", "兑现奖补资金", "科技经信局", "第四季度"],
        ["5", "发改委", "谋划明年项目", "相关部门", "10月"],
    ]
    plan = _plan(build_docx([TITLE, rows]), "a.docx")
    got = [(t.seq, t.text, t.lead_units, t.cooperating_units, t.month, t.due) for t in plan.tasks]
    assert got == [
        (1, "建立月度调度机制", ["统计局"], ["科技经信局", "开发区"], 3, date(2023, 3, 31)),
        (2, "完成技改项目申报", ["科技经信局"], ["财政局"], 6, date(2023, 6, 30)),
        (3, "推进标准化厂房建设", ["开发区"], [], None, date(2023, 12, 31)),
        (4, "兑现奖补资金", ["财政局"], ["科技经信局"], None, date(2023, 12, 31)),
        (5, "谋划明年项目", ["发改委"], ["相关部门"], 10, date(2023, 10, 31)),
    ]
    assert plan.tasks[1].open_ended and not plan.tasks[0].open_ended
    assert plan.tasks[3].period_label == "第四季度"


def test_responsible_unit_only_is_the_lead() -> None:
    rows = [
        ["工作内容", "责任单位", "时间"],
        ["开展亩均效益评价", "科技经信局、统计局", "一季度"],
        ["组织企业家培训", "人社局", "上半年"],
    ]
    plan = _plan(build_docx([TITLE, rows]), "b.docx")
    assert [(t.lead_units, t.cooperating_units) for t in plan.tasks] == [
        (["科技经信局", "统计局"], []),
        (["人社局"], []),
    ]
    assert [t.due for t in plan.tasks] == [date(2023, 3, 31), date(2023, 6, 30)]


def test_lead_responsible_plus_responsible_column_and_leaders() -> None:
    rows = [
        ["序号", "主要任务", "责任领导", "牵头责任单位", "责任单位", "完成时限"],
        ["1", "推进工业互联网建设", "张三、李四", "科技经信局", "开发区、相关乡镇", "12月底前"],
        ["2", "加快专精特新培育", "王五", "科技经信局", "金融服务中心", "11月"],
    ]
    plan = _plan(build_docx([TITLE, rows]), "c.docx")
    first = plan.tasks[0]
    assert first.lead_units == ["科技经信局"]
    assert first.cooperating_units == ["开发区", "相关乡镇"]
    assert first.people == ["张三", "李四"]  # people, never units
    assert first.unresolved == []
    assert plan.tasks[1].people == ["王五"]


def test_lead_bureau_column_name_and_cooperating_synonym() -> None:
    rows = [
        ["重点任务", "牵头负责司局", "协办单位"],
        ["制定产业链图谱", "科技经信局", "农业农村局\n中药产业发展中心"],
    ]
    plan = _plan(build_docx([TITLE, rows]), "d.docx")
    assert plan.tasks[0].cooperating_units == ["农业农村局", "中药产业发展中心"]


def test_repeated_header_after_page_break_and_month_sections() -> None:
    header = ["月份", "序号", "工作任务", "牵头单位", "配合单位"]
    rows = [
        header,
        ["一月份", "", "", "", ""],
        ["", "1", "召开工业经济工作会议", "县委办、县政府办", "科技经信局"],
        ["", "2", "完成年度考核", "科技经信局", "统计局"],
        header,  # Word repeats the header row on the next page
        ["二月份", "二月份", "二月份", "二月份", "二月份"],  # merged across: a section row
        ["", "1", "开展复工复产调度", "科技经信局", "开发区、相关乡镇"],
    ]
    plan = _plan(build_docx([TITLE, rows]), "e.docx")
    assert [(t.month, t.seq, t.text) for t in plan.tasks] == [
        (1, 1, "召开工业经济工作会议"),
        (1, 2, "完成年度考核"),
        (2, 1, "开展复工复产调度"),
    ]


def test_table_split_in_two_by_page_break_continues() -> None:
    header = ["月度", "重点工作", "牵头单位", "配合单位"]
    part1 = [header, ["3月", "1.甲任务", "科技经信局", "开发区"], [None, "2.乙任务", "统计局", ""]]
    part2 = [["3月", "3.丙任务", "财政局", "开发区"], ["4月", "1.丁任务", "开发区", "科技经信局"]]
    plan = _plan(build_docx([TITLE, part1, PAGE_BREAK, part2]), "f.docx")
    assert [(t.month, t.seq, t.text, t.lead_units) for t in plan.tasks] == [
        (3, 1, "甲任务", ["科技经信局"]),
        (3, 2, "乙任务", ["统计局"]),
        (3, 3, "丙任务", ["财政局"]),
        (4, 1, "丁任务", ["开发区"]),
    ]


def test_xlsx_with_title_row_and_merged_month_cells() -> None:
    rows: list[list[object]] = [
        ["2024年度重点工作明细表", None, None, None],
        ["月度", "重点工作", "牵头单位", "配合单位"],
        ["1月", "1.完成创新型县验收", "科技经信局", "相关县直单位"],
        [None, "2.出台发展意见", "县委办、\n县政府办", "科技经信局"],
        ["2月", "1.开展复工复产", "科技经信局", "开发区、相关乡镇、\n统计局等"],
        [None, "2.召开座谈会", "县委办", "科技经信局、开发区"],
        [None, "3.组织培训", "科技经信局", "某某新单位"],
    ]
    data = build_xlsx({"明细表": rows}, {"明细表": ["A1:D1", "A3:A4", "A5:A7"]})
    plan = _plan(data, "g.xlsx")
    assert plan.kind == "xlsx"
    assert plan.title == "2024年度重点工作明细表"
    assert plan.year == 2024
    assert [(t.month, t.seq) for t in plan.tasks] == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)]
    assert plan.tasks[1].lead_units == ["县委办", "县政府办"]
    assert plan.tasks[2].cooperating_units == ["开发区", "相关乡镇", "统计局"]
    assert plan.tasks[2].open_ended
    assert plan.tasks[4].unresolved == ["某某新单位"]
    assert plan.tasks[4].cooperating_units == ["某某新单位"]  # kept as written, never dropped
    warning = next(w for w in plan.warnings if "某某新单位" in w.message)
    assert (warning.row, warning.column) == (7, 4)  # the spreadsheet's own row and column
    assert "第7行第4列" in str(warning)


def test_xlsx_two_row_header() -> None:
    rows: list[list[object]] = [
        ["序号", "工作任务", "责任单位", None, "时间"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "推进项目建设", "开发区", "住建局", "2024年9月"],
    ]
    data = build_xlsx({"S": rows}, {"S": ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]})
    plan = _plan(data, "h.xlsx")
    task = plan.tasks[0]
    assert (task.seq, task.lead_units, task.cooperating_units, task.month) == (
        1,
        ["开发区"],
        ["住建局"],
        9,
    )
    assert task.due == date(2024, 9, 30)


def test_paragraph_tasks_with_key_lines() -> None:
    blocks = [
        "某县2023年科技创新工作任务分工",
        "一月份",
        "1. 完成创新型县建设验收工作",
        "牵头单位：科技经信局",
        "责任单位：统计局、开发区",
        "2、出台工业发展意见",
        "牵头单位：县委办",
        "责任单位：科技经信局等",
        "（1）开展企业培训",
        "责任单位：人社局",
    ]
    plan = _plan(build_docx(blocks), "i.docx")
    got = [(t.seq, t.text, t.lead_units, t.cooperating_units, t.month) for t in plan.tasks]
    assert got == [
        (1, "完成创新型县建设验收工作", ["科技经信局"], ["统计局", "开发区"], 1),
        (2, "出台工业发展意见", ["县委办"], ["科技经信局"], 1),
        (1, "开展企业培训", ["人社局"], [], 1),
    ]
    assert plan.tasks[1].cooperating_open_ended


def test_paragraph_tasks_ending_in_parenthesis() -> None:
    text = "\n".join(
        [
            "某县2023年重点工作任务",
            "一、推进项目建设",
            "1.加快推进重点项目开工建设。（责任领导：张三；牵头单位：开发区；"
            "责任单位：住建局、自然资源局；完成时限：6月底前）",
            "2.深化亩均论英雄改革（牵头单位：科技经信局；责任单位：统计局、税务局等）",
        ]
    ).encode("utf-8")
    plan = _plan(text, "j.txt")
    first, second = plan.tasks
    assert first.text == "加快推进重点项目开工建设。"
    assert (first.lead_units, first.cooperating_units, first.people) == (
        ["开发区"],
        ["住建局", "自然资源局"],
        ["张三"],
    )
    assert first.due == date(2023, 6, 30) and first.month == 6
    assert second.lead_units == ["科技经信局"]
    assert second.cooperating_units == ["统计局", "税务局"] and second.open_ended
    assert second.due is None


def test_text_table_gbk_encoded_works() -> None:
    data = (
        text_table(
            [
                ["月度", "重点工作", "牵头单位", "配合单位"],
                ["5月", "1.组织高企申报", "科技经信局", "开发区"],
            ],
            before=["某县2023年工业工作意见"],
        )
        .decode("utf-8")
        .encode("gbk")
    )
    plan = _plan(data, "k.txt")
    assert plan.tasks[0].lead_units == ["科技经信局"]
    assert plan.tasks[0].due == date(2023, 5, 31)


def test_unknown_unit_and_missing_lead_are_warnings_with_location() -> None:
    rows = [
        ["重点工作", "牵头单位", "配合单位"],
        ["甲任务", "", "开发区"],
        ["乙任务", "数据资源局", ""],
    ]
    plan = _plan(build_docx(["某县2023年工作", rows]), "l.docx")
    messages = [str(w) for w in plan.warnings]
    assert any("第2行第2列" in m and "缺少牵头单位" in m for m in messages)
    assert any("第3行第2列" in m and "数据资源局" in m for m in messages)
    assert plan.tasks[1].lead_units == ["数据资源局"]
    assert plan.tasks[1].unresolved == ["数据资源局"]
