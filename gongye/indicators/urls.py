from django.urls import path

from gongye.indicators import views

app_name = "indicators"

urlpatterns = [
    path("targets/", views.target_list, name="target_list"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit.xlsx", views.cockpit_xlsx, name="cockpit_xlsx"),
    path("cockpit.docx", views.cockpit_docx, name="cockpit_docx"),
]
