"""Citations carry the page the cited text is printed on, for paged files only."""

from __future__ import annotations

from qa.records import Metadata, Report, cite

META = Metadata(title="报告", district="东城街道", city="", level="街道", year=2022, published=None)


def test_page_at_and_citations() -> None:
    text = "第一页的段落。\n第二页的段落，跨到第三页。"
    report = Report(
        doc_id="d", source="r.pdf", sha256="0" * 64, meta=META, text=text, pages=(0, 8, text.index("跨到"))
    )
    assert [report.page_at(i) for i in (0, 7, 8, text.index("跨到"), len(text) - 1)] == [1, 1, 2, 3, 3]
    citation = cite(report, "一、…", 8, len(text), 1.0)
    assert citation.page == 2 and citation.text == text[8:]


def test_files_without_pages_cite_none() -> None:
    report = Report(doc_id="d", source="r.txt", sha256="0" * 64, meta=META, text="正文。")
    assert report.page_at(0) is None and cite(report, "", 0, 3, 1.0).page is None
