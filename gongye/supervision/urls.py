from django.urls import path

from gongye.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", views.report_create, name="report_create"),
    path("tasks/<int:pk>/postpone/", views.task_postpone, name="task_postpone"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("tasks/<int:pk>/split/", views.task_split, name="task_split"),
    path("reports/<int:pk>/<str:action>/", views.report_review, name="report_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("sheet/", views.progress_sheet, name="progress_sheet"),
    path("sheet/progress.xlsx", views.progress_sheet_download, name="progress_sheet_download"),
]
