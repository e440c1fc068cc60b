"""Paths under ``/api/v1/`` (collected by ``config.api_urls`` into the ``api`` namespace)."""

from django.urls import path

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.orgs.api.views import RegionDetailView, RegionListView, UnitDetailView, UnitListView

urlpatterns = [
    path("regions", RegionListView.as_view(), name="region_list"),
    path("regions/<str:code>", RegionDetailView.as_view(), name="region_detail"),
    path("units", UnitListView.as_view(), name="unit_list"),
    path("units/<id:pk>", UnitDetailView.as_view(), name="unit_detail"),
]
