"""The plans API's routes, included by config/api_urls.py under /api/v1/ (namespace "api")."""

from django.urls import path

from gongye.plans.api.views import (
    PlanDetailView,
    PlanListView,
    PlanTargetListView,
    PlanTaskListView,
)

urlpatterns = [
    path("plans", PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>", PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/tasks", PlanTaskListView.as_view(), name="plan_tasks"),
    path("plans/<int:pk>/targets", PlanTargetListView.as_view(), name="plan_targets"),
]
