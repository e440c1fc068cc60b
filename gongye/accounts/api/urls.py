"""Paths under ``/api/v1/`` (collected by ``config.api_urls`` into the ``api`` namespace)."""

from django.urls import path

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.accounts.api.views import (
    LogoutView,
    MeView,
    TokenDetailView,
    TokenListView,
    TokenView,
)

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="token"),
    path("auth/logout", LogoutView.as_view(), name="logout"),
    path("auth/tokens", TokenListView.as_view(), name="token_list"),
    path("auth/tokens/<id:pk>", TokenDetailView.as_view(), name="token_detail"),
    path("me", MeView.as_view(), name="me"),
]
