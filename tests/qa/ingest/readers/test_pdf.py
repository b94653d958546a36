"""PDF reading end to end: the child process and its limits, refusals, and the sample reports printed
by LibreOffice (those tests skip without it) read back as from their .txt, with exact pages."""

from __future__ import annotations

import io
import re
import sys
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from qa.errors import UnsupportedFile
from qa.ingest.parse import parse_document
from qa.ingest.readers import pdf, read_bytes, read_document
from qa.ingest.readers.limits import Budget, ReadLimits
from qa.lexicon.typeset import is_page_number, normalize_extracted, tidy_spaces
from qa.records import ParsedReport
from tests.conftest import SOFFICE_MISSING, OfficeSample
from tests.qa.ingest.office_fixtures import (
    HEADER_TEXT,
    WRAP_SENTENCES,
    add_outline_numbering,
    make_docx,
    make_pdf,
    make_scanned_pdf,
    number_paragraph,
    soffice_path,
    wrap_text,
)

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason=SOFFICE_MISSING)
_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?]?")


def _pages(data: bytes, limits: ReadLimits | None = None) -> list[list[pdf.Line]]:
    limits = limits or ReadLimits()
    return pdf.read_pages(data, "x.pdf", limits, Budget.start("x.pdf", limits.max_seconds))[0]


# ---- the child process, without LibreOffice -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"hello", "not a PDF file (no %PDF header)"),
        (b"%PDF-1.4\n1 0 obj\n<<", "the PDF is cut short or damaged (no end-of-file marker)"),
        (b"%PDF-1.7\n garbage \n%%EOF", "the PDF is damaged and cannot be read"),
    ],
)
def test_garbage_is_refused_with_the_name(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedFile, match=rf"^x\.pdf: {re.escape(reason)}"):
        read_bytes(data, "x.pdf")


def _blank_pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_pdf_without_text_needs_ocr() -> None:
    with pytest.raises(UnsupportedFile, match=r"^blank\.pdf: no text layer \(a scanned PDF\): it needs OCR$"):
        read_bytes(_blank_pdf(2), "blank.pdf")


def test_too_many_pages_are_refused_in_the_child() -> None:
    with pytest.raises(
        UnsupportedFile, match=r"^big\.pdf: 3 pages, over the limit of 2 \(QA_MAX_PDF_PAGES\)$"
    ):
        read_bytes(_blank_pdf(3), "big.pdf", limits=ReadLimits(max_pages=2))


def test_a_reader_that_hangs_is_killed_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF that makes PDFium loop: the child is killed at QA_MAX_READ_SECONDS, the file refused."""
    monkeypatch.setattr(
        pdf, "worker_command", lambda limits, seconds: [sys.executable, "-c", "import time; time.sleep(30)"]
    )
    with pytest.raises(
        UnsupportedFile, match=r"^loop\.pdf: not read within the limit of 0\.5 s \(QA_MAX_READ_SECONDS\)"
    ):
        read_bytes(_blank_pdf(1), "loop.pdf", limits=ReadLimits(max_seconds=0.5))


def test_a_reader_that_crashes_takes_only_its_file_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pdf, "worker_command", lambda limits, seconds: [sys.executable, "-c", "import os; os.abort()"]
    )
    with pytest.raises(UnsupportedFile, match=r"^crash\.pdf: the PDF reader stopped before the end"):
        read_bytes(_blank_pdf(1), "crash.pdf")


def test_the_child_caps_its_own_memory() -> None:
    from qa.ingest.readers import pdf_worker

    assert pdf_worker.MEMORY_BYTES <= 4 << 30


# ---- the sample reports, printed by LibreOffice ---------------------------------------------------


def _sentences(text: str) -> list[str]:
    """Sentences (6+ characters) of a cleaned report, spaces tidied as the office readers tidy them."""
    return [
        s
        for line in text.split("\n")
        for m in _SENTENCE.finditer(tidy_spaces(line))
        if len(s := m.group(0).strip()) >= 6
    ]


def _parsed(path: Path) -> ParsedReport:
    return parse_document(read_document(path))


@pytest.fixture(scope="module")
def parsed(
    office_samples: list[OfficeSample],
) -> dict[str, tuple[ParsedReport, ParsedReport, ParsedReport | None]]:
    """Each sample parsed from .txt, .docx and .pdf."""
    return {
        s.txt.stem: (_parsed(s.txt), _parsed(s.docx), _parsed(s.pdf) if s.pdf else None)
        for s in office_samples
    }


def _recovered(
    parsed: dict[str, tuple[ParsedReport, ParsedReport, ParsedReport | None]], which: int
) -> tuple[int, int]:
    found = total = 0
    for reports in parsed.values():
        office = reports[which]
        assert office is not None
        sentences = _sentences(reports[0].report.text)
        found += sum(s in office.report.text for s in sentences)
        total += len(sentences)
    return found, total


def test_docx_sentences_and_metadata_as_from_the_txt(
    parsed: dict[str, tuple[ParsedReport, ParsedReport, ParsedReport | None]],
) -> None:
    found, total = _recovered(parsed, 1)
    assert found == total, f"{found}/{total} sentences"
    for txt, docx, _ in parsed.values():
        assert (docx.report.district, docx.report.year) == (txt.report.district, txt.report.year)
        assert docx.report.pages == () and all(docx.report.page_at(p.start) is None for p in docx.passages)


@needs_soffice
def test_pdf_sentences_and_metadata_as_from_the_txt(
    parsed: dict[str, tuple[ParsedReport, ParsedReport, ParsedReport | None]],
) -> None:
    found, total = _recovered(parsed, 2)
    assert found >= 0.99 * total, f"{found}/{total} sentences"
    for txt, _, from_pdf in parsed.values():
        assert from_pdf is not None
        assert (from_pdf.report.district, from_pdf.report.year) == (txt.report.district, txt.report.year)
        assert tidy_spaces(from_pdf.report.title) == tidy_spaces(
            txt.report.title
        )  # a wrapped title is one line
        text = from_pdf.report.text
        assert HEADER_TEXT not in text, "running header left in"
        assert not any(is_page_number(line) for line in text.split("\n")), "page footer left in"
        assert all(text[p.start : p.end] == p.text for p in from_pdf.passages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_extracted(text))


@needs_soffice
def test_every_passage_cites_the_page_it_is_printed_on(pdf_samples: list[OfficeSample]) -> None:
    """The page a citation carries is where PDFium finds the passage's opening words."""
    checked = 0
    for sample in pdf_samples:
        assert sample.pdf is not None
        document = pdfium.PdfDocument(str(sample.pdf))
        printed = [_squash(document[i].get_textpage().get_text_range()) for i in range(len(document))]
        document.close()
        parsed = _parsed(sample.pdf)
        pages = parsed.report.pages
        assert pages[0] == 0 and list(pages) == sorted(pages) and len(pages) > 3
        for passage in parsed.passages:
            opening = _squash(passage.text)[:8]
            where = [n for n, text in enumerate(printed, start=1) if opening in text]
            assert parsed.report.page_at(passage.start) == where[0], passage.text[:30]
            checked += 1
    assert checked > 150


@needs_soffice
def test_numbers_wrapped_across_lines_and_a_sentence_split_by_a_page_break(tmp_path: Path) -> None:
    docx = make_docx(wrap_text(), tmp_path / "wrap.docx", number_breaks=True)
    data = make_pdf(docx, tmp_path).read_bytes()
    body = [[line for line in page if line.band == "body"] for page in _pages(data)]
    lines = [line.text.strip() for page in body for line in page]
    assert any(a[-1].isdigit() and b[0].isdigit() for a, b in pairwise(lines)), "no number wraps in the PDF"
    crossing = [
        n for n, page in enumerate(body[:-1], start=1) if page and page[-1].text.strip()[-1] not in "。："
    ]
    assert crossing, "no sentence runs over a page break"

    parsed = parse_document(read_bytes(data, "wrap.pdf"))
    text = parsed.report.text
    assert all(sentence in text for sentence in WRAP_SENTENCES)
    page = crossing[0]
    tail = normalize_extracted(body[page - 1][-1].text)[-8:]  # the end of the page's last line
    turn = text.index(tail) + len(tail)  # where the next page begins in the report text
    assert parsed.report.page_at(turn - 1) == page and parsed.report.page_at(turn) == page + 1
    begin, end = text.rindex("。", 0, turn) + 1, text.index("。", turn) + 1
    assert text[begin:end] in WRAP_SENTENCES  # the sentence the page break split is whole


@needs_soffice
def test_word_numbering_is_read_as_libreoffice_prints_it(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    first, _ = add_outline_numbering(document)
    for text, level in (("总体情况", 0), ("加强领导", 1), ("完善制度", 1), ("主要做法", 0), ("强化监督", 1)):
        number_paragraph(document.add_paragraph(text, style="Heading 1"), first, level)
        document.add_paragraph("正文。")
    document.save(str(tmp_path / "numbered.docx"))
    from_docx = read_document(tmp_path / "numbered.docx").text.split("\n")
    from_pdf = read_document(make_pdf(tmp_path / "numbered.docx", tmp_path)).text.split("\n")
    assert [line for line in from_docx if line != "正文。"] == [
        "一、总体情况",
        "（一）加强领导",
        "（二）完善制度",
        "二、主要做法",
        "（一）强化监督",
    ]
    assert from_pdf == from_docx


@needs_soffice
def test_scanned_pdf_is_refused(pdf_samples: list[OfficeSample], tmp_path: Path) -> None:
    assert pdf_samples[0].pdf is not None
    scanned = make_scanned_pdf(pdf_samples[0].pdf, tmp_path / "scan.pdf").read_bytes()
    with pytest.raises(UnsupportedFile, match=r"^scan\.pdf: no text layer \(a scanned PDF\): it needs OCR$"):
        read_bytes(scanned, "scan.pdf")


@needs_soffice
def test_cut_short_pdfs_are_refused(pdf_samples: list[OfficeSample]) -> None:
    assert pdf_samples[0].pdf is not None
    data = pdf_samples[0].pdf.read_bytes()
    for cut in (len(data) // 2, len(data) - 100, 2000):
        with pytest.raises(UnsupportedFile, match=r"^cut\.pdf: the PDF is cut short or damaged"):
            read_bytes(data[:cut], "cut.pdf")


@needs_soffice
def test_encrypted_and_garbled_pdfs(pdf_samples: list[OfficeSample]) -> None:
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import NameObject

    assert pdf_samples[0].pdf is not None
    source = pdf_samples[0].pdf

    def rewritten(*, user: str | None = None, strip_unicode_maps: bool = False) -> bytes:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
        if strip_unicode_maps:
            for page in writer.pages:
                for ref in page["/Resources"].get_object()["/Font"].get_object().values():
                    ref.get_object().pop(NameObject("/ToUnicode"), None)
        if user is not None:
            writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    with pytest.raises(UnsupportedFile, match=r"^locked\.pdf: a password-protected \(encrypted\) PDF"):
        read_bytes(rewritten(user="secret"), "locked.pdf")
    opened = read_bytes(rewritten(user=""), "open.pdf")  # restrictions only: readable
    assert opened.text == read_document(source).text
    with pytest.raises(
        UnsupportedFile, match=r"^bare\.pdf: the PDF's text layer is unreadable .* it needs OCR$"
    ):
        read_bytes(rewritten(strip_unicode_maps=True), "bare.pdf")


@needs_soffice
def test_character_limit(pdf_samples: list[OfficeSample]) -> None:
    assert pdf_samples[0].pdf is not None
    with pytest.raises(
        UnsupportedFile, match=r"more than 1,000 characters of text, over the limit \(QA_MAX_TEXT_CHARS\)"
    ):
        read_bytes(pdf_samples[0].pdf.read_bytes(), "big.pdf", limits=ReadLimits(max_chars=1_000))
