from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    """调度: the monthly board, calendar, list and year timeline of the key tasks, and the
    monthly dispatch bulletin (调度通报), each with its exports. Reached from the 督办 tabs."""

    name = "gongye.dispatch"
    verbose_name = _("调度")
