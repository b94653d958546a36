"""Dense vector store: normalised float32 rows in a FAISS inner-product index, saved in FAISS's format."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class VectorStore:
    """Row ``i`` is passage ``i`` of the index; scores are cosine similarities (rows are normalised)."""

    def __init__(self, dim: int, vectors: np.ndarray | None = None) -> None:
        self.dim = dim
        self._index: faiss.Index = faiss.IndexFlatIP(dim)
        if vectors is not None and len(vectors):
            self.add(vectors)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of shape {vectors.shape} do not fit a store of dimension {self.dim}")
        self._index.add(vectors)

    def vectors(self) -> np.ndarray:
        """All rows, read-only: a view of FAISS's own buffer for flat indexes (no copy)."""
        n = len(self)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        index = faiss.downcast_index(self._index)
        if hasattr(index, "get_xb"):
            view = np.asarray(faiss.rev_swig_ptr(index.get_xb(), n * self.dim)).reshape(n, self.dim)
        else:
            view = index.reconstruct_n(0, n)
        view.flags.writeable = False
        return view

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` rows by cosine for one query vector, optionally only among the ``allowed`` row ids."""
        if len(self) == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        scores, ids = self._index.search(q, min(k, len(self)), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def scores_for(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Cosine of the query with the given rows."""
        if len(ids) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.vectors()[ids] @ query.astype(np.float32).ravel()

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, dim: int) -> VectorStore:
        index = faiss.read_index(str(path))
        if index.d != dim:
            raise ValueError(f"{path} holds vectors of dimension {index.d}, expected {dim}")
        store = cls(dim)
        store._index = index
        return store
