"""Group-robot settings and 我的提醒. Included by the project under ``supervision/robots/``
with the namespace ``webhooks``."""

from django.urls import path

from gongye.supervision import views_notifications, views_webhooks

app_name = "webhooks"

urlpatterns = [
    path("", views_webhooks.webhook_list, name="webhook_list"),
    path("new/", views_webhooks.webhook_create, name="webhook_create"),
    path("<int:pk>/edit/", views_webhooks.webhook_edit, name="webhook_edit"),
    path("<int:pk>/deactivate/", views_webhooks.webhook_deactivate, name="webhook_deactivate"),
    path("<int:pk>/test/", views_webhooks.webhook_test, name="webhook_test"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        views_notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        views_notifications.notification_read_all,
        name="notification_read_all",
    ),
]
