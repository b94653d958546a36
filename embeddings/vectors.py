"""Dense vector store: normalised float32 rows in FAISS, saved in FAISS's own format.

The index type follows the size: exact inner product below ``EXACT_LIMIT`` rows, an HNSW graph
above (recall@10 against exact search is measured by ``bench/scale.py``). Searches restricted to a
small set of rows (one district's reports) are always exact, over just those rows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import faiss as _faiss
import numpy as np

# faiss's bundled stubs miss much of its SWIG API (HNSW search parameters, storage, get_xb).
faiss: Any = _faiss

EXACT_LIMIT = 50_000  # rows; above this the store is an HNSW graph
EXACT_SUBSET = 20_000  # a search restricted to at most this many rows is done exactly
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 256
MMAP_BYTES = 256 << 20  # index files larger than this are memory-mapped on load


def _omp_threads(n: int) -> None:
    """FAISS's OpenMP threads: all cores to build a graph, one to answer a single query (several
    threads spin-wait for each other on a busy 2-core machine: 22 ms against 1 ms measured)."""
    if faiss.omp_get_max_threads() != n:
        faiss.omp_set_num_threads(n)


Kind = Literal["flat", "hnsw"]


def _new_index(dim: int, kind: Kind) -> faiss.Index:
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


class VectorStore:
    """Row ``i`` is passage ``i`` of the index; scores are cosine similarities (rows are normalised)."""

    def __init__(
        self, dim: int, vectors: np.ndarray | None = None, *, exact_limit: int = EXACT_LIMIT
    ) -> None:
        self.dim = dim
        n = 0 if vectors is None else len(vectors)
        self.kind: Kind = "flat" if n <= exact_limit else "hnsw"
        self._index: faiss.Index = _new_index(dim, self.kind)
        if vectors is not None and n:
            self.add(vectors)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of shape {vectors.shape} do not fit a store of dimension {self.dim}")
        _omp_threads(os.cpu_count() or 1)
        self._index.add(vectors)

    def with_rows(self, keep: np.ndarray, new: np.ndarray, *, exact_limit: int = EXACT_LIMIT) -> VectorStore:
        """A new store holding rows ``keep`` of this one followed by ``new``; this one is untouched.

        When nothing is dropped and the index type does not change, the existing graph is cloned and
        extended instead of rebuilt."""
        total = len(keep) + len(new)
        kind: Kind = "flat" if total <= exact_limit else "hnsw"
        if len(keep) == len(self) and kind == self.kind and len(self):
            store = VectorStore(self.dim, exact_limit=exact_limit)
            store.kind = kind
            store._index = faiss.clone_index(self._index)
            if len(new):
                store.add(new)
            return store
        rows = [self.vectors()[keep]] if len(keep) else []
        if len(new):
            rows.append(np.asarray(new, dtype=np.float32))
        stacked = np.concatenate(rows) if rows else None
        return VectorStore(self.dim, stacked, exact_limit=exact_limit)

    def vectors(self) -> np.ndarray:
        """All rows, read-only: a view of FAISS's own buffer (no copy)."""
        n = len(self)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        index = faiss.downcast_index(self._index)
        flat = faiss.downcast_index(index.storage) if self.kind == "hnsw" else index
        view = np.asarray(faiss.rev_swig_ptr(flat.get_xb(), n * self.dim)).reshape(n, self.dim)
        view.flags.writeable = False
        return view

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` rows by cosine for one query vector, optionally only among the ``allowed`` row ids."""
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        _omp_threads(1)
        if allowed is not None and len(allowed) <= EXACT_SUBSET:
            rows = np.asarray(allowed, dtype=np.int64)
            scores = self.vectors()[rows] @ q[0]
            k = min(k, len(rows))
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
            return scores[top], rows[top]
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, 2 * k))
            else:
                params = faiss.SearchParameters(sel=selector)
        elif self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, 2 * k))
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
        flags = faiss.IO_FLAG_MMAP if path.stat().st_size > MMAP_BYTES else 0
        index = faiss.read_index(str(path), flags)
        if index.d != dim:
            raise ValueError(f"{path} holds vectors of dimension {index.d}, expected {dim}")
        store = cls(dim)
        store._index = index
        store.kind = "hnsw" if isinstance(faiss.downcast_index(index), faiss.IndexHNSW) else "flat"
        return store
