"""The plans API: ``serializers``, ``views``, ``urls`` (mounted under /api/v1/)."""

from gongye.plans.api.serializers import (
    MilestoneSerializer,
    PlanSerializer,
    TargetSerializer,
    TaskSerializer,
)
from gongye.plans.api.views import (
    PlanDetailView,
    PlanListView,
    PlanTargetListView,
    PlanTaskListView,
)

__all__ = [
    "MilestoneSerializer",
    "PlanDetailView",
    "PlanListView",
    "PlanSerializer",
    "PlanTargetListView",
    "PlanTaskListView",
    "TargetSerializer",
    "TaskSerializer",
]
