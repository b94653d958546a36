"""The local hybrid fusion pinned on hand-built scores: which rows form the pool, how both sides are
scaled and mixed, and that the rest keep BM25's order below the pool."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from embeddings.hybrid import LocalSearch, _fuse
from embeddings.search import Weights
from embeddings.vectors import VectorStore

LEX = np.array([1.0, 0.8, 0.6, 0.2, 0.1], dtype=np.float32)
DENSE = np.array([0.2, 0.9, 0.5, 0.95, 0.1], dtype=np.float32)


def test_pool_is_re_ranked_by_both_sides_above_the_rest() -> None:
    # pool: BM25's top 2 (rows 0, 1) and the dense top 1 (row 3); the rest keep their BM25 score, and
    # the pool is mapped into [best of the rest (0.6), 1]: 0.6 + 0.4 · (minmax(lex) + 0.5 · minmax(cos)) / 1.5
    fused = _fuse(LEX, DENSE, Weights(dense_weight=0.5, lexical_pool=2, dense_pool=1))
    lex = np.array([1.0, 0.75, 0.0])
    cos = np.array([0.0, 0.7 / 0.75, 1.0])
    pool = 0.6 + 0.4 * (lex + 0.5 * cos) / 1.5
    np.testing.assert_allclose(fused, [pool[0], pool[1], 0.6, pool[2], 0.1], rtol=1e-6)


def test_without_the_dense_side_the_order_is_bm25s() -> None:
    fused = _fuse(LEX, DENSE, Weights(dense_weight=0.0, lexical_pool=2, dense_pool=0))
    np.testing.assert_allclose(fused, [1.0, 0.6, 0.6, 0.2, 0.1], rtol=1e-6)
    assert _fuse(np.zeros(0, np.float32), np.zeros(0, np.float32), Weights()).shape == (0,)


ROWS = {"a": np.array([0, 1]), "b": np.array([2, 3])}


def _rows_of(doc_ids: Sequence[str]) -> np.ndarray:
    parts = [ROWS[d] for d in doc_ids]
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


@pytest.fixture
def search() -> LocalSearch:
    bm25 = np.array([3.0, 2.0, 0.0, 1.0], dtype=np.float32)
    return LocalSearch(lambda tokens: bm25, VectorStore(4, np.eye(4, dtype=np.float32)), _rows_of)


QUERY = np.array([0.0, 0.6, 0.8, 0.0], dtype=np.float32)
WEIGHTS = Weights(dense_weight=0.5, candidates=100, lexical_pool=2, dense_pool=1)


def test_local_search_fuses_bm25_and_cosine(search: LocalSearch) -> None:
    found = search.search(tokens=["x"], vector=QUERY, limit=3, doc_ids=None, weights=WEIGHTS)
    assert [c.row for c in found] == [1, 0, 2]
    assert [c.score for c in found] == pytest.approx([43 / 54, 7 / 9, 5 / 9], rel=1e-6)
    assert [c.lexical for c in found] == pytest.approx([2 / 3, 1.0, 0.0], rel=1e-6)
    assert [c.dense for c in found] == pytest.approx([0.6, 0.0, 0.8], rel=1e-6)


def test_local_search_stays_inside_the_allowed_reports(search: LocalSearch) -> None:
    found = search.search(tokens=["x"], vector=QUERY, limit=3, doc_ids=["b"], weights=WEIGHTS)
    assert [c.row for c in found] == [3, 2]
    assert [c.score for c in found] == pytest.approx([2 / 3, 1 / 3], rel=1e-6)
    assert search.search(tokens=["x"], vector=QUERY, limit=3, doc_ids=[], weights=WEIGHTS) == []
