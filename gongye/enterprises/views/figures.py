"""Pages of the register: the figures part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
