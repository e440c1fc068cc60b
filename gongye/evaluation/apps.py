from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import DemoLoader, EnterpriseSection, NavEntry
from gongye.evaluation.choices import EvaluationVerb


class EvaluationConfig(AppConfig):
    """亩均论英雄: per-mu benefit evaluation of the register's enterprises by a scheme written
    as data (groups, indicators, weights, benchmarks, caps, vetoes, class cut-offs), runs
    frozen and published, appeals, the differentiated policy per class, reports."""

    name = "gongye.evaluation"
    verbose_name = _("亩均评价")
    audit_verbs = tuple(EvaluationVerb.choices)

    navigation: tuple[NavEntry, ...] = (
        NavEntry(
            pgettext_lazy("navigation", "亩均论英雄"),
            "evaluation:home",
            "trophy",
            "gongye.evaluation.permissions.can_read_own_result",
            order=58,
        ),
    )
    enterprise_sections: tuple[EnterpriseSection, ...] = (
        EnterpriseSection(
            "evaluation/_enterprise_section.html",
            "gongye.evaluation.selectors.explained.enterprise_evaluation_section",
        ),
    )
    # the demo (item 8): a 2022 scheme for Huoshan after a published Anhui scheme and a run
    # over the register's demo enterprises, after the register (its demo loads at order 60)
    demo_loaders: tuple[DemoLoader, ...] = (
        DemoLoader("gongye.evaluation.demo.evaluation_demo_load", order=68),
    )
