"""The project register's test world: a 开发区 project paired with the county leader, and one
in 衡山镇 (the ``coop_liaison``'s township)."""

from __future__ import annotations

import pytest

from tests.projects.factories import ProjectFactory


@pytest.fixture
def kfq_project(persona, unit):
    """Built in 开发区 and answered for by it (the ``lead_liaison`` and ``unit_head``), paired
    with the county leader."""
    return ProjectFactory(
        name="开发区智能装备产业园",
        location=unit("开发区"),
        unit=unit("开发区"),
        paired_leader=persona("county_leader"),
    )


@pytest.fixture
def hs_project(unit):
    """Built in 衡山镇 and answered for by it (the ``coop_liaison``)."""
    return ProjectFactory(name="衡山竹木加工项目", location=unit("衡山镇"), unit=unit("衡山镇"))
