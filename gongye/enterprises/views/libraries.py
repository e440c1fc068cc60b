"""Pages of the register: the libraries part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
