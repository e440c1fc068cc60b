"""The project's URLs with the robot and reminder pages under ``supervision/robots/`` — as the
project includes them; added here only while the project does not yet, so that these tests
run either way."""

from django.urls import include, path

from config.urls import urlpatterns as _project


def _has(namespace: str) -> bool:
    return any(getattr(p, "namespace", None) == namespace for p in _project)


urlpatterns = list(_project)
if not _has("webhooks"):
    urlpatterns.insert(0, path("supervision/robots/", include("gongye.supervision.urls_webhooks")))
