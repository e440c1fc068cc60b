"""Fixtures for the plan import tests: the county, the seed plan written to the database,
a plan office of another county, and uploads kept in a temporary media folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from gongye.accounts.models import User
from gongye.accounts.services import assignment_grant, user_create
from gongye.orgs.models import Region, Unit
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


@pytest.fixture
def other_plan_office(org) -> User:
    """The plan office of Jinzhai county: the right role, the wrong county."""
    region = org["341524"]
    user, _ = user_create(
        actor=None,
        username="jinzhai_plan_office",
        display_name="金寨督办",
        home_region=region,
        password="Persona#Pass2022",
        is_demo=True,
    )
    assignment_grant(
        actor=None,
        user=user,
        role="plan_office",
        region=region,
        unit=Unit.objects.get(region=region, name="经信局"),
    )
    return User.objects.get(pk=user.pk)
