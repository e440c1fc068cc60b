"""The embedded default plan: Huoshan county's 2022 work plan, imported at set-up."""

from __future__ import annotations

from django.conf import settings

from gongye.orgs.models import Region
from gongye.plans.models import Plan
from gongye.plans.services import plan_apply_parsed, plan_document_parse


def load_seed_plan() -> str:
    """Imports data/seed/huoshan-2022-industry-work-plan.txt once; later runs leave it alone
    (progress reported on it must never be disturbed by a restart)."""
    region = Region.objects.filter(code=settings.GONGYE_DEFAULT_REGION).first()
    if region is None:
        return "未找到默认区划，跳过内置计划。"
    existing = Plan.objects.filter(region=region).first()
    if existing is not None:
        return f"内置计划《{existing.title}》已存在，未作改动。"
    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=region, data=path.read_bytes(), filename=path.name
    )
    result = plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename=path.name
    )
    return (
        f"已导入内置计划《{result.plan.title}》：重点工作 {result.tasks['added']} 项，"
        f"目标 {result.targets['added']} 个。"
    )


def plans_demo_load(report: object) -> str:
    """The ``load_demo`` step (``PlansConfig.demo_loaders``)."""
    return load_seed_plan()
