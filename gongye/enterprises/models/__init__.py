"""The enterprise register (一企一档): enterprises, their monthly figures and the statistics
bureau's imports; cultivation libraries and appeals live in their own modules."""

from gongye.enterprises.models.computed import ComputedTarget
from gongye.enterprises.models.register import (
    Enterprise,
    EnterpriseAccount,
    FigureImport,
    IndustryChain,
    MonthlyFigure,
)

__all__ = ["Enterprise", "EnterpriseAccount", "FigureImport", "IndustryChain", "MonthlyFigure"]
__all__ += ["ComputedTarget"]
