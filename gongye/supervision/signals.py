"""Every key task gets its supervision state when it is created (plans do not know about
supervision; supervision listens)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongye.plans.models import Task
from gongye.supervision.models import TaskState


@receiver(post_save, sender=Task)
def _task_saved(sender, instance: Task, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        TaskState.objects.get_or_create(
            task=instance, defaults={"region_id": instance.plan.region_id, "due": instance.due}
        )
