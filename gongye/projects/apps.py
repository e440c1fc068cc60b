from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import (
    CockpitSection,
    DemoLoader,
    EnterpriseSection,
    HomePanel,
    NavEntry,
    ScheduledJob,
)
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

    # 问题清单交办 and 月30: the problems' deadline rule (overdue escalates), the returns'
    # reminders, and the 工作台 panel (a leader's paired projects' problems, a unit's own)
    notification_rules = (
        "gongye.projects.reminders.problem_deadlines",
        "gongye.projects.reminders.return_reminders",
    )
    home_panels: tuple[HomePanel, ...] = (
        HomePanel(
            "projects/_home_problems.html",
            "gongye.projects.selectors.problem_home.problems_home_for",
            order=45,
        ),
    )

    # the demo (item 9): the named and generated projects of the city's counties, with their
    # returns and problems; after the register's enterprises, before its computed targets
    demo_loaders: tuple[DemoLoader, ...] = (
        DemoLoader("gongye.projects.demo.projects_demo_load", order=65),
    )

    # statistics and computed targets (item 6): the cockpit's part (the plan's project figures
    # with 同比), the formulas the plan's targets may be computed by (registered in ``ready``),
    # and the demo's targets marked computed after the projects' demo (order 65) and the
    # enterprise register's marks (order 66)
    cockpit_sections: tuple[CockpitSection, ...] = (
        CockpitSection(
            "projects/_cockpit_statistics.html",
            "gongye.projects.selectors.cockpit.cockpit_statistics_for",
            order=110,
        ),
    )
    demo_loaders = (
        *demo_loaders,
        DemoLoader("gongye.projects.computed.targets.computed_demo_load", order=67),
    )

    # the monthly totals by place the 赛马 and the statistics read, recomputed every night from
    # the returns (``projects.totals``: kept with each write; this catches what went around)
    schedules: tuple[ScheduledJob, ...] = (
        ScheduledJob(
            "projects.totals", "gongye.projects.totals.rebuild_nightly", daily_at=dt.time(2, 40)
        ),
    )

    def ready(self) -> None:
        from gongye.projects.computed import (
            changes,
            formulas,  # noqa: F401  (registers formulas)
        )

        # what is computed from projects and returns follows them (computed.changes)
        changes.connect()
