from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def record(persona):
    """``record(target, month, value)``: an approved figure from the statistics bureau."""
    from gongye.indicators.services import observation_record

    def make(target, month: int, value: str, measure: str = "cumulative"):
        return observation_record(
            actor=persona("statistics"),
            target=target,
            year=target.plan.year,
            month=month,
            measure=measure,
            value=Decimal(value),
            as_of=dt.date(target.plan.year, 12, 31),
        )

    return make
