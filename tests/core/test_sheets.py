"""The one upload guard and the one cell-error type (core.sheets), and that every upload path
meets the guard before it reads anything."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from gongye.core.sheets import CellError, UploadLimits, guard_upload

MB = 1024 * 1024


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb() -> bytes:
    """An .xlsx-looking zip whose one entry inflates 16 MB of zeros from a few KB."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (16 * MB)})


def test_a_small_file_that_inflates_a_thousandfold_is_refused_from_its_directory():
    data = bomb()
    assert len(data) < 100_000
    with pytest.raises(CellError) as caught:
        guard_upload(data, filename="报表.xlsx")
    assert "压缩炸弹" in caught.value.message
    assert caught.value.file == "报表.xlsx"
    assert str(caught.value).startswith("文件“报表.xlsx”：")


@pytest.mark.parametrize(
    ("data", "limits", "words"),
    [
        (b"x" * 2048, UploadLimits(max_bytes=1024), "超过上限"),
        (b"", UploadLimits(), "为空"),
        (_zip({f"f{i}": b"a" for i in range(30)}), UploadLimits(max_entries=20), "文件数"),
        (_zip({"a": b"ab" * 5000}), UploadLimits(max_unpacked=1000), "解压后共"),
        (b"PK\x03\x04 broken", UploadLimits(), "已损坏"),
    ],
)
def test_the_guard_names_what_is_wrong(data, limits, words):
    with pytest.raises(CellError) as caught:
        guard_upload(data, filename="f.xlsx", limits=limits)
    assert words in caught.value.message


def test_ordinary_files_pass():
    guard_upload(b"%PDF-1.4 ...", filename="a.pdf")
    guard_upload(
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), filename="a.docx"
    )


def test_a_cell_error_says_file_sheet_row_and_column_as_the_person_sees_them():
    sheet = CellError(
        "不是数字", file="进展.xlsx", row=9, column=8, column_name="完成百分比", spreadsheet=True
    )
    assert str(sheet) == "文件“进展.xlsx”第9行 H列（完成百分比）：不是数字"
    assert sheet.as_dict()["column"] == "H"
    table = CellError("缺少牵头单位", file="计划.docx", row=7, column=4)
    assert str(table) == "文件“计划.docx”第7行第4列：缺少牵头单位"
    paragraph = CellError("无法识别", file="计划.txt", line=12)
    assert str(paragraph) == "文件“计划.txt”第12段：无法识别"


def test_the_statistics_sheet_meets_the_guard():
    from gongye.indicators.stats_sheet import read_stats_sheet

    observations, errors = read_stats_sheet(bomb(), "统计.xlsx", 2022, {})
    assert observations == [] and len(errors) == 1
    assert "压缩炸弹" in errors[0].message


def test_the_progress_sheet_meets_the_guard():
    from gongye.supervision.bulk import _check_container

    problems = _check_container(bomb(), "进展.xlsx")
    assert len(problems) == 1 and "压缩炸弹" in problems[0].message


def test_evidence_meets_the_guard(settings):
    from gongye.core.evidence import check_evidence

    with pytest.raises(ValidationError) as caught:
        check_evidence(ContentFile(bomb(), name="佐证.xlsx"))
    assert "压缩炸弹" in caught.value.messages[0]


def test_a_plan_document_meets_the_guard():
    from gongye.plans.parsing import ParseError, read_document

    with pytest.raises(ParseError) as caught:
        read_document(bomb(), "计划.xlsx")
    assert "压缩炸弹" in caught.value.message


def test_the_collector_is_paused_during_an_import_and_resumes_after_even_on_error():
    import gc

    from gongye.core.sheets import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer one resumes it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with collector_paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
