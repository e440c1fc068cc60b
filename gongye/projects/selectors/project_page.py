"""One project's page (issue 13 items 1–3): its 三库 steps with their dates, the moves the
reader may take now, its files, its 月30 returns month by month with their colour, its
problems, and its history (a view of the audit log, as the enterprise page's trail is). The
project comes from ``selectors.projects.project_for`` (404 when not visible)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext as _

from gongye.audit.models import AuditEntry
from gongye.core.dates import date_local, month_local
from gongye.core.permissions import Decision
from gongye.projects.choices import (
    DocumentKind,
    ProjectAction,
    ProjectStage,
    ProjectVerb,
    ReturnColour,
)
from gongye.projects.models import Project, ProjectDocument, ProjectProblem, ProjectReturn
from gongye.projects.permissions import (
    can_edit_project,
    can_file_return,
    can_manage_project,
    can_raise_problem,
    problems_visible_to,
)
from gongye.projects.selectors.returns import opening_month, return_colour
from gongye.projects.workflows import PROJECT_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.core.workflow import Edge

PROJECT_TYPE = "projects.project"
TRAIL_LIMIT = 50
RETURN_MONTHS = 36  # the page shows the last three years' months

# the dates a move records, in the order the history names them
MOVE_FIELDS = ("started_on", "completed_on", "produced_on", "scaled_on", "cancelled_on")
MOVE_VERBS = {
    ProjectVerb.START,
    ProjectVerb.COMPLETE,
    ProjectVerb.SCALE,
    ProjectVerb.CANCEL,
    ProjectVerb.REVERT,
    ProjectVerb.RESTORE,
}
_RETURN_MONTH = re.compile(r"(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class StageStep:
    """A step of 三库联动 on the page: done on ``on`` (planned for ``planned``); ``library``
    names the library the step puts the project in, if it does."""

    label: str
    on: dt.date | None
    planned: dt.date | None
    library: str = ""

    @property
    def done(self) -> bool:
        return self.on is not None


def stage_steps(project: Project) -> list[StageStep]:
    p = project
    return [
        StageStep(_("签约"), p.signed_on, p.planned_sign_on),
        StageStep(_("开工"), p.started_on, p.planned_start_on, str(ProjectStage.BUILDING.label)),
        StageStep(_("竣工"), p.completed_on, p.planned_complete_on),
        StageStep(
            _("投产"), p.produced_on, p.planned_produce_on, str(ProjectStage.PRODUCING.label)
        ),
        StageStep(_("纳规"), p.scaled_on, None, str(ProjectStage.SCALED.label)),
    ]


@dataclass(frozen=True)
class Move:
    """A step of 三库联动 the reader may take: ``blocked`` says why it cannot be taken yet
    (纳规 before the enterprise is 规上); a start may bring its proof with it."""

    edge: Edge[Any, Project]
    blocked: str = ""

    @property
    def action(self) -> str:
        return self.edge.action

    @property
    def label(self) -> str:
        return str(self.edge.label)


def moves_for(user: User, project: Project) -> list[Move]:
    """The moves ``PROJECT_WORKFLOW.available`` allows now; and those the reader may take
    once the project fits: a start, whose proof comes with it, as a form; the others with
    the reason they wait."""
    available = {e.action for e in PROJECT_WORKFLOW.available(user, project)}
    moves = []
    for edge in PROJECT_WORKFLOW.edges_from(project.stage):
        if edge.action in available or (
            edge.action == ProjectAction.START and edge.allowed(user, project)
        ):
            moves.append(Move(edge))
        elif edge.allowed(user, project):
            fits: Decision = edge.when(project)
            moves.append(Move(edge, str(fits.reason)))
    return moves


@dataclass
class ReturnRow:
    """A month of 月30: the return filed (or None) and its colour as of today."""

    year: int
    month: int
    filed: ProjectReturn | None
    colour: str
    colour_label: str
    photos: list[ProjectDocument]


def months_owed(
    project: Project, today: dt.date, until: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """The months the project was under construction (started by the month's end, not in
    production before it began) up to this month — or up to ``until`` when earlier: the month
    the region's pictures open on (``selectors.returns.opening_month``), so that a county
    working in a past plan year sees that year's months, as on its board and 调度表
    (``selectors.returns.owing``)."""
    if project.started_on is None or project.stage == ProjectStage.CANCELLED:
        return []
    start = (project.started_on.year, project.started_on.month)
    end = min((today.year, today.month), until or (today.year, today.month))
    if project.produced_on is not None:
        end = min(end, (project.produced_on.year, project.produced_on.month))
    months = []
    year, month = start
    while (year, month) <= end:
        months.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return months


def returns_for(
    project: Project,
    photos: dict[int, list[ProjectDocument]],
    today: dt.date,
    until: tuple[int, int] | None = None,
) -> list[ReturnRow]:
    """The project's months, newest first: those it owes a return for (up to ``until``) and
    those filed."""
    filed = {
        (r.year, r.month): r
        for r in ProjectReturn.objects.filter(project=project).select_related("filed_by")
    }
    months = sorted(set(months_owed(project, today, until)) | set(filed), reverse=True)
    labels = {k: str(v) for k, v in ReturnColour.choices}
    rows = []
    for year, month in months[:RETURN_MONTHS]:
        row = filed.get((year, month))
        colour = return_colour(row, year, month, today)
        rows.append(
            ReturnRow(
                year=year,
                month=month,
                filed=row,
                colour=str(colour),
                colour_label=labels[colour],
                photos=photos.get(row.pk, []) if row is not None else [],
            )
        )
    return rows


# ----- the history, from the audit log


@dataclass(frozen=True)
class TrailLine:
    at: dt.datetime
    actor_name: str
    unit_name: str
    verb_label: str
    text: str


def _field_label(name: str) -> str:
    try:
        field = Project._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:  # a field since removed reads as its name
        return name
    return str(getattr(field, "verbose_name", name))


def _day(value: Any) -> str:
    try:
        return date_local(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _trail_text(entry: AuditEntry) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    if entry.verb in (ProjectVerb.UPDATE, ProjectVerb.PAIR):
        return _("修改了：%(fields)s") % {"fields": _("、").join(_field_label(k) for k in after)}
    if entry.verb in MOVE_VERBS:
        parts = [
            _("%(label)s：%(day)s") % {"label": _field_label(name), "day": _day(after[name])}
            for name in MOVE_FIELDS
            if after.get(name)
        ]
        if after.get("reason"):
            parts.append(_("原因：%(reason)s") % {"reason": after["reason"]})
        return _("；").join(parts)
    if entry.verb == ProjectVerb.DOCUMENT:
        kind = after.get("kind", "")
        label = DocumentKind(kind).label if kind in DocumentKind.values else kind
        return _("%(kind)s：%(name)s") % {"kind": label, "name": after.get("name", "")}
    if entry.verb == ProjectVerb.RETURN_FILE:
        found = _RETURN_MONTH.search(entry.target_repr)
        return month_local(int(found[1]), int(found[2])) if found else ""
    if entry.target_type != PROJECT_TYPE:
        return entry.target_repr
    return ""


def trail_for(project: Project) -> list[TrailLine]:
    """The project's history, newest first: the changes to it and to what hangs off it
    (files, returns, problems name it as their parent)."""
    pk = str(project.pk)
    on_it = Q(target_type=PROJECT_TYPE, target_id=pk) | Q(parent_type=PROJECT_TYPE, parent_id=pk)
    entries = AuditEntry.objects.filter(on_it).order_by("-at", "-id")[:TRAIL_LIMIT]
    return [
        TrailLine(
            at=e.at,
            actor_name=e.actor_name,
            unit_name=e.unit_name,
            verb_label=e.verb_label,
            text=_trail_text(e),
        )
        for e in entries
    ]


# ----- the page


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    steps: list[StageStep]
    moves: list[Move]
    documents: list[ProjectDocument]
    returns: list[ReturnRow]
    problems: list[ProjectProblem]
    trail: list[TrailLine]
    can_edit: bool
    can_manage: bool
    can_file_return: bool
    can_raise_problem: bool


def project_page(user: User, project: Project, today: dt.date) -> ProjectPage:
    files = list(project.documents.select_related("uploaded_by").order_by("uploaded_at", "id"))
    photos: dict[int, list[ProjectDocument]] = {}
    for document in files:
        if document.project_return_id is not None:
            photos.setdefault(document.project_return_id, []).append(document)
    problems = list(
        problems_visible_to(user)
        .filter(project=project)
        .select_related("unit")
        .order_by("-created_at", "-id")
    )
    return ProjectPage(
        project=project,
        steps=stage_steps(project),
        moves=moves_for(user, project),
        documents=[d for d in files if d.project_return_id is None],
        returns=returns_for(project, photos, today, opening_month(user, today)),
        problems=problems,
        trail=trail_for(project),
        can_edit=bool(can_edit_project(user, project)),
        can_manage=bool(can_manage_project(user, project)),
        can_file_return=bool(can_file_return(user, project)),
        can_raise_problem=bool(can_raise_problem(user, project)),
    )
