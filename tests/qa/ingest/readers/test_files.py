from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qa.errors import UnsupportedFile
from qa.ingest.readers import SUPPORTED_SUFFIXES, ReadLimits, html_to_text, iter_input_files, read_document

REPORT = "黄石街道2020年法治建设工作报告\n一、2020年法治建设工作情况\n我街高度重视法治建设工作，共召开行政办公会议26次。\n"


def test_utf8_with_bom_and_hash_of_raw_bytes(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + REPORT.encode("utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == REPORT and doc.source == "r.txt"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_gb18030_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes((REPORT * 3).encode("gb18030"))
    assert read_document(path).text == REPORT * 3


def test_big5_file_is_decoded(tmp_path: Path) -> None:
    text = "我們高度重視法治建設工作，共召開會議二十六次。各項工作落到實處。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_document(path).text == text


def test_html_files_go_through_the_html_reader_whatever_the_case_of_the_suffix(tmp_path: Path) -> None:
    html = "<html><body><nav>首页</nav><h1>笋岗街道2021年度法治政府建设报告</h1><p>第一段。</p></body></html>"
    path = tmp_path / "page.HTML"
    path.write_text(html, encoding="utf-8")
    assert read_document(path).text == html_to_text(html) == "笋岗街道2021年度法治政府建设报告\n第一段。"


def test_markdown_syntax_removed(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# 报告标题\n\n## 一、**工作**情况\n见[通知](http://example.com/a)。\n", encoding="utf-8")
    assert read_document(path).text.split("\n") == ["报告标题", "", "一、工作情况", "见通知。"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n", "empty"),
        ("blank.html", b"<html><script>x()</script></html>", "no text"),
        ("slides.pdf", b"%PDF-1.4", "the PDF is cut short or damaged"),
        ("notes.docx", b"PK\x03\x04rest", "not a Word .docx file"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "legacy Word (.doc): save it as .docx",
        ),
        ("report.wps", b"anything", "WPS document (.wps): save it as .docx (or PDF) in WPS Office"),
        ("renamed.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Word (.doc)"),
        ("slides.pptx", b"PK", ".txt, .md, .html, .htm, .pdf, .docx"),
        ("noext", b"text", "(none)"),
    ],
)
def test_unusable_files_are_rejected(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnsupportedFile) as info:
        read_document(path)
    assert str(info.value).startswith(f"{name}: ") and reason in str(info.value)


def test_oversized_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("法治" * 100, encoding="utf-8")
    with pytest.raises(UnsupportedFile, match="over the limit"):
        read_document(path, max_bytes=100)


def test_iter_input_files_expands_folders_sorted_and_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.HTM").write_text("x")
    (tmp_path / "d.pdf").write_text("x")
    (tmp_path / "e.DOCX").write_text("x")
    (tmp_path / "f.doc").write_text("x")
    (tmp_path / "g.xlsx").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    files, skipped = iter_input_files([tmp_path, tmp_path / "a.txt", tmp_path / "missing.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "a.txt",
        "b/2.md",
        "c.HTM",
        "d.pdf",
        "e.DOCX",
    ]
    reasons = {p.name: r for p, r in skipped}
    assert set(reasons) == {"f.doc", "g.xlsx", "missing.txt"}
    assert reasons["f.doc"] == "legacy Word (.doc): save it as .docx"
    assert all(s in reasons["g.xlsx"] for s in SUPPORTED_SUFFIXES)


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("法治" * 1_000, encoding="utf-8")
    with pytest.raises(
        UnsupportedFile,
        match=r"^long\.txt: 2,000 characters of text, over the limit of 1,000 \(QA_MAX_TEXT_CHARS\)",
    ):
        read_document(path, limits=ReadLimits(max_chars=1_000))


def test_office_files_are_read_by_their_readers(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("星河镇2023年法治政府建设工作报告", style="Title")
    document.add_paragraph("一、主要工作", style="Heading 1")
    document.add_paragraph("全年共受理行政复议案件6件。")
    document.save(str(tmp_path / "r.docx"))
    raw = read_document(tmp_path / "r.docx")
    assert raw.text == "星河镇2023年法治政府建设工作报告\n一、主要工作\n全年共受理行政复议案件6件。"
    assert raw.pages == () and raw.sha256 == hashlib.sha256((tmp_path / "r.docx").read_bytes()).hexdigest()
