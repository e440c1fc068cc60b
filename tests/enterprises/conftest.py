"""Fixtures of the register's tests: a 衡山镇 enterprise whose user is the ``enterprise``
persona, a 开发区 enterprise and a 佛子岭镇 one, each with some figures."""

from __future__ import annotations

import pytest

from tests.enterprises.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    MonthlyFigureFactory,
)


@pytest.fixture
def own_enterprise(persona, unit):
    """The enterprise the ``enterprise`` persona signs in for: in 衡山镇 (the ``coop_liaison``'s
    township)."""
    enterprise = EnterpriseFactory(name="衡山精工有限公司", township=unit("衡山镇"))
    EnterpriseAccountFactory(enterprise=enterprise, user=persona("enterprise"))
    MonthlyFigureFactory(enterprise=enterprise, month=5)
    return enterprise


@pytest.fixture
def kfq_enterprise(unit):
    """An enterprise of the development zone (the ``lead_liaison``'s and ``unit_head``'s)."""
    enterprise = EnterpriseFactory(
        name="开发区智造有限公司", township=unit("开发区"), in_dev_zone=True
    )
    MonthlyFigureFactory(enterprise=enterprise, month=5)
    return enterprise


@pytest.fixture
def other_enterprise(unit):
    """An enterprise of 佛子岭镇: no test persona's unit, no account."""
    return EnterpriseFactory(name="佛子岭竹业有限公司", township=unit("佛子岭镇"))


@pytest.fixture
def parse_threads(monkeypatch) -> list[str]:
    """The name of the thread each figure sheet was parsed on, in order."""
    import threading

    from gongye.enterprises.services import figures

    threads: list[str] = []
    parse = figures.read_figure_sheet

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return parse(*args, **kwargs)

    monkeypatch.setattr(figures, "read_figure_sheet", spy)
    return threads
