"""Who may see and do what with projects (issue 13). Need to know:

- the plan office, the statistics bureau and the leaders see every project of their region (a
  city's or province's reach the counties below: the 赛马 is theirs);
- a unit (its liaisons and head) sees the projects built in its township or development zone,
  those it answers for (责任单位), and those with a problem assigned to it;
- an enterprise user sees its own enterprise's projects;
- the three administrators see none (三员分立).

The plan office registers and edits projects, pairs them with a leader and a unit, moves them
through 三库 and corrects a move; a township's or development zone's liaison registers the
projects built there (into 储备库) and, as the responsible unit, records a start or a
completion with its proof and files the 月30 returns. Out of scope is a 404 (the selectors
return nothing); in scope but not allowed is a 403 with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.orgs.choices import UnitKind
from gongye.projects.choices import ProblemStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.orgs.models import Unit
    from gongye.projects.models import Project, ProjectProblem
    from gongye.projects.models.problems import ProjectProblemQuerySet
    from gongye.projects.models.projects import ProjectQuerySet

REGION_READERS = {Role.PLAN_OFFICE, Role.STATISTICS, Role.LEADER}
UNIT_MEMBERS = {Role.LIAISON, Role.UNIT_HEAD}
READERS = REGION_READERS | UNIT_MEMBERS | {Role.ENTERPRISE}
LOCATIONS = {UnitKind.TOWNSHIP, UnitKind.DEV_ZONE}


def projects_visible_to(user: User | AnonymousUser | None) -> ProjectQuerySet:
    """The projects ``user``, in the role they act in now, may open one by one."""
    from gongye.projects.models import Project, ProjectProblem

    acting = acting_of(user)
    base = Project.objects.all()
    if acting is None or acting.role not in READERS:
        return base.none()
    scoped = base.within(acting.region.path)
    if acting.role in REGION_READERS:
        return scoped
    if acting.role == Role.ENTERPRISE:
        return scoped.filter(enterprise__accounts__user_id=acting.user_id)
    if acting.unit_id is None:
        return scoped.none()
    assigned = ProjectProblem.objects.filter(unit_id=acting.unit_id).values("project_id")
    return scoped.filter(
        Q(location_id=acting.unit_id) | Q(unit_id=acting.unit_id) | Q(pk__in=assigned)
    )


def problems_visible_to(user: User | AnonymousUser | None) -> ProjectProblemQuerySet:
    """A project's problems are seen by whoever sees the project."""
    from gongye.projects.models import ProjectProblem

    return ProjectProblem.objects.filter(project__in=projects_visible_to(user))


def _reach(user: User | AnonymousUser, region_id: int | None) -> Decision:
    """The region-wide roles act only within their own region (a city's or province's reach
    the counties below): the services check it too, not only the selectors (defence in depth)."""
    from gongye.orgs.models import Region

    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if region_id is not None and not (
        Region.objects.filter(pk=region_id, path__startswith=acting.region.path).exists()
    ):
        return deny(_("该项目不在您的管辖范围内。"))
    return ALLOW


def can_read_projects(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, READERS, _("查看项目库"))


def can_see_region(user: User | AnonymousUser) -> Decision:
    """The whole region's picture: the 调度表, the board's sums, the 赛马."""
    return require_role_in(user, REGION_READERS, _("查看全县项目调度汇总"))


def can_register_project(user: User | AnonymousUser, location: Unit | None = None) -> Decision:
    """The plan office registers any project of its region; a township's or development
    zone's liaison those built there (``location`` its own unit)."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role == Role.PLAN_OFFICE:
        return _reach(user, location.region_id) if location is not None else ALLOW
    if acting.role == Role.LIAISON and acting.unit is not None and acting.unit.kind in LOCATIONS:
        if location is None or location.pk == acting.unit_id:
            return ALLOW
        return deny(_("乡镇、开发区联络员只能登记本辖区建设的项目。"))
    return deny(_("只有督办（计划办）或乡镇、开发区联络员可以登记项目。"))


def can_manage_project(user: User | AnonymousUser, project: Project | None = None) -> Decision:
    """Pairing, correcting a move, giving a project up: the plan office of its region."""
    decision = require_role_in(user, {Role.PLAN_OFFICE}, _("管理项目库"))
    if not decision or project is None:
        return decision
    return _reach(user, project.region_id)


def is_responsible(user: User | AnonymousUser, project: Project) -> Decision:
    """The plan office, or a liaison or head of the project's responsible unit."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role == Role.PLAN_OFFICE:
        return _reach(user, project.region_id)
    if acting.role in UNIT_MEMBERS and acting.unit_id == project.unit_id:
        return ALLOW
    return deny(_("只有项目责任单位或督办（计划办）可以办理。"))


def can_edit_project(user: User | AnonymousUser, project: Project) -> Decision:
    return is_responsible(user, project)


def can_move(user: User | AnonymousUser, project: Project) -> Decision:
    """A start or a completion, with its proof: the responsible unit or the plan office."""
    return is_responsible(user, project)


def can_file_return(user: User | AnonymousUser, project: Project) -> Decision:
    """月30: the responsible unit files; the plan office may file for it."""
    return is_responsible(user, project)


def can_import_returns(user: User | AnonymousUser) -> Decision:
    """The month's return sheet: a unit uploads its own projects' rows, the plan office any."""
    return require_role_in(user, {Role.PLAN_OFFICE, *UNIT_MEMBERS}, _("批量报送月30调度数据"))


def can_raise_problem(user: User | AnonymousUser, project: Project) -> Decision:
    """The project's unit (responsible or where it is built), a leader, or the plan office."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role in {Role.PLAN_OFFICE, Role.LEADER}:
        return _reach(user, project.region_id)
    if acting.role in UNIT_MEMBERS and acting.unit_id in (project.unit_id, project.location_id):
        return ALLOW
    return deny(_("只有项目所在单位、责任单位、领导或督办（计划办）可以提出项目问题。"))


def can_assign_problem(user: User | AnonymousUser, problem: ProjectProblem) -> Decision:
    decision = require_role_in(user, {Role.PLAN_OFFICE}, _("交办、核实或销号项目问题"))
    return _reach(user, problem.region_id) if decision else decision


def can_answer_problem(user: User | AnonymousUser, problem: ProjectProblem) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role not in UNIT_MEMBERS or acting.unit_id is None:
        return deny(_("只有承办单位的联络员或负责人可以答复项目问题。"))
    if acting.unit_id != problem.unit_id:
        return deny(_("该问题不是交办给本单位的。"))
    return ALLOW


def is_problem_raiser(user: User | AnonymousUser, problem: ProjectProblem) -> Decision:
    """Whoever raised it takes it back while it waits to be assigned."""
    if getattr(user, "pk", None) == problem.raised_by_id:
        return ALLOW
    if problem.status != ProblemStatus.RAISED:
        return deny(_("问题已交办，不能撤回。"))
    return deny(_("只有提出人可以撤回该问题。"))
