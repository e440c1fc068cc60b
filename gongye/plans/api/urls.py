"""The plans API's routes, included by config/api_urls.py under /api/v1/ (namespace "api")."""

from django.urls import path

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.plans.api.views import (
    PlanDetailView,
    PlanListView,
    PlanTargetListView,
    PlanTaskListView,
)

urlpatterns = [
    path("plans", PlanListView.as_view(), name="plan_list"),
    path("plans/<id:pk>", PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<id:pk>/tasks", PlanTaskListView.as_view(), name="plan_tasks"),
    path("plans/<id:pk>/targets", PlanTargetListView.as_view(), name="plan_targets"),
]
