"""Word documents made here with python-docx: paragraphs, headings, numbering, tables, what is left out."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qa.errors import UnsupportedFile
from qa.ingest.readers.docx import read_docx
from qa.ingest.readers.limits import Budget, ReadLimits
from tests.qa.ingest.office_fixtures import add_outline_numbering, number_paragraph

LIMITS = ReadLimits()


def docx_bytes(build: Callable[[Any], None]) -> bytes:
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read(data: bytes, name: str = "a.docx", limits: ReadLimits = LIMITS) -> list[str]:
    return read_docx(data, name, limits, Budget.start(name, limits.max_seconds))


def test_paragraphs_headings_tables_and_what_is_left_out() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("某某街道2022年法治政府建设情况的报告", style="Title")
        d.add_paragraph("")  # empty: dropped
        d.add_paragraph("一、总体情况", style="Heading 1")
        d.add_paragraph("没有编号的标题", style="Heading 2")  # kept as its own line, no marker invented
        para = d.add_paragraph("第一行")
        para.add_run().add_break()
        para.add_run("第二行：２０２０ 年")
        para.add_run("隐藏文字").font.hidden = True
        table = d.add_table(rows=2, cols=3)
        for row, values in zip(
            table.rows, (("项目", "2021年", "2022年"), ("案件（件）", "12", "15")), strict=True
        ):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        d.sections[0].header.paragraphs[0].text = "页眉文字"
        d.sections[0].footer.paragraphs[0].text = "— 1 —"

    assert read(docx_bytes(build)) == [
        "某某街道2022年法治政府建设情况的报告",
        "一、总体情况",
        "没有编号的标题",
        "第一行",
        "第二行：2020年",
        "项目 | 2021年 | 2022年",
        "案件（件） | 12 | 15",
    ]


def test_a_line_break_inside_a_title_does_not_split_it() -> None:
    def build(d: Any) -> None:
        title = d.add_paragraph("中共某某街道工作委员会", style="Title")
        title.add_run().add_break()
        title.add_run("关于2022年法治政府建设情况的报告")
        d.add_paragraph("正文。")

    assert read(docx_bytes(build)) == ["中共某某街道工作委员会关于2022年法治政府建设情况的报告", "正文。"]


def test_footnotes_are_left_out() -> None:
    def build(d: Any) -> None:
        para = d.add_paragraph("出庭应诉率为70%")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), "1")
        run = para.add_run()
        run._r.append(ref)
        para.add_run("。")

    assert read(docx_bytes(build)) == ["出庭应诉率为70%。"]


def test_automatic_numbering_is_rendered_so_headings_keep_their_markers() -> None:
    """Headings numbered by Word (numbering.xml) show 一、/（一） though their text lacks them; the
    reader writes the numbers out, so the structure reads them as headings."""

    def build(d: Any) -> None:
        first, restarted = add_outline_numbering(d)
        for text, level, num in (("总体情况", 0, first), ("加强领导", 1, first), ("完善制度", 1, first),
                                 ("主要做法", 0, first), ("强化监督", 1, first), ("细则", 2, first),
                                 ("另一份清单", 0, restarted)):  # fmt: skip
            number_paragraph(
                d.add_paragraph(text, style="Heading 1" if level == 0 else "Heading 2"), num, level
            )
            d.add_paragraph("正文。")

    lines = [line for line in read(docx_bytes(build)) if line != "正文。"]
    assert lines == [
        "一、总体情况",
        "（一）加强领导",
        "（二）完善制度",
        "二、主要做法",
        "（一）强化监督",
        "1.细则",
        "一、另一份清单",
    ]


def test_damaged_and_foreign_packages_are_refused_with_the_name() -> None:
    data = docx_bytes(lambda d: d.add_paragraph("正文。"))
    with pytest.raises(UnsupportedFile, match=r"^a\.docx: not a Word \.docx file"):
        read(data[: len(data) // 2])
    with pytest.raises(UnsupportedFile, match=r"^a\.docx: legacy Word \(\.doc\): save it as \.docx$"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_bad_xml_inside_the_package_is_refused() -> None:
    from tests.qa.ingest.readers.test_formats import zip_of

    broken = zip_of({"[Content_Types].xml": "<x/>", "word/document.xml": "<w:document"})
    with pytest.raises(UnsupportedFile, match=r"^b\.docx: the \.docx is damaged and cannot be read"):
        read(broken, "b.docx")


def test_limits_characters_and_time() -> None:
    data = docx_bytes(lambda d: [d.add_paragraph("法治建设" * 100) for _ in range(10)])
    with pytest.raises(
        UnsupportedFile, match=r"more than 1,000 characters of text, over the limit \(QA_MAX_TEXT_CHARS\)"
    ):
        read(data, limits=ReadLimits(max_chars=1_000))
    spent = Budget(name="a.docx", seconds=2.0, deadline=time.monotonic() - 1)
    with pytest.raises(UnsupportedFile, match=r"not read within the limit of 2 s"):
        read_docx(data, "a.docx", LIMITS, spent)
