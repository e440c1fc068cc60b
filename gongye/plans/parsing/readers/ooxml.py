"""Office Open XML containers: the zip's ``[Content_Types].xml`` names the main part, which
decides between the Word and the Excel reader; macro documents, templates, slides and
OpenDocument files are refused with advice."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..model import Document, ParseError
from .docx import read_docx
from .safety import ReadLimits, check_zip_safety, safe_xml_parser
from .xlsx import read_xlsx

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
CT_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_PPTX_PART = "presentationml"

OOXML_ADVICE = "请用 Word 或 WPS 打开后“另存为” .docx（表格可另存为 .xlsx）再上传"


def read_zip(data: bytes, filename: str, limits: ReadLimits) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ParseError(
            "文件已损坏或不完整（压缩结构无法读取），可能是上传中断；请重新保存后再上传",
            file=filename,
        ) from None
    with zf:
        infos = zf.infolist()
        check_zip_safety(infos, filename, limits)
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
            return read_docx(zf, main[CT_DOCX], filename)
        if CT_XLSX in main or CT_XLSM in main:
            part = main.get(CT_XLSX) or main[CT_XLSM]
            _require_part(part, names, filename, "Excel 工作簿缺少工作簿部分")
            return read_xlsx(data, zf, filename, limits)
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


def _content_types(zf: zipfile.ZipFile, filename: str) -> dict[str, str]:
    try:
        root = etree.fromstring(zf.read("[Content_Types].xml"), safe_xml_parser())
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
