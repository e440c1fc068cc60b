"""Factories for progress reports (a submitted lead report by default). Reports that must be
audited and reviewed are made through ``report_submit``; these are for data in bulk."""

from __future__ import annotations

import factory

from gongye.supervision.choices import ReportKind, ReportStatus, TaskProgressState
from gongye.supervision.models import ProgressReport
from tests.accounts.factories import UserFactory
from tests.plans.factories import TaskFactory


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    unit = factory.LazyAttribute(lambda o: o.task.task_units.order_by("position").first().unit)
    kind = ReportKind.LEAD
    text = factory.Sequence(lambda n: f"第{n + 1}次进展报送。")
    percent = 50
    state = TaskProgressState.IN_PROGRESS
    status = ReportStatus.SUBMITTED
    created_by = factory.SubFactory(UserFactory)
