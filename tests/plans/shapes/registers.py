"""Unit registers of the governments whose documents the layouts imitate: a county, a city and
a ministry, as resolvers the parser reads unit cells with."""

from __future__ import annotations

from gongye.plans.parsing.units import DictUnitResolver

COUNTY_REGIONS = ["浙江省", "衢州市", "龙游县"]
COUNTY_UNITS: dict[str, list[str]] = {
    "经信局": ["经济和信息化局"],
    "发改局": ["发展和改革局"],
    "科技局": [],
    "财政局": [],
    "统计局": [],
    "税务局": [],
    "商务局": [],
    "人社局": ["人力资源和社会保障局"],
    "自然资源局": [],
    "生态环境分局": [],
    "市场监管局": ["市场监督管理局"],
    "数据资源局": [],
    "应急管理局": [],
    "供电公司": ["国网龙游县供电公司"],
    "开发区管委会": ["经济开发区", "开发区"],
    "县委办": [],
    "县政府办": [],
    "各乡镇": ["各乡镇（街道）"],
    "相关部门": [],
}

CITY_REGIONS = ["湖北省", "宜昌市"]
CITY_UNITS: dict[str, list[str]] = {
    "经信局": ["经济和信息化局"],
    "发改委": ["发展和改革委员会"],
    "科技局": [],
    "统计局": [],
    "财政局": [],
    "商务局": [],
    "生态环境局": [],
    "自然资源和规划局": [],
    "市政府办": [],
    "高新区管委会": ["宜昌高新区"],
    "各县市区人民政府": ["各县市区"],
}

MINISTRY_UNITS: dict[str, list[str]] = {
    name: []
    for name in (
        "规划司",
        "产业政策与法规司",
        "运行监测协调局",
        "中小企业局",
        "节能与综合利用司",
        "科技司",
        "装备工业一司",
        "原材料工业司",
        "消费品工业司",
        "信息技术发展司",
        "信息通信发展司",
        "财务司",
        "各司局",
    )
}


def county() -> DictUnitResolver:
    return DictUnitResolver(COUNTY_UNITS, region_names=COUNTY_REGIONS)


def city() -> DictUnitResolver:
    return DictUnitResolver(CITY_UNITS, region_names=CITY_REGIONS)


def ministry() -> DictUnitResolver:
    # a ministry is no region: its 司局 carry no region prefix to check
    return DictUnitResolver(MINISTRY_UNITS)


REGISTERS = {"county": county, "city": city, "ministry": ministry}
