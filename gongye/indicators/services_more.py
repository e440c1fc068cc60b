"""Temporary: ``core.management.commands.load_demo`` still imports the demo loader from here.
The loader is ``gongye.indicators.demo``; delete this module when load_demo moves to the shell
app (issue 9)."""

from gongye.indicators.demo import demo_indicators_load

__all__ = ["demo_indicators_load"]
