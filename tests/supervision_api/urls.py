"""The project's URLs plus the supervision API and sheet pages, mounted where they will be in
config.urls, so these tests do not wait for the wiring."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path(
        "api/v1/supervision/",
        include(("gongye.supervision.api_urls", "api_supervision"), namespace="api_supervision"),
    ),
    path("supervision/sheet/", include("gongye.supervision.urls_bulk", namespace="bulk")),
    *project_urlpatterns,
]
