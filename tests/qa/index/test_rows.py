"""Report rows keep the page starts of paged files; rows written before there were any still load."""

from __future__ import annotations

import pytest

from qa.index.rows import report_from_row, report_row
from qa.records import Metadata, Report

META = Metadata(title="报告", district="东城街道", city="东莞市", level="街道", year=2022, published=None)


def test_pages_round_trip() -> None:
    report = Report(
        doc_id="d", source="r.pdf", sha256="0" * 64, meta=META, text="一页。\n二页。", pages=(0, 4)
    )
    assert report_from_row(report_row(report)) == report


def test_a_row_without_pages_loads_as_an_unpaged_report() -> None:
    report = Report(doc_id="d", source="r.txt", sha256="0" * 64, meta=META, text="正文。")
    row = report_row(report)
    assert "pages" not in row  # rows of unpaged files are as they were
    assert report_from_row(row) == report


@pytest.mark.parametrize("pages", [[0, 9], [3, 1]])
def test_page_offsets_outside_the_text_or_out_of_order_are_refused(pages: list[int]) -> None:
    row = report_row(Report(doc_id="d", source="r.pdf", sha256="0" * 64, meta=META, text="一页。"))
    with pytest.raises(ValueError, match="page offsets"):
        report_from_row(row | {"pages": pages})
