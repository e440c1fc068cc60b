"""The embedded default organisation: 安徽省 ▸ 六安市 ▸ 霍山县 (shared/seed/huoshan-facts.md).

Only facts from the seed are used: names, GB/T 2260 codes, the units the 2022 plan names and
their aliases. Full names are given only where the seed gives them.
"""

from __future__ import annotations

PROVINCE = ("340000", "安徽省")
CITY = ("341500", "六安市")
COUNTIES = [
    ("341502", "金安区"),
    ("341503", "裕安区"),
    ("341504", "叶集区"),
    ("341522", "霍邱县"),
    ("341523", "舒城县"),
    ("341524", "金寨县"),
    ("341525", "霍山县"),
]
HUOSHAN = "341525"

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

# (name, kind, full name, aliases)
HUOSHAN_UNITS: list[tuple[str, str, str, list[str]]] = [
    ("县委办", "party_office", "中共霍山县委办公室", []),
    ("县政府办", "government", "霍山县人民政府办公室", []),
    ("县人大办", "party_office", "", []),
    ("县政协办", "party_office", "", []),
    ("科技经信局", "bureau", "", ["县科技经信局"]),
    (
        "开发区",
        "dev_zone",
        "霍山经济开发区",
        [
            "县经济开发区",
            "经济开发区",
            "经济开发区工委、管委",
            "经济开发区工委",
            "经济开发区管委",
            "开发区工委",
            "开发区管委",
        ],
    ),
    ("高桥湾现代产业园", "dev_zone", "", []),
    ("统计局", "bureau", "", []),
    ("自然资源局", "bureau", "", []),
    ("税务局", "bureau", "", []),
    ("投创中心", "center", "", []),
    ("农业农村局", "bureau", "", []),
    ("中药产业发展中心", "center", "", ["县中药产业中心"]),
    ("财政局", "bureau", "", []),
    ("金融服务中心", "center", "", []),
    ("住建局", "bureau", "", []),
    ("商务局", "bureau", "", []),
    ("发改委", "bureau", "", []),
    ("人社局", "bureau", "", []),
    ("担保公司", "company", "", []),
    ("产投公司", "company", "", []),
    ("乡村振兴公司", "company", "", []),
    ("国网霍山公司", "company", "", []),
    ("通讯运营商", "company", "", []),
    ("企业联合会", "association", "", ["企联"]),
]

# Groups stand for several units. "townships" and "departments" name which members they get.
HUOSHAN_GROUPS: list[tuple[str, str]] = [
    ("相关乡镇", "townships"),
    ("相关县直单位", "departments"),
    ("县直各单位", "departments"),
    ("相关部门", "departments"),
    ("相关企业", ""),
    ("相关股室", ""),
]
DEPARTMENT_KINDS = {"party_office", "government", "bureau", "center"}

# Each other county gets its plan office and a few bureaus, for the city-level demo and for
# testing that one county never sees another's data.
OTHER_COUNTY_UNITS = [("经信局", "bureau"), ("统计局", "bureau"), ("发改委", "bureau")]
