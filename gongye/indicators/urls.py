from django.urls import path

from gongye.indicators.views import entry, targets

app_name = "indicators"

urlpatterns = [
    # the pages of a plan's targets: the list and one target (the cockpit is the shell's page)
    path("targets/", targets.target_list, name="target_list"),
    path("targets/<int:pk>/", targets.target_detail, name="target_detail"),
    # figures and target set-up (indicators/data/…, where they have always been)
    path("data/", entry.figures, name="figures"),
    path("data/plan/<int:plan_pk>/enter/", entry.observation_enter, name="observation_enter"),
    path("data/plan/<int:plan_pk>/review/", entry.review_list, name="review_list"),
    path(
        "data/observation/<int:pk>/review/",
        entry.observation_review,
        name="observation_review",
    ),
    path(
        "data/plan/<int:plan_pk>/statistics/template.xlsx",
        entry.statistics_template_download,
        name="statistics_template",
    ),
    path(
        "data/plan/<int:plan_pk>/statistics/",
        entry.statistics_upload,
        name="statistics_upload",
    ),
    path("data/plan/<int:plan_pk>/targets/", entry.target_setup, name="target_setup"),
    path("data/target/<int:pk>/owner/", entry.owner_set, name="owner_set"),
    path("data/target/<int:pk>/parts/", entry.parts_set, name="parts_set"),
    path("data/target/<int:pk>/link/", entry.link_confirm, name="link_confirm"),
]
