"""Word files in the office's layout (党政机关公文格式, GB/T 9704 in spirit), for every report the
platform writes: A4 portrait or landscape, margins 37/35/28/26 mm, body 仿宋_GB2312 三号 at a
fixed 28-point line, title 方正小标宋简体 二号, headings 黑体 (second level 楷体_GB2312), tables
with a 黑体 header row repeated on every page, page numbers “— n —” in 宋体 四号 at the foot.

A document is written top to bottom and saved once::

    doc = OfficialDocument("霍山县2022年……通报", author="霍山县")
    doc.title(segments=("霍山县2022年", "……工作", "6月调度通报"))  # breaks only between parts
    doc.subtitle("（截至2022年6月30日）")
    doc.blank()
    doc.heading("一、总体情况")
    doc.body("……")
    rows = [[1, "开发区"]]
    widths = fit_widths(["排名", "牵头单位"], rows, doc.text_width_cm, wrap={1: 1})
    doc.table(["排名", "牵头单位"], rows, widths, left={"牵头单位"})
    doc.signature("2022年6月30日", office="霍山县科技经信局")  # 落款
    content = doc.to_bytes()

Callers import this module inside the function that writes the file, so python-docx (and lxml)
load only when someone downloads a Word file, as ``core.xlsx`` does with openpyxl.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any
from unicodedata import east_asian_width

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

# One set of office fonts for spreadsheets and Word files alike.
from gongye.core.xlsx import BODY_FONT, TITLE_FONT
from gongye.core.xlsx import HEADER_FONT as HEADING_FONT

SUBHEADING_FONT = "楷体_GB2312"
FOOTER_FONT = "宋体"

A4_CM = (21.0, 29.7)  # width, height in portrait
# GB/T 9704: 天头 37 mm, bottom 35 mm, 订口 (left) 28 mm, right 26 mm.
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
# Landscape turns the margins with the page, as the plan's landscape export does: the 37 mm
# head goes to the left edge, the 28 mm binding edge to the top.
LANDSCAPE_MARGINS_CM = {"top": 2.8, "bottom": 2.6, "left": 3.7, "right": 3.5}

BODY_PT = 16  # 三号
LINE_PT = 28  # fixed line pitch: 22 lines a page in portrait
TITLE_PT = 22  # 二号
TITLE_LINE_PT = 36
TABLE_HEADER_PT = 11
TABLE_BODY_PT = 10.5  # 五号
FOOTER_PT = 14  # 四号
INDENT_PT = 2 * BODY_PT  # two characters
SIGNATURE_INDENT_PT = 4 * BODY_PT


PT_PER_CM = 72 / 2.54
# Word's and LibreOffice's default cell margins (0.19 cm a side) and a little to spare
CELL_PADDING_CM = 0.53
# a wrapped column is at least as wide as its longest item of up to this many characters (a
# unit's name); a longer item (a task's text, a reason) wraps anyway
WRAP_ITEM_CHARS = 6
_ITEM_SEPARATORS = re.compile(r"[、，,；;：:\s]+")
_NARROW = set(".,:;'!|-/()[] il")


def text_width_cm(text: str, pt: float) -> float:
    """How wide ``text`` prints at ``pt`` points on one line: a Chinese (wide) character one
    em; capital Latin letters 0.72 em (a credit code's MAUMAAHH), other letters and digits
    0.64 em, punctuation 0.36 em — the widths of the Latin faces LibreOffice substitutes when
    仿宋_GB2312 is missing, wider than the face's own half-width digits, so an estimate errs
    toward a wider column, never a broken date or code."""
    ems = sum(
        1.0
        if east_asian_width(ch) in "WF"
        else 0.36
        if ch in _NARROW
        else 0.72
        if "A" <= ch <= "Z"
        else 0.64
        for ch in text
    )
    return ems * pt / PT_PER_CM


def _two_line_width(header: str, pt: float) -> float:
    """A header of four characters or more may take two lines (逾期/天数); a shorter one not."""
    if len(header) < 4:
        return text_width_cm(header, pt)
    half = math.ceil(len(header) / 2)
    return max(text_width_cm(header[:half], pt), text_width_cm(header[half:], pt))


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    total_cm: float,
    *,
    wrap: Mapping[int, float],
    body_pt: float = TABLE_BODY_PT,
    header_pt: float = TABLE_HEADER_PT,
) -> list[float]:
    """Column widths (cm) that fill ``total_cm``: every column not in ``wrap`` as wide as its
    longest text on one line (dates, numbers, 不低于 never break) and its header on one line
    where the table has room, else on two (逾期/天数); the columns in ``wrap`` (index → weight:
    task texts, unit lists) share the rest by weight, each at least as wide as its longest item
    of up to six characters (a unit's name stays whole), and four characters for running text.
    When that does not fit, the wrapped columns give way first (down to two characters a line,
    then one), then all shrink alike."""

    def lines_of(c: int) -> list[str]:
        return [line for row in rows for line in _cell_text(row[c]).split("\n")]

    def fixed_widths(header_width: Callable[[str, float], float]) -> dict[int, float]:
        return {
            c: max(
                header_width(str(header), header_pt),
                max((text_width_cm(line, body_pt) for line in lines_of(c)), default=0),
            )
            + CELL_PADDING_CM
            for c, header in enumerate(headers)
            if c not in wrap
        }

    floor: dict[int, float] = {}
    for c in wrap:
        # whole names (科技经信局) stay on a line; running text (a reason, a task) may wrap
        # anywhere, at four characters a line at least
        items = [i for line in lines_of(c) for i in _ITEM_SEPARATORS.split(line) if i]
        names = [i for i in items if len(i) <= WRAP_ITEM_CHARS]
        item = max((text_width_cm(i, body_pt) for i in names), default=0)
        if len(names) < len(items):
            item = max(item, text_width_cm("四个汉字", body_pt))
        floor[c] = max(_two_line_width(str(headers[c]), header_pt), item) + CELL_PADDING_CM
    fixed = fixed_widths(text_width_cm)  # headers on one line, if the wrapped columns keep room
    if floor and total_cm - sum(fixed.values()) < 1.5 * sum(floor.values()):
        fixed = fixed_widths(_two_line_width)
    spare = total_cm - sum(fixed.values())
    for chars in (2, 1):  # the wrapped columns give way first: two characters a line, then one
        if floor and spare < sum(floor.values()):
            floor = {c: chars * body_pt / PT_PER_CM + CELL_PADDING_CM for c in floor}
    widths = dict(fixed)
    if not floor:  # nothing wraps: the spare is shared in proportion
        widths = {c: w * total_cm / sum(fixed.values()) for c, w in fixed.items()}
    elif spare < sum(floor.values()):  # cannot be helped: everything shrinks alike
        need = {**fixed, **floor}
        widths = {c: w * total_cm / sum(need.values()) for c, w in need.items()}
    else:  # share the spare by weight, lifting any column below its floor to the floor
        open_ = dict(floor)
        while open_:
            weight = sum(wrap[c] for c in open_)
            share = {c: spare * wrap[c] / weight for c in open_}
            short = [c for c in open_ if share[c] < open_[c]]
            if not short:
                widths.update(share)
                break
            for c in short:
                widths[c] = open_.pop(c)
                spare -= widths[c]
    return [math.floor(widths[c] * 100) / 100 for c in range(len(headers))]


def title_lines(segments: Sequence[str], width_cm: float, pt: float = TITLE_PT) -> list[str]:
    """A title cut into lines at the joins between ``segments`` (县名年份 | 工作名称 | 文种),
    never inside one, each line as full as fits ``width_cm``: "霍山县2022年工业及民营经济工作"
    and "6月调度通报", not "…6月调度" and "通报". A segment longer than a line is left whole for
    the program to wrap."""
    lines: list[str] = []
    for segment in segments:
        if lines and text_width_cm(lines[-1] + segment, pt) <= width_cm:
            lines[-1] += segment
        else:
            lines.append(segment)
    return lines


def _set_fonts(owner: Any, name: str) -> None:
    """All four font slots, so Chinese text (eastAsia) takes the face and not just Latin."""
    rfonts = owner.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _run(paragraph: Any, text: str, font: str | None = None, size: float | None = None) -> Any:
    r = paragraph.add_run(text)
    if font:
        r.font.name = font
        _set_fonts(r._r, font)
    if size:
        r.font.size = Pt(size)
    return r


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def set_table_width(table: Any, width_cm: float) -> None:
    """States the table's whole width (``w:tblW``) instead of python-docx's "auto", so Word,
    WPS and LibreOffice lay it out at the width its columns add up to."""
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(width_cm / 2.54 * 1440)))


class OfficialDocument:
    """One Word file in the office's layout. ``title`` is the document's title (its properties
    and, by default, the title line); ``author`` the issuing region or office."""

    def __init__(self, title: str, author: str = "", *, landscape: bool = False) -> None:
        self.document = docx.Document()
        self.landscape = landscape
        self._title = title
        section = self.document.sections[0]
        width, height = A4_CM
        margins = MARGINS_CM
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
            margins = LANDSCAPE_MARGINS_CM
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.top_margin, section.bottom_margin = Cm(margins["top"]), Cm(margins["bottom"])
        section.left_margin, section.right_margin = Cm(margins["left"]), Cm(margins["right"])
        self._section = section

        normal = self.document.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        _set_fonts(normal.element, BODY_FONT)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = Pt(LINE_PT)
        normal.paragraph_format.space_after = Pt(0)

        self._page_numbers()
        core = self.document.core_properties
        core.title = title
        core.author = author

    # ------------------------------------------------------------------ page

    @property
    def text_width_cm(self) -> float:
        """The width between the margins (版心), which a table may not exceed."""
        s = self._section
        # __init__ set all three; python-docx types them Optional for sections that lack them
        assert s.page_width is not None and s.left_margin is not None
        assert s.right_margin is not None
        # Word stores the page in twips: round away the last fraction of a millimetre
        return round(Length(s.page_width - s.left_margin - s.right_margin).cm, 2)

    def _page_numbers(self) -> None:
        """“— 1 —” centred at the foot, 宋体 四号, the number a PAGE field."""
        footer = self._section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(footer, "— ", FOOTER_FONT, FOOTER_PT)
        field = _run(footer, "", FOOTER_FONT, FOOTER_PT)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            field._r.append(element)
        _run(footer, " —", FOOTER_FONT, FOOTER_PT)

    # ------------------------------------------------------------------ text

    def title(self, text: str | None = None, *, segments: Sequence[str] = ()) -> None:
        """The title, 方正小标宋简体 二号, centred; the document's title when not given. With
        ``segments`` (the title in parts that must not be cut), the title breaks only between
        them (``title_lines``), each break a line break inside the one title paragraph."""
        p = self.document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(TITLE_LINE_PT)
        text = self._title if text is None else text
        lines = title_lines(segments, self.text_width_cm) if segments else [text]
        for i, line in enumerate(lines):
            run = _run(p, line, TITLE_FONT, TITLE_PT)
            if i < len(lines) - 1:
                run.add_break()

    def subtitle(self, text: str) -> None:
        """A centred line under the title in the body face: as of when, which filters."""
        p = self.document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text)

    def blank(self) -> None:
        """An empty line at the body's pitch."""
        self.document.add_paragraph()

    def heading(self, text: str, level: int = 1) -> None:
        """一、… in 黑体 (level 1) or （一）… in 楷体_GB2312 (level 2), indented like the body."""
        p = self.document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(INDENT_PT)
        p.paragraph_format.keep_with_next = True  # never the last line of a page
        _run(p, text, HEADING_FONT if level == 1 else SUBHEADING_FONT)

    def body(self, text: str) -> None:
        """A body paragraph: justified, the first line indented two characters."""
        p = self.document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(INDENT_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _run(p, text)

    def signature(self, date_text: str, office: str = "") -> None:
        """The 落款 at the foot (GB/T 9704 7.3.5.1): the date (成文日期) four characters in
        from the right margin, and above it, when given, the issuing office (发文机关署名)
        centred over the date; an office name longer than the date is set two characters in
        from the right margin and the date centred under it."""
        # the last paragraph of the text goes with the 落款 to a new page, never the 落款 alone
        # (GB/T 9704 7.3.5.4): each paragraph down to the date keeps with the next
        paragraphs = self.document.paragraphs
        if paragraphs:
            paragraphs[-1].paragraph_format.keep_with_next = True
        self.blank()
        self.document.paragraphs[-1].paragraph_format.keep_with_next = True
        date_pt = text_width_cm(date_text, BODY_PT) * PT_PER_CM
        office_pt = text_width_cm(office, BODY_PT) * PT_PER_CM
        date_indent = float(SIGNATURE_INDENT_PT)
        if office:
            office_indent = date_indent + (date_pt - office_pt) / 2
            if office_indent < 2 * BODY_PT:  # a long name: two characters in, date centred
                office_indent = 2 * BODY_PT
                date_indent = office_indent + (office_pt - date_pt) / 2
            p = self.document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(max(office_indent, 0))
            p.paragraph_format.keep_with_next = True
            _run(p, office)
        p = self.document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(max(date_indent, 0))
        _run(p, date_text)

    # ------------------------------------------------------------------ tables

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths_cm: Sequence[float],
        left: Collection[str] = frozenset(),
    ) -> None:
        """A grid with a 黑体 header row repeated on every page and fixed column widths (in cm;
        Word, WPS and LibreOffice keep them), cells centred except the columns named in
        ``left`` (long text), followed by an empty line. Raises ValueError when the widths do
        not fit between the margins or a row has the wrong number of cells."""
        if len(widths_cm) != len(headers):
            raise ValueError(f"{len(headers)}列表头，却给了{len(widths_cm)}个列宽")
        if sum(widths_cm) > self.text_width_cm + 0.01:
            raise ValueError(
                f"表格宽{sum(widths_cm):.2f}厘米，超出版心{self.text_width_cm:.2f}厘米"
            )
        grid = self.document.add_table(rows=1, cols=len(headers))
        grid.style = self.document.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False  # fixed layout: the widths below are kept, not fitted to text
        for column, width in zip(grid.columns, widths_cm, strict=True):
            column.width = Cm(width)
        set_table_width(grid, sum(widths_cm))
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        grid.rows[0]._tr.get_or_add_trPr().append(repeat)

        def keep_whole(row: Any) -> None:
            """A row is not split across two pages (a status cut to 暂无数 | 据)."""
            cant_split = OxmlElement("w:cantSplit")
            cant_split.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().insert(0, cant_split)

        def fill(cell: Any, value: Any, width: float, *, header: bool, left: bool) -> None:
            cell.width = Cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(2)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            if header:
                _run(p, _cell_text(value), HEADING_FONT, TABLE_HEADER_PT)
            else:  # the body face comes from the Normal style
                _run(p, _cell_text(value), None, TABLE_BODY_PT)

        for cell, text, width in zip(grid.rows[0].cells, headers, widths_cm, strict=True):
            fill(cell, text, width, header=True, left=False)
        aligned_left = [h in left for h in headers]
        for values in rows:
            if len(values) != len(headers):
                raise ValueError(f"{len(headers)}列表格，某行有{len(values)}格")
            row = grid.add_row()
            keep_whole(row)
            cells = row.cells
            for cell, value, width, is_left in zip(
                cells, values, widths_cm, aligned_left, strict=True
            ):
                fill(cell, value, width, header=False, left=is_left)
        self.blank()

    # ------------------------------------------------------------------ output

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
