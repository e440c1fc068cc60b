"""Plain text as Word exports it (UTF-8, UTF-16 or GB18030): tab-led lines are table cells."""

from __future__ import annotations

import re

from ..model import Block, Cell, Document, Paragraph, ParseError, Table

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_FOOTER = re.compile(r"^(抄送|抄报|印发|主送|附件[:：]?$)")


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ParseError(
        "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），也不是 Word 或 Excel 文档",
        file=filename,
    )


def _looks_like_text(text: str) -> bool:
    sample = text[:200_000]
    if not sample:
        return False
    bad: float = 0
    for ch in sample:
        o = ord(ch)
        if ch in "\t\n\r\f":
            continue
        if o < 0x20 or 0x7F <= o < 0xA0 or 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
            bad += 1
        elif not (
            0x20 <= o < 0x7F
            or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2000 <= o <= 0x206F
            or 0xA0 <= o <= 0x24F
            or 0x2100 <= o <= 0x27BF
            or 0x3400 <= o <= 0x4DBF
        ):
            bad += 0.5  # rare scripts: tolerated in small numbers
    return bad <= max(2, len(sample) * 0.01)


def read_text(data: bytes, filename: str) -> Document:
    """Plain text as exported from Word: a table cell starts with a tab, rows are separated
    by blank lines, and a cell's wrapped lines follow without a tab."""
    text, encoding = _decode(data, filename)
    if not _looks_like_text(text):
        raise ParseError(
            "文件内容不是可读的文字（疑似二进制数据或编码错误），也不是 Word 或 Excel 文档",
            file=filename,
        )
    if not text.strip(" \t\r\n\f\u3000\ufeff"):
        raise ParseError("文件只有空白字符，没有任何内容", file=filename)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    doc = Document(filename=filename, kind="text", encoding=encoding)
    rows: list[list[tuple[str, int]]] = []  # (cell text, line number)
    row: list[tuple[str, int]] | None = None
    prev_blank = True

    def flush_table() -> None:
        nonlocal rows, row
        if row:
            rows.append(row)
        row = None
        if rows:
            width = max(len(r) for r in rows)
            cells = [
                [
                    Cell(
                        text=(r[c][0].strip() if c < len(r) else ""),
                        row=i + 1,
                        col=c + 1,
                        line=(r[c][1] if c < len(r) else None),
                    )
                    for c in range(width)
                ]
                for i, r in enumerate(rows)
            ]
            doc.blocks.append(Table(rows=cells, index=len(doc.blocks)))
        rows = []

    for number, raw in enumerate(lines, start=1):
        line = _BOOKMARK.sub("", raw).replace("\ufeff", "")
        if line.startswith("\t"):
            if row is None or prev_blank:
                if row:
                    rows.append(row)
                row = []
            for part in line[1:].split("\t"):
                row.append((part, number))
            prev_blank = False
            continue
        stripped = line.strip(" \u3000\t")
        if not stripped:
            prev_blank = True
            continue
        continuation = (
            row is not None
            and not prev_blank
            and row
            and not line[:1].isspace()
            and not _FOOTER.match(stripped)
        )
        if continuation and row is not None:
            cell_text, cell_line = row[-1]
            row[-1] = (f"{cell_text}\n{stripped}" if cell_text else stripped, cell_line)
            continue
        flush_table()
        doc.blocks.append(Paragraph(text=stripped, index=len(doc.blocks), line=number))
        prev_blank = False
    flush_table()
    return doc


def all_blocks_text(blocks: list[Block]) -> str:
    """Debug helper: the document as text."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        else:
            out.extend(" | ".join(c.text for c in r) for r in b.rows)
    return "\n".join(out)
