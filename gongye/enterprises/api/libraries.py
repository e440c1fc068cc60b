"""``/api/v1/enterprises/…``: the libraries part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
