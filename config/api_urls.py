from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from gongye.accounts.api import MeView, TokenView
from gongye.orgs.api import (
    RegionDetailView,
    RegionListView,
    UnitDetailView,
    UnitListView,
)
from gongye.plans.api import PlanDetailView, PlanListView, PlanTargetListView, PlanTaskListView

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", MeView.as_view(), name="me"),
    path("regions", RegionListView.as_view(), name="region_list"),
    path("regions/<str:code>", RegionDetailView.as_view(), name="region_detail"),
    path("units", UnitListView.as_view(), name="unit_list"),
    path("units/<int:pk>", UnitDetailView.as_view(), name="unit_detail"),
    path("plans", PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>", PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/tasks", PlanTaskListView.as_view(), name="plan_tasks"),
    path("plans/<int:pk>/targets", PlanTargetListView.as_view(), name="plan_targets"),
]
