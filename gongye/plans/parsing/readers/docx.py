"""Word (.docx) body: paragraphs and tables in body order, merged cells filled in."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..model import Cell, Document, Paragraph, ParseError, Table
from .safety import safe_xml_parser

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


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


def read_docx(zf: zipfile.ZipFile, part: str, filename: str) -> Document:
    # Plain lxml rather than python-docx's element classes: the same tree, several times
    # faster to walk, and no entity expansion or network access.
    try:
        root = etree.fromstring(zf.read(part), safe_xml_parser())
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
            doc.blocks.append(make_table(rows, index))
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


def make_table(rows: list[list[str]], index: int, name: str = "") -> Table:
    width = max((len(r) for r in rows), default=0)
    cells = [
        [Cell(text=(r[c] if c < len(r) else ""), row=i + 1, col=c + 1) for c in range(width)]
        for i, r in enumerate(rows)
    ]
    return Table(rows=cells, index=index, name=name)
