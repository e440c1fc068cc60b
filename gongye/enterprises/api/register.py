"""``/api/v1/enterprises/…``: the register part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
