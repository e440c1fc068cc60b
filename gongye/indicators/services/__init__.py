"""Every write on targets and their figures (issue 5): each service authorises, validates,
writes and audits in one transaction. The package's parts:

- ``observations``: figures entered, reviewed and imported from the statistics bureau's sheet;
- ``owners``: the unit that answers for a target;
- ``parts``: the cascade of a target to townships and the development zone (分解);
- ``links``: which key tasks serve a target, suggested and confirmed.

The demo figures are ``gongye.indicators.demo``.
"""

from gongye.indicators.services.links import (
    bigrams,
    link_score,
    rank_links,
    task_link_confirm,
    task_links_suggest,
)
from gongye.indicators.services.observations import (
    default_measure,
    indicator_code,
    observation_record,
    observation_review,
    statistics_import,
    statistics_template,
    statistics_template_export,
)
from gongye.indicators.services.owners import target_owner_set
from gongye.indicators.services.parts import PART_KINDS, target_parts_set

__all__ = [
    "PART_KINDS",
    "bigrams",
    "default_measure",
    "indicator_code",
    "link_score",
    "observation_record",
    "observation_review",
    "rank_links",
    "statistics_import",
    "statistics_template",
    "statistics_template_export",
    "target_owner_set",
    "target_parts_set",
    "task_link_confirm",
    "task_links_suggest",
]
