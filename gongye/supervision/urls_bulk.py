from django.urls import path

from gongye.supervision import views_bulk

app_name = "bulk"

urlpatterns = [
    path("", views_bulk.sheet, name="sheet"),
    path("progress.xlsx", views_bulk.sheet_download, name="download"),
]
