"""Access-matrix entries of the computed-targets part: the plan office's form for a target
computed from the register. A Huoshan target is out of scope for 金寨's liaison (404); every
other persona reaches it but only the plan office may set it (403)."""

from __future__ import annotations

from tests.conftest import PERSONAS
from tests.test_access_matrix import Entry

ENTRIES: list = [
    Entry(
        "enterprises:computed_target",
        "get",
        lambda c: f"/enterprises/computed/target/{c['target'].pk}/",
        {"plan_office"},
        {"outsider"},
    ),
    Entry(
        "enterprises:computed_target",
        "post",
        lambda c: f"/enterprises/computed/target/{c['target'].pk}/",
        {"plan_office"},
        {"outsider"},
        ok=302,
        data=lambda who: {"action": "set", "formula": "above_scale_output"},
    ),
]

assert {"plan_office", "outsider"} <= set(PERSONAS)


def context(request, persona, unit) -> dict:
    small_plan = request.getfixturevalue("small_plan")
    return {"target": small_plan.targets.get(name="规上工业产值")}
