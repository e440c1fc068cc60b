"""Fixtures for the plan import tests: the county, the seed plan written to the database,
a plan office of another county, and uploads kept in a temporary media folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from gongye.orgs.models import Region
from gongye.plans.services import ApplyResult, plan_apply_parsed, plan_document_parse

from .helpers import HUOSHAN


@pytest.fixture
def huoshan(org) -> Region:
    return org[HUOSHAN]


@pytest.fixture
def seed_path() -> Path:
    return Path(django_settings.GONGYE_SEED_PLAN)


@pytest.fixture
def seed_plan(huoshan, seed_path) -> ApplyResult:
    """The seed text written to the database as the set-up does (no acting user)."""
    parsed, resolver = plan_document_parse(
        region=huoshan, data=seed_path.read_bytes(), filename=seed_path.name
    )
    return plan_apply_parsed(
        actor=None, region=huoshan, parsed=parsed, resolver=resolver, filename=seed_path.name
    )


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
