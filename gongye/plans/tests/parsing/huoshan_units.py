"""The Huoshan unit list (from shared/seed/huoshan-facts.md) as a resolver for tests."""

from __future__ import annotations

from gongye.plans.parsing.units import DictUnitResolver

HUOSHAN_UNITS: dict[str, list[str]] = {
    "县委办": ["中共霍山县委办公室"],
    "县政府办": ["霍山县人民政府办公室"],
    "科技经信局": ["县科技经信局"],
    "开发区": ["县经济开发区", "经济开发区工委、管委"],
    "统计局": [],
    "自然资源局": [],
    "税务局": [],
    "投创中心": [],
    "农业农村局": [],
    "中药产业发展中心": ["县中药产业中心"],
    "县人大办": [],
    "县政协办": [],
    "财政局": [],
    "金融服务中心": [],
    "住建局": [],
    "商务局": [],
    "担保公司": [],
    "产投公司": [],
    "发改委": [],
    "人社局": [],
    "通讯运营商": [],
    "企业联合会": ["企联"],
    "乡村振兴公司": [],
    "国网霍山公司": [],
    # groups
    "相关乡镇": [],
    "相关县直单位": [],
    "县直各单位": [],
    "相关部门": [],
    "相关企业": [],
    "相关股室": [],
}

TOWNSHIPS = [
    "衡山镇",
    "佛子岭镇",
    "下符桥镇",
    "但家庙镇",
    "与儿街镇",
    "黑石渡镇",
    "诸佛庵镇",
    "落儿岭镇",
    "磨子潭镇",
    "大化坪镇",
    "漫水河镇",
    "上土市镇",
    "单龙寺镇",
    "东西溪乡",
    "太平畈乡",
    "太阳乡",
]


def huoshan_resolver() -> DictUnitResolver:
    units = dict(HUOSHAN_UNITS)
    for town in TOWNSHIPS:
        units[town] = []
    return DictUnitResolver(units, region_names=["安徽省", "六安市", "霍山县"])
