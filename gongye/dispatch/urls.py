"""督办 boards and the monthly bulletin; mounted under /supervision/ beside the inbox and
report pages. Every page takes its filters from the query string, and its export takes the
same query string, so what is downloaded is what was on the screen."""

from django.urls import path

from gongye.dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("board/export.xlsx", views.board_xlsx, name="board_xlsx"),
    path("board/calendar/", views.calendar, name="calendar"),
    path("board/calendar/export.xlsx", views.calendar_xlsx, name="calendar_xlsx"),
    path("board/list/", views.task_list, name="list"),
    path("board/list/export.xlsx", views.task_list_xlsx, name="list_xlsx"),
    path("board/timeline/", views.timeline, name="timeline"),
    path("board/timeline/export.xlsx", views.timeline_xlsx, name="timeline_xlsx"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin/export.<str:fmt>", views.bulletin_download, name="bulletin_export"),
]
