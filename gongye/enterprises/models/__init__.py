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
from gongye.enterprises.models.libraries import Library, LibraryEntry, LibraryMove

__all__ += ["Library", "LibraryEntry", "LibraryMove"]

# appeals (诉求)
from gongye.enterprises.models.appeals import Appeal  # noqa: E402

__all__ += ["Appeal"]

# targets computed from the register
__all__ += ["ComputedTarget"]
