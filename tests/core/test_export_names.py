"""Every exported file is named after the region it is about (issue 11, item 14): the Chinese
name starts with the region's name, the plain one with its code."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from gongye.core.http import attachment, export_names

HUOSHAN = SimpleNamespace(name="霍山县", code="341525")


def test_the_region_leads_the_name_once():
    assert export_names(HUOSHAN, "2022年重点工作明细表.xlsx", "2022-tasks.xlsx") == (
        "霍山县2022年重点工作明细表.xlsx",
        "341525-2022-tasks.xlsx",
    )
    # a name that already starts with the region, or carries its code, is kept
    assert export_names(HUOSHAN, "霍山县2022年驾驶舱.docx", "cockpit-341525-2022.docx") == (
        "霍山县2022年驾驶舱.docx",
        "cockpit-341525-2022.docx",
    )


def test_the_download_carries_both_names():
    response = attachment(b"x", "2022年指标统计数据表.xlsx", "statistics-2022.xlsx", region=HUOSHAN)
    disposition = response["Content-Disposition"]
    assert "filename=341525-statistics-2022.xlsx" in disposition
    assert f"filename*=UTF-8''{quote('霍山县2022年指标统计数据表.xlsx')}" in disposition
