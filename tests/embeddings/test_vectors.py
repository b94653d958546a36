from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.vectors import VectorStore, build_config


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


def test_build_config_follows_the_size() -> None:
    assert build_config(100).kind == "flat"
    assert build_config(1_000_000).kind == "hnsw"
    config = build_config(1_000_000, kind="ivf")
    assert config.kind == "ivf" and config.nlist == 4000


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_kinds_find_the_exact_neighbours(tmp_path: Path, kind: str) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(3000, 16)).astype(np.float32))
    config = build_config(len(vectors), exact_limit=500, kind=kind, nprobe=32)
    store = VectorStore.build(vectors, config)
    exact = VectorStore(16, vectors)
    assert store.kind == kind and exact.kind == "flat"
    hits = sum(len(set(store.search(q, 10)[1]) & set(exact.search(q, 10)[1])) for q in vectors[:50])
    assert hits / 500 >= 0.95
    allowed = np.arange(100, 140)
    scores, ids = store.search(vectors[120], 5, allowed)
    assert ids[0] == 120 and set(ids) <= set(allowed) and scores[0] == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_array_equal(store.vectors(), vectors)
    np.testing.assert_array_equal(store.rows(np.array([7, 3])), vectors[[7, 3]])
    np.testing.assert_allclose(store.scores_for(vectors[3], np.array([3])), [1.0], atol=1e-5)
    store.save(tmp_path / "a.faiss")
    loaded = VectorStore.load(tmp_path / "a.faiss", 16)
    assert loaded.kind == kind and len(loaded) == 3000 and loaded.describe() == store.describe()
    np.testing.assert_array_equal(loaded.search(vectors[5], 3)[1], store.search(vectors[5], 3)[1])


def test_a_graph_above_the_limit_grows_by_extension() -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(900, 8)).astype(np.float32))
    store = VectorStore(8, vectors[:600], exact_limit=500)
    assert store.kind == "hnsw" and store.describe() == "M 32, efC 64, ef 512"
    grown = store.with_rows(np.arange(600), vectors[600:], exact_limit=500)
    assert grown.kind == "hnsw" and len(grown) == 900 and len(store) == 600
    np.testing.assert_array_equal(grown.vectors(), vectors)
    shrunk = grown.with_rows(np.arange(0, 900, 3), vectors[:0], exact_limit=500)
    assert shrunk.kind == "flat"
    np.testing.assert_array_equal(shrunk.vectors(), vectors[::3])


def test_with_rows_keeps_the_original() -> None:
    base = VectorStore(2, _unit(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)))
    grown = base.with_rows(np.arange(3), _unit(np.array([[1, 2]], dtype=np.float32)))
    shrunk = base.with_rows(np.array([0, 2]), np.zeros((0, 2), dtype=np.float32))
    assert len(base) == 3 and len(grown) == 4 and len(shrunk) == 2
    np.testing.assert_array_equal(shrunk.vectors(), base.vectors()[[0, 2]])
