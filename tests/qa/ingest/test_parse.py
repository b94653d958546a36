from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qa.errors import UnsupportedFile
from qa.ingest.parse import parse_document
from qa.ingest.readers import read_document
from qa.records import ParsedReport, RawDocument

ROOT = Path(__file__).resolve().parents[3]
REPORTS = ROOT / "data" / "reports"
CORPUS_EXTRA = ROOT.parent / "shared" / "corpus_extra"
ALL = sorted(REPORTS.glob("*.txt")) + (sorted(CORPUS_EXTRA.glob("*.txt")) if CORPUS_EXTRA.is_dir() else [])


def raw_doc(text: str, source: str = "t.txt") -> RawDocument:
    return RawDocument(source=source, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)


def check_invariants(parsed: ParsedReport) -> None:
    report = parsed.report
    previous = 0
    for ordinal, passage in enumerate(parsed.passages):
        assert passage.ordinal == ordinal and passage.doc_id == report.doc_id
        assert report.text[passage.start : passage.end] == passage.text
        assert passage.text.strip() == passage.text != ""
        assert previous <= passage.start < passage.end
        assert "\n" not in passage.text  # a passage never crosses a paragraph
        previous = passage.end


def test_all_reports_present() -> None:
    assert len(list(REPORTS.glob("*.txt"))) == 5
    if CORPUS_EXTRA.is_dir():
        assert len(ALL) == 13


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_offsets_invariant(path: Path) -> None:
    parsed = parse_document(read_document(path))
    assert parsed.report.doc_id == parsed.report.sha256[:16]
    assert len(parsed.passages) > 10
    check_invariants(parsed)


def test_004_passages() -> None:
    parsed = parse_document(read_document(next(REPORTS.glob("004_*.txt"))))
    texts = [p.text for p in parsed.passages]
    hit = next(p for p in parsed.passages if "出庭应诉率为70%" in p.text)
    assert hit.section.startswith("一、2022年法治建设工作情况") and "(四)" in hit.section
    assert not any("东城街道办事处关于" in t for t in texts)  # the title
    assert not any(t.startswith("2023130日") or t.startswith("中共东莞市东城街道工作委员会") for t in texts)
    assert not any(t == "(四)加快推进法治政府建设" for t in texts)  # bare heading
    assert parsed.report.district == "东城街道" and parsed.report.year == 2022


def test_heading_only_lines_yield_passages_only_at_the_end_of_their_section() -> None:
    text = "测试街道2021年法治建设报告\n一、工作情况\n(一)组织领导\n正文一。\n(二)空的小节。\n(三)执法\n正文三。\n二、问题\n测试街道办事处\n2021年12月1日"
    parsed = parse_document(raw_doc(text))
    assert [(p.section, p.text) for p in parsed.passages] == [
        ("一、工作情况 > (一)组织领导", "正文一。"),
        ("一、工作情况 > (二)空的小节", "(二)空的小节。"),
        ("一、工作情况 > (三)执法", "正文三。"),
        ("二、问题", "二、问题"),
    ]
    check_invariants(parsed)


def test_long_paragraph_split_into_passages() -> None:
    sentence = "街道全年办理案件" + "十" * 40 + "件。"
    parsed = parse_document(raw_doc("\n".join(["前言。", sentence * 12])))
    assert len(parsed.passages) > 3 and all(len(p.text) <= 200 for p in parsed.passages)
    check_invariants(parsed)


@pytest.mark.parametrize("text", ["", " \n\u3000\n", "扫一扫在手机打开当前页\n分享到:\n网站地图"])
def test_nothing_left_after_cleaning_is_unsupported(text: str) -> None:
    with pytest.raises(UnsupportedFile, match="t.txt"):
        parse_document(raw_doc(text))


def test_pages_follow_the_lines_cleaning_keeps() -> None:
    """Page starts in the raw text map to the cleaned text: exact inside a line kept as it was, at the
    next kept line when the page starts in dropped lines."""
    raw_text = "扫一扫在手机打开当前页\n某某街道2022年工作报告\n第一段正文，出庭应诉率为70%，同比提高。\n第二段正文。"
    raw_lines = raw_text.split("\n")
    turn = raw_text.index("出庭")  # page 2 begins inside the first paragraph
    third = raw_text.index("第二段")  # page 3 begins with the second paragraph
    raw = RawDocument(source="t.pdf", sha256="0" * 64, text=raw_text, pages=(0, turn, third))
    parsed = parse_document(raw)
    text = parsed.report.text
    assert raw_lines[0] not in text  # debris dropped
    assert parsed.report.pages == (0, text.index("出庭"), text.index("第二段"))
    assert parsed.report.page_at(text.index("第一段")) == 1
    assert parsed.report.page_at(text.index("出庭")) == 2 and parsed.report.page_at(text.index("第二段")) == 3
    assert parse_document(raw_doc(raw_text)).report.pages == ()


def test_pages_of_a_line_cleaning_changed_start_with_the_line() -> None:
    raw_text = "某某街道2022年工作报告\n第一段  正文，两个空格被合并。\n第二段。"
    turn = raw_text.index("正文")
    parsed = parse_document(RawDocument(source="t.pdf", sha256="1" * 64, text=raw_text, pages=(0, turn)))
    assert parsed.report.pages == (0, parsed.report.text.index("第一段"))
