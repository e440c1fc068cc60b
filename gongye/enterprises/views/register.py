"""Pages of the register: the register part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
