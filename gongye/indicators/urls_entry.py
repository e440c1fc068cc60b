from django.urls import path

from gongye.indicators import views_entry as views

app_name = "indicator_entry"

urlpatterns = [
    path("plan/<int:plan_pk>/enter/", views.observation_enter, name="observation_enter"),
    path("plan/<int:plan_pk>/review/", views.review_list, name="review_list"),
    path("observation/<int:pk>/review/", views.observation_review, name="observation_review"),
    path(
        "plan/<int:plan_pk>/statistics/template.xlsx",
        views.statistics_template_download,
        name="statistics_template",
    ),
    path("plan/<int:plan_pk>/statistics/", views.statistics_upload, name="statistics_upload"),
    path("plan/<int:plan_pk>/targets/", views.target_setup, name="target_setup"),
    path("target/<int:pk>/owner/", views.owner_set, name="owner_set"),
    path("target/<int:pk>/parts/", views.parts_set, name="parts_set"),
    path("target/<int:pk>/link/", views.link_confirm, name="link_confirm"),
]
