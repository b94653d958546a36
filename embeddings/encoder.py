"""Sentence encoders: queries and passages as two named calls over one ``encode``, L2-normalised."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from embeddings.fetch import resolve_model_path

QUERY_CACHE_SIZE = 4096


class Encoder(Protocol):
    """What the index needs from an encoder: a stable name, a dimension, normalised float32 rows."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class _QueryCache:
    """A small LRU of query vectors, keyed by the exact query text; safe to share between the
    server's threads (a lookup's move-to-end and another thread's eviction do not interleave)."""

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            vector = self._items.get(key)
            if vector is not None:
                self._items.move_to_end(key)
            return vector

    def put(self, key: str, vector: np.ndarray) -> None:
        with self._lock:
            self._items[key] = vector
            if len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class PrefixedEncoder:
    """Queries and passages as two named calls over one ``_encode``: prefixes applied, query vectors
    cached by text. Subclasses set the attributes below and implement ``_encode``."""

    _name: str
    _dim: int
    _query_prefix: str
    _document_prefix: str
    _queries: _QueryCache

    def _set_prefixes(self, query_prefix: str, document_prefix: str) -> None:
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self._queries = _QueryCache()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: Sequence[str], show_progress: bool) -> np.ndarray:
        raise NotImplementedError

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[np.ndarray] = []
        for text in texts:
            key = self._query_prefix + text
            vector = self._queries.get(key)
            if vector is None:
                vector = self._encode([key], show_progress=False)[0]
                self._queries.put(key, vector)
            rows.append(vector)
        return np.stack(rows) if rows else np.zeros((0, self._dim), dtype=np.float32)

    def encode_documents(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        return self._encode([self._document_prefix + t for t in texts], show_progress)

    def forget_queries(self) -> None:
        """Empty the query-vector cache (benches time a question's first encoding with this)."""
        self._queries.clear()


class SentenceTransformerEncoder(PrefixedEncoder):
    """Any sentence-transformers model, loaded from disk only (no hub downloads at run time)."""

    def __init__(
        self,
        model: str,
        *,
        cache: Path,
        device: str = "cpu",
        batch_size: int = 32,
        query_prefix: str = "",
        document_prefix: str = "",
    ) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self._name = model
        self._model = SentenceTransformer(
            resolve_model_path(model, cache), device=device, local_files_only=True
        )
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            raise ValueError(f"model {model!r} does not report its embedding dimension")
        self._dim = int(dim)
        self._batch_size = batch_size
        self._set_prefixes(query_prefix, document_prefix)

    def _encode(self, texts: Sequence[str], show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return _normalise(vectors)


class FakeEncoder:
    """Deterministic hashed character n-grams: fast, model-free, for unit tests."""

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"fake-hash-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self._dim, dtype=np.float32)
        grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            vector[int.from_bytes(digest[:4], "little") % self._dim] += 1.0
        return vector

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_documents(texts)

    def encode_documents(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))
