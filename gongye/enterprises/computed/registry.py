"""The formulas' registry moved to ``gongye.core.computed`` when the project register began to
contribute formulas too (issue 13, item 6); the register's modules keep importing it from here.
"""

from __future__ import annotations

from gongye.core.computed import FORMULAS, Compute, ComputeYear, Formula, Param, formula

__all__ = ["FORMULAS", "Compute", "ComputeYear", "Formula", "Param", "formula"]
