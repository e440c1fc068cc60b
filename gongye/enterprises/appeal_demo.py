"""Demo appeals (``appeals_demo_load``, ``EnterprisesConfig.demo_loaders``, order 64): a few
appeals in every state on each region's demo enterprises (``Enterprise.is_demo``), so the
lists, colours, the 工作台 and the monthly table show something real-looking. Reproducible
(the same enterprises, units and wording each time, dates counted from today), idempotent (a
region that has demo appeals is left alone), labelled (``is_demo``, filed by the inactive
account ``demo_data``). No demo enterprises, nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongye.accounts.models import RoleAssignment, User
from gongye.audit.services import audit_record
from gongye.core.roles import Role
from gongye.enterprises.appeal_choices import (
    AppealAction,
    AppealCategory,
    AppealRating,
    AppealSource,
    AppealStatus,
    AppealVerb,
)
from gongye.enterprises.models import Appeal, Enterprise, EnterpriseAccount
from gongye.enterprises.services.appeals import appeal_act, appeal_raise
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit

DEMO_USER = "demo_data"


@dataclass(frozen=True)
class Story:
    title: str
    content: str
    category: str
    status: str
    source: str = AppealSource.ENTERPRISE
    due_in: int | None = None  # deadline, days from today
    age: int = 10  # raised this many days ago
    rating: str = ""
    overdue: bool = False


STORIES = [
    Story(
        "新建厂房消防验收进度咨询",
        "新建二期厂房已完工，消防验收排期未定，影响设备进场。",
        AppealCategory.APPROVAL,
        AppealStatus.RAISED,
        age=1,
    ),
    Story(
        "希望协调招聘一线技术工人",
        "企业扩产需新增一线技术工人约30人，请协助对接职业学校和人社部门。",
        AppealCategory.LABOUR,
        AppealStatus.RETURNED,
        age=4,
    ),
    Story(
        "申请技改项目贷款贴息",
        "企业技改项目已完成投资，希望了解贷款贴息申请条件和流程。",
        AppealCategory.FINANCE,
        AppealStatus.ASSIGNED,
        due_in=12,
        age=5,
    ),
    Story(
        "厂区门前道路破损需维修",
        "厂区门前道路破损严重，雨天货车无法通行，请协调修复。",
        AppealCategory.INFRASTRUCTURE,
        AppealStatus.ASSIGNED,
        due_in=2,
        age=12,
    ),
    Story(
        "高企认定奖补资金尚未兑现",
        "企业去年通过高新技术企业认定，县级奖补资金尚未拨付。",
        AppealCategory.POLICY,
        AppealStatus.ASSIGNED,
        due_in=-3,
        age=25,
        overdue=True,
    ),
    Story(
        "用电增容申请办理",
        "新增生产线需增容至1250千伏安，请协调供电部门加快办理。",
        AppealCategory.INFRASTRUCTURE,
        AppealStatus.ANSWERED,
        due_in=5,
        age=15,
    ),
    Story(
        "参加省级展会的补助政策",
        "企业拟参加省级展会，希望了解参展补助政策。",
        AppealCategory.MARKET,
        AppealStatus.CLOSED,
        due_in=-10,
        age=30,
        rating=AppealRating.SATISFIED,
    ),
    Story(
        "研发人员子女入学问题",
        "企业引进的研发人员子女入学需协调。",
        AppealCategory.TECHNOLOGY,
        AppealStatus.CLOSED,
        due_in=-5,
        age=28,
        rating=AppealRating.BASIC,
    ),
    Story(
        "土地证办理迟缓",
        "企业厂房土地证办理已逾半年，请协调自然资源部门。",
        AppealCategory.LAND,
        AppealStatus.ASSIGNED,
        due_in=6,
        age=35,
        rating=AppealRating.UNSATISFIED,
    ),
    Story(
        "咨询环评审批事项",
        "企业拟扩建，咨询环评审批事项（已自行解决）。",
        AppealCategory.APPROVAL,
        AppealStatus.WITHDRAWN,
        age=3,
    ),
    Story(
        "走访中企业反映原料运输难",
        "四送一服走访中企业反映原料运输受限，希望协调通行证。",
        AppealCategory.OTHER,
        AppealStatus.ANSWERED,
        source=AppealSource.VISIT,
        due_in=-1,
        age=20,
    ),
]


def _author(region: Region) -> User:
    author, _created = User.objects.get_or_create(
        username=DEMO_USER,
        defaults={
            "display_name": "演示数据",
            "is_active": False,
            "is_demo": True,
            "must_change_password": False,
            "home_region": region,
        },
    )
    return author


def _unit_for(enterprise: Enterprise, fallback: Unit) -> Unit:
    for unit in (enterprise.township, enterprise.paired_unit):
        if unit is not None and unit.is_active and unit.kind != UnitKind.GROUP:
            return unit
    return fallback


@transaction.atomic
def load_demo_appeals(region: Region) -> int:
    """The demo appeals of one region; 0 when it has some already or no demo enterprises."""
    if Appeal.objects.filter(region=region, is_demo=True).exists():
        return 0
    enterprises = list(
        Enterprise.objects.filter(region=region, is_demo=True, is_active=True)
        .select_related("township", "paired_unit")
        .order_by("credit_code")[: len(STORIES)]
    )
    fallback = (
        Unit.objects.filter(region=region, is_active=True)
        .exclude(kind=UnitKind.GROUP)
        .order_by("sort_order", "pk")
        .first()
    )
    if not enterprises or fallback is None:
        return 0
    author = _author(region)
    now = timezone.now()
    today = timezone.localdate()
    for n, story in enumerate(STORIES):
        enterprise = enterprises[n % len(enterprises)]
        unit = _unit_for(enterprise, fallback)
        raised_at = now - dt.timedelta(days=story.age)
        held = story.status not in (
            AppealStatus.RAISED,
            AppealStatus.RETURNED,
            AppealStatus.WITHDRAWN,
        )
        answered = story.status in (AppealStatus.ANSWERED, AppealStatus.CLOSED)
        appeal = Appeal.objects.create(
            region=region,
            enterprise=enterprise,
            title=story.title,
            content=story.content,
            category=story.category,
            source=story.source,
            raised_by=author,
            raised_unit=unit if story.source == AppealSource.VISIT else None,
            status=story.status,
            return_comment="请补充需要的工种、人数和到岗时间。"
            if story.status == AppealStatus.RETURNED
            else "",
            unit=unit if held else None,
            deadline=today + dt.timedelta(days=story.due_in)
            if held and story.due_in is not None
            else None,
            assigned_by=author if held else None,
            assigned_at=raised_at + dt.timedelta(days=1) if held else None,
            answer="已与相关部门对接，具体办理意见已电话告知企业联系人。"
            if answered or story.rating
            else "",
            answered_by=author if answered or story.rating else None,
            answered_at=raised_at + dt.timedelta(days=3) if answered or story.rating else None,
            rating=story.rating,
            rating_comment="办理周期仍然偏长。" if story.rating == AppealRating.UNSATISFIED else "",
            rated_by=author if story.rating else None,
            rated_at=raised_at + dt.timedelta(days=4) if story.rating else None,
            reopen_count=1 if story.rating == AppealRating.UNSATISFIED else 0,
            was_overdue=story.overdue,
            closed_at=raised_at + dt.timedelta(days=4)
            if story.status == AppealStatus.CLOSED
            else None,
            is_demo=True,
        )
        Appeal.objects.filter(pk=appeal.pk).update(created_at=raised_at)
        audit_record(
            actor=author,
            verb=AppealVerb.LOG if story.source == AppealSource.VISIT else AppealVerb.RAISE,
            target=appeal,
            parent=enterprise,
            after={"status": story.status, "title": story.title, "demo": True},
        )
    return len(STORIES)


def _walked_for_accounts(region: Region) -> int:
    """For each demo enterprise that has a person signing in for it (the ``qiye`` persona),
    one appeal walked through the real services: raised by that person, assigned by the plan
    office, answered by the unit's liaison — so the persona finds an answer to rate in 我的提醒
    and on its 工作台, told as the product tells it. Skipped where the region has no plan
    office or the unit no liaison to act."""

    def acting(role: str, **where: object) -> User | None:
        found = (
            RoleAssignment.objects.filter(role=role, is_active=True, user__is_active=True, **where)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return found.user if found is not None else None

    office = acting(Role.PLAN_OFFICE, region=region)
    fallback = (
        Unit.objects.filter(region=region, is_active=True)
        .exclude(kind=UnitKind.GROUP)
        .order_by("sort_order", "pk")
        .first()
    )
    if office is None or fallback is None:
        return 0
    accounts = EnterpriseAccount.objects.filter(
        enterprise__region=region, enterprise__is_demo=True, user__is_active=True
    ).select_related("user", "enterprise__township", "enterprise__paired_unit")
    walked = 0
    for account in accounts.order_by("pk"):
        unit = _unit_for(account.enterprise, fallback)
        liaison = acting(Role.LIAISON, unit=unit)
        if liaison is None:
            continue
        appeal = appeal_raise(
            actor=account.user,
            title="申请协调新建仓库的用地指标",
            content="企业扩产需新建成品仓库约20亩，请协调用地指标和规划手续。",
            category=AppealCategory.LAND,
            is_demo=True,
        )
        appeal = appeal_act(
            actor=office,
            appeal=appeal,
            action=AppealAction.ASSIGN,
            unit=unit,
            deadline=timezone.localdate() + dt.timedelta(days=15),
        )
        appeal_act(
            actor=liaison,
            appeal=appeal,
            action=AppealAction.ANSWER,
            answer="已将用地需求纳入下一批次供地计划，自然资源部门将上门对接规划手续。",
        )
        walked += 1
    return walked


def appeals_demo_load(report: object) -> str:
    """The ``load_demo`` step: every region with demo enterprises."""
    regions = Region.objects.filter(
        pk__in=Enterprise.objects.filter(is_demo=True).values("region_id")
    ).order_by("path")
    added = 0
    for region in regions:
        stories = load_demo_appeals(region)
        added += stories + (_walked_for_accounts(region) if stories else 0)
    return f"演示诉求：新增 {added} 件。" if added else ""
