"""Read a plan document (.docx, .xlsx or plain text) into ordered paragraphs and tables.

The format is decided from the bytes, not the file name: a zip whose
``[Content_Types].xml`` declares a Word or Excel main part is read as such; an OLE
compound file (old .doc/.xls or an encrypted OOXML) is refused with advice; anything else is
decoded as text. Every failure becomes a :class:`ParseError` with a Chinese message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from lxml import etree

from .model import Block, Cell, Document, Paragraph, ParseError, Table

MB = 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SS_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (
    _w("p"),
    _w("tbl"),
    _w("tr"),
    _w("tc"),
    _w("sdt"),
    _w("sdtContent"),
)
W_T, W_TAB, W_BR, W_CR, W_NBH = (
    _w("t"),
    _w("tab"),
    _w("br"),
    _w("cr"),
    _w("noBreakHyphen"),
)
W_TCPR, W_GRIDSPAN, W_VMERGE, W_HMERGE = (
    _w("tcPr"),
    _w("gridSpan"),
    _w("vMerge"),
    _w("hMerge"),
)
W_TRPR, W_GRIDBEFORE, W_VAL = _w("trPr"), _w("gridBefore"), _w("val")
W_CUSTOMXML, W_DEL = _w("customXml"), _w("del")
# Shapes, drawings and text boxes are not plan text (and AlternateContent repeats itself).
_SKIP_TAGS = {
    _w("drawing"),
    _w("pict"),
    _w("object"),
    _w("instrText"),
    _w("delText"),
    W_DEL,
    f"{{{MC_NS}}}AlternateContent",
    # property and marker elements never hold text; skipping them keeps the walk fast
    _w("rPr"),
    _w("pPr"),
    _w("tcPr"),
    _w("trPr"),
    _w("tblPr"),
    _w("sectPr"),
    _w("proofErr"),
    _w("bookmarkStart"),
    _w("bookmarkEnd"),
    _w("fldChar"),
}

CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
CT_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_PPTX_PART = "presentationml"

OOXML_ADVICE = "请用 Word 或 WPS 打开后“另存为” .docx（表格可另存为 .xlsx）再上传"


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


def read_document(data: bytes, filename: str, *, limits: ReadLimits | None = None) -> Document:
    """Read ``data`` (the uploaded bytes) into a :class:`Document`.

    Raises :class:`ParseError` for anything unreadable; never lets a library error escape.
    """
    limits = limits or DEFAULT_LIMITS
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("内容不是文件数据", file=filename)
    data = bytes(data)
    if len(data) == 0:
        raise ParseError("文件为空（0 字节），请检查是否上传了正确的文件", file=filename)
    if len(data) > limits.max_bytes:
        raise ParseError(
            f"文件大小为 {len(data) / MB:.1f} MB，超过上限 {limits.max_bytes / MB:.0f} MB；"
            "请删去图片等无关内容后再上传",
            file=filename,
        )
    try:
        return _dispatch(data, filename, limits)
    except ParseError:
        raise
    except MemoryError:
        raise ParseError("文件内容过大，无法在内存中读取", file=filename) from None
    except Exception as exc:  # a reader library failed in a way not foreseen below
        raise ParseError(
            f"文件已损坏或格式无法识别，读取失败（{type(exc).__name__}）", file=filename
        ) from exc


# --------------------------------------------------------------------------- sniffing

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (
        b"%PDF",
        "这是 PDF 文件，无法读取其中的表格；请上传 Word（.docx）或 Excel（.xlsx）原件",
    ),
    (
        b"\x89PNG",
        "这是图片（PNG），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (
        b"\xff\xd8\xff",
        "这是图片（JPEG），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (
        b"GIF8",
        "这是图片（GIF），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (b"BM", ""),  # checked more strictly below
    (b"{\\rtf", "这是 RTF 格式，" + OOXML_ADVICE),
    (b"Rar!", "这是 RAR 压缩包，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"7z\xbc\xaf\x27\x1c", "这是 7z 压缩包，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"\x1f\x8b", "这是 gzip 压缩文件，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"MZ", "这是可执行程序，不是文档"),
    (b"\x7fELF", "这是可执行程序，不是文档"),
]


def _dispatch(data: bytes, filename: str, limits: ReadLimits) -> Document:
    if data.startswith(_CFB_MAGIC):
        raise ParseError(_cfb_message(data), file=filename)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _read_zip(data, filename, limits)
    for magic, message in _OTHER_MAGIC:
        if data.startswith(magic):
            if magic == b"BM" and not (len(data) > 14 and data[6:10] == b"\x00\x00\x00\x00"):
                continue
            raise ParseError(message or "这是图片（BMP），不是文档", file=filename)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"mime-version:")):
        raise ParseError("这是网页（HTML/MHT）格式，" + OOXML_ADVICE, file=filename)
    return read_text(data, filename)


def _cfb_message(data: bytes) -> str:
    """Old binary Office files and password-protected OOXML are both OLE compound files."""
    probe = data[: 4 * MB]

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in probe

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return (
            "文件已设置密码（加密的 Office 文档），无法读取；"
            "请取消密码保护后另存为 .docx/.xlsx 再上传"
        )
    if has("WordDocument"):
        return "这是旧版 Word 97-2003 文档（.doc），" + OOXML_ADVICE
    if has("Workbook") or has("Book"):
        return "这是旧版 Excel 97-2003 工作簿（.xls），请用 Excel 或 WPS 另存为 .xlsx 再上传"
    return "这是旧版 Office 格式或已加密的文档，无法读取；" + OOXML_ADVICE


# --------------------------------------------------------------------------- zip / OOXML


def _read_zip(data: bytes, filename: str, limits: ReadLimits) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ParseError(
            "文件已损坏或不完整（压缩结构无法读取），可能是上传中断；请重新保存后再上传",
            file=filename,
        ) from None
    with zf:
        infos = zf.infolist()
        _check_zip_safety(infos, filename, limits)
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            if "mimetype" in names:
                raise ParseError(
                    "这是 OpenDocument（WPS/LibreOffice 的 .odt/.ods）格式，" + OOXML_ADVICE,
                    file=filename,
                )
            inner = [n for n in names if n.lower().endswith((".docx", ".xlsx", ".doc", ".xls"))]
            if inner:
                raise ParseError(
                    f"这是一个压缩包，其中含有文档“{inner[0]}”等；请解压后单独上传",
                    file=filename,
                )
            raise ParseError(
                "这是一个普通压缩包，不是 Word（.docx）或 Excel（.xlsx）文档",
                file=filename,
            )
        types = _content_types(zf, filename)
        main = {ct: part for part, ct in types.items()}
        if CT_DOCX in main:
            _require_part(main[CT_DOCX], names, filename, "Word 文档缺少正文部分")
            return _read_docx(zf, main[CT_DOCX], filename)
        if CT_XLSX in main or CT_XLSM in main:
            part = main.get(CT_XLSX) or main[CT_XLSM]
            _require_part(part, names, filename, "Excel 工作簿缺少工作簿部分")
            return _read_xlsx(data, zf, filename, limits)
        if CT_DOCM in main:
            raise ParseError(
                "这是启用宏的 Word 文档（.docm），为安全起见不予读取；请另存为 .docx 再上传",
                file=filename,
            )
        if CT_DOTX in main:
            raise ParseError("这是 Word 模板（.dotx），请另存为 .docx 文档再上传", file=filename)
        if any(CT_PPTX_PART in ct for ct in main):
            raise ParseError("这是 PowerPoint 演示文稿，不是工作意见文档", file=filename)
        if "word/document.xml" in names:
            raise ParseError("Word 文档的内容类型声明已损坏，请重新保存后再上传", file=filename)
        raise ParseError(
            "压缩包内没有 Word 正文（word/document.xml）或 Excel 工作簿，不是 .docx/.xlsx 文档",
            file=filename,
        )


def _check_zip_safety(infos: list[zipfile.ZipInfo], filename: str, limits: ReadLimits) -> None:
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


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _content_types(zf: zipfile.ZipFile, filename: str) -> dict[str, str]:
    try:
        root = etree.fromstring(zf.read("[Content_Types].xml"), _safe_parser())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ParseError("文档的内容类型声明已损坏，无法读取", file=filename) from None
    result: dict[str, str] = {}
    for el in root.iter(f"{{{CT_NS}}}Override"):
        part = (el.get("PartName") or "").lstrip("/")
        result[part] = el.get("ContentType") or ""
    return result


def _require_part(part: str, names: set[str], filename: str, message: str) -> None:
    if part not in names:
        raise ParseError(f"{message}（{part or '未声明'}），文件不完整", file=filename)


# --------------------------------------------------------------------------- docx


def _read_docx(zf: zipfile.ZipFile, part: str, filename: str) -> Document:
    # Plain lxml rather than python-docx's element classes: the same tree, several times
    # faster to walk, and no entity expansion or network access.
    try:
        root = etree.fromstring(zf.read(part), _safe_parser())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ParseError(
            "Word 文档已损坏（正文 XML 无法解析），请用 Word 打开后重新保存", file=filename
        ) from None
    body = root.find(_w("body"))
    if body is None:
        raise ParseError("Word 文档已损坏（找不到正文），请用 Word 打开后重新保存", file=filename)
    doc = Document(filename=filename, kind="docx")
    for el in _iter_body(body):
        index = len(doc.blocks)
        if el.tag == W_P:
            doc.blocks.append(Paragraph(text=_para_text(el), index=index, line=index + 1))
        else:
            rows = _table_grid(el)
            doc.blocks.append(_make_table(rows, index))
    return doc


def _iter_body(parent: Any) -> Iterator[Any]:
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (W_P, W_TBL):
            yield child
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _iter_body(content)
        elif tag == W_CUSTOMXML:
            yield from _iter_body(child)


def _collect_text(el: Any, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_TAB:
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NBH:
            out.append("-")
        elif tag in (W_P, W_TBL):
            continue  # nested blocks are handled by the caller
        else:
            _collect_text(child, out)


def _para_text(p: Any) -> str:
    out: list[str] = []
    _collect_text(p, out)
    return "".join(out)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for child in _iter_body(tc):
        if child.tag == W_P:
            lines.append(_para_text(child).replace("\t", " "))
        else:  # a table nested inside a cell: keep its text, one row per line
            for row in _table_grid(child):
                lines.append(" ".join(c for c in row if c))
    text = "\n".join(line.rstrip() for line in lines)
    return text.strip()


def _iter_row_cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML):
            inner = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _iter_row_cells(inner)


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, int(el.get(W_VAL, default)))
    except ValueError:
        return default


def _iter_rows(tbl: Any) -> Iterator[Any]:
    for child in tbl.iterchildren():
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML):
            inner = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _iter_rows(inner)


def _table_grid(tbl: Any) -> list[list[str]]:
    """Cell texts on the layout grid, with vertical and horizontal merges filled in."""
    grid: list[list[str]] = []
    for tr in _iter_rows(tbl):
        row: list[str] = []
        trpr = tr.find(W_TRPR)
        if trpr is not None:
            before = trpr.find(W_GRIDBEFORE)
            if before is not None:
                row.extend([""] * (_int_attr(before, 0) if before is not None else 0))
        for tc in _iter_row_cells(tr):
            tcpr = tc.find(W_TCPR)
            span = 1
            vmerge = hmerge = None
            if tcpr is not None:
                span = _int_attr(tcpr.find(W_GRIDSPAN), 1)
                vmerge = tcpr.find(W_VMERGE)
                hmerge = tcpr.find(W_HMERGE)
            col = len(row)
            if vmerge is not None and vmerge.get(W_VAL, "continue") != "restart":
                above = grid[-1] if grid else []
                text = above[col] if col < len(above) else ""
            elif hmerge is not None and hmerge.get(W_VAL, "continue") != "restart" and row:
                text = row[-1]
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
        grid.append(row)
    return grid


def _make_table(rows: list[list[str]], index: int, name: str = "") -> Table:
    width = max((len(r) for r in rows), default=0)
    cells = [
        [Cell(text=(r[c] if c < len(r) else ""), row=i + 1, col=c + 1) for c in range(width)]
        for i, r in enumerate(rows)
    ]
    return Table(rows=cells, index=index, name=name)


# --------------------------------------------------------------------------- xlsx


def _xlsx_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


def _merged_ranges(zf: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of one sheet, 1-based."""
    from openpyxl.utils.cell import range_boundaries

    ranges: list[tuple[int, int, int, int]] = []
    with zf.open(path) as src:
        for _, el in etree.iterparse(
            src, events=("end",), tag=f"{{{SS_NS}}}mergeCell", resolve_entities=False
        ):
            ref = el.get("ref")
            if ref:
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (ValueError, TypeError):
                    continue
                if None not in (min_col, min_row, max_col, max_row):
                    ranges.append((min_row, min_col, max_row, max_col))  # type: ignore[arg-type]
            el.clear()
    return ranges


def _read_xlsx(data: bytes, zf: zipfile.ZipFile, filename: str, limits: ReadLimits) -> Document:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on damaged files
        raise ParseError(
            "Excel 工作簿已损坏或格式无法识别，请用 Excel 或 WPS 打开后重新保存",
            file=filename,
        ) from exc
    doc = Document(filename=filename, kind="xlsx")
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # chart sheets
            ws.reset_dimensions()
            grid: list[list[str]] = []
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if r > limits.max_rows:
                    raise ParseError(
                        f"工作表“{ws.title}”超过 {limits.max_rows} 行，无法读取",
                        file=filename,
                    )
                grid.append([_xlsx_value(v) for v in values[: limits.max_cols]])
            path = getattr(ws, "_worksheet_path", None)
            if path:
                for r1, c1, r2, c2 in _merged_ranges(zf, path):
                    if r1 > len(grid) or (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                        continue
                    top = grid[r1 - 1][c1 - 1] if c1 - 1 < len(grid[r1 - 1]) else ""
                    for rr in range(r1, min(r2, len(grid)) + 1):
                        row = grid[rr - 1]
                        if len(row) < c2:
                            row.extend([""] * (c2 - len(row)))
                        for cc in range(c1, min(c2, limits.max_cols) + 1):
                            row[cc - 1] = top
            _append_sheet(doc, grid, ws.title)
    finally:
        wb.close()
    if not doc.blocks:
        raise ParseError("工作簿中所有工作表都是空的，没有任何内容", file=filename)
    return doc


def _append_sheet(doc: Document, grid: list[list[str]], title: str) -> None:
    # Trim empty rows/columns around the used range.
    rows = [r for r in grid]
    while rows and not any(rows[-1]):
        rows.pop()
    start = 0
    while start < len(rows) and not any(rows[start]):
        start += 1
    rows = rows[start:]
    if not rows:
        return
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in rows), default=0)
    first = min(next((i for i, v in enumerate(r) if v), width) for r in rows if any(r))
    rows = [(r + [""] * width)[first:width] for r in rows]
    # Leading rows with a single distinct value (a merged title) are the sheet's title lines.
    k = 0
    while k < len(rows) - 1 and len({v for v in rows[k] if v}) <= 1:
        text = next((v for v in rows[k] if v), "")
        if text:
            doc.blocks.append(Paragraph(text=text, index=len(doc.blocks), line=start + k + 1))
        k += 1
    body = rows[k:]
    if body:
        table = _make_table(body, len(doc.blocks), name=title)
        # Keep the spreadsheet's own row/column numbers for messages.
        offset_r, offset_c = start + k, first
        table.rows[:] = [
            [Cell(c.text, c.row + offset_r, c.col + offset_c) for c in row] for row in table.rows
        ]
        doc.blocks.append(table)


# --------------------------------------------------------------------------- text

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
    bad = 0
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
