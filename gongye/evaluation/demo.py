"""The evaluation's demo (issue 14 item 8): the 2022 scheme for Huoshan in ``data/`` (its shape
from a published Anhui scheme, the sources cited in its header), saved by the demo plan office
and run over the register's demo enterprises for 2022 and for 2021 (so the change of class
shows), both published. Idempotent: a second load changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gongye.core.roles import Role
from gongye.evaluation.models import EvaluationRun
from gongye.orgs.models import Region

SCHEME = Path(__file__).resolve().parent / "data" / "huoshan_2022.yaml"


@transaction.atomic
def evaluation_demo_load(report: object) -> str:
    from gongye.accounts.models import RoleAssignment
    from gongye.enterprises.models import Enterprise
    from gongye.evaluation.services.runs import run_create, run_publish
    from gongye.evaluation.services.schemes import scheme_save

    started = time.monotonic()
    region = Region.objects.filter(code=settings.GONGYE_DEFAULT_REGION).first()
    if region is None or not Enterprise.objects.filter(region=region, is_demo=True).exists():
        return ""
    if EvaluationRun.objects.filter(region=region, is_demo=True).exists():
        return "亩均评价演示数据已存在，未作改动。"
    office = (
        RoleAssignment.objects.filter(role=Role.PLAN_OFFICE, region=region, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if office is None:
        return ""
    version = scheme_save(
        actor=office.user,
        region=region,
        document=SCHEME.read_text(encoding="utf-8"),
        note="演示方案",
        is_demo=True,
    )
    runs = []
    for year in (version.scheme.year - 1, version.scheme.year):
        run = run_create(actor=office.user, version=version, year=year, is_demo=True)
        runs.append(run_publish(actor=office.user, run=run))
    latest = runs[-1]
    appeals = _demo_appeal(latest)
    counts = latest.summary.get("classes", {})
    described = "；".join(
        f"{group} " + "、".join(f"{k}类{n}" for k, n in classes.items())
        for group, classes in counts.items()
    )
    return (
        f"亩均评价演示：方案“{version.scheme.name}”，{len(runs)} 个年度已公示（{described}），"
        f"待处理异议 {appeals} 项"
        f"（用时 {time.monotonic() - started:.1f} 秒）。"
    )


def _demo_appeal(run: EvaluationRun) -> int:
    """The demo enterprise user disputes its land in the latest run (the office has one appeal
    waiting to decide)."""
    from gongye.accounts.models import User
    from gongye.enterprises.demo import DEMO_ENTERPRISE_USER
    from gongye.evaluation.services.appeals import appeal_file

    user = User.objects.filter(username=DEMO_ENTERPRISE_USER).first()
    result = run.results.filter(enterprise__accounts__user=user).first() if user else None
    if result is None or "land_mu" not in result.inputs:
        return 0
    land = result.inputs["land_mu"]
    appeal_file(
        actor=user,
        result=result,
        variable="land_mu",
        claimed_value=f"{land * 0.8:.2f}",
        statement=f"用地面积应以不动产权证为准，为{land * 0.8:.2f}亩，评价使用的{land:g}亩"
        "含已退还园区的预留地。附不动产权证扫描件。",
    )
    return 1
