from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """The background worker's last sign of life, written by a scheduled job every minute."""

    worker = models.CharField("进程", max_length=100, unique=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "后台任务心跳"
        verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.worker} @ {self.at:%Y-%m-%d %H:%M:%S}"
