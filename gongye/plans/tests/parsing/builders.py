"""Build .docx/.xlsx/text plan documents for tests, with merged cells and wrapped lines."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell
from openpyxl import Workbook

# The embedded default plan ships with the repository (data/seed/), so a fresh clone has it.
SEED_PATH = (
    Path(__file__).resolve().parents[4] / "data" / "seed" / "huoshan-2022-industry-work-plan.txt"
)

# A cell value of None continues the vertical merge of the cell above.
CellValue = str | None
Row = list[CellValue]
Block = str | list[Row]  # a paragraph, or a table
PAGE_BREAK = "\f"


def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


def seed_layout() -> tuple[list[str], list[str], list[list[str]]]:
    """(paragraphs before the attachment table, attachment heading lines, table rows).

    A deliberately simple reading of the seed's text layout, independent of the parser:
    rows are separated by blank lines and each cell starts with a tab.
    """
    text = seed_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("\t月度"))
    end = next(i for i, line in enumerate(lines) if line.startswith(" 抄送"))
    before = [line.replace("[bookmark: _GoBack]", "").strip() for line in lines[:start]]
    nonempty = [line for line in before if line]
    heading = nonempty[-2:]  # "附件" and the table's title
    paragraphs = nonempty[:-2]
    table_text = "\n".join(lines[start:end])
    rows: list[list[str]] = []
    for chunk in table_text.split("\n\n"):
        if not chunk.strip("\n"):
            continue
        cells = chunk.lstrip("\n")[1:].split("\n\t")
        rows.append([c.strip() for c in cells])
    return paragraphs, heading, rows


def seed_docx(*, breaks: str = "paragraphs", split_at_page_break: bool = True) -> bytes:
    """The seed rebuilt as Word: body paragraphs, then the 附件 table with the month column
    merged vertically and wrapped unit cells as separate paragraphs (or w:br line breaks).
    Where the seed repeats "2月" after a page break, the table is split in two and the
    header row repeated, as Word does when a table is cut by a page break."""
    paragraphs, heading, rows = seed_layout()
    header, body = rows[0], rows[1:]
    tables: list[list[Row]] = [[header]]
    seen_months: set[str] = set()
    for row in body:
        month = row[0]
        if month and month in seen_months and split_at_page_break:
            tables.append([header])
        if month:
            seen_months.add(month)
        tables[-1].append([month or None, *row[1:]])
    blocks: list[Block] = [*paragraphs, *heading]
    for i, table in enumerate(tables):
        if i:
            blocks.append(PAGE_BREAK)
        blocks.append(table)
    return build_docx(blocks, breaks=breaks)


def build_docx(blocks: list[Block], *, breaks: str = "paragraphs") -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            if block == PAGE_BREAK:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                document.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        trs = table._tbl.tr_lst
        for r, row in enumerate(block):
            tcs = trs[r].tc_lst
            for c in range(width):
                value = row[c] if c < len(row) else ""
                tc = tcs[c]
                below = block[r + 1][c] if r + 1 < len(block) and c < len(block[r + 1]) else ""
                if value is None:
                    _vmerge(tc, restart=False)
                    continue
                if below is None:
                    _vmerge(tc, restart=True)
                _write(_Cell(tc, table), value, breaks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _vmerge(tc: object, *, restart: bool) -> None:
    tc_pr = tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:vMerge")
    if restart:
        el.set(qn("w:val"), "restart")
    tc_pr.append(el)


def _write(cell: _Cell, value: str, breaks: str) -> None:
    lines = value.split("\n")
    if breaks == "br":
        run = cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        return
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def build_xlsx(
    sheets: dict[str, list[list[object]]],
    merges: dict[str, list[str]] | None = None,
) -> bytes:
    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = name
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def text_table(rows: list[list[str]], before: list[str] = (), after: list[str] = ()) -> bytes:  # type: ignore[assignment]
    """The seed's text layout: cells start with a tab, rows separated by blank lines."""
    out: list[str] = [*before, ""]
    for row in rows:
        for cell in row:
            out.append("\t" + cell)
        out.append("")
    out.extend(after)
    return "\n".join(out).encode("utf-8")
