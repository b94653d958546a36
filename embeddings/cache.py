"""A persistent cache of passage vectors, keyed by the encoder's name and the exact text encoded.

Re-indexing the same passages (an evaluation over a fixed corpus, a rebuild after a parser change
that left most passages as they were) then encodes only what is new. SQLite, one row a vector.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder


class CachedEncoder:
    """``encoder`` with its document vectors remembered in ``path`` (queries are not cached here:
    the encoders keep an in-memory query cache of their own)."""

    def __init__(self, encoder: Encoder, path: Path) -> None:
        self.encoder = encoder
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self.encoder.name

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.encoder.name}\x00{text}".encode()).hexdigest()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode_queries(texts)

    def encode_documents(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with closing(sqlite3.connect(self.path)) as db:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                rows = db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        missing = [i for i, k in enumerate(keys) if k not in found]
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self.encoder.encode_documents([texts[i] for i in missing], show_progress=show_progress)
            with closing(sqlite3.connect(self.path)) as db, db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                    (
                        (keys[i], np.asarray(v, dtype=np.float32).tobytes())
                        for i, v in zip(missing, fresh, strict=True)
                    ),
                )
            found.update(
                (keys[i], np.asarray(v, dtype=np.float32)) for i, v in zip(missing, fresh, strict=True)
            )
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)
