from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.vectors import VectorStore


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_search_ranks_by_cosine_and_respects_allowed_rows(tmp_path: Path) -> None:
    vectors = _unit(np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32))
    store = VectorStore(3, vectors)
    scores, ids = store.search(vectors[0], 2)
    assert list(ids) == [0, 1] and scores[0] == pytest.approx(1.0)
    _, ids = store.search(vectors[0], 2, allowed=np.array([2, 3]))
    assert set(ids) == {2, 3}
    assert store.search(vectors[0], 2, allowed=np.array([], dtype=np.int64))[1].size == 0
    np.testing.assert_allclose(store.scores_for(vectors[0], np.array([0, 2])), [1.0, 0.0], atol=1e-6)

    store.save(tmp_path / "v.faiss")
    loaded = VectorStore.load(tmp_path / "v.faiss", 3)
    np.testing.assert_array_equal(loaded.vectors(), store.vectors())
    with pytest.raises(ValueError, match="dimension"):
        VectorStore.load(tmp_path / "v.faiss", 4)


def test_vectors_view_is_read_only() -> None:
    store = VectorStore(2, _unit(np.array([[1, 1]], dtype=np.float32)))
    with pytest.raises(ValueError):
        store.vectors()[0, 0] = 5.0
    with pytest.raises(ValueError, match="shape"):
        store.add(np.zeros((1, 3), dtype=np.float32))


def test_hnsw_above_the_limit_and_exact_subsets(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(600, 16)).astype(np.float32))
    store = VectorStore(16, vectors, exact_limit=500)
    exact = VectorStore(16, vectors)
    assert store.kind == "hnsw" and exact.kind == "flat"
    hits = 0
    for q in vectors[:50]:
        hits += len(set(store.search(q, 10)[1]) & set(exact.search(q, 10)[1]))
    assert hits / 500 >= 0.95
    allowed = np.arange(100, 140)
    scores, ids = store.search(vectors[120], 5, allowed)
    assert ids[0] == 120 and set(ids) <= set(allowed) and scores[0] == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_array_equal(store.vectors(), vectors)
    store.save(tmp_path / "h.faiss")
    loaded = VectorStore.load(tmp_path / "h.faiss", 16)
    assert loaded.kind == "hnsw" and len(loaded) == 600


def test_with_rows_keeps_the_original() -> None:
    base = VectorStore(2, _unit(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)))
    grown = base.with_rows(np.arange(3), _unit(np.array([[1, 2]], dtype=np.float32)))
    shrunk = base.with_rows(np.array([0, 2]), np.zeros((0, 2), dtype=np.float32))
    assert len(base) == 3 and len(grown) == 4 and len(shrunk) == 2
    np.testing.assert_array_equal(shrunk.vectors(), base.vectors()[[0, 2]])
