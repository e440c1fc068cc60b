from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import EnterpriseSection, NavEntry
from gongye.projects.choices import ProjectVerb


class ProjectsConfig(AppConfig):
    """项目库: industrial projects through 三库联动 (储备 → 在建 → 投产 → 纳规), their 月30
    monthly returns, problem lists (问题清单交办), investment statistics and targets, and the
    city's 赛马 of counties."""

    name = "gongye.projects"
    verbose_name = _("项目库")
    audit_verbs = tuple(ProjectVerb.choices)

    # the register's own pages: the 项目库 entry, and the projects part of an enterprise's page
    navigation: tuple[NavEntry, ...] = (
        NavEntry(
            pgettext_lazy("navigation", "项目库"),
            "projects:project_list",
            "cone-striped",
            "gongye.projects.permissions.can_read_projects",
            order=56,
        ),
    )
    enterprise_sections: tuple[EnterpriseSection, ...] = (
        EnterpriseSection(
            "projects/_project_enterprise_section.html",
            "gongye.projects.selectors.projects.enterprise_projects_section",
        ),
    )
