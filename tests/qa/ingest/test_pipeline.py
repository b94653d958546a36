from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder import FakeEncoder
from qa.index.local import load_index, local_parts, read_manifest
from qa.ingest import parse, pipeline
from qa.ingest.pipeline import ingest_paths
from qa.ingest.reader import reader_version
from qa.records import ParsedReport, RawDocument
from tests.conftest import REPORTS


class CountingEncoder(FakeEncoder):
    """Counts the passages it is asked to encode."""

    def __init__(self) -> None:
        super().__init__(64)
        self.encoded = 0

    def encode_documents(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.encoded += len(texts)
        return super().encode_documents(texts, show_progress=show_progress)


def test_reingest_unchanged_is_a_noop(tmp_path: Path) -> None:
    enc = CountingEncoder()
    first = ingest_paths([REPORTS], root=tmp_path, encoder=enc, progress=False)
    assert len(first.added) == 5 and first.changed
    generation = read_manifest(tmp_path)[0]
    encoded = enc.encoded
    again = ingest_paths([REPORTS], root=tmp_path, encoder=enc, progress=False)
    assert not again.changed and len(again.unchanged) == 5
    assert enc.encoded == encoded
    assert read_manifest(tmp_path)[0] == generation


def test_a_file_read_by_another_reading_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that reads reports differently (years, facts, sections), ingesting the same
    files reads them again rather than keeping what the old reading made of them."""
    first = ingest_paths([REPORTS], root=tmp_path, encoder=FakeEncoder(64), progress=False)
    assert {r.meta.sources["reader"] for r in load_index(tmp_path).reports.values()} == {reader_version()}
    monkeypatch.setattr(pipeline, "reader_version", lambda: "another")
    monkeypatch.setattr(parse, "reader_version", lambda: "another")
    again = ingest_paths([REPORTS], root=tmp_path, encoder=FakeEncoder(64), progress=False)
    assert not again.unchanged and sorted(again.replaced) == sorted(first.added)
    assert {r.meta.sources["reader"] for r in load_index(tmp_path).reports.values()} == {"another"}


def test_adding_one_report_encodes_only_that_one(tmp_path: Path) -> None:
    files = sorted(REPORTS.glob("*.txt"))
    enc = CountingEncoder()
    ingest_paths(files[:4], root=tmp_path, encoder=enc, progress=False)
    before = load_index(tmp_path)
    enc.encoded = 0
    result = ingest_paths([files[4]], root=tmp_path, encoder=enc, progress=False)
    after = load_index(tmp_path)
    assert result.added == (files[4].name,)
    assert enc.encoded == len(after.passages) - len(before.passages)
    # The vectors of the reports already there are carried over unchanged.
    old_rows = local_parts(after).rows_of(before.reports)
    np.testing.assert_array_equal(
        local_parts(after).vectors.vectors()[old_rows], local_parts(before).vectors.vectors()
    )


def test_changed_file_replaces_its_passages(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    target = src / "report.txt"
    shutil.copy(sorted(REPORTS.glob("*.txt"))[3], target)
    root = tmp_path / "index"
    enc = FakeEncoder(64)
    ingest_paths([src], root=root, encoder=enc, progress=False)
    old = load_index(root)
    target.write_text(
        target.read_text(encoding="utf-8") + "\n新增加的一段内容：共办理案件12件。", encoding="utf-8"
    )
    result = ingest_paths([src], root=root, encoder=enc, progress=False)
    new = load_index(root)
    assert result.replaced == ("report.txt",) and result.added == ()
    assert len(new.reports) == 1 and set(new.reports) != set(old.reports)
    assert any("共办理案件12件" in p.text for p in new.passages)


def test_bad_files_are_skipped_and_index_untouched(tmp_path: Path) -> None:
    root = tmp_path / "index"
    enc = FakeEncoder(64)
    ingest_paths([sorted(REPORTS.glob("*.txt"))[0]], root=root, encoder=enc, progress=False)
    generation = read_manifest(root)[0]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n", encoding="utf-8")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (bad / "slides.pdf").write_bytes(b"%PDF-1.4")
    result = ingest_paths([bad], root=root, encoder=enc, progress=False)
    assert not result.changed
    assert {Path(p).name for p, _ in result.skipped} == {"empty.txt", "binary.txt", "slides.pdf"}
    assert read_manifest(root)[0] == generation
    assert len(load_index(root).reports) == 1


def test_office_files_are_ingested_and_refused_ones_skipped_with_their_reason(tmp_path: Path) -> None:
    """A .docx is read; a .doc, a .wps, a scanned PDF and a damaged one are skipped, each with its
    reason, and nothing else in the batch is lost."""
    import io

    import pypdfium2 as pdfium

    from tests.qa.ingest.office_fixtures import make_docx

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(REPORTS.glob("*.txt"))[0], folder / "a.txt")
    make_docx((sorted(REPORTS.glob("*.txt"))[3]).read_text(encoding="utf-8"), folder / "b.docx")
    (folder / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (folder / "d.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    buffer = io.BytesIO()
    blank.save(buffer)
    (folder / "e.pdf").write_bytes(buffer.getvalue())
    (folder / "f.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    result = ingest_paths([folder], root=tmp_path / "index", encoder=FakeEncoder(64), progress=False)
    assert result.added == ("a.txt", "b.docx")
    reasons = {Path(path).name: reason for path, reason in result.skipped}
    assert reasons == {
        "c.doc": "legacy Word (.doc): save it as .docx",
        "d.wps": "WPS document (.wps): save it as .docx (or PDF) in WPS Office",
        "e.pdf": "e.pdf: no text layer (a scanned PDF): it needs OCR",
        "f.pdf": "f.pdf: the PDF is cut short or damaged (no end-of-file marker)",
    }
    data = load_index(tmp_path / "index")
    docx_report = next(r for r in data.reports.values() if r.source == "b.docx")
    assert docx_report.district == "双桂街道" and docx_report.year == 2019


def test_a_report_that_breaks_the_parser_is_skipped_and_the_rest_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poisoned file in a batch (here: one whose parsing raises an unexpected error) is skipped
    with its reason; every other file of the batch is indexed."""
    from qa.ingest import pipeline

    real = pipeline.parse_document
    poisoned = sorted(REPORTS.glob("*.txt"))[2].name

    def parse(raw: RawDocument) -> ParsedReport:
        if raw.source == poisoned:
            raise ValueError("max() arg is an empty sequence")
        return real(raw)

    monkeypatch.setattr(pipeline, "parse_document", parse)
    result = ingest_paths([REPORTS], root=tmp_path, encoder=CountingEncoder(), progress=False)
    assert len(result.added) == 4 and poisoned not in result.added
    [(path, reason)] = result.skipped
    assert path.endswith(poisoned) and "ValueError" in reason and "max() arg is an empty sequence" in reason
    assert len(load_index(tmp_path).reports) == 4


def test_a_page_of_menus_or_a_list_of_sources_is_skipped_with_its_reason(tmp_path: Path) -> None:
    """A scraped page whose body is missing (only its navigation) and a folder's SOURCES.md have no
    sentence to answer from: skipped, saying so, not indexed as a report of the place they name."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(REPORTS.glob("*.txt"))[0], folder)
    menus = "深圳市坪山区人民政府\n高级搜索\n按时间\n按相关度\n政策解读\n坪山区人民政府法治政府建设报告\n统计公报\n"
    (folder / "2021年坪山区政府工作报告.txt").write_text(menus * 20, encoding="utf-8")
    (folder / "SOURCES.md").write_text(
        "# Sources\n- 坪山区: reports of 2021; delivered in Y, reviews Y-1\n", "utf-8"
    )
    result = ingest_paths([folder], root=tmp_path / "index", encoder=CountingEncoder(), progress=False)
    assert len(result.added) == 1
    reasons = dict(result.skipped)
    assert len(reasons) == 2 and all("no report prose" in r for r in reasons.values())
