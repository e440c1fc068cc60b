from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# when this web process started: a worker that was never seen is "down" only after this
# process has given it the same time a running worker has between two beats
PROCESS_STARTED = time.monotonic()


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and the background worker was seen lately: its heartbeat
    (``core.heartbeat``, every minute) is at most ``GONGYE_HEALTHZ_WORKER_MAX_AGE`` seconds old.
    503 when the database fails, when the heartbeat is older, or when no worker was ever seen
    and this process has been up that long (before that: 200, worker "starting")."""
    from gongye.core.models import WorkerHeartbeat

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        beat = WorkerHeartbeat.objects.order_by("-at").first()
    except Exception as error:  # the point of a health check is to report, not to crash
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    now = timezone.now()
    limit = settings.GONGYE_HEALTHZ_WORKER_MAX_AGE
    age = round((now - beat.at).total_seconds()) if beat else None
    if age is not None:
        worker = "ok" if age <= limit else "down"
    else:
        worker = "starting" if time.monotonic() - PROCESS_STARTED <= limit else "not seen"
    body = {
        "status": "ok" if worker in ("ok", "starting") else "error",
        "database": connection.vendor,
        "time": now.isoformat(),
        "worker": worker,
        "worker_last_seen": beat.at.isoformat() if beat else None,
        "worker_age_seconds": age,
        "worker_max_age_seconds": limit,
    }
    if worker == "down":
        body["detail"] = f"后台任务进程已 {age} 秒无心跳（上限 {limit} 秒）。"
    elif worker == "not seen":
        body["detail"] = "尚未收到后台任务进程的心跳。"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A path no route matches (the API's catch-all ``.*`` does not match a newline): under
    ``/api/`` the API's own JSON 404 (``core.api.api_not_found``), the site's page elsewhere."""
    from django.views.defaults import page_not_found

    from gongye.core.api import api_not_found

    if request.path.startswith("/api/"):
        return api_not_found(request)
    return page_not_found(request, exception)
