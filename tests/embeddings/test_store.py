from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.store import VectorStore


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
