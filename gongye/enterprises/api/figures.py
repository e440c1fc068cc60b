"""``/api/v1/enterprises/…``: the figures part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
