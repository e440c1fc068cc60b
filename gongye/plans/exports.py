"""The plan's official tables as files, from the database (through the parser's writers so that
what is exported re-imports to the same tasks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongye.plans.models import Plan
from gongye.plans.parsing import (
    Milestone,
    ParsedTarget,
    ParsedTask,
    export_targets_docx,
    export_targets_xlsx,
    export_tasks_docx,
    export_tasks_xlsx,
)
from gongye.plans.selectors import target_list_for_plan, task_list_for_plan

if TYPE_CHECKING:
    from gongye.accounts.models import User


def _tasks(plan: Plan) -> list[ParsedTask]:
    return [
        ParsedTask(
            month=t.month,
            period_label=t.period_label,
            seq=t.seq,
            text=t.text,
            due=t.due,
            lead_units=t.lead_names,
            cooperating_units=t.cooperating_names,
            lead_open_ended=t.lead_open_ended,
            cooperating_open_ended=t.cooperating_open_ended,
            people=list(t.people),
        )
        for t in task_list_for_plan(plan)
    ]


def _targets(plan: Plan) -> list[ParsedTarget]:
    return [
        ParsedTarget(
            name=t.name,
            kind=t.kind,
            comparator=t.comparator,
            value=t.value,
            unit=t.unit,
            qualifiers=list(t.qualifiers),
            sentence=t.sentence,
            chapter=t.chapter,
            due=t.due,
            milestones=[
                Milestone(
                    due=m.due,
                    month=m.due.month if m.due else None,
                    value=m.value,
                    unit=m.unit,
                    comparator=m.comparator,
                    text=m.text,
                )
                for m in t.milestones.all()
            ],
            source=t.source,
        )
        for t in target_list_for_plan(plan)
    ]


TABLES = {
    ("tasks", "docx"): lambda plan: export_tasks_docx(
        _tasks(plan), title=f"{plan.title}·重点工作明细表"
    ),
    ("tasks", "xlsx"): lambda plan: export_tasks_xlsx(
        _tasks(plan), title=f"{plan.title}·重点工作明细表"
    ),
    ("targets", "docx"): lambda plan: export_targets_docx(
        _targets(plan), title=f"{plan.title}·主要目标"
    ),
    ("targets", "xlsx"): lambda plan: export_targets_xlsx(
        _targets(plan), title=f"{plan.title}·主要目标"
    ),
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def plan_table_file(plan: Plan, table: str, fmt: str) -> bytes:
    return TABLES[(table, fmt)](plan)


def plan_export(*, actor: User, plan: Plan, table: str, fmt: str) -> bytes:
    """Every export is audited (who took which table of which plan)."""
    from django.db import transaction

    from gongye.audit.choices import Verb
    from gongye.audit.services import audit_record

    if (table, fmt) not in TABLES:
        raise KeyError((table, fmt))
    content = plan_table_file(plan, table, fmt)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target=plan,
            after={"table": table, "format": fmt, "bytes": len(content)},
        )
    return content
