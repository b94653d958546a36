"""Every shared report (samples, provincial, Shenzhen district/city/province/national) is named with
its unit, parent, level and the year it reviews as a person reading it would — checked against a list
written by reading the files (tests/data/report_identity.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.parse import parse_document
from qa.ingest.readers import read_document
from qa.records import Metadata
from tests.conftest import SHARED

IDENTITY = Path(__file__).resolve().parents[2] / "data" / "report_identity.jsonl"
GOLD = [json.loads(line) for line in IDENTITY.read_text(encoding="utf-8").splitlines() if line.strip()]


def _meta(row: dict[str, object]) -> Metadata:
    path = SHARED / str(row["corpus"]) / str(row["file"])
    if not path.is_file():
        pytest.fail(f"{path} is missing: the identity test reads the reports from ../shared")
    return parse_document(read_document(path)).report.meta


@pytest.mark.parametrize("row", GOLD, ids=[f"{r['corpus']}/{r['file'][:24]}" for r in GOLD])
def test_unit_level_and_year_as_read_by_hand(row: dict[str, object]) -> None:
    meta = _meta(row)
    assert (meta.district, meta.level, meta.year) == (row["unit"], row["level"], row["year"]), meta.sources
    assert meta.city == row["parent"]  # the enclosing units: 深圳市 of 南山区, 深圳市罗湖区 of 笋岗街道
    assert meta.genre == row["genre"]
    assert meta.placed and {"district", "year"} <= set(meta.sources)  # each says where it was read


def test_the_list_covers_every_shared_report() -> None:
    listed = {(r["corpus"], r["file"]) for r in GOLD}
    on_disk = {(p.parent.name, p.name) for c in ("corpus", "corpus_extra", "corpus_more", "corpus_shenzhen")
               for p in (SHARED / c).glob("*.txt")}  # fmt: skip
    assert listed == on_disk
