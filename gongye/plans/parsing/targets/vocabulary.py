"""The words the target reader knows: units, the verbs and nouns around a value, and the
patterns that decide a target's kind and comparator."""

from __future__ import annotations

import re

from ..periods import CN_NUMERAL_CHARS

MONEY_UNITS = ("亿元", "万元", "元")
PERCENT_UNITS = ("%", "个百分点", "百分点")
RANK_UNITS = ("个位次", "位次")
COUNT_UNITS: tuple[str, ...] = (
    "家",
    "个",
    "项",
    "户",
    "件",
    "次",
    "人次",
    "人",
    "名",
    "台",
    "套",
    "座",
    "所",
    "条",
)
COUNT_UNITS += ("辆", "场次", "场", "批次", "宗", "栋", "幢")
OTHER_UNITS: tuple[str, ...] = (
    "万吨标准煤",
    "吨标准煤",
    "万亩",
    "亩",
    "万平方米",
    "平方米",
    "公顷",
    "万吨",
    "吨",
    "万千瓦时",
    "千瓦时",
)
OTHER_UNITS += ("万千瓦", "千瓦", "兆瓦", "公里", "千米", "万人次", "万人", "万户", "倍", "万家")
# intensities and concentrations: per-unit measures, never money (亩均税收 20万元/亩)
OTHER_UNITS += ("吨标准煤/万元", "立方米/万元", "万元/亩", "万元/人", "微克/立方米", "亿千瓦时")
OTHER_UNITS += ("万立方米", "立方米", "万辆", "万台", "万套", "万个", "万件", "万项")
ALL_UNITS = sorted(
    {*MONEY_UNITS, *PERCENT_UNITS, *RANK_UNITS, *COUNT_UNITS, *OTHER_UNITS}, key=len, reverse=True
)
UNIT_NORMAL = {"个位次": "位次", "百分点": "个百分点", "％": "%"}

QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(?P<num>\d+(?:\.\d+)?|[" + CN_NUMERAL_CHARS + r"]+)\s*"
    r"(?P<unit>" + "|".join(re.escape(u) for u in ALL_UNITS) + r")"
    r"(?P<post>及以上|以上|以下|以内|左右|多|余)?"
)
OPENERS = {
    "（": "）",
    "(": ")",
    "“": "”",
    "《": "》",
    "「": "」",
    "‘": "’",
    "【": "】",
    "〔": "〕",
}
QUOTES = {"“", "《", "「", "‘"}
SENTENCE_END = "。；;！？!?"
CLAUSE_END = "，,：:"
TIME_AFTER = re.compile(r"^(?:月|季度|年|小时|工作日|天|周|日)")
AMBITION = ("力争", "确保", "争取", "努力", "力求", "预计", "目标是", "计划")
LEADING_NOISE = re.compile(
    r"^(?:其中|并且|并|且|同时|另外|此外|和|及|以及|与|全力|"
    r"力争|确保|争取|努力|力求|预计|计划|目标是|"
    r"到?\d{4}年(?:底|末)?(?:前)?|全年|年内|今年|当年|本年度?|年底前|年底|到年底)+"
)
TRAILING_VERB = re.compile(
    r"(?:累计达到|累计完成|累计实现|累计|突破|达到|达|超过|超|稳定在|保持在|保持|控制在|不低于|"
    r"不少于|不超过|不高于|低于|高于|分别为|为|在|至|到|实现|完成|新增加|前进|提升|上升|进位|"
    r"降至|下降到|降低到|压减到|压降到|控制到|降到)+$"
)
ENUMERATION = re.compile(r"(?:[^、，。；（）“”《》]{1,14}、)+[^、，。；（）“”《》]{1,14}?等")
NAME_STRIP = str.maketrans("", "", '“”"‘’「」 \u3000')
COUNT_VERBS = (
    "新增",
    "新建",
    "新培育",
    "培育",
    "完成",
    "处置",
    "盘活",
    "落地",
    "开工",
    "建成",
    "投产",
    "引进",
    "招引",
    "认定",
    "申报",
    "创建",
    "打造",
    "争创",
    "实施",
    "推进",
    "推动",
    "实现",
    "签约",
    "新上",
    "获批",
    "举办",
    "组织",
    "开展",
    "淘汰",
    "关停",
    "整治",
)
# verbs that may stand before an amount that is not a count ("完成120亿元固定资产投资")
LEVEL_FIRST_VERBS = ("完成", "实现", "累计完成", "新增", "新建", "建成")
# an object that ends in a verb lacks its noun ("其中主板上市1家" → 主板上市企业)
VERB_FINAL = re.compile(r"(上市|挂牌|认定|入库|投产|开工|竣工|落地|签约|入规|升规)$")
HEAD_NOUNS = (
    "工商户",
    "企业",
    "项目",
    "平台",
    "车间",
    "工厂",
    "园区",
    "基地",
    "中心",
    "产品",
    "品牌",
    "人才",
    "团队",
    "机构",
    "专利",
    "标准",
)
# a task's wording states a target (and not just mentions a number) when it has one of these
TARGET_VERBS = re.compile(
    r"(完成|累计|新增|达到|达|突破|超|实现|确保|力争|增长|培育|新建|建成|"
    r"控制在|不超过|低于|稳定在|保持在|下降|降低|减少)"
)
MONEY_RULE = re.compile(
    r"(奖补|奖励|补助|补贴|资助|贴息|奖金|专项资金|扶持资金|引导资金|资金|给予|一次性|最高不超过)"
)
LEVEL_VERBS = re.compile(r"(突破|达到|达|超过|超|总数|总量|保有|累计|有效|稳定在|保持在|保持)$")
GROWTH = re.compile(
    r"(增长|增速|增幅|提高|提升|上升|下降|降低|减少|同比)"
    r"(?:达到|达|为|在|保持在|稳定在|不低于|不少于|超过|高于|突破)?$"
)
SHARE = re.compile(r"(占比|比重|强度|比例|占|率|覆盖|份额)")
# "不低于"/"不少于" are floors, not ceilings
UPPER_PRE = re.compile(
    r"(控制在|不超过|不高于|(?<!不)低于|(?<!不)少于|小于|降至|下降到|降低到|压减到|压降到|控制到)$"
)
