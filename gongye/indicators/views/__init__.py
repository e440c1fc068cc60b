"""Indicators' pages: the target list and detail (``targets``) and figure entry, review, the
statistics sheet and target set-up (``entry``). The cockpit is the shell's page
(``gongye.front.cockpit``), reading the query with the helpers re-exported here."""

from gongye.indicators.views.targets import int_param, page_context, pick_from_query

__all__ = ["int_param", "page_context", "pick_from_query"]
