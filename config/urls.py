from django.urls import include, path

from gongye.core import views as core_views
from gongye.orgs.admin import admin_site

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("gongye.accounts.urls")),
    path("orgs/", include("gongye.orgs.urls")),
    path("audit/", include("gongye.audit.urls")),
    path("plans/", include("gongye.plans.urls")),
    path("indicators/", include("gongye.indicators.urls")),
    path("supervision/robots/", include("gongye.notifications.urls")),
    path("supervision/", include("gongye.dispatch.urls")),
    path("supervision/", include("gongye.supervision.urls")),
    path("enterprises/", include("gongye.enterprises.urls")),
    path("projects/", include("gongye.projects.urls")),
    path("evaluation/", include("gongye.evaluation.urls")),
    path("admin/", admin_site.urls),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("", include("gongye.front.urls")),
]
handler404 = "gongye.core.views.not_found"
