"""The report catalog and the feedback log in Milvus Lite (an embedded engine in a temporary folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeddings.milvus import MilvusConnection
from qa.index.feedback import Feedback, MilvusFeedbackStore
from qa.index.milvus import CHUNK_CHARS, MilvusCatalog


@pytest.fixture
def catalog(tmp_path: Path) -> MilvusCatalog:
    blobs = MilvusCatalog(MilvusConnection(str(tmp_path / "m.db")), "t_blobs")
    blobs.ensure()
    blobs.connection.load(blobs.name)
    return blobs


def test_blobs_are_chunked_and_replaced_whole(catalog: MilvusCatalog) -> None:
    long = "法" * (2 * CHUNK_CHARS + 17)
    catalog.put_blob("a", "report", long)
    catalog.put_blob("b", "report", "短")
    assert catalog.read_blobs("report", ["a", "b", "c"]) == {"a": long, "b": "短"}
    catalog.put_blob("a", "report", "新")  # fewer parts: the old extra parts go
    assert catalog.read_blobs("report", ["a", "b"]) == {"a": "新", "b": "短"}
    assert catalog.read_blobs("facts", ["a"]) == {}


def test_state_survives_cleanup_and_reopening(catalog: MilvusCatalog, tmp_path: Path) -> None:
    assert catalog.state() is None
    catalog.set_state({"generation": "g1", "reports": ["a"]})
    catalog.put_blob("a", "report", "y")
    catalog.put_blob("b", "report", "x")
    catalog.delete_all_but(["a"])  # b is not live: its rows go, the state stays
    assert catalog.state() == {"generation": "g1", "reports": ["a"]}
    assert catalog.read_blobs("report", ["a", "b"]) == {"a": "y"}
    catalog.delete_docs(["a"])
    assert catalog.read_blobs("report", ["a"]) == {}
    catalog.connection.close()
    reopened = MilvusCatalog(MilvusConnection(str(tmp_path / "m.db")), "t_blobs")
    reopened.connection.load(reopened.name)
    assert reopened.state() == {"generation": "g1", "reports": ["a"]}


def test_feedback_log_appends_and_reads_newest_first(tmp_path: Path) -> None:
    log = MilvusFeedbackStore(MilvusConnection(str(tmp_path / "f.db")), "t_feedback")
    ids = [log.record(Feedback(rating="up", question=f"q{n}", answer="a")) for n in range(5)]
    assert ids == sorted(set(ids))  # unique, increasing
    assert [r.feedback.question for r in log.recent(3)] == ["q4", "q3", "q2"]
    assert len(log.recent(50)) == 5
