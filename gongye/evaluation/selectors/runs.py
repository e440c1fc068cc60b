"""Reads of the evaluation for pages, files and the API, scoped: the region's plan office,
leaders and statistics bureau see its runs and results; an enterprise user sees its own
enterprise's results in published runs and nothing else (a 404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils.translation import gettext as _

from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.evaluation.choices import ResultStatus, RunStatus
from gongye.evaluation.engine.variables import VARIABLES
from gongye.evaluation.models import (
    EvaluationAppeal,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
    SchemeVersion,
)
from gongye.evaluation.permissions import READERS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

PAGE_SIZE = 50
# group by group, best first; the unranked (class T, tenants, excluded) after the ranked on
# every database (SQLite puts NULL first, PostgreSQL last)
# the evaluated first (group by group, best first), those not evaluated after them
RANKED = (
    Case(When(status=ResultStatus.EXCLUDED, then=1), default=0),
    "group",
    F("rank").asc(nulls_last=True),
    "credit_code",
)


def in_force(region_id: int, year: int) -> EvaluationRun | None:
    """The published run in force for a region's year: the latest published (a re-evaluation
    replaces the one it supersedes)."""
    return (
        EvaluationRun.objects.published()
        .filter(region_id=region_id, year=year)
        .order_by("-published_at", "-pk")
        .first()
    )


def replaced(prefix: str = "") -> Exists:
    """Whether a later published run of the same region and year replaces a published run
    (``prefix`` "run__" when annotating results); False for a draft."""
    return Exists(
        EvaluationRun.objects.published().filter(  # published_after, for a whole column
            region_id=OuterRef(f"{prefix}region_id"),
            year=OuterRef(f"{prefix}year"),
            published_at__gt=OuterRef(f"{prefix}published_at"),
        )
    )


def stale_reason(newer: EvaluationRun) -> str:
    """Why a draft overtaken by ``newer`` may not be published (the service's refusal and the
    draft's page say the same)."""
    return _(
        "本试算之后已公示了%(newer)s，本试算不以其为基础，公示会丢掉其中的结果"
        "（如已成立的异议更正）。请作废本试算，按需要重新试算。"
    ) % {"newer": newer}


def stale(run: EvaluationRun) -> EvaluationRun | None:
    """For a draft: the run published since it was made, which it does not build on (a draft
    made from the run then in force, published over by another). None when it may still be
    published."""
    if run.status != RunStatus.DRAFT:
        return None
    current = in_force(run.region_id, run.year)
    return current if current is not None and current.pk != run.supersedes_id else None


def _reader(user: User | AnonymousUser) -> bool:
    acting = acting_of(user)
    return acting is not None and acting.role in READERS


def _enterprise_user(user: User | AnonymousUser) -> int | None:
    acting = acting_of(user)
    return acting.user_id if acting is not None and acting.role == Role.ENTERPRISE else None


def runs_for(user: User | AnonymousUser) -> QuerySet[EvaluationRun]:
    if not _reader(user):
        return EvaluationRun.objects.none()
    return EvaluationRun.objects.in_scope(user).select_related("version__scheme", "region")


def run_for(user: User | AnonymousUser, pk: int) -> EvaluationRun:
    run = runs_for(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def schemes_for(user: User | AnonymousUser) -> QuerySet[EvaluationScheme]:
    if not _reader(user):
        return EvaluationScheme.objects.none()
    return EvaluationScheme.objects.in_scope(user).select_related("region")


def scheme_for(user: User | AnonymousUser, pk: int) -> EvaluationScheme:
    scheme = schemes_for(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404
    return scheme


def version_for(user: User | AnonymousUser, pk: int) -> SchemeVersion:
    version = (
        SchemeVersion.objects.in_scope(user).filter(pk=pk).select_related("scheme").first()
        if _reader(user)
        else None
    )
    if version is None:
        raise Http404
    return version


def results_visible_to(user: User | AnonymousUser) -> QuerySet[EvaluationResult]:
    base = EvaluationResult.objects.select_related("run", "run__version__scheme", "enterprise")
    if _reader(user):
        return base.in_scope(user)
    user_id = _enterprise_user(user)
    if user_id is None:
        return base.none()
    return base.in_scope(user).filter(
        run__status=RunStatus.PUBLISHED, enterprise__accounts__user_id=user_id
    )


def result_for(user: User | AnonymousUser, pk: int) -> EvaluationResult:
    result = results_visible_to(user).filter(pk=pk).first()
    if result is None:
        raise Http404
    return result


@dataclass
class ResultFilters:
    group: str = ""
    klass: str = ""
    status: str = ""
    q: str = ""


def results_of(run: EvaluationRun, filters: ResultFilters) -> QuerySet[EvaluationResult]:
    rows = run.results.all()
    if filters.group:
        rows = rows.filter(group=filters.group)
    if filters.klass:
        rows = rows.filter(klass=filters.klass)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(credit_code__icontains=filters.q))
    return rows.order_by(*RANKED).defer("inputs")


def ranked(run: EvaluationRun) -> QuerySet[EvaluationResult]:
    """The 公示 list: the graded and class-T enterprises, group by group, best first."""
    return (
        run.results.filter(
            status__in=[ResultStatus.GRADED, ResultStatus.NOT_GRADED, ResultStatus.TENANT]
        )
        .order_by(*RANKED)
        .defer("inputs")
    )


def appeals_for(user: User | AnonymousUser) -> QuerySet[EvaluationAppeal]:
    base = EvaluationAppeal.objects.select_related("run", "result", "enterprise", "filed_by")
    if _reader(user):
        return base.in_scope(user)
    user_id = _enterprise_user(user)
    if user_id is None:
        return base.none()
    return base.in_scope(user).filter(enterprise__accounts__user_id=user_id)


def appeal_for(user: User | AnonymousUser, pk: int) -> EvaluationAppeal:
    appeal = appeals_for(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404
    return appeal


@dataclass
class Change:
    """One enterprise whose result differs between two runs, and why."""

    credit_code: str
    name: str
    before: dict[str, Any]
    after: dict[str, Any]
    inputs: list[tuple[str, Any, Any]] = field(default_factory=list)  # variable, before, after
    scheme_changed: bool = False


def _label(name: str) -> str:
    variable = VARIABLES.get(name)
    return str(variable.label) if variable else name


RESULT_FIELDS = (
    "credit_code",
    "name",
    "status",
    "group",
    "klass",
    "rank",
    "total",
    "inputs",
    "scores",
)


def run_changes(run: EvaluationRun, other: EvaluationRun) -> list[Change]:
    """Per enterprise, what differs from ``other`` to ``run`` (class, total, rank, status) and
    the inputs that moved it; a different scheme version is said once for all."""
    before = {r[0]: r for r in other.results.values_list(*RESULT_FIELDS)}
    changes = []
    scheme_changed = run.version_id != other.version_id
    for row in run.results.values_list(*RESULT_FIELDS).order_by("group", "rank", "credit_code"):
        old = before.pop(row[0], None)
        now = dict(zip(RESULT_FIELDS, row, strict=True))
        then = dict(zip(RESULT_FIELDS, old, strict=True)) if old else {}
        keys = ("status", "group", "klass", "rank", "total")
        if old and all(now[k] == then[k] for k in keys) and now["scores"] == then["scores"]:
            continue
        moved = sorted(
            (_label(name), (then.get("inputs") or {}).get(name), now["inputs"].get(name))
            for name in set(now["inputs"]) | set(then.get("inputs") or {})
            if (then.get("inputs") or {}).get(name) != now["inputs"].get(name)
        )
        changes.append(
            Change(
                row[0],
                row[1],
                {k: then.get(k) for k in keys},
                {k: now[k] for k in keys},
                moved,
                scheme_changed,
            )
        )
    for code, old in before.items():
        then = dict(zip(RESULT_FIELDS, old, strict=True))
        changes.append(
            Change(
                code,
                then["name"],
                {k: then[k] for k in ("status", "group", "klass", "rank", "total")},
                {},
            )
        )
    # those whose own figures changed (an upheld appeal's enterprise) before those moved only
    # by the others of their group
    changes.sort(key=lambda change: not change.inputs)
    return changes


def previous_published(run: EvaluationRun) -> EvaluationRun | None:
    """The latest published run of the region for the year before (the change of class)."""
    return (
        EvaluationRun.objects.filter(
            region_id=run.region_id, year=run.year - 1, status=RunStatus.PUBLISHED
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def class_changes(run: EvaluationRun, last: EvaluationRun) -> dict[str, Any]:
    """The change of class since last year: a matrix (last year's class → this year's) and the
    enterprises that moved."""
    old = dict(last.results.exclude(klass="").values_list("enterprise_id", "klass"))
    matrix: dict[str, dict[str, int]] = {}
    moved = []
    order = "ABCDT"
    for enterprise_id, name, klass in run.results.exclude(klass="").values_list(
        "enterprise_id", "name", "klass"
    ):
        before = old.get(enterprise_id, "")
        matrix.setdefault(before or "-", {}).setdefault(klass, 0)
        matrix[before or "-"][klass] += 1
        if before and before != klass:
            moved.append(
                {
                    "name": name,
                    "before": before,
                    "after": klass,
                    "up": order.index(klass) < order.index(before),
                }
            )
    return {"matrix": matrix, "moved": sorted(moved, key=lambda m: (not m["up"], m["name"]))}


def latest_published_result(enterprise_id: int) -> EvaluationResult | None:
    return (
        EvaluationResult.objects.filter(
            enterprise_id=enterprise_id, run__status=RunStatus.PUBLISHED
        )
        .select_related("run", "run__version__scheme")
        .order_by("-run__year", "-run__published_at", "-run_id")
        .first()
    )
