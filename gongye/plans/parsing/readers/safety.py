"""Defences applied before any reader sees the bytes: size limits, zip-bomb checks, and an XML
parser that expands no entities and reaches no network."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from lxml import etree

from ..model import ParseError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Defences applied before any parser sees the bytes."""

    max_bytes: int = 20 * MB
    max_uncompressed: int = 256 * MB
    max_ratio: int = 100  # per zip entry, checked for entries above ratio_min_size
    ratio_min_size: int = 4 * MB
    max_entries: int = 5000
    max_rows: int = 200_000
    max_cols: int = 256


DEFAULT_LIMITS = ReadLimits()


def check_zip_safety(infos: list[zipfile.ZipInfo], filename: str, limits: ReadLimits) -> None:
    if len(infos) > limits.max_entries:
        raise ParseError(
            f"压缩包内文件数（{len(infos)}）过多，疑似恶意文件，拒绝读取", file=filename
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ParseError("文件内容已加密，无法读取；请取消密码保护后再上传", file=filename)
        total += info.file_size
        if info.file_size > limits.ratio_min_size:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ParseError(
                    f"压缩包内“{info.filename}”解压后为 {info.file_size / MB:.0f} MB，"
                    f"压缩比 {ratio:.0f} 倍，疑似“压缩炸弹”，拒绝读取",
                    file=filename,
                )
    if total > limits.max_uncompressed:
        raise ParseError(
            f"文件解压后共 {total / MB:.0f} MB，超过上限 {limits.max_uncompressed / MB:.0f} MB，"
            "拒绝读取",
            file=filename,
        )


def safe_xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
