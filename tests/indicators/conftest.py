"""The indicators' tests judge the small plan as the Huoshan plan is judged: by the end of
June 60% of the year's target (时间过半、任务过六), the checkpoint that plan states."""

from __future__ import annotations

import pytest

HUOSHAN_CHECKPOINTS = {"6": 60}


@pytest.fixture
def small_plan(small_plan):
    """The root's two-task plan (its text states no checkpoint), with the Huoshan plan's."""
    small_plan.checkpoints = HUOSHAN_CHECKPOINTS
    small_plan.save(update_fields=["checkpoints"])
    return small_plan
