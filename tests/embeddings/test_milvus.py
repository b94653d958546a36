"""The passages collection against Milvus Lite (an embedded engine in a temporary folder; no server)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.milvus import MilvusConnection, MilvusPassages, MilvusSearch, PassageRow
from embeddings.search import Weights

DIM = 8


def _vec(i: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[i % DIM] = 1.0
    return v


def _row(doc_id: str, ordinal: int, content: str, *, year: int = 2022) -> PassageRow:
    return PassageRow(
        pid=f"{doc_id}:{ordinal}",
        doc_id=doc_id,
        ordinal=ordinal,
        district=f"{doc_id}街道",
        year=year,
        section="一、工作情况",
        start=ordinal * 10,
        end=ordinal * 10 + 9,
        content=content,
        vector=_vec(ordinal),
    )


@pytest.fixture
def store(tmp_path: Path) -> MilvusPassages:
    db = MilvusPassages(MilvusConnection(str(tmp_path / "m.db")), "t_passages")
    db.ensure(DIM, analyzer_words=["出庭应诉率"])
    db.connection.load(db.name)
    db.insert(
        [
            _row("a", 0, "行政机关负责人出庭应诉率为70%"),
            _row("a", 1, "受理信访件94件,办结率为99%"),
            _row("b", 0, "成立合法性审查中心,审议合同130余份"),
            _row("b", 1, "行政机关负责人出庭应诉率达到100%"),
        ]
    )
    return db


def test_hybrid_finds_the_lexical_match_and_honours_the_report_filter(store: MilvusPassages) -> None:
    found = store.hybrid("出庭应诉率", _vec(5), limit=10, doc_ids=None, ranker="weighted", dense_weight=0.1)
    assert {pid for pid, _, _ in found[:2]} == {"a:0", "b:1"}
    scoped = store.hybrid("出庭应诉率", _vec(5), limit=10, doc_ids=["b"], ranker="rrf", dense_weight=0.1)
    assert scoped and {pid.split(":")[0] for pid, _, _ in scoped} == {"b"}
    assert scoped[0][0] == "b:1"
    # The passage vectors come back with the hits (the cosine is computed from them).
    np.testing.assert_allclose(scoped[0][2], _vec(1))


def test_search_maps_hits_to_catalog_rows_and_skips_unknown_ones(store: MilvusPassages) -> None:
    search = MilvusSearch(store, {"a:0": 0, "b:1": 1})  # "a:1", "b:0" not in this replica's catalog
    found = search.search(
        tokens=["出庭应诉率"], vector=_vec(1), limit=5, doc_ids=None, weights=Weights(0.1, 10)
    )
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert {c.row for c in found} == {0, 1}
    assert found[0].score == pytest.approx(1.0)
    assert found[[c.row for c in found].index(1)].dense == pytest.approx(1.0)  # b:1 has vector e1
    assert search.search(tokens=["x"], vector=_vec(0), limit=5, doc_ids=[], weights=Weights()) == []


def test_rows_go_by_document_and_survive_reopening(store: MilvusPassages, tmp_path: Path) -> None:
    store.delete_all_but(["a"])  # b is not live: its rows go
    assert store.count() == 2
    store.connection.close()
    reopened = MilvusPassages(MilvusConnection(str(tmp_path / "m.db")), "t_passages")
    reopened.connection.load(reopened.name)
    assert reopened.count() == 2
    reopened.delete_docs(["a"])
    assert reopened.count() == 0


def test_a_missing_collection_is_reported(tmp_path: Path) -> None:
    assert not MilvusPassages(MilvusConnection(str(tmp_path / "empty.db")), "none_passages").exists()
