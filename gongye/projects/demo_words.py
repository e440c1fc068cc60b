"""The words of the project demo (``gongye.projects.demo``): what projects make and are
called, what their monthly returns say, why a project is given up, and the problems raised on
the plan's named projects. Made up; loaded only as demo data (``is_demo``)."""

from __future__ import annotations

from dataclasses import dataclass

from gongye.projects.choices import ProjectKind

K = ProjectKind


# what a project makes, by chain link (the default county's chains): the trade a new builder
# is named by, and products with capacities to name the project by; a county without chains
# takes any of them
PRODUCTS: dict[str, tuple[str, list[tuple[str, list[str]]]]] = {
    "精密铸造": ("铸造", [("精密铸件", ["5000吨", "1万吨", "2万吨"]), ("阀门铸件", ["3000吨"])]),
    "基础零部件": ("精密机械", [("精密轴承", ["500万套", "1000万套"]), ("液压件", ["10万件"])]),
    "汽车零部件": (
        "汽车配件",
        [("汽车底盘零部件", ["50万件", "100万件"]), ("汽车制动盘", ["30万只"])],
    ),
    "智能装备": ("智能装备", [("数控机床", ["200台套", "500台套"]), ("工业机器人配件", ["5万件"])]),
    "酒类饮品": ("酒业", [("白酒", ["2000千升", "5000千升"]), ("果酒", ["1000吨", "3000吨"])]),
    "饮用水": ("饮品", [("饮用水", ["10万吨", "30万吨"])]),
    "农产品加工": (
        "食品",
        [
            ("山珍食品", ["2000吨", "5000吨"]),
            ("休闲食品", ["3000吨", "1万吨"]),
            ("粮油制品", ["2万吨"]),
        ],
    ),
    "茶叶加工": ("茶业", [("黄芽茶", ["300吨", "500吨"]), ("茶饮品", ["5000吨", "1万吨"])]),
    "石斛种植加工": ("中药材", [("石斛枫斗", ["50吨", "100吨"]), ("石斛饮片", ["100吨", "200吨"])]),
    "中药饮片": ("药业", [("中药饮片", ["1000吨", "3000吨"])]),
    "保健食品": ("生物科技", [("保健食品", ["500吨", "1000吨"])]),
    "医疗器械": ("医疗器械", [("医用敷料", ["5000万片", "1亿片"]), ("医用耗材", ["300万件"])]),
    "LED照明": ("照明", [("LED灯具", ["200万套", "500万套"])]),
    "电子元器件": ("电子", [("电子元器件", ["1亿只", "5亿只"]), ("线路板", ["50万平方米"])]),
    "智能家居": (
        "智能家居",
        [("智能锁具", ["50万套", "100万套"]), ("智能照明控制器", ["100万套"])],
    ),
    "高分子材料": ("新材料", [("改性塑料", ["2万吨", "5万吨"]), ("工程塑料制品", ["1万吨"])]),
    "竹木新材料": (
        "竹业",
        [("竹集装箱底板", ["5万立方米", "10万立方米"]), ("竹木复合板材", ["3万立方米"])],
    ),
    "新型建材": ("建材", [("新型墙体材料", ["20万立方米"]), ("装配式建筑构件", ["10万立方米"])]),
    "": ("实业", [("纺织服装", ["500万件", "1000万件"]), ("农机配件", ["50万件", "100万件"])]),
}
# a project's name, by kind: {who} the builder's short name, {n} a capacity
NAME_TEMPLATES: dict[str, list[str]] = {
    K.NEW: ["{who}年产{n}{product}项目", "{who}{product}生产基地建设项目"],
    K.EXPANSION: ["{who}{product}扩产项目", "{who}{product}二期扩建项目"],
    K.UPGRADE: [
        "{who}{product}生产线智能化改造项目",
        "{who}数字化车间技术改造项目",
        "{who}{product}设备更新技改项目",
    ],
    K.INFRASTRUCTURE: [
        "{place}标准化厂房项目",
        "{place}道路及管网配套工程",
        "{place}供热管网项目",
    ],
}
DESCRIPTIONS: dict[str, str] = {
    K.NEW: "新建生产厂房及配套设施，购置生产及检测设备。",
    K.EXPANSION: "扩建生产车间，新增生产线，扩大产能。",
    K.UPGRADE: "对现有生产线实施自动化、数字化改造，更新主要生产设备。",
    K.INFRASTRUCTURE: "建设园区配套基础设施。",
}
# 形象进度 by the share of the building time gone
PROGRESS: list[tuple[float, list[str]]] = [
    (0.15, ["场地平整及三通一平", "桩基施工", "办理施工许可，施工队伍进场"]),
    (0.45, ["主体结构施工", "厂房钢结构吊装", "主体封顶"]),
    (0.75, ["厂房内外装修", "设备采购招标", "部分设备进场"]),
    (1.01, ["设备安装调试", "配套工程施工", "试生产准备"]),
]
PROGRESS_DONE = "竣工投产"
PROGRESS_UPGRADE = ["设备采购", "设备安装", "生产线调试", "新旧设备切换"]
CANCEL_REASONS = [
    "企业投资计划调整，项目终止。",
    "项目用地条件不具备，企业放弃投资。",
    "市场变化，企业暂缓投资并撤回项目。",
]
# what a unit writes under 存在问题, now and then
RETURN_PROBLEMS = [
    "用地报批手续尚在办理。",
    "施工许可办理进度偏慢。",
    "设备到货推迟。",
    "用电增容尚未完成。",
    "雨季影响施工进度。",
    "项目资金到位不足。",
]


@dataclass(frozen=True)
class Story:
    """A demo problem (问题清单交办) on a named project, dated from today like the demo
    appeals: raised ``age`` days ago, due ``due_in`` days from today."""

    project: str
    title: str
    content: str
    status: str
    unit: str = ""  # the unit it is assigned to
    due_in: int | None = None
    age: int = 10
    overdue: bool = False
    answer: str = "已会同相关部门现场办公，明确了办理路径和时限，正在推进。"


STORIES: list[Story] = [
    Story(
        "华鑫泰智能家居项目",
        "二期用地指标尚未落实",
        "项目二期约40亩用地指标尚未落实，影响总平面布置和后续施工。",
        "raised",
        age=2,
    ),
    Story(
        "世林LED智能家居照明灯具研发及产业化项目",
        "施工许可办理进度偏慢",
        "项目主体施工图已审查完毕，施工许可证尚未核发，请协调加快办理。",
        "assigned",
        unit="住建局",
        due_in=12,
        age=6,
    ),
    Story(
        "应流集团“退城进园”项目",
        "新厂区用电增容",
        "新厂区熔炼车间需增容至10000千伏安，请协调供电部门加快接电。",
        "assigned",
        unit="国网霍山公司",
        due_in=3,
        age=14,
    ),
    Story(
        "五洲新春轴承项目",
        "一线技术工人招聘困难",
        "项目设备安装后需新增一线技术工人约80人，请协助对接职业院校和人社部门。",
        "assigned",
        unit="人社局",
        due_in=-4,
        age=30,
        overdue=True,
    ),
    Story(
        "迎驾美酒春风小镇项目",
        "配套道路建设滞后",
        "小镇南侧配套道路尚未开工，影响建材运输和后续运营。",
        "answered",
        unit="住建局",
        due_in=5,
        age=20,
    ),
    Story(
        "黑土妈妈食品项目",
        "冷链仓储用地规划调整",
        "冷链仓储用地需调整规划条件，请协调自然资源部门办理。",
        "closed",
        unit="自然资源局",
        due_in=-12,
        age=40,
        answer="规划条件调整已批复，企业已取得用地手续。",
    ),
    Story(
        "纬六路标准化厂房项目",
        "厂房配套管网接入",
        "标准化厂房雨污管网需接入纬六路主管网，请协调施工时序。",
        "closed",
        unit="开发区",
        due_in=-20,
        age=45,
        answer="已调整管网施工时序，厂房雨污管网已接入主管网。",
    ),
    Story(
        "勤善堂石斛深加工项目",
        "项目贷款贴息咨询",
        "企业咨询技改及扩产项目贷款贴息政策（已自行了解清楚）。",
        "withdrawn",
        age=8,
    ),
]
