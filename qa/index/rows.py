"""Row codecs: reports, passages and facts as JSON-safe dicts, shared by the local and Milvus stores.

A passage row holds offsets and its section path, never its text: the text is sliced from its
report when read back, and offsets outside the report are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, fields
from typing import Any

from qa.errors import IndexCorrupted
from qa.records import Fact, Metadata, Passage, Report


def report_row(report: Report) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": report.doc_id,
        "source": report.source,
        "sha256": report.sha256,
        "meta": asdict(report.meta),
        "text": report.text,
    }
    if report.pages:
        row["pages"] = list(report.pages)
    return row


def report_from_row(row: dict[str, Any]) -> Report:
    """A report back from ``report_row``; ``pages`` is optional (rows written before paged files were
    read have none, and load as reports without pages)."""
    pages = tuple(int(p) for p in row.get("pages") or ())
    if list(pages) != sorted(pages) or any(not 0 <= p <= len(row["text"]) for p in pages):
        raise ValueError(f"report {row['doc_id']} has page offsets out of order or outside its text")
    return Report(
        doc_id=row["doc_id"],
        source=row["source"],
        sha256=row["sha256"],
        meta=Metadata(**row["meta"]),
        text=row["text"],
        pages=pages,
    )


def passage_row(passage: Passage) -> dict[str, Any]:
    return {
        "doc_id": passage.doc_id,
        "ordinal": passage.ordinal,
        "section": passage.section,
        "start": passage.start,
        "end": passage.end,
    }


def passage_from_row(row: dict[str, Any], report: Report) -> Passage:
    """A passage row (offsets, section) with its text sliced from ``report``; offsets are checked."""
    start, end = int(row["start"]), int(row["end"])
    if not 0 <= start < end <= len(report.text):
        raise ValueError(f"passage {report.doc_id}:{row['ordinal']} has offsets outside its report")
    return Passage(
        doc_id=report.doc_id,
        ordinal=int(row["ordinal"]),
        section=row["section"],
        start=start,
        end=end,
        text=report.text[start:end],
    )


_FIELDS = tuple(f.name for f in fields(Fact))


def facts_to_rows(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """JSON-safe rows, one per fact (write them with ``ensure_ascii=False``)."""
    return [asdict(f) for f in facts]


def facts_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Fact]:
    """Facts back from ``facts_to_rows`` output; raises ``IndexCorrupted`` on a malformed row."""
    out: list[Fact] = []
    for n, row in enumerate(rows):
        missing = [k for k in _FIELDS[:13] if k not in row]
        if missing:
            raise IndexCorrupted(f"facts row {n} lacks {', '.join(missing)}; rebuild the index (qa ingest)")
        try:
            out.append(Fact(**{k: row[k] for k in _FIELDS if k in row}))
        except TypeError as exc:
            raise IndexCorrupted(
                f"facts row {n} is malformed ({exc}); rebuild the index (qa ingest)"
            ) from exc
    return out
