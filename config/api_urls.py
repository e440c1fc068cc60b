"""``/api/v1/``: the OpenAPI document and every app's ``api/urls.py``, collected in the order of
INSTALLED_APPS into the one ``api`` namespace (adding an app with an ``api`` package adds its
paths; nothing here names an app). Any other path under ``/api/v1/`` is a JSON 404."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from gongye.core.api import api_not_found

urlpatterns = [path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi")]


def _has_api_urls(app: str) -> bool:
    try:
        return find_spec(f"{app}.api.urls") is not None
    except ModuleNotFoundError:  # no ``api`` package
        return False


for _config in apps.get_app_configs():
    if _config.name.startswith("gongye.") and _has_api_urls(_config.name):
        urlpatterns += import_module(f"{_config.name}.api.urls").urlpatterns

urlpatterns.append(re_path(r"^.*$", api_not_found))  # unnamed: nothing links to it
