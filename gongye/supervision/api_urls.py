"""Included under ``/api/v1/supervision/`` with the namespace ``api_supervision``."""

from django.urls import path

from gongye.supervision import api

urlpatterns = [
    path("inbox", api.InboxView.as_view(), name="inbox"),
    path("tasks", api.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>", api.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/reports", api.ReportSubmitView.as_view(), name="report_submit"),
    path("tasks/<int:pk>/postpone", api.TaskPostponeView.as_view(), name="task_postpone"),
    path("tasks/<int:pk>/reassign", api.TaskReassignView.as_view(), name="task_reassign"),
    path("tasks/<int:pk>/split", api.TaskSplitView.as_view(), name="task_split"),
    path("reports/<int:pk>/review", api.ReportReviewView.as_view(), name="report_review"),
    path("progress-sheet", api.ProgressSheetView.as_view(), name="progress_sheet"),
]
