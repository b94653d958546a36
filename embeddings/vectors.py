"""Dense vector store: normalised float32 rows in FAISS, saved in FAISS's own format.

The index kind follows the size (``build_config``): exact inner product up to ``EXACT_LIMIT`` rows,
an HNSW graph above, searched with ``HNSW_EF_SEARCH``: the widest search that stays within 5 ms a
query at 10^6 rows on one core. ``bench/ann.py`` measures it against an inverted file (IVF-Flat, ~4·√n
lists), which this store can also build for that comparison: at 10^6 synthetic passages IVF takes
1.5–2x the time of the graph for the same recall. Searches restricted to a small set of rows (one
district's reports) are always exact, over just those rows.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import faiss as _faiss
import numpy as np

# faiss's bundled stubs miss much of its SWIG API (search parameters, storage, get_xb, direct maps).
faiss: Any = _faiss

EXACT_LIMIT = 50_000  # rows; above this the store is an HNSW graph
EXACT_SUBSET = 20_000  # a search restricted to at most this many rows is done exactly
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64  # ~6 min to build 10^6 rows on 2 cores
HNSW_EF_SEARCH = 512  # bench/ann.py at 10^6: recall@10 0.90 in ~4 ms; 1024: 0.94 in ~9 ms
IVF_LISTS_PER_ROOT = 4  # IVF (measured alternative): lists = 4·√n (FAISS's guidance: 4–16·√n)
IVF_NPROBE = 64
IVF_TRAIN_PER_LIST = 64  # k-means training sample: 64 rows a list (FAISS warns below 39)
MMAP_BYTES = 256 << 20  # flat and HNSW files larger than this are memory-mapped on load

Kind = Literal["flat", "hnsw", "ivf"]


@dataclass(frozen=True)
class IndexConfig:
    """How a store's FAISS index is built; ``nlist`` only for IVF, ``m``/``ef_*`` only for HNSW."""

    kind: Kind
    nlist: int = 0
    nprobe: int = IVF_NPROBE
    m: int = HNSW_M
    ef_construction: int = HNSW_EF_CONSTRUCTION
    ef_search: int = HNSW_EF_SEARCH


def ivf_lists(n: int) -> int:
    return max(1, round(IVF_LISTS_PER_ROOT * math.sqrt(n)))


def build_config(n: int, *, exact_limit: int = EXACT_LIMIT, **overrides: Any) -> IndexConfig:
    """The index for ``n`` rows: exact up to ``exact_limit``, HNSW above; ``overrides`` for benches."""
    config = IndexConfig("flat" if n <= exact_limit else "hnsw", nlist=ivf_lists(n))
    return replace(config, **overrides)


def _omp_threads(n: int) -> None:
    """FAISS's OpenMP threads: all cores to build, one to answer a single query (several threads
    spin-wait for each other on a busy 2-core machine: 22 ms against 1 ms measured)."""
    if faiss.omp_get_max_threads() != n:
        faiss.omp_set_num_threads(n)


def _kind_of(index: Any) -> Kind:
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def _new_index(dim: int, config: IndexConfig, sample: np.ndarray) -> Any:
    if config.kind == "flat":
        return faiss.IndexFlatIP(dim)
    if config.kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, config.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = config.ef_construction
        index.hnsw.efSearch = config.ef_search
        return index
    nlist = min(config.nlist, len(sample))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = 1234
    rows = np.random.default_rng(0).permutation(len(sample))[: nlist * IVF_TRAIN_PER_LIST]
    index.train(np.ascontiguousarray(sample[np.sort(rows)]))
    index.nprobe = config.nprobe
    index.set_direct_map_type(faiss.DirectMap.Array)  # row -> list position, for rows()
    return index


class VectorStore:
    """Row ``i`` is passage ``i`` of the index; scores are cosine similarities (rows are normalised)."""

    def __init__(
        self, dim: int, vectors: np.ndarray | None = None, *, exact_limit: int = EXACT_LIMIT
    ) -> None:
        self.dim = dim
        self._index: Any = faiss.IndexFlatIP(dim)
        self.kind: Kind = "flat"
        if vectors is not None and len(vectors):
            self._index = _new_index(dim, build_config(len(vectors), exact_limit=exact_limit), vectors)
            self.kind = _kind_of(self._index)
            self.add(vectors)

    @classmethod
    def build(cls, vectors: np.ndarray, config: IndexConfig) -> VectorStore:
        """A store of the given kind over ``vectors`` (benches compare kinds with this)."""
        store = cls(vectors.shape[1])
        store._index = _new_index(store.dim, config, vectors)
        store.kind = config.kind
        store.add(vectors)
        return store

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def describe(self) -> str:
        index = faiss.downcast_index(self._index)
        if self.kind == "ivf":
            return f"lists {index.nlist}, nprobe {index.nprobe}"
        if self.kind == "hnsw":
            return (
                f"M {index.hnsw.nb_neighbors(1)}, efC {index.hnsw.efConstruction}, ef {index.hnsw.efSearch}"
            )
        return "exact"

    def add(self, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of shape {vectors.shape} do not fit a store of dimension {self.dim}")
        _omp_threads(os.cpu_count() or 1)
        self._index.add(vectors)

    def with_rows(self, keep: np.ndarray, new: np.ndarray, *, exact_limit: int = EXACT_LIMIT) -> VectorStore:
        """A new store holding rows ``keep`` of this one followed by ``new``; this one is untouched.

        When nothing is dropped and the index still fits the new size, the existing index is cloned
        and extended instead of rebuilt."""
        total = len(keep) + len(new)
        same_kind = build_config(total, exact_limit=exact_limit).kind == self.kind
        if len(keep) == len(self) and len(self) and same_kind:
            store = VectorStore(self.dim, exact_limit=exact_limit)
            store.kind = self.kind
            store._index = faiss.clone_index(self._index)
            if len(new):
                store.add(new)
            return store
        rows = [self.rows(np.asarray(keep, dtype=np.int64))] if len(keep) else []
        if len(new):
            rows.append(np.asarray(new, dtype=np.float32))
        stacked = np.concatenate(rows) if rows else None
        return VectorStore(self.dim, stacked, exact_limit=exact_limit)

    def vectors(self) -> np.ndarray:
        """All rows, read-only: a view of FAISS's own buffer for flat and HNSW stores (no copy), a
        copy for IVF (its rows live in per-list buffers)."""
        n = len(self)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.kind == "ivf":
            view = self._index.reconstruct_n(0, n)
        else:
            index = faiss.downcast_index(self._index)
            flat = faiss.downcast_index(index.storage) if self.kind == "hnsw" else index
            view = np.asarray(faiss.rev_swig_ptr(flat.get_xb(), n * self.dim)).reshape(n, self.dim)
        view.flags.writeable = False
        return view

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of rows ``ids``."""
        if self.kind == "ivf":
            if len(ids) == 0:
                return np.zeros((0, self.dim), dtype=np.float32)
            return self._index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64))
        return self.vectors()[ids]

    def _params(self, k: int, selector: Any = None) -> Any:
        if self.kind == "hnsw":
            ef = max(faiss.downcast_index(self._index).hnsw.efSearch, 2 * k)
            return faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
        if self.kind == "ivf":
            return faiss.SearchParametersIVF(sel=selector, nprobe=faiss.downcast_index(self._index).nprobe)
        return None if selector is None else faiss.SearchParameters(sel=selector)

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
            scores = self.rows(rows) @ q[0]
            k = min(k, len(rows))
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
            return scores[top], rows[top]
        selector = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
        scores, ids = self._index.search(q, min(k, len(self)), params=self._params(k, selector))
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def scores_for(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Cosine of the query with the given rows."""
        if len(ids) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.rows(np.asarray(ids, dtype=np.int64)) @ query.astype(np.float32).ravel()

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, dim: int) -> VectorStore:
        """Large flat and HNSW files are memory-mapped; IVF lists are read into memory (FAISS maps
        them as on-disk lists, which cannot be cloned to take new rows)."""
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP if path.stat().st_size > MMAP_BYTES else 0)
        if _kind_of(index) == "ivf" and path.stat().st_size > MMAP_BYTES:
            index = faiss.read_index(str(path))
        if index.d != dim:
            raise ValueError(f"{path} holds vectors of dimension {index.d}, expected {dim}")
        store = cls(dim)
        store._index = index
        store.kind = _kind_of(index)
        return store
