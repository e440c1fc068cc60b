from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "gongye.core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE here and does not create it
        try:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only deployment sets a directory that exists
            pass
