"""Paths under ``/api/v1/`` (collected by ``config.api_urls`` into the ``api`` namespace)."""

from django.urls import path

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.supervision.api import views

urlpatterns = [
    path("supervision/inbox", views.InboxView.as_view(), name="supervision_inbox"),
    path("supervision/tasks", views.TaskListView.as_view(), name="supervision_task_list"),
    path(
        "supervision/tasks/<id:pk>",
        views.TaskDetailView.as_view(),
        name="supervision_task_detail",
    ),
    path(
        "supervision/tasks/<id:pk>/reports",
        views.ReportSubmitView.as_view(),
        name="supervision_report_submit",
    ),
    path(
        "supervision/tasks/<id:pk>/postpone",
        views.TaskPostponeView.as_view(),
        name="supervision_task_postpone",
    ),
    path(
        "supervision/tasks/<id:pk>/reassign",
        views.TaskReassignView.as_view(),
        name="supervision_task_reassign",
    ),
    path(
        "supervision/tasks/<id:pk>/split",
        views.TaskSplitView.as_view(),
        name="supervision_task_split",
    ),
    path(
        "supervision/reports/<id:pk>/review",
        views.ReportReviewView.as_view(),
        name="supervision_report_review",
    ),
    path(
        "supervision/progress-sheet",
        views.ProgressSheetView.as_view(),
        name="supervision_progress_sheet",
    ),
]
