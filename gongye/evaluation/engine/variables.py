"""The variables a scheme's formulas may read (评价变量): one enterprise's year, as the register
keeps it or as an input sheet gives it.

Money is in 万元, electricity in 千瓦时, energy in 吨标准煤, land in 亩, whatever the source's
unit: a sheet's header unit is converted on reading (``inputs``). ``synonyms`` are the header
words a sheet may use for the column, longer before shorter (the first found wins)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NUMBER = "number"
TEXT = "text"
FLAG = "flag"


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # number, text or flag
    label: object  # lazy Chinese label
    unit: str = ""  # the unit the value is kept in; "money" etc. for the converted kinds
    unit_kind: str = ""  # money, power, energy, area, mass, people: how a header unit converts
    synonyms: tuple[str, ...] = ()


_LIST: tuple[Variable, ...] = (
    Variable(
        "land_mu",
        NUMBER,
        _("用地面积（亩）"),
        "亩",
        "area",
        ("实际用地面积", "用地面积", "占地面积", "土地面积", "用地"),
    ),
    Variable(
        "tax",
        NUMBER,
        _("税收（万元）"),
        "万元",
        "money",
        ("实缴税金", "税收实际贡献", "实际入库税金", "税收总额", "税收", "纳税", "税金"),
    ),
    Variable(
        "value_added", NUMBER, _("工业增加值（万元）"), "万元", "money", ("工业增加值", "增加值")
    ),
    Variable(
        "revenue",
        NUMBER,
        _("营业收入（万元）"),
        "万元",
        "money",
        ("主营业务收入", "营业收入", "销售收入", "营收"),
    ),
    Variable("profit", NUMBER, _("利润总额（万元）"), "万元", "money", ("利润总额", "利润")),
    Variable(
        "output_value",
        NUMBER,
        _("工业总产值（万元）"),
        "万元",
        "money",
        ("工业总产值", "总产值", "产值"),
    ),
    Variable(
        "energy_tce",
        NUMBER,
        _("综合能耗（吨标准煤）"),
        "吨标准煤",
        "energy",
        ("综合能源消费量", "综合能耗", "能源消费量", "能耗"),
    ),
    Variable(
        "emission_t",
        NUMBER,
        _("主要污染物排放量（吨）"),
        "吨",
        "mass",
        ("主要污染物排放当量", "主要污染物排放量", "污染物排放量", "排放量"),
    ),
    Variable(
        "employees",
        NUMBER,
        _("年平均职工人数（人）"),
        "人",
        "people",
        ("年平均职工人数", "平均职工人数", "职工人数", "从业人员", "用工人数"),
    ),
    Variable(
        "rd_expense",
        NUMBER,
        _("研发经费（万元）"),
        "万元",
        "money",
        ("研究与试验发展经费", "研究开发费用", "研发经费", "研发费用", "R&D经费", "研发投入"),
    ),
    Variable(
        "electricity_kwh",
        NUMBER,
        _("用电量（千瓦时）"),
        "千瓦时",
        "power",
        ("工业用电量", "总用电量", "用电量", "耗电量"),
    ),
    Variable(
        "tech_investment",
        NUMBER,
        _("技改投资（万元）"),
        "万元",
        "money",
        ("技术改造投资", "技改投资", "技改投入"),
    ),
    Variable("water_t", NUMBER, _("用水量（吨）"), "吨", "mass", ("用水量", "耗水量")),
    Variable("age_years", NUMBER, _("成立年数（年）"), "年", "", ("成立年数", "经营年限")),
    Variable(
        "credit_code",
        TEXT,
        _("统一社会信用代码"),
        synonyms=("统一社会信用代码", "社会信用代码", "信用代码"),
    ),
    Variable(
        "name",
        TEXT,
        _("企业名称"),
        synonyms=("企业名称", "单位详细名称", "单位名称", "纳税人名称", "名称"),
    ),
    Variable("scale", TEXT, _("规模（规上/规下）"), synonyms=("企业规模", "规模", "规上规下")),
    Variable("industry", TEXT, _("行业代码"), synonyms=("国民经济行业代码", "行业代码")),
    Variable(
        "landlord",
        TEXT,
        _("出租方信用代码"),
        synonyms=("出租方统一社会信用代码", "出租方信用代码", "出租方"),
    ),
    Variable(
        "in_zone",
        FLAG,
        _("在开发区（园区）内"),
        synonyms=("是否在开发区", "开发区内", "在园区", "园区内", "开发区"),
    ),
    Variable("safety_accident", FLAG, _("发生安全生产事故"), synonyms=("安全生产事故", "安全事故")),
    Variable(
        "env_accident",
        FLAG,
        _("发生环境污染事件"),
        synonyms=("环境污染事件", "环境违法", "环保事故", "环境事故"),
    ),
    Variable(
        "new_enterprise", FLAG, _("新建投产企业"), synonyms=("新建投产", "新投产", "新办企业")
    ),
    Variable("promoted", FLAG, _("当年新升规"), synonyms=("新升规", "新纳规", "当年升规")),
    Variable("utility", FLAG, _("公用事业企业"), synonyms=("公用事业",)),
    Variable("hightech", FLAG, _("高新技术企业"), synonyms=("高新技术企业", "高企")),
    Variable("srdi", FLAG, _("专精特新企业"), synonyms=("专精特新",)),
)

VARIABLES: dict[str, Variable] = {variable.name: variable for variable in _LIST}
NUMBER_NAMES = tuple(v.name for v in _LIST if v.kind == NUMBER)
TEXT_NAMES = tuple(v.name for v in _LIST if v.kind == TEXT)
FLAG_NAMES = tuple(v.name for v in _LIST if v.kind == FLAG)
