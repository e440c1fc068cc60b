"""A project's problem (问题清单交办): raised by its unit, a leader or the plan office,
assigned to a unit with a deadline, answered, verified and closed (销号) by the office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.projects.choices import ProblemStatus


class ProjectProblemQuerySet(ScopedQuerySet["ProjectProblem"]):
    region_field = "region"

    def open(self) -> ProjectProblemQuerySet:
        return self.exclude(status__in=[ProblemStatus.CLOSED, ProblemStatus.WITHDRAWN])


class ProjectProblem(models.Model):
    """A problem holding a project back (用地, 审批, 资金, 用工 …) and who must solve it."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="issues"
    )
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("问题"), max_length=100)
    content = models.TextField(_("问题描述"), max_length=4000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_role = models.CharField(_("提出人角色"), max_length=32)
    raised_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("提出单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.RAISED
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_problems",
    )
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    answer = models.TextField(_("办理情况"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reopen_comment = models.TextField(_("退回意见"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    # set by the daily rule once past the deadline: an overdue problem stays marked
    was_overdue = models.BooleanField(_("曾逾期"), default=False)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "status"], name="problem_region_status"),
            models.Index(fields=["unit", "status"], name="problem_unit_status"),
            models.Index(fields=["project", "status"], name="problem_project_status"),
        ]

    def __str__(self) -> str:
        return self.title
