from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from gongye.accounts.api import MeView, TokenView
from gongye.orgs.api import (
    RegionDetailView,
    RegionListView,
    UnitDetailView,
    UnitListView,
)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", MeView.as_view(), name="me"),
    path("regions", RegionListView.as_view(), name="region_list"),
    path("regions/<str:code>", RegionDetailView.as_view(), name="region_detail"),
    path("units", UnitListView.as_view(), name="unit_list"),
    path("units/<int:pk>", UnitDetailView.as_view(), name="unit_detail"),
    path("", include("gongye.plans.api.urls")),
]
