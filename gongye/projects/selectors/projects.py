"""Reads of the project register's own pages (issue 13 items 1–2): the project list with its
filters (三库, kind, chain, township or 开发区, size band, name), one project (404 when out of
sight), the choices the forms offer, and the register's part of an enterprise's page. Every
read starts from ``permissions.projects_visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.enterprises.models import Enterprise, IndustryChain
from gongye.orgs.choices import RegionLevel
from gongye.orgs.models import Unit
from gongye.projects.choices import (
    LARGE_PROJECT_10K_YUAN,
    UPGRADE_PROJECT_10K_YUAN,
    ProjectKind,
    ProjectStage,
)
from gongye.projects.models import Project
from gongye.projects.permissions import (
    LOCATIONS,
    can_read_projects,
    projects_visible_to,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.orgs.models import Region
    from gongye.projects.models.projects import ProjectQuerySet

PAGE_SIZE = 50
# what a list row shows beside the project, read in the same query
LIST_RELATED = ("region", "enterprise", "location", "unit", "paired_leader", "chain")

# the plan's size bands (第三章): 大项目 from 5000万元, 技改 counted from 500万元
LARGE = Decimal(LARGE_PROJECT_10K_YUAN)
MEDIUM = Decimal(UPGRADE_PROJECT_10K_YUAN)
SIZE_BANDS: tuple[tuple[str, Any], ...] = (
    ("large", gettext_lazy("5000万元及以上（大项目）")),
    ("medium", gettext_lazy("500万–5000万元")),
    ("small", gettext_lazy("500万元以下")),
)
_SIZE_Q = {
    "large": Q(total_investment__gte=LARGE),
    "medium": Q(total_investment__gte=MEDIUM, total_investment__lt=LARGE),
    "small": Q(total_investment__lt=MEDIUM),
}


@dataclass(frozen=True)
class ProjectFilters:
    """The list's filters as the page's form gives them."""

    q: str = ""
    stage: str = ""
    kind: str = ""
    chain: int | None = None
    location: int | None = None
    size: str = ""


def apply_filters(queryset: ProjectQuerySet, filters: ProjectFilters) -> ProjectQuerySet:
    f = filters
    if f.q:
        queryset = queryset.filter(
            Q(name__icontains=f.q)
            | Q(enterprise_name__icontains=f.q)
            | Q(enterprise__name__icontains=f.q)
        )
    if f.stage:
        queryset = queryset.filter(stage=f.stage)
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.chain is not None:
        queryset = queryset.filter(chain_id=f.chain)
    if f.location is not None:
        queryset = queryset.filter(location_id=f.location)
    if f.size in _SIZE_Q:
        queryset = queryset.filter(_SIZE_Q[f.size])
    return queryset


def project_list_for(
    user: User | AnonymousUser, filters: ProjectFilters | None = None
) -> ProjectQuerySet:
    """The projects ``user`` may open, filtered, largest first; what each row shows read in
    the same query (page it: ``PAGE_SIZE`` a page)."""
    queryset = projects_visible_to(user)
    acting = acting_of(user)
    if acting is not None and acting.region.level == RegionLevel.COUNTY:
        # a county has no region below it: the same rows, on the (region, …) indexes
        queryset = queryset.filter(region_id=acting.region_id)
    queryset = apply_filters(queryset.select_related(*LIST_RELATED), filters or ProjectFilters())
    return queryset.order_by("-total_investment", "id")


def label_rows(rows: Any) -> None:
    """Each row's stage and kind labels, looked up once per value."""
    stages = {k: str(v) for k, v in ProjectStage.choices}
    kinds = {k: str(v) for k, v in ProjectKind.choices}
    for row in rows:
        row.stage_label = stages.get(row.stage, row.stage)
        row.kind_label = kinds.get(row.kind, row.kind)


def project_for(user: User | AnonymousUser, pk: Any) -> Project:
    """One project with what its page shows beside it; 404 when ``user`` may not see it."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该项目，或不在您的管辖范围内。")) from None
    found = projects_visible_to(user).select_related(*LIST_RELATED).filter(pk=key).first()
    if found is None:
        raise Http404(_("未找到该项目，或不在您的管辖范围内。"))
    return found


def shows_region_column(user: User | AnonymousUser) -> bool:
    """City and province users see many counties' projects: the list names each one's."""
    acting = acting_of(user)
    return acting is not None and acting.region.level != RegionLevel.COUNTY


def _many(user: User | AnonymousUser) -> bool:
    return shows_region_column(user)


def location_filter_choices(user: User | AnonymousUser) -> list[tuple[int, str]]:
    """The townships and development zones of the user's reach, for the list's filter."""
    acting = acting_of(user)
    if acting is None:
        return []
    units = Unit.objects.filter(
        region__path__startswith=acting.region.path, kind__in=LOCATIONS, is_active=True
    ).order_by("region__code", "sort_order", "name")
    many = _many(user)
    # plain rows, not model instances: a city's or province's hundreds of townships
    return [
        (pk, f"{region} · {name}" if many else name)
        for pk, name, region in units.values_list("pk", "name", "region__name")
    ]


def chain_filter_choices(user: User | AnonymousUser) -> list[tuple[int, str]]:
    many = _many(user)
    chains = IndustryChain.objects.in_scope(user).order_by("region__code", "sort_order", "name")
    return [
        (pk, f"{region} · {name}" if many else name)
        for pk, name, region in chains.values_list("pk", "name", "region__name")
    ]


def locations_of(region: Region, user: User | AnonymousUser, *, registering: bool = False) -> Any:
    """Where a project of ``region`` may be built: its townships and development zones; a
    township's or development zone's liaison registers only its own (``can_register_project``)."""
    units = Unit.objects.filter(region=region, kind__in=LOCATIONS, is_active=True)
    acting = acting_of(user)
    if registering and acting is not None and acting.role == Role.LIAISON:
        units = units.filter(pk=acting.unit_id or 0)
    return units.order_by("sort_order", "name")


def units_of(region: Region) -> Any:
    """The units that may answer for a project of ``region``."""
    return Unit.objects.filter(region=region, is_active=True).order_by("sort_order", "name")


def enterprises_for_form(user: User | AnonymousUser, region: Region) -> Any:
    """The register's enterprises a project of ``region`` may name as its builder: those of
    the region the user may see."""
    from gongye.enterprises.permissions import enterprises_visible_to

    return enterprises_visible_to(user).filter(region=region)


# ----- the register's part of an enterprise's page (``enterprise_sections``)


@dataclass(frozen=True)
class EnterpriseProjects:
    """The enterprise page's 项目 section: its anchor and title (the page's table of contents
    links them), and the enterprise's projects the reader may see."""

    anchor: str
    title: str
    enterprise: Enterprise
    projects: list[Project]


def enterprise_projects_section(
    user: User | AnonymousUser, enterprise: Enterprise
) -> EnterpriseProjects | None:
    """The enterprise's projects ``user`` may open (all stages, largest first); None for a
    reader of the register who may not read projects."""
    if not can_read_projects(user):
        return None
    rows = list(
        projects_visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("location", "unit")
        .order_by("-total_investment", "id")
    )
    label_rows(rows)
    return EnterpriseProjects(
        anchor="projects",
        title=_("项目"),
        enterprise=enterprise,
        projects=rows,
    )
