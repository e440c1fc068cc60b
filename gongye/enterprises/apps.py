from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.enterprises.choices import EnterpriseVerb


class EnterprisesConfig(AppConfig):
    """一企一档: the enterprise register, its monthly figures from enterprises and the
    statistics bureau, cultivation libraries, appeals, leaders paired with enterprises, and the
    plan's targets computed from the register."""

    name = "gongye.enterprises"
    verbose_name = _("企业库")
    audit_verbs = tuple(EnterpriseVerb.choices)
