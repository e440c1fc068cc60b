from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; the worker's last heartbeat is reported, not required."""
    from gongye.core.models import WorkerHeartbeat

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        beat = WorkerHeartbeat.objects.order_by("-at").first()
    except Exception as error:  # the point of a health check is to report, not to crash
        return JsonResponse({"status": "error", "database": str(error)[:200]}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "time": timezone.now().isoformat(),
            "worker_last_seen": beat.at.isoformat() if beat else None,
        }
    )
