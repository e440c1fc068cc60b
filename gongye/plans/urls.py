from django.urls import path

from gongye.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/export/<str:table>.<str:fmt>", views.plan_export_view, name="plan_export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/resolve/", views.import_resolve, name="import_resolve"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
]
