import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import NavEntry, ScheduledJob


class FrontConfig(AppConfig):
    """The shell: navigation, the 工作台, the cockpit page, ``load_demo`` and the schedule of
    background jobs, each assembled from what the other apps contribute (``core.contrib``)."""

    name = "gongye.front"
    verbose_name = _("门户")
    navigation = (
        NavEntry(_("工作台"), "front:home", "house", "gongye.core.permissions.allow_any", order=0),
        NavEntry(
            _("驾驶舱"),
            "front:cockpit",
            "speedometer2",
            "gongye.plans.permissions.can_view_plans",
            order=40,
        ),
    )
    schedules = (
        ScheduledJob("core.heartbeat", "gongye.core.jobs.heartbeat", minutes=1),
        ScheduledJob(
            "front.cleanup_uploads", "gongye.front.jobs.cleanup_uploads", daily_at=dt.time(3, 30)
        ),
    )
    audit_verbs = (("uploads.cleanup", _("清理上传文件")),)
