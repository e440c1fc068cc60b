from __future__ import annotations

import pytest

from tests.conftest import HUOSHAN


@pytest.fixture
def seed_plan(org, settings):
    """Huoshan's 2022 plan (the embedded seed), imported through the real services."""
    from gongye.plans.services import plan_apply_parsed, plan_document_parse

    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=org[HUOSHAN], data=path.read_bytes(), filename=path.name
    )
    return plan_apply_parsed(
        actor=None, region=org[HUOSHAN], parsed=parsed, resolver=resolver, filename=path.name
    ).plan


@pytest.fixture
def output_target(small_plan):
    return small_plan.targets.get()  # 规上工业产值 突破 200 亿元 (level)
