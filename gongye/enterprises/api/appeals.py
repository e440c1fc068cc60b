"""``/api/v1/enterprises/…``: the appeals part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
