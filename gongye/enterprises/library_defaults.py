"""The libraries a county starts with (``services.libraries.libraries_ensure``). What is here is
only the first setting: the plan office edits names, criteria and thresholds per region."""

from __future__ import annotations

from typing import Any

from gongye.enterprises.choices import ListingStage, SrdiLevel
from gongye.enterprises.library_choices import DigitalTag, LibraryKind

DIFFICULT_STAGES = [["diagnose", "诊断"], ["treat", "救治"], ["consolidate", "巩固"]]
# the stage a difficult enterprise must reach before it may be declared recovered
CONSOLIDATE = "consolidate"

DEFAULTS: list[dict[str, Any]] = [
    {
        "kind": LibraryKind.GROWTH,
        "name": "成长性企业库",
        "criteria": "规下工业企业，本年累计营业收入折合全年在 1500 万元至 2000 万元之间，"
        "成长性好、有望近期纳入规上统计。",
        "stages": [],
        "settings": {"lower": 1500, "upper": 2000},
    },
    {
        "kind": LibraryKind.SCALE_UP,
        "name": "纳规培育库",
        "criteria": "规下工业企业本年营业收入折合全年达到 2000 万元（纳规候选），以及本年新纳入"
        "规上统计的企业（递次纳规、积树成林）。",
        "stages": [["candidate", "纳规候选"], ["new_above", "新纳规"]],
        "settings": {"line": 2000},
    },
    {
        "kind": LibraryKind.HIGHTECH,
        "name": "高企培育库",
        "criteria": "有研发投入和自主知识产权、拟申报高新技术企业的企业；高企证书三年有效，"
        "到期前需重新认定。",
        "stages": [
            ["cultivate", "培育"],
            ["apply", "申报认定"],
            ["certified", "已认定"],
            ["recertify", "重新认定"],
        ],
        "settings": {"months": 6},
    },
    {
        "kind": LibraryKind.SRDI,
        "name": "专精特新梯度培育库",
        "criteria": "专业化、精细化、特色化、新颖化的中小企业，按创新型中小企业 → 省级专精特新 → "
        "国家级专精特新“小巨人” → 制造业单项冠军梯度培育。",
        "stages": [
            [SrdiLevel.INNOVATIVE.value, "创新型中小企业"],
            [SrdiLevel.PROVINCIAL.value, "省级专精特新"],
            [SrdiLevel.LITTLE_GIANT.value, "国家级专精特新“小巨人”"],
            [SrdiLevel.CHAMPION.value, "制造业单项冠军"],
        ],
        "settings": {"revenue": 1000, "rd_ratio": 3},
    },
    {
        "kind": LibraryKind.LISTING,
        "name": "上市后备库（雁阵计划）",
        "criteria": "主业突出、规范经营、有上市意愿的企业，按后备 → 股改 → 辅导备案 → 申报 → "
        "挂牌/上市推进。",
        "stages": [
            [ListingStage.RESERVE.value, "后备"],
            [ListingStage.RESTRUCTURED.value, "股改"],
            [ListingStage.COUNSELLING.value, "辅导备案"],
            [ListingStage.FILED.value, "申报"],
            [ListingStage.LISTED.value, "挂牌/上市"],
        ],
        "settings": {},
        "suggests": False,
    },
    {
        "kind": LibraryKind.DIGITAL,
        "name": "数字化转型库",
        "criteria": "实施上云用数赋能、5G+工业互联网、智能工厂、数字化车间建设的企业。",
        "stages": [],
        "tags": [
            [DigitalTag.CLOUD.value, "上云用数"],
            [DigitalTag.FIVE_G.value, "5G+工业互联网"],
            [DigitalTag.SMART_FACTORY.value, "智能工厂"],
            [DigitalTag.DIGITAL_WORKSHOP.value, "数字化车间"],
        ],
        "settings": {},
        "suggests": False,
    },
    {
        "kind": LibraryKind.DIFFICULT,
        "name": "困难企业帮扶库",
        "criteria": "生产经营困难的企业，经诊断 → 救治 → 巩固帮扶脱困；无法救治的按僵尸企业处置"
        "（兼并重组、破产清算、盘活利用等）。",
        "stages": DIFFICULT_STAGES,
        "settings": {},
        "suggests": False,
    },
]
