"""Which key tasks serve which target (issue 5 item 4): suggested from the text (shared
character bigrams of the target's name), confirmed or rejected by the plan office."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.models import TargetTaskLink
from gongye.indicators.permissions import can_manage_targets
from gongye.plans.models import Plan, Target, Task

if TYPE_CHECKING:
    from gongye.accounts.models import User

SUGGEST_THRESHOLD = Decimal("0.5")
SUGGEST_TOP = 3
_FOUR = Decimal("0.0001")


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese/alphanumeric text, punctuation and digits dropped:
    "技术合同交易额" → {技术, 术合, 合同, …}."""
    chars = [c for c in text if c.isalpha()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def link_score(target_name: str, task_text: str) -> Decimal:
    """Share of the target name's bigrams that the task text contains (0..1): a task that
    names the target's whole indicator scores 1 however long it is."""
    wanted = bigrams(target_name)
    if not wanted:
        return Decimal(0)
    found = len(wanted & bigrams(task_text))
    return (Decimal(found) / Decimal(len(wanted))).quantize(_FOUR, ROUND_HALF_UP)


def rank_links(
    targets: list[tuple[Any, str]],
    tasks: list[tuple[Any, str]],
    *,
    threshold: Decimal = SUGGEST_THRESHOLD,
    top: int = SUGGEST_TOP,
) -> list[tuple[Any, Any, Decimal]]:
    """Pure: the ``top`` tasks per target scoring at least ``threshold``, best first."""
    out: list[tuple[Any, Any, Decimal]] = []
    for target, name in targets:
        scored = [(task, link_score(name, text)) for task, text in tasks]
        scored = [(task, s) for task, s in scored if s >= threshold]
        scored.sort(key=lambda pair: -pair[1])  # stable: ties keep the plan's order
        out.extend((target, task, s) for task, s in scored[:top])
    return out


def task_links_suggest(plan: Plan) -> list[tuple[Target, Task, Decimal]]:
    """Suggested tasks for each active target of the plan, from the text (issue 5 item 4)."""
    targets = [(t, t.name) for t in plan.targets.filter(is_active=True).order_by("seq")]
    tasks = [(t, t.text) for t in plan.tasks.filter(is_active=True).order_by("position")]
    return rank_links(targets, tasks)


@transaction.atomic
def task_link_confirm(
    *, actor: User, target: Target, task: Task, confirmed: bool
) -> TargetTaskLink:
    """The plan office confirms (or rejects) that a task serves a target (issue 5 item 4)."""
    can_manage_targets(actor, target).require()
    if task.plan_id != target.plan_id:
        raise ValidationError({"task": _("只能关联同一计划中的重点工作。")})
    link, created = TargetTaskLink.objects.get_or_create(
        target=target,
        task=task,
        defaults={"score": link_score(target.name, task.text), "confirmed": confirmed},
    )
    before = None if created else {"confirmed": link.confirmed}
    if not created and link.confirmed != confirmed:
        link.confirmed = confirmed
        link.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        verb=Verb.CREATE if created else Verb.UPDATE,
        target=link,
        parent=target,
        before=before,
        after={"confirmed": confirmed, "score": link.score},
    )
    return link
