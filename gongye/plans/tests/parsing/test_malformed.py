"""Malformed uploads: each must raise ParseError with a Chinese message naming the file."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

import pytest

from gongye.plans.parsing import ParseError, ReadLimits, parse_plan

from .builders import build_docx, build_xlsx, seed_docx, text_table
from .huoshan_units import huoshan_resolver

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _cfb(*stream_names: str) -> bytes:
    body = b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in stream_names)
    return CFB + b"\x00" * 504 + body + b"\x00" * 1024


def _replace_in_zip(data: bytes, name: str, new: bytes | None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == name:
                if new is not None:
                    dst.writestr(info.filename, new)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    ).encode()


DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
GOOD_DOCX = build_docx(["某县2023年工作意见", [["重点工作", "牵头单位"], ["甲", "开发区"]]])
GOOD_XLSX = build_xlsx({"S": [["重点工作", "牵头单位"], ["甲", "开发区"]]})
HEADER_ONLY = [["月度", "重点工作", "牵头单位", "配合单位"]]


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _docx_image_only() -> bytes:
    import docx
    from docx.shared import Cm

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    document = docx.Document()
    document.add_picture(io.BytesIO(png), width=Cm(2))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _bomb() -> bytes:
    return _zip(
        {"[Content_Types].xml": _content_types(DOCX_CT), "word/document.xml": b"\0" * (30 << 20)}
    )


def _many_entries() -> bytes:
    return _zip({f"f{i}.xml": b"x" for i in range(5001)}, compression=zipfile.ZIP_STORED)


def _encrypted_entry() -> bytes:
    data = bytearray(_zip({"[Content_Types].xml": _content_types(DOCX_CT)}, compression=0))
    # set the "encrypted" flag bit in the local header and the central directory
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        pos = data.find(sig)
        flag_at = pos + (6 if sig == b"PK\x03\x04" else 8)
        data[flag_at] |= 1
    return bytes(data)


def _random(n: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


CASES: list[tuple[str, str, Callable[[], bytes], str]] = [
    # (case id, file name, bytes, a word the message must contain)
    ("empty", "计划.docx", lambda: b"", "为空"),
    ("empty-txt", "plan.txt", lambda: b"", "为空"),
    ("whitespace", "plan.txt", lambda: b"   \n\n\t  \r\n", "空白"),
    ("fullwidth-space", "plan.txt", lambda: "\u3000\u3000\n \n".encode(), "空白"),
    ("bom-only", "plan.txt", lambda: b"\xef\xbb\xbf\n", "空白"),
    ("renamed-text", "plan.docx", lambda: "这是一段普通文字，没有表格。".encode(), "扩展名"),
    ("renamed-text-xlsx", "plan.xlsx", lambda: b"hello world", "扩展名"),
    ("truncated-docx", "plan.docx", lambda: GOOD_DOCX[: len(GOOD_DOCX) // 2], "损坏"),
    ("truncated-head", "plan.docx", lambda: GOOD_DOCX[:100], "损坏"),
    ("truncated-xlsx", "plan.xlsx", lambda: GOOD_XLSX[: len(GOOD_XLSX) - 200], "损坏"),
    ("encrypted-ooxml", "plan.docx", lambda: _cfb("EncryptionInfo", "EncryptedPackage"), "密码"),
    ("old-doc", "plan.doc", lambda: _cfb("WordDocument", "1Table"), "旧版 Word"),
    ("old-doc-renamed", "plan.docx", lambda: _cfb("WordDocument"), ".doc"),
    ("old-xls", "plan.xls", lambda: _cfb("Workbook"), ".xls"),
    ("bare-cfb", "plan.docx", lambda: CFB + b"\x00" * 600, "旧版"),
    (
        "docx-no-table",
        "plan.docx",
        lambda: build_docx(["某县工作意见", "加强领导，狠抓落实。"]),
        "没有找到",
    ),
    (
        "docx-unknown-headers",
        "plan.docx",
        lambda: build_docx(["某县2023年", [["姓名", "电话", "备注"], ["张三", "123", ""]]]),
        "表头",
    ),
    (
        "docx-header-task-only",
        "plan.docx",
        lambda: build_docx(["某县2023年", [["重点工作", "备注"], ["甲任务", ""]]]),
        "表头",
    ),
    ("docx-header-only", "plan.docx", lambda: build_docx(["某县2023年", HEADER_ONLY]), "任务行"),
    ("too-big", "plan.docx", lambda: b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024 + 1), "超过上限"),
    ("zip-bomb", "plan.docx", _bomb, "压缩炸弹"),
    ("zip-many-entries", "plan.docx", _many_entries, "文件数"),
    ("zip-encrypted-entry", "plan.docx", _encrypted_entry, "加密"),
    ("binary-junk", "plan.docx", lambda: _random(4096, 1), "编码"),
    ("binary-junk-txt", "plan.txt", lambda: _random(300, 2), "编码"),
    ("invalid-encoding", "plan.txt", lambda: b"\x80\x81\xff" * 50 + "工作".encode(), "编码"),
    ("control-chars", "plan.txt", lambda: bytes(range(1, 9)) * 100, "二进制"),
    ("nul-bytes", "plan.txt", lambda: b"\x00" * 1000, "二进制"),
    (
        "gbk-without-tasks",
        "plan.txt",
        lambda: "某县工作意见\n加强领导，狠抓落实。".encode("gbk"),
        "没有找到",
    ),
    ("xlsx-empty-sheet", "plan.xlsx", lambda: build_xlsx({"Sheet1": []}), "空的"),
    (
        "xlsx-title-only",
        "plan.xlsx",
        lambda: build_xlsx({"S": [["2023年重点工作明细表"]]}),
        "没有找到",
    ),
    (
        "xlsx-unknown-headers",
        "plan.xlsx",
        lambda: build_xlsx({"S": [["姓名", "电话"], ["张三", "1"]]}),
        "表头",
    ),
    ("zip-docx-name-no-document", "plan.docx", lambda: _zip({"a.txt": b"hello"}), "压缩包"),
    (
        "ct-docx-missing-part",
        "plan.docx",
        lambda: _zip({"[Content_Types].xml": _content_types(DOCX_CT)}),
        "缺少正文",
    ),
    (
        "docx-without-document-xml",
        "plan.docx",
        lambda: _replace_in_zip(GOOD_DOCX, "word/document.xml", None),
        "缺少正文",
    ),
    (
        "docx-broken-xml",
        "plan.docx",
        lambda: _replace_in_zip(GOOD_DOCX, "word/document.xml", b"<w:document><oops"),
        "损坏",
    ),
    (
        "docx-broken-content-types",
        "plan.docx",
        lambda: _replace_in_zip(GOOD_DOCX, "[Content_Types].xml", b"not xml"),
        "损坏",
    ),
    ("zip-containing-docx", "plans.zip", lambda: _zip({"计划.docx": GOOD_DOCX}), "解压"),
    (
        "odt",
        "plan.odt",
        lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}),
        "OpenDocument",
    ),
    (
        "pptx",
        "plan.docx",
        lambda: _zip(
            {
                "[Content_Types].xml": _content_types(
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
                )
            }
        ),
        "演示文稿",
    ),
    (
        "docm",
        "plan.docm",
        lambda: _zip(
            {
                "[Content_Types].xml": _content_types(
                    "application/vnd.ms-word.document.macroEnabled.main+xml"
                ),
                "word/document.xml": b"<x/>",
            }
        ),
        "宏",
    ),
    ("png", "plan.docx", _png, "图片"),
    ("jpeg", "plan.docx", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 100, "图片"),
    ("pdf", "plan.docx", lambda: b"%PDF-1.7\n" + b"\0" * 100, "PDF"),
    ("rtf", "plan.docx", lambda: b"{\\rtf1\\ansi hello}", "RTF"),
    ("html", "plan.doc", lambda: b"<html><body>x</body></html>", "网页"),
    ("gzip", "plan.docx", lambda: b"\x1f\x8b\x08\x00" + b"\0" * 50, "gzip"),
    ("rar", "plan.docx", lambda: b"Rar!\x1a\x07\x00" + b"\0" * 50, "RAR"),
    ("exe", "plan.docx", lambda: b"MZ\x90\x00" + b"\0" * 50, "可执行"),
    ("docx-image-only", "plan.docx", _docx_image_only, "没有任何文字"),
    (
        "text-table-unknown-headers",
        "plan.txt",
        lambda: text_table([["甲", "乙"], ["1", "2"]], before=["某县2023年"]),
        "表头",
    ),
    (
        "text-table-header-only",
        "plan.txt",
        lambda: text_table(HEADER_ONLY, before=["某县2023年"]),
        "任务行",
    ),
]


@pytest.mark.parametrize(("case", "filename", "make", "word"), CASES, ids=[c[0] for c in CASES])
def test_malformed_input_gives_chinese_error_naming_the_file(
    case: str, filename: str, make: Callable[[], bytes], word: str
) -> None:
    with pytest.raises(ParseError) as info:
        parse_plan(make(), filename, huoshan_resolver())
    err = info.value
    text = str(err)
    assert err.file == filename
    assert f"文件“{filename}”" in text
    assert re.search(r"[\u4e00-\u9fff]{4,}", err.message), err.message
    assert word in text, text
    assert not isinstance(err.__cause__, ParseError)


def test_there_are_at_least_40_cases() -> None:
    assert len(CASES) >= 40


def test_unknown_header_error_names_row() -> None:
    data = build_xlsx({"S": [["标题"], ["姓名", "电话"], ["张三", "1"]]})
    with pytest.raises(ParseError) as info:
        parse_plan(data, "x.xlsx", huoshan_resolver())
    assert info.value.row == 2
    assert "第2行" in str(info.value)
    assert "“姓名”" in str(info.value)


def test_size_limit_is_a_parameter() -> None:
    with pytest.raises(ParseError, match="超过上限 1 MB"):
        parse_plan(
            seed_docx() + b"\0" * (1 << 20),
            "x.docx",
            huoshan_resolver(),
            limits=ReadLimits(max_bytes=1 << 20),
        )


def test_uncompressed_total_limit() -> None:
    limits = ReadLimits(max_unpacked=10_000)
    with pytest.raises(ParseError, match="解压后"):
        parse_plan(seed_docx(), "x.docx", huoshan_resolver(), limits=limits)


def test_gbk_valid_text_is_not_an_error() -> None:
    data = (
        text_table(
            [["月度", "重点工作", "牵头单位"], ["1月", "1.甲任务", "开发区"]],
            before=["某县2023年工作"],
        )
        .decode()
        .encode("gb18030")
    )
    plan = parse_plan(data, "gbk.txt", huoshan_resolver())
    assert [t.text for t in plan.tasks] == ["甲任务"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "txt"])
def test_damaged_bytes_never_raise_anything_but_parse_error(fmt: str) -> None:
    from gongye.plans.parsing import export_tasks_xlsx

    from .builders import seed_bytes

    resolver = huoshan_resolver()
    if fmt == "docx":
        source = seed_docx()
    elif fmt == "xlsx":
        plan = parse_plan(seed_bytes(), "seed.txt", resolver)
        source = export_tasks_xlsx(plan.tasks, "2022年明细表")
    else:
        source = seed_bytes()
    rng = random.Random(fmt)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(40):
        damaged = bytearray(source)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        if rng.random() < 0.3:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        try:
            parse_plan(bytes(damaged), f"damaged.{fmt}", resolver)
            outcomes["ok"] += 1
        except ParseError as err:
            assert f"damaged.{fmt}" in str(err)
            outcomes["error"] += 1
    assert sum(outcomes.values()) == 40
