"""Every key task gets its supervision state when it is created (plans do not know about
supervision; supervision listens)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongye.plans.models import Task
from gongye.supervision.models import TaskState
from gongye.supervision.rules import recurring_due


@receiver(post_save, sender=Task)
def _task_saved(sender, instance: Task, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        # a recurring deadline (每月10日前 …) starts at the year's first period's
        due = instance.due or recurring_due(instance, None)
        TaskState.objects.get_or_create(
            task=instance, defaults={"region_id": instance.plan.region_id, "due": due}
        )
