"""Demo data of the project register (issue 13, item 9), as data: the projects Huoshan's 2022
plan names (shared/seed/huoshan-2022-industry-work-plan.txt, chapter three and the 开发区's
tasks), the places the other counties of 六安市 build in, and how many plausible projects of
each kind and size the generator makes (``demo_words`` has the words it names them with). The
plan gives names only: every figure and date here is made up, and everything loaded from here
is marked demo (``is_demo``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongye.projects.choices import ProjectKind

K = ProjectKind
D = dt.date


@dataclass(frozen=True)
class Named:
    """A project the plan names. ``key`` finds its enterprise in the demo register (the first
    whose name contains it); ``builder`` names the builder when the register has none. Money
    in 万元. ``produced`` set: completed and in production by then (the plan's 完成…建设);
    otherwise under construction, due to be in production by ``planned_produce``."""

    name: str
    key: str
    builder: str
    kind: str
    where: str  # 开发区 or a township (orgs' units)
    unit: str  # the responsible unit that files the 月30 returns
    chain: str
    link: str
    total: int
    fixed: int
    equipment: int
    signed: dt.date
    started: dt.date
    planned_produce: dt.date
    produced: dt.date | None = None
    paired: bool = False  # 一对一: paired with the county leader
    description: str = ""


NAMED: list[Named] = [
    Named(
        "应流集团“退城进园”项目",
        "应流",
        "",
        K.NEW,
        "开发区",
        "开发区",
        "高端装备制造",
        "精密铸造",
        90000,
        82000,
        45000,
        D(2020, 9, 15),
        D(2021, 3, 18),
        D(2024, 6, 30),
        paired=True,
        description="老厂区整体搬迁入园，新建高端精密铸件、核电及航空零部件生产线。",
    ),
    Named(
        "五洲新春轴承项目",
        "五洲新春",
        "",
        K.NEW,
        "开发区",
        "开发区",
        "高端装备制造",
        "基础零部件",
        36000,
        32500,
        19000,
        D(2021, 5, 10),
        D(2021, 8, 20),
        D(2023, 6, 30),
        paired=True,
        description="新建高端精密轴承及套圈生产车间，购置数控车床、磨加工自动线。",
    ),
    Named(
        "新昕汽车零部件项目",
        "新昕",
        "",
        K.EXPANSION,
        "开发区",
        "开发区",
        "高端装备制造",
        "汽车零部件",
        22000,
        20000,
        12500,
        D(2021, 1, 26),
        D(2021, 4, 12),
        D(2022, 10, 31),
        produced=D(2022, 9, 26),
        description="扩建汽车底盘零部件机加工车间，新增自动化生产线4条。",
    ),
    Named(
        "华鑫泰智能家居项目",
        "华鑫泰",
        "",
        K.NEW,
        "开发区",
        "开发区",
        "电子信息",
        "智能家居",
        20000,
        18000,
        10000,
        D(2021, 11, 8),
        D(2022, 3, 15),
        D(2023, 9, 30),
        paired=True,
        description="新建智能家居产品生产基地，建设智能锁具、智能照明控制产品生产线。",
    ),
    Named(
        "迎驾美酒春风小镇项目",
        "迎驾",
        "",
        K.NEW,
        "佛子岭镇",
        "佛子岭镇",
        "生态食品",
        "酒类饮品",
        60000,
        54000,
        20000,
        D(2020, 6, 18),
        D(2020, 10, 28),
        D(2024, 12, 31),
        paired=True,
        description="建设生态酿酒、储酒及工业旅游配套设施，打造白酒文化特色小镇。",
    ),
    Named(
        "野岭高端家庭饮用水项目",
        "野岭",
        "",
        K.EXPANSION,
        "但家庙镇",
        "但家庙镇",
        "生态食品",
        "饮用水",
        25000,
        22500,
        14000,
        D(2021, 6, 2),
        D(2021, 9, 6),
        D(2022, 12, 31),
        produced=D(2022, 11, 18),
        description="新增高端家庭桶装、瓶装饮用水全自动灌装生产线。",
    ),
    Named(
        "黑土妈妈食品项目",
        "黑土妈妈",
        "",
        K.EXPANSION,
        "衡山镇",
        "衡山镇",
        "生态食品",
        "农产品加工",
        12000,
        10800,
        5200,
        D(2021, 12, 16),
        D(2022, 2, 22),
        D(2023, 5, 31),
        description="扩建农产品精深加工车间及冷链仓储，新增休闲食品生产线。",
    ),
    Named(
        "宋大大食品项目",
        "宋大大",
        "",
        K.UPGRADE,
        "下符桥镇",
        "下符桥镇",
        "生态食品",
        "农产品加工",
        6000,
        5600,
        4200,
        D(2022, 2, 14),
        D(2022, 4, 8),
        D(2022, 12, 31),
        produced=D(2022, 11, 30),
        description="对糕点、炒货生产线实施自动化技术改造，新建数字化包装车间。",
    ),
    Named(
        "勤善堂石斛深加工项目",
        "勤善堂",
        "",
        K.EXPANSION,
        "太平畈乡",
        "中药产业发展中心",
        "中医药大健康",
        "石斛种植加工",
        8000,
        7200,
        3600,
        D(2022, 3, 10),
        D(2022, 5, 16),
        D(2023, 8, 31),
        description="建设霍山石斛精深加工车间，新增枫斗、石斛饮片及保健食品生产线。",
    ),
    Named(
        "大别山霍斛科技中药材深加工项目",
        "大别山霍斛",
        "",
        K.NEW,
        "开发区",
        "中药产业发展中心",
        "中医药大健康",
        "石斛种植加工",
        12000,
        10800,
        5600,
        D(2022, 3, 25),
        D(2022, 6, 10),
        D(2023, 12, 31),
        description="新建石斛功能性食品及中药饮片生产车间、研发检测中心。",
    ),
    Named(
        "世林LED智能家居照明灯具研发及产业化项目",
        "世林",
        "",
        K.NEW,
        "开发区",
        "开发区",
        "电子信息",
        "LED照明",
        32000,
        29000,
        17000,
        D(2021, 12, 20),
        D(2022, 4, 26),
        D(2024, 3, 31),
        paired=True,
        description="新建LED智能照明灯具研发中心及智能化生产车间。",
    ),
    Named(
        "优胜美高分子新材料项目",
        "优胜美",
        "",
        K.NEW,
        "开发区",
        "开发区",
        "新材料",
        "高分子材料",
        25000,
        22800,
        13000,
        D(2021, 4, 8),
        D(2021, 7, 15),
        D(2022, 9, 30),
        produced=D(2022, 8, 30),
        description="新建高分子改性材料生产车间，建设改性塑料、工程塑料生产线。",
    ),
    Named(
        "万青竹香板项目",
        "万青",
        "",
        K.UPGRADE,
        "诸佛庵镇",
        "诸佛庵镇",
        "新材料",
        "竹木新材料",
        3000,
        2800,
        2100,
        D(2022, 1, 12),
        D(2022, 3, 1),
        D(2022, 10, 31),
        produced=D(2022, 9, 15),
        description="竹香板生产线环保及自动化技术改造，更新热压、砂光设备。",
    ),
    Named(
        "永庆竹集装箱板材项目",
        "永庆",
        "",
        K.EXPANSION,
        "落儿岭镇",
        "落儿岭镇",
        "新材料",
        "竹木新材料",
        8000,
        7300,
        4100,
        D(2022, 5, 6),
        D(2022, 7, 18),
        D(2023, 10, 31),
        description="扩建竹集装箱底板生产车间，新增竹材重组、热压生产线2条。",
    ),
    Named(
        "纬六路标准化厂房项目",
        "",
        "霍山县产业投资有限公司",
        K.INFRASTRUCTURE,
        "开发区",
        "开发区",
        "",
        "",
        20000,
        19000,
        0,
        D(2022, 3, 2),
        D(2022, 5, 20),
        D(2023, 12, 31),
        description="建设小微企业园标准化厂房及配套道路、管网，用于壮苗孵化。",
    ),
    Named(
        "霍山石斛加工产业园项目",
        "",
        "霍山县产业投资有限公司",
        K.INFRASTRUCTURE,
        "开发区",
        "中药产业发展中心",
        "中医药大健康",
        "石斛种植加工",
        16000,
        15200,
        0,
        D(2022, 1, 18),
        D(2022, 3, 28),
        D(2023, 12, 31),
        description="建设石斛加工标准化厂房、检测中心和仓储物流配套设施。",
    ),
    Named(
        "盈田高端装备智能制造产业园项目",
        "",
        "霍山盈田智能制造产业园有限公司",
        K.NEW,
        "开发区",
        "开发区",
        "高端装备制造",
        "智能装备",
        30000,
        28000,
        6000,
        D(2020, 12, 10),
        D(2021, 4, 20),
        D(2022, 12, 31),
        produced=D(2022, 11, 25),
        paired=True,
        description="建设高端装备智能制造标准化厂房及研发、检测公共服务平台。",
    ),
    Named(
        "开发区污水处理厂二期项目",
        "",
        "霍山县产业投资有限公司",
        K.INFRASTRUCTURE,
        "开发区",
        "开发区",
        "",
        "",
        9000,
        8600,
        3200,
        D(2021, 7, 20),
        D(2021, 10, 12),
        D(2022, 12, 31),
        produced=D(2022, 10, 28),
        description="新建日处理污水1万吨二期工程及配套管网。",
    ),
]

# where the other counties of 六安市 build (their demo organisation has bureaus only): a
# development zone and two townships each — (development zone, its full name, townships)
OTHER_COUNTY_PLACES: dict[str, tuple[str, str, list[str]]] = {
    "341502": ("金安经济开发区", "安徽金安经济开发区", ["三十铺镇", "木厂镇"]),
    "341503": ("裕安经济开发区", "安徽裕安经济开发区", ["苏埠镇", "独山镇"]),
    "341504": ("叶集经济开发区", "安徽叶集经济开发区", ["孙岗镇", "洪集镇"]),
    "341522": ("霍邱经济开发区", "安徽霍邱经济开发区", ["周集镇", "新店镇"]),
    "341523": ("舒城经济开发区", "安徽舒城经济开发区", ["杭埠镇", "千人桥镇"]),
    "341524": ("金寨经济开发区", "安徽金寨经济开发区", ["梅山镇", "白塔畈镇"]),
}
# the unit of another county that answers for its projects (its 经信局, which the city's
# demo liaison of 金寨县 belongs to)
OTHER_COUNTY_UNIT = "经信局"

# how many projects the generator starts in each year (the plan's year last), and how many
# wait in 储备库 or were given up, for the default county; another county gets these times
# its own size, and its own yearly growth
STARTS_BY_YEAR = [44, 50, 58, 66, 76]  # the plan's year − 4 … the plan's year
RESERVE = 18
CANCELLED = 4
SCALED = 8  # projects whose enterprise entered 规上 in the last two years (积树成林)

# kind: (weight, total investment's median and spread (lognormal, 万元), bounds, months built)
KINDS: dict[str, tuple[int, float, float, tuple[int, int], tuple[int, int]]] = {
    K.NEW: (30, 11000, 0.55, (3000, 50000), (12, 30)),
    K.EXPANSION: (22, 6500, 0.55, (1500, 30000), (8, 20)),
    K.UPGRADE: (42, 1600, 0.6, (500, 12000), (3, 10)),
    K.INFRASTRUCTURE: (6, 9000, 0.5, (2000, 25000), (10, 24)),
}
