"""我的提醒: the in-app reminders addressed to the acting unit and role, with mark-as-read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongye.supervision import reminders
from gongye.supervision.reminders import AUDIENCE_LABELS, can_read_notifications

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    can_read_notifications(request.user).require()
    notifications = reminders.notification_list_for(request.user)
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    acting = request.user.acting
    return render(
        request,
        "supervision/webhooks/notifications.html",
        {
            "page": page,
            "unread_only": request.GET.get("unread") == "1",
            "unread_count": reminders.notification_list_for(request.user)
            .filter(read_at__isnull=True)
            .count(),
            "acting": acting,
            "audience_label": AUDIENCE_LABELS.get(acting.role, ""),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("webhooks:notification_list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    can_read_notifications(request.user).require()
    notification = reminders.notification_get_for(request.user, pk)
    reminders.notification_mark_read(actor=request.user, notification=notification)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    can_read_notifications(request.user).require()
    count = reminders.notification_mark_all_read(actor=request.user)
    messages.info(request, f"已将 {count} 条提醒标为已读。" if count else "没有未读提醒。")
    return _back(request)
