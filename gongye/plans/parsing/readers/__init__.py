"""Read a plan document (.docx, .xlsx or plain text) into ordered paragraphs and tables.

The format is decided from the bytes, not the file name (``sniffing``); zips go to the Office
Open XML container reader (``ooxml``), which hands the main part to ``docx`` or ``xlsx``;
everything else is decoded by ``text``. ``safety`` holds the limits applied before any reader
sees the bytes. Every failure becomes a :class:`ParseError` with a Chinese message.
"""

from .safety import DEFAULT_LIMITS, MB, ReadLimits
from .sniffing import read_document
from .text import all_blocks_text, read_text

__all__ = ["DEFAULT_LIMITS", "MB", "ReadLimits", "all_blocks_text", "read_document", "read_text"]
