"""Opening the product's files as a person would: LibreOffice converts them to PDF, poppler
reads back where each word landed. A test that needs either program is skipped where it is
missing (as the other LibreOffice tests are); CI installs both.

``overlapping_words`` finds text printed over other text: rows too short for their wrapped
text make LibreOffice draw a cell's lines over the next row's. Two words count as overlapping
when their boxes cross by more than 30% of the smaller one's height (the lines of one wrapped
cell touch by about a tenth: a font's box is taller than its line pitch).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"poppler ({tool}) is not installed")
    return found


def to_pdf(files: dict[str, bytes], tmp_path: Path) -> dict[str, Path]:
    """Each file (name → content; names must differ by stem) converted by LibreOffice."""
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    for name, content in files.items():
        (source / name).write_bytes(content)
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(source / name) for name in files),
        ],
        capture_output=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    pdfs = {name: out / (Path(name).stem + ".pdf") for name in files}
    for name, pdf in pdfs.items():
        assert pdf.is_file(), f"LibreOffice made no PDF of {name}"
    return pdfs


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box, page by page (``pdftotext -bbox``)."""
    html = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    words = []
    for page, chunk in enumerate(html.split("<page ")[1:], start=1):
        for m in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            words.append(Word(page, x0, y0, x1, y1, m[5]))
    return words


def overlapping_words(pdf: Path) -> list[tuple[str, str]]:
    """Pairs of words printed over each other (see the module's note)."""
    words = pdf_words(pdf)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if a.page != b.page:
                continue
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            height = min(a.y1 - a.y0, b.y1 - b.y0)
            if dx > 1 and dy > 0.3 * height:
                found.append((a.text, b.text))
    return found


def pdf_lines(pdf: Path) -> list[str]:
    """The PDF's text line by line, as laid out (``pdftotext -layout``)."""
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    return text.splitlines()
