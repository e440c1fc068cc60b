"""Paths under ``/api/v1/`` (collected by ``config.api_urls`` into the ``api`` namespace)."""

from django.urls import path

from gongye.accounts.api.views import MeView, TokenView

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="token"),
    path("me", MeView.as_view(), name="me"),
]
