"""Group-robot settings and 我的提醒, mounted by the project under ``supervision/robots/``
(the paths they have always had)."""

from django.urls import path

from gongye.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("new/", views.webhook_create, name="webhook_create"),
    path("<int:pk>/edit/", views.webhook_edit, name="webhook_edit"),
    path("<int:pk>/deactivate/", views.webhook_deactivate, name="webhook_deactivate"),
    path("<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
