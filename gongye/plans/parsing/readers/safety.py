"""Defences applied before any reader sees the bytes: size limits, zip-bomb checks, and an XML
parser that expands no entities and reaches no network."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from lxml import etree

from gongye.core.sheets import CellError, UploadLimits, check_zip_directory

from ..model import ParseError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits(UploadLimits):
    """The upload guard's limits (``core.sheets``) and how much of a sheet a reader reads."""

    max_rows: int = 200_000
    max_cols: int = 256

    # the name this reader's callers have used for the unpacked-size limit
    @property
    def max_uncompressed(self) -> int:
        return self.max_unpacked


DEFAULT_LIMITS = ReadLimits()


def check_zip_safety(infos: list[zipfile.ZipInfo], filename: str, limits: ReadLimits) -> None:
    """The upload guard's zip checks, reported as the plan reader's ``ParseError``."""
    try:
        check_zip_directory(infos, filename=filename, limits=limits)
    except CellError as error:
        raise ParseError(error.message, file=filename) from None


def safe_xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
