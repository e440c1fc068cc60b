"""Pages of the register: the appeals part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
